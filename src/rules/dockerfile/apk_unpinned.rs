use crate::rules::dockerfile::shell_cmds::{apk, posix_runs};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&ApkUnpinned);

struct ApkUnpinned;

impl DockerfileRule for ApkUnpinned {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        for run in posix_runs(df) {
            for inv in run.script.commands.iter().filter_map(apk) {
                if inv.sub.is_none_or(|s| s.text != "add") {
                    continue;
                }
                for pkg in inv.operands() {
                    let t = pkg.text.as_str();
                    // pkg=1.2, pkg~1.2, pkg>1, pkg<2, a local .apk, a variable.
                    if t.contains(['=', '~', '>', '<', '/'])
                        || t.starts_with('$')
                        || t.ends_with(".apk")
                    {
                        continue;
                    }
                    cx.report(
                        pkg.span,
                        format!("apk package `{t}` is added without a version"),
                    )
                    .help(format!(
                        "pin it as `{t}=<version>` (or `{t}~<major.minor>`)"
                    ));
                }
            }
        }
    }
}
