use crate::rules::dockerfile::shell_cmds::{
    apk, apt_sub, posix_runs, shipped_stages, yum, Invocation,
};
use crate::rules::prelude::*;
use crate::syntax::shell::Cmd;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&SshServerInstalled);

struct SshServerInstalled;

const SERVERS: &[&str] = &[
    "openssh-server",
    "dropbear",
    "dropbear-bin",
    "ssh-server",
    "tinysshd",
];

impl DockerfileRule for SshServerInstalled {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        let shipped = shipped_stages(df);
        for run in posix_runs(df) {
            if !shipped.get(run.stage).copied().unwrap_or(false) {
                continue;
            }
            for inv in run.script.commands.iter().filter_map(install) {
                for pkg in inv.operands() {
                    let name = pkg.text.split(['=', '~']).next().unwrap_or("");
                    if !SERVERS.contains(&name) {
                        continue;
                    }
                    cx.report(pkg.span, format!("`{name}` installs an SSH server in the final image"))
                        .help("remove it: get a shell with `docker exec`/`kubectl exec` (or an ephemeral debug container) instead of sshd");
                }
            }
        }
    }
}

fn install(c: &Cmd) -> Option<Invocation<'_>> {
    apt_sub(c, &["apt-get", "apt"], &["install"])
        .or_else(|| apk(c).filter(|i| i.sub.is_some_and(|s| s.text == "add")))
        .or_else(|| yum(c).filter(|i| i.sub.is_some_and(|s| s.text == "install")))
}
