use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&FromWithoutDigest);

struct FromWithoutDigest;

impl DockerfileRule for FromWithoutDigest {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        for stage in &df.stages {
            if df.base_is_stage_or_scratch(stage) || stage.image.unresolved {
                continue;
            }
            let image = ImageRef::parse(&stage.image.value);
            // no tag or `:latest` is from-untagged / from-latest-tag
            if image.has_digest() || image.is_untagged() || image.is_latest() {
                continue;
            }
            let span = match &image.tag_range {
                Some(r) if !stage.image.had_vars => stage.image_span.sub(r.start, r.end),
                _ => stage.image_span,
            };
            cx.report(
                span,
                format!(
                    "base image `{}` is pinned by tag only: the tag can be moved to other content",
                    stage.image.value
                ),
            )
            .help(format!(
                "pin the digest too: `{}@sha256:…` (`docker buildx imagetools inspect {}` prints it), and let a bot update it",
                stage.image.value, stage.image.value
            ));
        }
    }
}
