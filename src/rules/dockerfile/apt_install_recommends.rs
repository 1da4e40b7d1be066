use crate::rules::dockerfile::shell_cmds::{apt_sub, posix_runs};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&AptInstallRecommends);

struct AptInstallRecommends;

impl DockerfileRule for AptInstallRecommends {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        for run in posix_runs(df) {
            for cmd in &run.script.commands {
                let Some(inv) = apt_sub(cmd, &["apt-get"], &["install"]) else {
                    continue;
                };
                let option_off = inv.args.iter().any(|w| {
                    let t = w.text.to_ascii_lowercase();
                    t.starts_with("apt::install-recommends=")
                        && matches!(
                            t.rsplit('=').next(),
                            Some("false" | "0" | "no" | "off" | "\"false\"")
                        )
                });
                if inv.has_any(&["--no-install-recommends"]) || option_off {
                    continue;
                }
                cx.report(
                    inv.tool.span,
                    "`apt-get install` without `--no-install-recommends` also installs every recommended package",
                )
                .help("add `--no-install-recommends` and list the packages the image needs");
            }
        }
    }
}
