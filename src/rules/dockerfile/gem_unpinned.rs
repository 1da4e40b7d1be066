use crate::rules::dockerfile::shell_cmds::{gem, posix_runs};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&GemUnpinned);

struct GemUnpinned;

impl DockerfileRule for GemUnpinned {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        for run in posix_runs(df) {
            for inv in run.script.commands.iter().filter_map(gem) {
                if inv.sub.is_none_or(|s| s.text != "install") || inv.has_any(&["-v", "--version"])
                {
                    continue;
                }
                for pkg in inv.operands() {
                    let t = pkg.text.as_str();
                    if t.contains([':', '/']) || t.starts_with('$') || t.ends_with(".gem") {
                        continue;
                    }
                    cx.report(
                        pkg.span,
                        format!("gem `{t}` is installed without a version"),
                    )
                    .help(format!("pin it as `{t}:<version>` or add `-v <version>`"));
                }
            }
        }
    }
}
