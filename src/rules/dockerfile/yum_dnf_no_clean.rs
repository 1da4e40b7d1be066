use crate::rules::dockerfile::shell_cmds::{
    posix_runs, removes_any, run_mounts_over, shipped_stages, yum,
};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&YumDnfNoClean);

struct YumDnfNoClean;

const CACHES: &[&str] = &["/var/cache/yum", "/var/cache/dnf", "/var/cache/tdnf"];
const INSTALLS: &[&str] = &[
    "install",
    "groupinstall",
    "localinstall",
    "reinstall",
    "update",
    "upgrade",
    "makecache",
];

impl DockerfileRule for YumDnfNoClean {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        let shipped = shipped_stages(df);
        for run in posix_runs(df) {
            if !shipped.get(run.stage).copied().unwrap_or(false)
                || run_mounts_over(df, &run, CACHES)
            {
                continue;
            }
            let cmds = &run.script.commands;
            let cleaned = removes_any(cmds, CACHES)
                || cmds.iter().filter_map(yum).any(|i| {
                    i.sub.is_some_and(|s| s.text == "clean")
                        && i.operands()
                            .iter()
                            .any(|w| matches!(w.text.as_str(), "all" | "packages"))
                });
            if cleaned {
                continue;
            }
            for inv in cmds.iter().filter_map(yum) {
                let Some(sub) = inv.sub else { continue };
                if !INSTALLS.contains(&sub.text.as_str()) {
                    continue;
                }
                let tool = inv.cmd.name().unwrap_or("yum");
                cx.report(
                    inv.tool.span,
                    format!("`{tool} {}` without `{tool} clean all` in the same RUN leaves the package cache in the image layer", sub.text),
                )
                .help(format!("end the RUN with `&& {tool} clean all` (and `rm -rf /var/cache/{}`)", if tool == "yum" { "yum" } else { "dnf" }));
            }
        }
    }
}
