use crate::rules::dockerfile::shell_cmds::posix_runs;
use crate::rules::prelude::*;
use crate::syntax::shell::Cmd;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&CurlPipeShell);

struct CurlPipeShell;

const SHELLS: &[&str] = &["sh", "bash", "ash", "dash", "zsh", "ksh"];
const FETCHERS: &[&str] = &["curl", "wget"];

impl DockerfileRule for CurlPipeShell {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        for run in posix_runs(df) {
            let cmds = &run.script.commands;
            for (i, cmd) in cmds.iter().enumerate() {
                let Some(name) = cmd.name() else { continue };
                if !SHELLS.contains(&name) {
                    continue;
                }
                let Some(word) = cmd.name_word() else {
                    continue;
                };
                // `curl … | sh`: a fetcher earlier in the same pipeline.
                if let Some(fetcher) = fetcher_upstream(cmds, i) {
                    cx.report(
                        word.span,
                        format!("a script downloaded with `{fetcher}` is piped into `{name}` and runs unverified"),
                    )
                    .help("download to a file, verify its checksum (`sha256sum -c`), then run it");
                    continue;
                }
                // `sh -c "$(curl …)"`
                let substituted = cmd.args().iter().find_map(|w| {
                    FETCHERS.iter().find(|f| {
                        w.text.contains(&format!("$({f} ")) || w.text.contains(&format!("`{f} "))
                    })
                });
                if let Some(fetcher) = substituted {
                    cx.report(
                        word.span,
                        format!(
                            "a script downloaded with `{fetcher}` is run by `{name}` unverified"
                        ),
                    )
                    .help("download to a file, verify its checksum (`sha256sum -c`), then run it");
                }
            }
        }
    }
}

fn fetcher_upstream(cmds: &[Cmd], i: usize) -> Option<&'static str> {
    let cmd = cmds.get(i)?;
    if cmd.sep != crate::syntax::shell::Sep::Pipe {
        return None;
    }
    cmds[..i]
        .iter()
        .rev()
        .take_while(|c| c.pipeline == cmd.pipeline)
        .find_map(|c| FETCHERS.iter().find(|f| c.name() == Some(f)).copied())
}
