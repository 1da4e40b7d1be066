use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&DuplicateStageName);

struct DuplicateStageName;

impl DockerfileRule for DuplicateStageName {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        for (i, stage) in df.stages.iter().enumerate() {
            let Some((name, span)) = &stage.name else {
                continue;
            };
            let Some(first) = df.stages[..i]
                .iter()
                .find_map(|s| s.name.as_ref().filter(|(n, _)| n == name))
            else {
                continue;
            };
            let first_loc = cx.loc(first.1);
            let line = first_loc.start.line;
            cx.report(
                *span,
                format!("stage name `{name}` is already used by the stage on line {line}"),
            )
            .help("give every stage a unique name; `COPY --from` and `--target` pick the last one silently")
            .label_at(None, first_loc, "first defined here");
        }
    }
}
