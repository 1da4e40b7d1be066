use crate::rules::dockerfile::shell_cmds::posix_runs;
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&PointlessCommandInRun);

struct PointlessCommandInRun;

impl DockerfileRule for PointlessCommandInRun {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        for run in posix_runs(df) {
            for cmd in &run.script.commands {
                let Some(name) = cmd.name() else { continue };
                let sub = cmd.args().first().map(|w| w.text.as_str());
                let why = match name {
                    "service" => {
                        "a service started during the build is not running in the container"
                    }
                    "systemctl"
                        if matches!(
                            sub,
                            Some("start" | "restart" | "reload" | "stop" | "status")
                        ) =>
                    {
                        "containers run no systemd: the unit is not running in the container"
                    }
                    "shutdown" | "reboot" | "halt" | "poweroff" => {
                        "a build step cannot shut the machine down"
                    }
                    "ps" | "top" | "htop" | "free" | "ifconfig" => {
                        "it only reports on the build container and changes nothing in the image"
                    }
                    "kill" | "killall" | "pkill" => {
                        "no process from the build survives into the container"
                    }
                    "mount" | "umount" => {
                        "mounts made during a build do not persist and need privileges"
                    }
                    "vim" | "vi" | "nano" | "emacs" | "ssh" => {
                        "the build has no terminal to interact with"
                    }
                    _ => continue,
                };
                let Some(word) = cmd.name_word() else {
                    continue;
                };
                cx.report(word.span, format!("`{name}` makes no sense in a RUN: {why}"))
                    .help("remove it; start processes from CMD/ENTRYPOINT and configure the image with files");
            }
        }
    }
}
