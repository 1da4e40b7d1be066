use crate::rules::dockerfile::shell_cmds::{
    apt_sub, posix_runs, removes_any, run_mounts_over, shipped_stages,
};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&AptListsNotCleaned);

struct AptListsNotCleaned;

const LISTS: &str = "/var/lib/apt/lists";

impl DockerfileRule for AptListsNotCleaned {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        let shipped = shipped_stages(df);
        for run in posix_runs(df) {
            if !shipped.get(run.stage).copied().unwrap_or(false)
                || run_mounts_over(df, &run, &[LISTS])
            {
                continue;
            }
            let cmds = &run.script.commands;
            let Some(update) = cmds
                .iter()
                .find_map(|c| apt_sub(c, &["apt-get", "apt"], &["update"]))
            else {
                continue;
            };
            let cleaned = removes_any(cmds, &[LISTS])
                || cmds
                    .iter()
                    .any(|c| apt_sub(c, &["apt-get", "apt"], &["distclean"]).is_some());
            if cleaned {
                continue;
            }
            cx.report(
                update.tool.span,
                "the package lists `apt-get update` downloads are not removed in the same RUN and stay in the image layer",
            )
            .help("end the RUN with `&& rm -rf /var/lib/apt/lists/*`, or mount a cache on /var/lib/apt/lists");
        }
    }
}
