use crate::rules::image_pin::{self, PinProblem};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&FromLatestTag);

struct FromLatestTag;

impl DockerfileRule for FromLatestTag {
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
            let Some((PinProblem::Latest(tag), resolved)) = image_pin::check(value) else {
                continue;
            };
            let (span, msg) = if stage.image.had_vars {
                (
                    stage.image_span,
                    format!(
                        "base image `{}` resolves to `{resolved}`, the mutable `:latest` tag",
                        stage.image_raw
                    ),
                )
            } else {
                (
                    stage.image_span.sub(tag.start, tag.end),
                    format!("base image `{resolved}` uses the mutable `:latest` tag"),
                )
            };
            cx.report(span, msg)
                .help("pin a version tag (`python:3.12-slim`) or a digest (`@sha256:…`)");
        }
    }
}
