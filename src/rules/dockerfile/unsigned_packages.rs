use crate::rules::dockerfile::shell_cmds::{apk, apt, flag_matches, named, posix_runs, yum};
use crate::rules::prelude::*;
use crate::syntax::shell::{Cmd, Word};

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&UnsignedPackages);

struct UnsignedPackages;

impl DockerfileRule for UnsignedPackages {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        for run in posix_runs(df) {
            for cmd in &run.script.commands {
                for (word, tool) in offending(cmd) {
                    cx.report(
                        word.span,
                        format!(
                            "`{} {}` installs packages without checking their signatures",
                            cmd.name().unwrap_or(tool),
                            word.text
                        ),
                    )
                    .help("remove the option and import the repository's signing key (`signed-by=`, `rpm --import`, `/etc/apk/keys`)");
                }
            }
        }
    }
}

fn find<'w>(args: &'w [Word], flags: &[&str]) -> Vec<&'w Word> {
    args.iter()
        .filter(|w| flags.iter().any(|f| flag_matches(&w.text, f)))
        .collect()
}

fn offending(cmd: &Cmd) -> Vec<(&Word, &'static str)> {
    if let Some(inv) = apt(cmd, &["apt-get", "apt", "aptitude"]) {
        let mut out: Vec<(&Word, &'static str)> = find(
            inv.args,
            &[
                "--allow-unauthenticated",
                "--force-yes",
                "--allow-insecure-repositories",
            ],
        )
        .into_iter()
        .map(|w| (w, "apt-get"))
        .collect();
        out.extend(
            inv.args
                .iter()
                .filter(|w| {
                    let t = w.text.to_ascii_lowercase();
                    (t.starts_with("apt::get::allowunauthenticated=")
                        || t.starts_with("acquire::allowinsecurerepositories="))
                        && matches!(t.rsplit('=').next(), Some("true" | "1" | "yes"))
                })
                .map(|w| (w, "apt-get")),
        );
        return out;
    }
    if let Some(inv) = apk(cmd) {
        return find(inv.args, &["--allow-untrusted"])
            .into_iter()
            .map(|w| (w, "apk"))
            .collect();
    }
    if let Some(inv) = yum(cmd) {
        let mut out: Vec<(&Word, &'static str)> =
            find(inv.args, &["--nogpgcheck", "--no-gpgchecks"])
                .into_iter()
                .map(|w| (w, "yum"))
                .collect();
        out.extend(
            inv.args
                .iter()
                .filter(|w| {
                    let t = w.text.to_ascii_lowercase();
                    t.strip_prefix("--setopt=")
                        .and_then(|s| s.split_once('='))
                        .is_some_and(|(k, v)| {
                            k.ends_with("gpgcheck") && matches!(v, "0" | "false" | "no")
                        })
                })
                .map(|w| (w, "yum")),
        );
        return out;
    }
    if let Some(inv) = named(cmd, &["rpm"]) {
        return find(
            inv.args,
            &[
                "--nosignature",
                "--nodigest",
                "--nofiledigest",
                "--noverify",
            ],
        )
        .into_iter()
        .map(|w| (w, "rpm"))
        .collect();
    }
    Vec::new()
}
