//! Security-context resolution shared by the security rules.
//!
//! Kubernetes has two security contexts: the pod's (`spec.securityContext`, a
//! `PodSecurityContext`) and each container's. Some fields exist in both and the
//! container's value wins (`runAsUser`, `runAsNonRoot`, `runAsGroup`, `seccompProfile`,
//! `seLinuxOptions`, `appArmorProfile`, `windowsOptions`); the others exist only on the
//! container (`privileged`, `allowPrivilegeEscalation`, `readOnlyRootFilesystem`,
//! `capabilities`, `procMount`) and a pod-level value is not inherited — the API server
//! drops it (or rejects it under strict field validation).

use crate::rules::prelude::*;
use crate::syntax::yaml::Entry;

/// Fields of the container security context that the pod security context lacks.
pub const CONTAINER_ONLY: &[&str] = &[
    "privileged",
    "allowPrivilegeEscalation",
    "readOnlyRootFilesystem",
    "capabilities",
    "procMount",
];

/// A resolved security-context field.
#[derive(Clone, Copy)]
pub struct Resolved<'t, 'a> {
    pub node: &'t Node<'a>,
}

/// `field` as the kubelet sees it for container `c`: the container's value, else the
/// pod's when the field is inherited. Null values count as unset.
pub fn resolve<'t, 'a>(
    pod: &PodSpec<'t, 'a>,
    c: &Container<'t, 'a>,
    field: &str,
) -> Option<Resolved<'t, 'a>> {
    if let Some(n) = c
        .security_context()
        .and_then(|sc| sc.get(field))
        .filter(|n| !n.is_null())
    {
        return Some(Resolved { node: n });
    }
    if CONTAINER_ONLY.contains(&field) {
        return None;
    }
    pod.security_context()
        .and_then(|sc| sc.get(field))
        .filter(|n| !n.is_null())
        .map(|n| Resolved { node: n })
}

/// Where a finding about a field missing from container `c` points: its
/// `securityContext:` key when there is one, else its `name:` key.
pub fn missing_span(c: &Container<'_, '_>) -> Span {
    c.node
        .entry("securityContext")
        .map_or(c.anchor_span(), |e| e.key.span)
}

/// A container-only field written in the pod security context, where it has no effect.
pub fn misplaced_pod_field<'t, 'a>(pod: &PodSpec<'t, 'a>, field: &str) -> Option<&'t Entry<'a>> {
    debug_assert!(CONTAINER_ONLY.contains(&field));
    pod.security_context()?.entry(field)
}

/// Report `field` written at pod level (where Kubernetes ignores it) once per pod, when
/// some container in `affected` does not set it itself.
pub fn report_misplaced(
    pod: &PodSpec<'_, '_>,
    field: &str,
    affected: &[String],
    cx: &mut FileCtx<'_>,
) {
    if affected.is_empty() {
        return;
    }
    let Some(e) = misplaced_pod_field(pod, field) else {
        return;
    };
    cx.report(
        e.key.span,
        format!(
            "`{field}` in the pod securityContext is ignored (it is a container-level field): {} not covered",
            affected.join(", ")
        ),
    )
    .help(format!(
        "move `{field}` into each container's `securityContext`"
    ));
}

/// A Windows pod (`spec.os.name: windows`): Linux-only hardening (seccomp, capabilities,
/// `allowPrivilegeEscalation`, `readOnlyRootFilesystem`) does not apply to it.
pub fn is_windows(pod: &PodSpec<'_, '_>) -> bool {
    pod.node.path(&["os", "name"]).and_then(Node::as_str) == Some("windows")
}
