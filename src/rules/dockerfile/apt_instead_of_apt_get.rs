use crate::rules::dockerfile::shell_cmds::posix_runs;
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&AptInsteadOfAptGet);

struct AptInsteadOfAptGet;

impl DockerfileRule for AptInsteadOfAptGet {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        for run in posix_runs(df) {
            for cmd in &run.script.commands {
                if cmd.name() != Some("apt") {
                    continue;
                }
                let Some(word) = cmd.name_word() else {
                    continue;
                };
                cx.report(
                    word.span,
                    "`apt` is an interactive front end with no stable command-line interface",
                )
                .help("use `apt-get` (or `apt-cache`) in scripts and Dockerfiles");
            }
        }
    }
}
