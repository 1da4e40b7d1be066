use crate::rules::dockerfile::shell_cmds::{apt_sub, posix_runs};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&AptGetUpgrade);

struct AptGetUpgrade;

impl DockerfileRule for AptGetUpgrade {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        for run in posix_runs(df) {
            for cmd in &run.script.commands {
                let Some(inv) = apt_sub(
                    cmd,
                    &["apt-get", "apt", "aptitude"],
                    &["upgrade", "dist-upgrade", "full-upgrade", "safe-upgrade"],
                ) else {
                    continue;
                };
                let Some(sub) = inv.sub else { continue };
                cx.report(
                    sub.span,
                    format!(
                        "`{} {}` in a build: the image's packages depend on the day it was built",
                        inv.cmd.name().unwrap_or("apt-get"),
                        sub.text
                    ),
                )
                .help(
                    "use a newer base image tag (or digest) instead of upgrading inside the build",
                );
            }
        }
    }
}
