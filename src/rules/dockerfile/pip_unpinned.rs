use crate::rules::dockerfile::shell_cmds::{pip, posix_runs};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&PipUnpinned);

struct PipUnpinned;

impl DockerfileRule for PipUnpinned {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        for run in posix_runs(df) {
            for inv in run.script.commands.iter().filter_map(pip) {
                if inv.sub.is_none_or(|s| s.text != "install")
                    || inv.has_any(&["-c", "--constraint", "--require-hashes"])
                {
                    continue;
                }
                for pkg in inv.operands() {
                    if pinned(&pkg.text) {
                        continue;
                    }
                    cx.report(
                        pkg.span,
                        format!("pip package `{}` is installed without a version", pkg.text),
                    )
                    .help(format!(
                        "pin it as `{}==<version>`, or install from a locked requirements file",
                        pkg.text
                    ));
                }
            }
        }
    }
}

fn pinned(t: &str) -> bool {
    t.contains(['=', '<', '>', '~', '@', '/'])
        || t.starts_with('$')
        || t == "."
        || t.ends_with(".whl")
        || t.ends_with(".tar.gz")
        || t.ends_with(".zip")
}
