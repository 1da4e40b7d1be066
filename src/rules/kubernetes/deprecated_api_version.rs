use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&DeprecatedApiVersion);

struct DeprecatedApiVersion;

/// (apiVersion, kinds (empty: every kind of the group version), replacement apiVersion
/// (empty: none, the API is gone), Kubernetes version that stopped serving it).
const REMOVED: &[(&str, &[&str], &str, &str)] = &[
    (
        "extensions/v1beta1",
        &["Deployment", "DaemonSet", "ReplicaSet"],
        "apps/v1",
        "1.16",
    ),
    (
        "extensions/v1beta1",
        &["NetworkPolicy"],
        "networking.k8s.io/v1",
        "1.16",
    ),
    (
        "extensions/v1beta1",
        &["Ingress"],
        "networking.k8s.io/v1",
        "1.22",
    ),
    ("extensions/v1beta1", &["PodSecurityPolicy"], "", "1.16"),
    ("apps/v1beta1", &[], "apps/v1", "1.16"),
    ("apps/v1beta2", &[], "apps/v1", "1.16"),
    ("batch/v1beta1", &["CronJob"], "batch/v1", "1.25"),
    ("batch/v2alpha1", &["CronJob"], "batch/v1", "1.21"),
    (
        "policy/v1beta1",
        &["PodDisruptionBudget"],
        "policy/v1",
        "1.25",
    ),
    ("policy/v1beta1", &["PodSecurityPolicy"], "", "1.25"),
    ("autoscaling/v2beta1", &[], "autoscaling/v2", "1.25"),
    ("autoscaling/v2beta2", &[], "autoscaling/v2", "1.26"),
    (
        "networking.k8s.io/v1beta1",
        &[],
        "networking.k8s.io/v1",
        "1.22",
    ),
    (
        "rbac.authorization.k8s.io/v1beta1",
        &[],
        "rbac.authorization.k8s.io/v1",
        "1.22",
    ),
    (
        "rbac.authorization.k8s.io/v1alpha1",
        &[],
        "rbac.authorization.k8s.io/v1",
        "1.22",
    ),
    (
        "apiextensions.k8s.io/v1beta1",
        &[],
        "apiextensions.k8s.io/v1",
        "1.22",
    ),
    (
        "admissionregistration.k8s.io/v1beta1",
        &[],
        "admissionregistration.k8s.io/v1",
        "1.22",
    ),
    (
        "apiregistration.k8s.io/v1beta1",
        &[],
        "apiregistration.k8s.io/v1",
        "1.22",
    ),
    (
        "certificates.k8s.io/v1beta1",
        &[],
        "certificates.k8s.io/v1",
        "1.22",
    ),
    (
        "coordination.k8s.io/v1beta1",
        &[],
        "coordination.k8s.io/v1",
        "1.22",
    ),
    (
        "authentication.k8s.io/v1beta1",
        &[],
        "authentication.k8s.io/v1",
        "1.22",
    ),
    (
        "authorization.k8s.io/v1beta1",
        &[],
        "authorization.k8s.io/v1",
        "1.22",
    ),
    (
        "scheduling.k8s.io/v1beta1",
        &[],
        "scheduling.k8s.io/v1",
        "1.22",
    ),
    (
        "scheduling.k8s.io/v1alpha1",
        &[],
        "scheduling.k8s.io/v1",
        "1.17",
    ),
    (
        "storage.k8s.io/v1beta1",
        &["CSIStorageCapacity"],
        "storage.k8s.io/v1",
        "1.27",
    ),
    ("storage.k8s.io/v1beta1", &[], "storage.k8s.io/v1", "1.22"),
    (
        "discovery.k8s.io/v1beta1",
        &[],
        "discovery.k8s.io/v1",
        "1.25",
    ),
    ("events.k8s.io/v1beta1", &[], "events.k8s.io/v1", "1.25"),
    ("node.k8s.io/v1beta1", &[], "node.k8s.io/v1", "1.25"),
    (
        "flowcontrol.apiserver.k8s.io/v1beta1",
        &[],
        "flowcontrol.apiserver.k8s.io/v1",
        "1.26",
    ),
    (
        "flowcontrol.apiserver.k8s.io/v1beta2",
        &[],
        "flowcontrol.apiserver.k8s.io/v1",
        "1.29",
    ),
    (
        "flowcontrol.apiserver.k8s.io/v1beta3",
        &[],
        "flowcontrol.apiserver.k8s.io/v1",
        "1.32",
    ),
];

impl K8sRule for DeprecatedApiVersion {
    fn scope(&self) -> K8sScope {
        K8sScope::All
    }

    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some((_, _, replacement, removed)) = REMOVED.iter().find(|(v, kinds, _, _)| {
            *v == obj.api_version && (kinds.is_empty() || kinds.contains(&obj.kind))
        }) else {
            return;
        };
        let Some(node) = obj.node.get("apiVersion") else {
            return;
        };
        let d = cx.report(
            node.span,
            format!(
                "{} {} is no longer served since Kubernetes {removed}",
                obj.api_version, obj.kind
            ),
        );
        if replacement.is_empty() {
            d.help(format!(
                "{} has no replacement: remove it (Pod Security Admission replaces PodSecurityPolicy)",
                obj.kind
            ));
        } else {
            let changed = matches!(
                obj.kind,
                "Ingress" | "HorizontalPodAutoscaler" | "CustomResourceDefinition"
            ) || obj.api_version.starts_with("extensions/")
                || obj.api_version.starts_with("apps/v1beta");
            d.help(if changed {
                format!(
                    "use `apiVersion: {replacement}` and adapt the fields the new version changed"
                )
            } else {
                format!("use `apiVersion: {replacement}`")
            });
        }
    }
}
