use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&ImageNotDigestPinned);

struct ImageNotDigestPinned;

impl K8sRule for ImageNotDigestPinned {
    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(pod) = obj.pod_spec() else { return };
        for c in pod.containers() {
            let Some(img) = c.image() else { continue };
            let Some(raw) = img.as_str() else { continue };
            let raw_t = raw.trim();
            if raw_t.is_empty() || raw.contains('$') || raw.contains("{{") {
                continue;
            }
            let r = ImageRef::parse(raw_t);
            if r.has_digest() {
                continue;
            }
            cx.report(
                img.span,
                format!("{} uses image `{raw_t}` without a digest", c.describe()),
            )
            .help("pin the digest your CI tested: `image: name:tag@sha256:…` (kustomize `images:` can set it)");
        }
    }
}
