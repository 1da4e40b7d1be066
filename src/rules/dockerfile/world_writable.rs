use crate::rules::dockerfile::shell_cmds::{named, posix_runs};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&WorldWritable);

struct WorldWritable;

impl DockerfileRule for WorldWritable {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        for run in posix_runs(df) {
            for cmd in &run.script.commands {
                let Some(inv) = named(cmd, &["chmod"]) else {
                    continue;
                };
                // The mode is the first operand (options like -R come before it).
                let ops = inv.operands();
                let Some(mode) = ops.first() else { continue };
                if !world_writable(&mode.text) {
                    continue;
                }
                let target = ops.get(1).map_or("the target", |w| w.text.as_str());
                cx.report(
                    mode.span,
                    format!("`chmod {}` makes `{target}` writable by every user in the container", mode.text),
                )
                .help("grant write access to the owning user or group only (`chown app:app` and `chmod 750`/`u+w,g+w`)");
            }
        }
    }
}

/// Octal modes whose "others" digit has the write bit and no sticky bit (`1777` on a
/// shared temp directory is fine); symbolic `o+w`, `a+w`, `a=rwx`, `ugo+w`.
fn world_writable(mode: &str) -> bool {
    if !mode.is_empty() && mode.chars().all(|c| c.is_ascii_digit() && c < '8') {
        let digits: Vec<u32> = mode.chars().filter_map(|c| c.to_digit(8)).collect();
        let Some(&others) = digits.last() else {
            return false;
        };
        let sticky = digits.len() == 4 && digits[0] & 1 == 1;
        return others & 2 == 2 && !sticky;
    }
    if mode.contains('t') {
        return false;
    }
    mode.split(',').any(|clause| {
        let Some(op) = clause.find(['+', '=']) else {
            return false;
        };
        let (who, perms) = clause.split_at(op);
        (who.contains('o') || who.contains('a')) && perms[1..].contains('w')
    })
}
