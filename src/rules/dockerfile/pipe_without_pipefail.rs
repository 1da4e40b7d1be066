use crate::rules::dockerfile::shell_cmds::posix_runs;
use crate::rules::prelude::*;
use crate::syntax::shell::Sep;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&PipeWithoutPipefail);

struct PipeWithoutPipefail;

impl DockerfileRule for PipeWithoutPipefail {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        for run in posix_runs(df) {
            let unprotected = run
                .script
                .commands
                .iter()
                .enumerate()
                .find(|(i, c)| c.sep == Sep::Pipe && !c.nested && !run.pipefail_before(*i));
            let Some((_, cmd)) = unprotected else {
                continue;
            };
            let span = if cmd.sep_span.is_empty() {
                cmd.name_word().map_or(run.keyword, |w| w.span)
            } else {
                cmd.sep_span
            };
            cx.report(
                span,
                "a pipe without `set -o pipefail`: a failure before the last command does not fail the build",
            )
            .help("start the RUN with `set -o pipefail &&`, or set `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]`");
        }
    }
}
