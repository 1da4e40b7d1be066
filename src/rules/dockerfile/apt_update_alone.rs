use crate::rules::dockerfile::shell_cmds::{apk, apt_sub, posix_runs};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&AptUpdateAlone);

struct AptUpdateAlone;

/// Subcommands that use the package lists an update just fetched.
const APT_USES: &[&str] = &[
    "install",
    "upgrade",
    "dist-upgrade",
    "full-upgrade",
    "build-dep",
    "source",
    "download",
    "reinstall",
];

impl DockerfileRule for AptUpdateAlone {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        for run in posix_runs(df) {
            let cmds = &run.script.commands;
            let apt_update = cmds
                .iter()
                .find_map(|c| apt_sub(c, &["apt-get", "apt"], &["update"]));
            if let Some(update) = apt_update {
                let used = cmds
                    .iter()
                    .any(|c| apt_sub(c, &["apt-get", "apt", "aptitude"], APT_USES).is_some());
                if !used {
                    report(cx, update.tool.span, "apt-get update");
                }
            }
            let apk_update = cmds
                .iter()
                .filter_map(apk)
                .find(|i| i.sub.is_some_and(|s| s.text == "update"));
            if let Some(update) = apk_update {
                let used = cmds.iter().filter_map(apk).any(|i| {
                    i.sub
                        .is_some_and(|s| matches!(s.text.as_str(), "add" | "upgrade" | "fix"))
                });
                if !used {
                    report(cx, update.tool.span, "apk update");
                }
            }
        }
    }
}

fn report(cx: &mut FileCtx<'_>, span: Span, what: &str) {
    cx.report(
        span,
        format!("`{what}` alone in a RUN: later installs reuse the cached, stale package index"),
    )
    .help("update and install in the same RUN (`apt-get update && apt-get install -y …`)");
}
