use crate::rules::dockerfile::shell_cmds::{npm, posix_runs};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&NpmUnpinned);

struct NpmUnpinned;

impl DockerfileRule for NpmUnpinned {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        for run in posix_runs(df) {
            for inv in run.script.commands.iter().filter_map(npm) {
                if inv
                    .sub
                    .is_none_or(|s| !matches!(s.text.as_str(), "install" | "i" | "add" | "isntall"))
                {
                    continue;
                }
                for pkg in inv.operands() {
                    if pinned(&pkg.text) {
                        continue;
                    }
                    cx.report(
                        pkg.span,
                        format!("npm package `{}` is installed without a version", pkg.text),
                    )
                    .help(format!("pin it as `{}@<version>`", pkg.text));
                }
            }
        }
    }
}

fn pinned(t: &str) -> bool {
    // @scope/name needs a second `@` for the version.
    let name_end = if t.starts_with('@') { 1 } else { 0 };
    t[name_end..].contains('@')
        || t.contains(['#', ':'])
        || t.starts_with('$')
        || t.starts_with('.')
        || t.starts_with('/')
        || t.ends_with(".tgz")
        || t.ends_with(".tar.gz")
}
