use crate::rules::dockerfile::shell_cmds::posix_runs;
use crate::rules::prelude::*;
use crate::syntax::shell::basename;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&RunSudo);

struct RunSudo;

impl DockerfileRule for RunSudo {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        for run in posix_runs(df) {
            for cmd in &run.script.commands {
                let argv_start = cmd.words.len() - cmd.argv().len();
                // `sudo apt-get …` (a wrapper) or `sudo -i` / `sudo` alone.
                let word = cmd.words[..argv_start]
                    .iter()
                    .chain(cmd.argv().first())
                    .find(|w| basename(&w.text) == "sudo");
                let Some(word) = word else { continue };
                cx.report(
                    word.span,
                    "`sudo` in a RUN: build steps already run as the current USER, and sudo in the image is a privilege-escalation path",
                )
                .help("run the step before switching `USER`, or as `USER root` then switch back; use `gosu`/`setpriv` in entrypoints");
            }
        }
    }
}
