use crate::rules::image_pin::{self, PinProblem};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&ImageUntagged);

struct ImageUntagged;

impl K8sRule for ImageUntagged {
    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(pod) = obj.pod_spec() else { return };
        for c in pod.containers() {
            let Some(node) = c.image() else { continue };
            let Some(raw) = node.as_str() else { continue };
            let Some((PinProblem::Untagged, resolved)) = image_pin::check(raw) else {
                continue;
            };
            cx.report(
                node.span,
                format!(
                    "{} uses image `{resolved}` without a tag: it means `:latest`",
                    c.describe()
                ),
            )
            .help(
                "pin a version tag or a digest (`@sha256:…`); with kustomize, set it in `images:`",
            );
        }
    }
}
