use super::stage_ref::{self, StageRef};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&CopyFromUnknownStage);

struct CopyFromUnknownStage;

impl DockerfileRule for CopyFromUnknownStage {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        for stage in &df.stages {
            for flag in stage_ref::copy_from_flags(df, stage) {
                let Some(value) = &flag.value else { continue };
                if stage_ref::resolve(df, stage.index, &value.value) != StageRef::Unknown {
                    continue;
                }
                cx.report(
                    value.span.clone().into(),
                    format!(
                        "`COPY --from={}` names no stage of this Dockerfile: Docker pulls an image called `{}:latest` instead",
                        value.value, value.value
                    ),
                )
                .help("name an earlier stage (`FROM … AS build`), or a pinned image (`--from=nginx:1.27`)");
            }
        }
    }
}
