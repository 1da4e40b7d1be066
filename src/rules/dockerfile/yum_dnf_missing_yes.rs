use crate::rules::dockerfile::shell_cmds::{named, posix_runs, yum};
use crate::rules::prelude::*;
use crate::syntax::shell::{Cmd, Sep};

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&YumDnfMissingYes);

struct YumDnfMissingYes;

/// Subcommands that ask for confirmation.
const PROMPTING: &[&str] = &[
    "install",
    "groupinstall",
    "localinstall",
    "reinstall",
    "update",
    "upgrade",
    "remove",
    "erase",
    "autoremove",
    "downgrade",
    "distro-sync",
    "group",
    "in",
    "rm",
    "up",
    "dup",
    "dist-upgrade",
    "patch",
];

impl DockerfileRule for YumDnfMissingYes {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        for run in posix_runs(df) {
            let cmds = &run.script.commands;
            for (i, cmd) in cmds.iter().enumerate() {
                if fed_by_yes(cmds, i) {
                    continue;
                }
                let (inv, yes): (_, &[&str]) = if let Some(inv) = yum(cmd) {
                    // microdnf never prompts.
                    if cmd.name() == Some("microdnf") {
                        continue;
                    }
                    (inv, &["-y", "--assumeyes"])
                } else if let Some(inv) = named(cmd, &["zypper"]) {
                    (inv, &["-n", "--non-interactive", "-y", "--no-confirm"])
                } else {
                    continue;
                };
                let sub = inv.args.iter().find(|w| !w.text.starts_with('-'));
                if sub.is_none_or(|s| !PROMPTING.contains(&s.text.as_str())) || inv.has_any(yes) {
                    continue;
                }
                let name = cmd.name().unwrap_or("yum");
                let flag = if name == "zypper" { "-n" } else { "-y" };
                cx.report(
                    inv.tool.span,
                    format!(
                        "`{name}` without `{flag}`: the build aborts at the confirmation prompt"
                    ),
                )
                .help(if name == "zypper" {
                    "add `-n` (`zypper -n install <packages>`)"
                } else {
                    "add `-y` (`yum install -y <packages>`)"
                });
            }
        }
    }
}

/// `yes | yum install …`
fn fed_by_yes(cmds: &[Cmd], i: usize) -> bool {
    let Some(cmd) = cmds.get(i) else { return false };
    i > 0
        && cmd.sep == Sep::Pipe
        && cmds[i - 1].pipeline == cmd.pipeline
        && cmds[i - 1].name() == Some("yes")
}
