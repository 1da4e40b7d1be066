use crate::rules::dockerfile::shell_cmds::{
    apk, apt_sub, posix_runs, shipped_stages, yum, Invocation,
};
use crate::rules::prelude::*;
use crate::syntax::shell::{Cmd, Word};

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&BuildToolsInFinalStage);

struct BuildToolsInFinalStage;

/// Toolchain packages (apt, apk, yum/dnf names).
const TOOL_PACKAGES: &[&str] = &[
    "build-essential",
    "build-base",
    "alpine-sdk",
    "gcc",
    "g++",
    "gcc-c++",
    "clang",
    "cmake",
    "golang",
    "golang-go",
    "go",
    "rustc",
    "cargo",
    "maven",
    "gradle",
    "default-jdk",
    "openjdk-17-jdk",
    "openjdk-21-jdk",
    "@development-tools",
];

impl DockerfileRule for BuildToolsInFinalStage {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        let shipped = shipped_stages(df);
        for run in posix_runs(df) {
            if !shipped.get(run.stage).copied().unwrap_or(false) {
                continue;
            }
            let cmds = &run.script.commands;
            let removed = removed_packages(cmds);
            let found = cmds.iter().find_map(|c| {
                toolchain_package(c, &removed)
                    .map(|w| {
                        (
                            w,
                            format!(
                                "build toolchain package `{}` is installed in the final image",
                                w.text
                            ),
                        )
                    })
                    .or_else(|| build_command(c))
            });
            let Some((word, msg)) = found else { continue };
            cx.report(word.span, msg).help(
                "build in a separate stage (`FROM … AS build`) and `COPY --from=build` only the artifacts into a slim final stage",
            );
        }
    }
}

fn install_inv(c: &Cmd) -> Option<Invocation<'_>> {
    if let Some(i) = apt_sub(c, &["apt-get", "apt"], &["install"]) {
        return Some(i);
    }
    if let Some(i) = apk(c).filter(|i| i.sub.is_some_and(|s| s.text == "add")) {
        return Some(i);
    }
    yum(c).filter(|i| {
        i.sub
            .is_some_and(|s| matches!(s.text.as_str(), "install" | "groupinstall"))
    })
}

/// Packages (and apk virtual names) removed again in the same RUN.
fn removed_packages(cmds: &[Cmd]) -> Vec<String> {
    let mut out = Vec::new();
    for c in cmds {
        let removal = apt_sub(c, &["apt-get", "apt"], &["purge", "remove", "autoremove"])
            .or_else(|| apk(c).filter(|i| i.sub.is_some_and(|s| s.text == "del")))
            .or_else(|| {
                yum(c).filter(|i| {
                    i.sub.is_some_and(|s| {
                        matches!(s.text.as_str(), "remove" | "erase" | "autoremove")
                    })
                })
            });
        if let Some(i) = removal {
            out.extend(i.operands().iter().map(|w| w.text.clone()));
        }
    }
    out
}

fn toolchain_package<'c>(c: &'c Cmd, removed: &[String]) -> Option<&'c Word> {
    let inv = install_inv(c)?;
    // apk add --virtual .build-deps … && apk del .build-deps
    let virtual_name = inv
        .args
        .iter()
        .position(|w| w.text == "--virtual" || w.text == "-t")
        .and_then(|p| inv.args.get(p + 1))
        .map(|w| w.text.clone());
    if virtual_name.is_some_and(|v| removed.contains(&v)) {
        return None;
    }
    inv.operands().into_iter().find(|w| {
        let name = w.text.split(['=', '~']).next().unwrap_or("");
        TOOL_PACKAGES.contains(&name) && !removed.iter().any(|r| r == name || r == &w.text)
    })
}

/// `go build`, `cargo build`, `mvn package`, `npm run build`, `gcc`, `make`…
fn build_command(c: &Cmd) -> Option<(&Word, String)> {
    let argv = c.argv();
    let name = c.name()?;
    let sub = argv.get(1).map(|w| w.text.as_str());
    let tool = argv.first()?;
    let hit = match name {
        "gcc" | "g++" | "cc" | "c++" | "clang" | "clang++" | "javac" | "rustc" => true,
        "go" => matches!(sub, Some("build" | "install")),
        "cargo" => matches!(sub, Some("build" | "install")),
        "mvn" | "mvnw" => argv[1..].iter().any(|w| {
            matches!(
                w.text.as_str(),
                "package" | "install" | "verify" | "compile"
            )
        }),
        "gradle" | "gradlew" => argv[1..].iter().any(|w| {
            matches!(
                w.text.as_str(),
                "build" | "assemble" | "bootJar" | "jar" | "installDist" | "shadowJar"
            )
        }),
        "npm" | "pnpm" => sub == Some("run") && argv.get(2).is_some_and(|w| w.text == "build"),
        "yarn" => {
            sub == Some("build")
                || (sub == Some("run") && argv.get(2).is_some_and(|w| w.text == "build"))
        }
        "dotnet" => matches!(sub, Some("build" | "publish")),
        _ => false,
    };
    if !hit {
        return None;
    }
    // How many words name the build step: `gcc`, `go build`, `npm run build`.
    let words = match name {
        "npm" | "pnpm" => 3,
        "yarn" if sub == Some("run") => 3,
        "go" | "cargo" | "dotnet" | "yarn" => 2,
        _ => 1,
    };
    let shown: Vec<&str> = argv.iter().take(words).map(|w| w.text.as_str()).collect();
    Some((
        tool,
        format!(
            "`{}` runs in the final stage: the toolchain and sources ship in the image",
            shown.join(" ")
        ),
    ))
}
