use crate::rules::dockerfile::shell_cmds::posix_runs;
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&CdInsteadOfWorkdir);

struct CdInsteadOfWorkdir;

impl DockerfileRule for CdInsteadOfWorkdir {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        for run in posix_runs(df) {
            let cd = run
                .script
                .commands
                .iter()
                .filter(|c| !c.nested && c.name() == Some("cd"))
                .find_map(|c| c.name_word());
            let Some(word) = cd else { continue };
            cx.report(
                word.span,
                "`cd` in a RUN changes the directory for this RUN only; later instructions do not see it",
            )
            .help("set the directory with `WORKDIR /path` (or use absolute paths / `make -C dir`)");
        }
    }
}
