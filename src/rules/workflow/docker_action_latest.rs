use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Workflow(&DockerActionLatest);

struct DockerActionLatest;

impl WorkflowRule for DockerActionLatest {
    fn check(&self, wf: &Workflow<'_, '_>, cx: &mut FileCtx<'_>) {
        for step in wf.jobs.iter().flat_map(|j| &j.steps) {
            let Some(node) = step.uses() else { continue };
            let Some(value) = node.as_str() else { continue };
            let ActionRef::Docker { image, offset } = ActionRef::parse(value) else {
                continue;
            };
            if image.is_empty() || image.contains("${{") {
                continue;
            }
            let r = ImageRef::parse(image);
            if r.has_digest() {
                continue;
            }
            let text = cx.file.text.as_str();
            if r.is_latest() {
                let tag = r.tag_range.clone().unwrap_or(0..image.len());
                let span = node.value_sub_span(text, offset + tag.start..offset + tag.end);
                cx.report(
                    span,
                    format!("docker action `{image}` uses the mutable `:latest` tag"),
                )
                .help("pin a version tag or, better, a digest: `docker://image@sha256:…`");
            } else if r.is_untagged() {
                let span = node.value_sub_span(text, offset..value.len());
                cx.report(
                    span,
                    format!("docker action `{image}` has no tag: it runs `:latest`"),
                )
                .help("pin a version tag or, better, a digest: `docker://image@sha256:…`");
            }
        }
    }
}
