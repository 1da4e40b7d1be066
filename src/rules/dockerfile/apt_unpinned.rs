use crate::rules::dockerfile::shell_cmds::{apt_sub, posix_runs};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&AptUnpinned);

struct AptUnpinned;

impl DockerfileRule for AptUnpinned {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        for run in posix_runs(df) {
            for cmd in &run.script.commands {
                let Some(inv) = apt_sub(cmd, &["apt-get", "apt"], &["install"]) else {
                    continue;
                };
                for pkg in inv.operands() {
                    let t = pkg.text.as_str();
                    // pkg=version, pkg/release, a local .deb, or a variable.
                    if t.contains('=')
                        || t.contains('/')
                        || t.ends_with(".deb")
                        || t.starts_with('$')
                    {
                        continue;
                    }
                    cx.report(
                        pkg.span,
                        format!("apt package `{t}` is installed without a version"),
                    )
                    .help(format!(
                        "pin it as `{t}=<version>` (see `apt-cache policy {t}`)"
                    ));
                }
            }
        }
    }
}
