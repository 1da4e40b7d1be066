use crate::rules::image_pin::{self, PinProblem};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&FromUntagged);

struct FromUntagged;

impl DockerfileRule for FromUntagged {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        for stage in &df.stages {
            if df.base_is_stage_or_scratch(stage) || stage.image.unresolved {
                continue;
            }
            let value = if stage.image.had_vars {
                stage.image.value.as_str()
            } else {
                stage.image_raw.as_str()
            };
            let Some((PinProblem::Untagged, resolved)) = image_pin::check(value) else {
                continue;
            };
            let msg = if stage.image.had_vars {
                format!("base image `{}` resolves to `{resolved}`, which has no tag (it means `:latest`)", stage.image_raw)
            } else {
                format!("base image `{resolved}` has no tag: it means `:latest`")
            };
            cx.report(stage.image_span, msg)
                .help("pin a version tag (`python:3.12-slim`) or a digest (`@sha256:…`)");
        }
    }
}
