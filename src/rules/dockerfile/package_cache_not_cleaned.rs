use crate::rules::dockerfile::shell_cmds::{
    named, npm, posix_runs, run_mounts_over, shipped_stages,
};
use crate::rules::prelude::*;
use crate::syntax::shell::Cmd;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&PackageCacheNotCleaned);

struct PackageCacheNotCleaned;

/// A language package manager whose download cache lands in the layer.
struct Manager {
    name: &'static str,
    /// Subcommands that download packages (`None` = the bare command does, like `yarn`).
    installs: &'static [&'static str],
    bare_installs: bool,
    /// Cache directories (suffixes, so `~/.npm`, `/root/.npm`, `$HOME/.npm` all match).
    caches: &'static [&'static str],
    /// The in-tool cleanup: subcommand and its argument.
    clean: &'static [(&'static str, &'static str)],
    fix: &'static str,
}

const MANAGERS: &[Manager] = &[
    Manager {
        name: "npm",
        installs: &["ci", "install", "i", "add"],
        bare_installs: false,
        caches: &["/.npm", "/.npm/_cacache"],
        clean: &[("cache", "clean")],
        fix: "npm cache clean --force",
    },
    Manager {
        name: "yarn",
        installs: &["install", "add"],
        bare_installs: true,
        caches: &[
            "/.cache/yarn",
            "/share/.cache/yarn",
            "/.yarn/cache",
            "/.yarn/berry/cache",
        ],
        clean: &[("cache", "clean")],
        fix: "yarn cache clean",
    },
    Manager {
        name: "pnpm",
        installs: &["install", "i", "add"],
        bare_installs: false,
        caches: &["/.local/share/pnpm/store", "/.pnpm-store"],
        clean: &[("store", "prune")],
        fix: "pnpm store prune",
    },
    Manager {
        name: "composer",
        installs: &["install", "require", "update"],
        bare_installs: false,
        caches: &["/.composer/cache", "/.cache/composer"],
        clean: &[("clear-cache", ""), ("clearcache", ""), ("cc", "")],
        fix: "composer clear-cache",
    },
];

impl DockerfileRule for PackageCacheNotCleaned {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        let shipped = shipped_stages(df);
        for run in posix_runs(df) {
            if !shipped.get(run.stage).copied().unwrap_or(false) {
                continue;
            }
            let cmds = &run.script.commands;
            for m in MANAGERS {
                let install = cmds.iter().find_map(|c| {
                    let inv = if m.name == "npm" {
                        npm(c)
                    } else {
                        named(c, &[m.name])
                    }?;
                    let sub = inv.args.iter().find(|w| !w.text.starts_with('-'));
                    let downloads = match sub {
                        Some(s) => m.installs.contains(&s.text.as_str()),
                        None => {
                            m.bare_installs
                                && !inv.args.iter().any(|w| {
                                    matches!(w.text.as_str(), "--version" | "-v" | "--help" | "-h")
                                })
                        }
                    };
                    let no_cache =
                        m.name == "composer" && inv.args.iter().any(|w| w.text == "--no-cache");
                    (downloads && !no_cache).then_some(inv.tool)
                });
                let Some(word) = install else { continue };
                // only a RUN that installs needs the (allocating) cache and cleanup checks
                let mount_paths: Vec<String> = ["/root", "/usr/local/share", "/home/node"]
                    .iter()
                    .flat_map(|home| m.caches.iter().map(move |c| format!("{home}{c}")))
                    .collect();
                let mount_refs: Vec<&str> = mount_paths.iter().map(String::as_str).collect();
                if run_mounts_over(df, run, &mount_refs) || cleans(cmds, m) {
                    continue;
                }
                cx.report(
                    word.span,
                    format!("the {} download cache is left in the final image layer", m.name),
                )
                .help(format!(
                    "end the same RUN with `&& {}`, or mount a cache: `RUN --mount=type=cache,target=/root{} …`",
                    m.fix, m.caches[0]
                ));
            }
        }
    }
}

fn cleans(cmds: &[Cmd], m: &Manager) -> bool {
    cmds.iter().any(|c| {
        if let Some(inv) = named(c, &[m.name]) {
            let words: Vec<&str> = inv.args.iter().map(|w| w.text.as_str()).collect();
            if m.clean
                .iter()
                .any(|(a, b)| words.first() == Some(a) && (b.is_empty() || words.contains(b)))
            {
                return true;
            }
        }
        named(c, &["rm"]).is_some_and(|rm| {
            rm.operands().iter().any(|w| {
                let t = w.text.trim_end_matches('*').trim_end_matches('/');
                m.caches.iter().any(|suffix| t.ends_with(suffix))
                    || t.ends_with("/.cache")
                    || t == "~/.cache"
            })
        })
    })
}
