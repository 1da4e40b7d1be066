use crate::rules::dockerfile::shell_cmds::{npm, posix_runs};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&NpmInstallNotCi);

struct NpmInstallNotCi;

impl DockerfileRule for NpmInstallNotCi {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        for run in posix_runs(df) {
            for inv in run.script.commands.iter().filter_map(npm) {
                let Some(sub) = inv.sub else { continue };
                if !matches!(sub.text.as_str(), "install" | "i" | "isntall" | "in") {
                    continue;
                }
                // `npm install express@4` adds named packages: a different decision.
                if !inv.operands().is_empty() {
                    continue;
                }
                cx.report(
                    sub.span,
                    format!(
                        "`npm {}` resolves dependency versions again instead of installing the lockfile",
                        sub.text
                    ),
                )
                .help("use `npm ci` (add `--omit=dev` for a production image) and commit package-lock.json");
            }
        }
    }
}
