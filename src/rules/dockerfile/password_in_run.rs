use crate::rules::dockerfile::shell_cmds::{named, posix_runs};
use crate::rules::prelude::*;
use crate::syntax::shell::{Cmd, Sep};

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&PasswordInRun);

struct PasswordInRun;

const HELP: &str = "do not bake passwords into images: use key-based access, or pass the secret at build time with `RUN --mount=type=secret` and at run time through the orchestrator's secrets";

impl DockerfileRule for PasswordInRun {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        for run in posix_runs(df) {
            let cmds = &run.script.commands;
            for (i, cmd) in cmds.iter().enumerate() {
                let Some(name) = cmd.name() else { continue };
                match name {
                    "chpasswd" => {
                        if reads_secret_mount(cmd) {
                            continue;
                        }
                        let Some(word) = cmd.name_word() else {
                            continue;
                        };
                        let literal = literal_input(cmds, i);
                        let msg = if literal {
                            "`chpasswd` sets a password written in the Dockerfile: it is readable in the image history"
                        } else {
                            "`chpasswd` sets a password in the image: every container from it shares the credential"
                        };
                        let d = cx.report(word.span, msg).help(HELP);
                        for span in literal_input_spans(cmds, i) {
                            d.secret(span);
                        }
                    }
                    "passwd" if literal_input(cmds, i) => {
                        let Some(word) = cmd.name_word() else {
                            continue;
                        };
                        let d = cx.report(
                            word.span,
                            "`passwd` reads a password written in the Dockerfile: it is readable in the image history",
                        )
                        .help(HELP);
                        for span in literal_input_spans(cmds, i) {
                            d.secret(span);
                        }
                    }
                    "useradd" | "usermod" | "adduser" => {
                        let Some(inv) = named(cmd, &[name]) else {
                            continue;
                        };
                        let args = inv.args;
                        for (j, w) in args.iter().enumerate() {
                            let value = if w.text == "-p" || w.text == "--password" {
                                args.get(j + 1)
                            } else {
                                None
                            };
                            let inline = w.text.strip_prefix("--password=").is_some();
                            if let Some(v) = value {
                                if is_literal(&v.text) {
                                    cx.report(
                                        w.span.cover(v.span),
                                        format!(
                                            "`{name} {}` sets a password written in the Dockerfile",
                                            w.text
                                        ),
                                    )
                                    .help(HELP)
                                    .secret(v.span);
                                }
                            } else if inline {
                                cx.report(w.span, format!("`{name} --password` sets a password written in the Dockerfile"))
                                    .help(HELP)
                                    .secret(w.span);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

/// A value with no expansion (`$VAR`, `$(…)`): the secret is in the file.
fn is_literal(s: &str) -> bool {
    !s.contains('$') && !s.contains('`')
}

/// The command reads `echo 'user:pw' |` / `printf … |` input with literal text, or a
/// literal here-string.
fn literal_input(cmds: &[Cmd], i: usize) -> bool {
    !literal_input_spans(cmds, i).is_empty()
}

/// The literal words that feed the command its password (to mask them in output):
/// the `echo`/`printf` arguments piped into it and here-string targets.
fn literal_input_spans(cmds: &[Cmd], i: usize) -> Vec<Span> {
    let Some(cmd) = cmds.get(i) else {
        return Vec::new();
    };
    let mut out: Vec<Span> = cmd
        .redirects
        .iter()
        .filter(|r| r.op.ends_with("<<<"))
        .filter_map(|r| r.target.as_ref())
        .filter(|t| is_literal(&t.text))
        .map(|t| t.span)
        .collect();
    if cmd.sep == Sep::Pipe && i > 0 {
        let prev = &cmds[i - 1];
        if prev.pipeline == cmd.pipeline && matches!(prev.name(), Some("echo" | "printf")) {
            out.extend(
                prev.args()
                    .iter()
                    .filter(|w| !w.text.starts_with('-') && is_literal(&w.text))
                    .map(|w| w.span),
            );
        }
    }
    out
}

/// `chpasswd < /run/secrets/…`: a BuildKit secret, not in the image.
fn reads_secret_mount(cmd: &Cmd) -> bool {
    cmd.redirects.iter().any(|r| {
        r.op.ends_with('<')
            && r.target
                .as_ref()
                .is_some_and(|t| t.text.starts_with("/run/secrets/"))
    })
}
