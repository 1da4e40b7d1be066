use crate::rules::dockerfile::shell_cmds::{named, posix_runs, yum};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&RpmUnpinned);

struct RpmUnpinned;

impl DockerfileRule for RpmUnpinned {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        for run in posix_runs(df) {
            for cmd in &run.script.commands {
                let Some(inv) = yum(cmd).or_else(|| named(cmd, &["zypper"])) else {
                    continue;
                };
                let name = cmd.name().unwrap_or("yum");
                let sub_at = inv.args.iter().position(|w| !w.text.starts_with('-'));
                let Some(sub_at) = sub_at else { continue };
                if !matches!(inv.args[sub_at].text.as_str(), "install" | "in") {
                    continue;
                }
                // Operands after the subcommand (zypper/yum options may follow it).
                let mut skip_next = false;
                for w in &inv.args[sub_at + 1..] {
                    let t = w.text.as_str();
                    if skip_next {
                        skip_next = false;
                        continue;
                    }
                    if t.starts_with('-') {
                        skip_next = !t.contains('=')
                            && matches!(
                                t,
                                "--setopt"
                                    | "--enablerepo"
                                    | "--disablerepo"
                                    | "--repo"
                                    | "-x"
                                    | "--exclude"
                                    | "--releasever"
                                    | "--installroot"
                                    | "-t"
                                    | "--type"
                            );
                        continue;
                    }
                    if pinned(t) {
                        continue;
                    }
                    cx.report(
                        w.span,
                        format!("{name} package `{t}` is installed without a version"),
                    )
                    .help(format!("pin it as `{t}-<version>`"));
                }
            }
        }
    }
}

/// `name-1.2.3`, `name-1.2-3.el9`, `name = 1.2` forms, module streams
/// (`nodejs:20`), groups (`@…`), local `.rpm` files, paths and whole-word variables.
fn pinned(t: &str) -> bool {
    let dash_digit = t
        .char_indices()
        .any(|(i, c)| c == '-' && t[i + 1..].starts_with(|d: char| d.is_ascii_digit() || d == '$'));
    dash_digit
        || t.contains(['=', '<', '>', ':', '/'])
        || t.starts_with(['@', '$'])
        || t.ends_with(".rpm")
}
