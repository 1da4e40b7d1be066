use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&ReservedStageName);

struct ReservedStageName;

/// BuildKit's rule for stage names: `^[a-z][a-z0-9-_.]*$` (case-insensitive).
fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

impl DockerfileRule for ReservedStageName {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        for stage in &df.stages {
            let Some((name, span)) = &stage.name else {
                continue;
            };
            if name.contains('$') {
                continue;
            }
            let written = cx.text(*span).to_string();
            if name == "scratch" || name == "context" {
                cx.report(
                    *span,
                    format!("stage name `{written}` is reserved by Docker"),
                )
                .help(
                    "rename the stage (`AS build`, `AS runtime`) and its `COPY --from` references",
                );
            } else if !valid_name(name) {
                cx.report(
                    *span,
                    format!("stage name `{written}` is invalid: names start with a letter and hold only letters, digits, `-`, `_` and `.`"),
                )
                .help("rename the stage (`AS build`, `AS runtime`) and its `COPY --from` references");
            }
        }
    }
}
