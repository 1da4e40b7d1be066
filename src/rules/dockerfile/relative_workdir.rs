use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&RelativeWorkdir);

struct RelativeWorkdir;

/// `/app`, `$HOME/app`, `C:\app`, `c:/app`.
fn is_absolute_or_variable(p: &str) -> bool {
    let p = p.trim_matches(['"', '\'']);
    let b = p.as_bytes();
    p.starts_with('/')
        || p.starts_with('$')
        || p.starts_with('\\')
        || (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':')
}

impl DockerfileRule for RelativeWorkdir {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        for ins in &df.ast.instructions {
            let Instruction::Workdir(w) = ins else {
                continue;
            };
            let path = w.arguments.value.as_ref();
            if path.is_empty() || is_absolute_or_variable(path) {
                continue;
            }
            cx.report(
                w.arguments.span.clone().into(),
                format!(
                    "`WORKDIR {path}` is relative: it depends on the WORKDIR of the base image"
                ),
            )
            .help(format!(
                "use an absolute path (`WORKDIR /{}`)",
                path.trim_start_matches("./")
            ));
        }
    }
}
