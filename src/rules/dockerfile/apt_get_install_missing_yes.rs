use crate::rules::dockerfile::shell_cmds::{apt_sub, posix_runs};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&AptGetInstallMissingYes);

struct AptGetInstallMissingYes;

/// `-y` and its equivalents; `-qq` implies `-y`.
const YES: &[&str] = &["-y", "--yes", "--assume-yes", "-qq", "--quiet=2", "-q=2"];

impl DockerfileRule for AptGetInstallMissingYes {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        for run in posix_runs(df) {
            for (i, cmd) in run.script.commands.iter().enumerate() {
                let Some(inv) = apt_sub(cmd, &["apt-get"], &["install"]) else {
                    continue;
                };
                let assume_yes_option = inv.args.iter().any(|w| {
                    let t = w.text.to_ascii_lowercase();
                    t.starts_with("apt::get::assume-yes=") && !t.ends_with("=false")
                });
                if inv.has_any(YES) || assume_yes_option || fed_by_yes(&run.script.commands, i) {
                    continue;
                }
                cx.report(
                    inv.tool.span,
                    "`apt-get install` without `-y`: the build aborts at the confirmation prompt",
                )
                .help("add `-y` (`apt-get install -y --no-install-recommends <packages>`)");
            }
        }
    }
}

/// `yes | apt-get install …`
fn fed_by_yes(cmds: &[crate::syntax::shell::Cmd], i: usize) -> bool {
    let Some(cmd) = cmds.get(i) else { return false };
    i > 0
        && cmd.sep == crate::syntax::shell::Sep::Pipe
        && cmds[i - 1].pipeline == cmd.pipeline
        && cmds[i - 1].name() == Some("yes")
}
