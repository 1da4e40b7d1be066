use crate::rules::image_pin::{self, PinProblem};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&ImageLatestTag);

struct ImageLatestTag;

impl K8sRule for ImageLatestTag {
    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(pod) = obj.pod_spec() else { return };
        for c in pod.containers() {
            let Some(node) = c.image() else { continue };
            let Some(raw) = node.as_str() else { continue };
            let Some((PinProblem::Latest(tag), resolved)) = image_pin::check(raw) else {
                continue;
            };
            let span = if resolved == raw {
                node.value_sub_span(&cx.file.text, tag)
            } else {
                node.span
            };
            cx.report(
                span,
                format!(
                    "{} uses image `{resolved}` with the mutable `:latest` tag",
                    c.describe()
                ),
            )
            .help(
                "pin a version tag or a digest (`@sha256:…`); with kustomize, set it in `images:`",
            );
        }
    }
}
