use super::stage_ref::{self, StageRef};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&CopyFromLaterStage);

struct CopyFromLaterStage;

impl DockerfileRule for CopyFromLaterStage {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        for stage in &df.stages {
            for flag in stage_ref::copy_from_flags(df, stage) {
                let Some(value) = &flag.value else { continue };
                let StageRef::CurrentOrLater(target) =
                    stage_ref::resolve(df, stage.index, &value.value)
                else {
                    continue;
                };
                let what = if target == stage.index {
                    "the stage it is in"
                } else {
                    "a later stage"
                };
                let Some(t) = df.stages.get(target) else {
                    continue;
                };
                let loc = cx.loc(t.name.as_ref().map_or(t.image_span, |(_, s)| *s));
                cx.report(
                    value.span.clone().into(),
                    format!("`COPY --from={}` refers to {what}", value.value),
                )
                .help("copy only from a stage defined before this one")
                .label_at(None, loc, "that stage is defined here");
            }
        }
    }
}
