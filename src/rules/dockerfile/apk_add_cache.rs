use crate::rules::dockerfile::shell_cmds::{
    apk, posix_runs, removes_any, run_mounts_over, shipped_stages,
};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&ApkAddCache);

struct ApkAddCache;

const CACHE: &str = "/var/cache/apk";

impl DockerfileRule for ApkAddCache {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        let shipped = shipped_stages(df);
        for run in posix_runs(df) {
            if !shipped.get(run.stage).copied().unwrap_or(false)
                || run_mounts_over(df, &run, &[CACHE])
            {
                continue;
            }
            let cmds = &run.script.commands;
            let cleaned = removes_any(cmds, &[CACHE])
                || cmds.iter().filter_map(apk).any(|i| {
                    i.sub.is_some_and(|s| s.text == "cache") && i.has_any(&["clean", "purge"])
                });
            if cleaned {
                continue;
            }
            for inv in cmds.iter().filter_map(apk) {
                if inv.sub.is_none_or(|s| s.text != "add") || inv.has_any(&["--no-cache"]) {
                    continue;
                }
                cx.report(
                    inv.tool.span,
                    "`apk add` without `--no-cache` leaves the package index in the image layer",
                )
                .help("use `apk add --no-cache <packages>`");
            }
        }
    }
}
