//! Shared logic of the four resource rules.

use crate::rules::prelude::*;
use crate::syntax::k8s::ContainerKind;

/// Report containers (init containers too) lacking `resources.<section>.<resource>`.
pub fn check(obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>, section: &str, resource: &str) {
    let Some(pod) = obj.pod_spec() else { return };
    for c in pod.containers() {
        // ephemeral containers may not set resources
        if c.kind == ContainerKind::Ephemeral {
            continue;
        }
        let res = c.node.entry("resources");
        let sec = res.and_then(|r| r.value.entry(section));
        let set = |section: &str| {
            res.and_then(|r| r.value.get(section))
                .and_then(|s| s.get(resource))
                .is_some_and(|v| !v.is_null())
        };
        // a limit without a request: Kubernetes copies the limit into the request
        if set(section) || (section == "requests" && set("limits")) {
            continue;
        }
        // point at the narrowest existing parent: `requests:`, `resources:`, or the name
        let span = sec.or(res).map_or(c.anchor_span(), |e| e.key.span);
        let what = if section == "requests" {
            "request"
        } else {
            "limit"
        };
        // concatenated, not `format!`: four rules, a finding per container
        cx.report(
            span,
            [c.describe().as_str(), " has no ", resource, " ", what].concat(),
        )
        .help(
            [
                "set `resources.",
                section,
                ".",
                resource,
                "` on the container",
            ]
            .concat(),
        );
    }
}
