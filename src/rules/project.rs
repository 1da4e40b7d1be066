//! The project phase: what cross-file and repository-level rules see. Each file
//! contributes small facts during its own lint; whole trees are never kept.

use std::collections::BTreeMap;

use crate::discovery::FileKind;
use crate::source::Loc;
use crate::syntax::image::ImageRef;

pub mod helm_template_not_rendered;

/// One file of the checked repository.
#[derive(Debug, Clone)]
pub struct FileFact {
    /// As reported (relative to the working directory).
    pub path: String,
    /// Relative to the project root, `/`-separated.
    pub rel: String,
    pub kind: FileKind,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct DockerfileFact {
    pub path: String,
    /// Path relative to the project root.
    pub rel: String,
    /// Directory relative to the project root (`""` for the root).
    pub dir: String,
    /// Some(true): a HEALTHCHECK CMD in the final stage; Some(false): HEALTHCHECK NONE.
    pub healthcheck: Option<bool>,
    /// The final stage exposes a port (so it is a service image).
    pub exposes: bool,
    /// The final stage's `FROM` image operand.
    pub final_from: Loc,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ComposeServiceFact {
    pub path: String,
    pub name: String,
    pub name_loc: Loc,
    pub has_healthcheck: bool,
    pub healthcheck_disabled: bool,
    pub image: Option<String>,
    /// Build context resolved relative to the project root.
    pub build_dir: Option<String>,
    pub dockerfile: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ContainerFact {
    pub image: String,
    pub has_probe: bool,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct WorkloadFact {
    pub path: String,
    pub kind: String,
    pub name: Option<String>,
    pub containers: Vec<ContainerFact>,
}

/// A Markdown document: what link and coverage checks need.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct DocFact {
    pub path: String,
    /// Path relative to the project root.
    pub rel: String,
    pub role: crate::rules::docs::DocRole,
    /// Heading anchors (`rollback-procedure`).
    pub anchors: Vec<String>,
    /// Relative links (not `http(s):`, `mailto:`…) of operational documents.
    pub links: Vec<(String, Loc)>,
    /// Lowercased text of runbooks (alert names mentioned in them count as covered).
    pub runbook_text: Option<String>,
    /// The first heading or line (where document-level findings point).
    pub title: Loc,
}

/// Facts one file contributes.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Facts {
    pub dockerfile: Option<DockerfileFact>,
    pub compose_services: Vec<ComposeServiceFact>,
    pub workloads: Vec<WorkloadFact>,
    /// Helm templates: the directory grouping them (chart root or parent dir).
    pub helm_group: Option<String>,
    pub doc: Option<DocFact>,
    /// Kubernetes objects (every kind), for cross-object rules.
    #[serde(default)]
    pub k8s_objects: Vec<K8sObjectFact>,
}

/// A label selector: `matchLabels` (or a Service's plain map) and `matchExpressions`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SelectorFact {
    pub match_labels: Vec<(String, String)>,
    /// (key, operator, values).
    pub expressions: Vec<(String, String, Vec<String>)>,
    /// The selector's key (`selector:`, `podSelector:`).
    pub loc: Loc,
}

impl SelectorFact {
    /// An empty selector (`{}`).
    pub fn is_empty(&self) -> bool {
        self.match_labels.is_empty() && self.expressions.is_empty()
    }

    /// Whether a set of labels satisfies the selector (an empty selector matches all).
    pub fn matches(&self, labels: &[(String, String)]) -> bool {
        let get = |k: &str| {
            labels
                .iter()
                .find(|(lk, _)| lk == k)
                .map(|(_, v)| v.as_str())
        };
        self.match_labels
            .iter()
            .all(|(k, v)| get(k) == Some(v.as_str()))
            && self
                .expressions
                .iter()
                .all(|(k, op, vals)| match op.as_str() {
                    "In" => get(k).is_some_and(|v| vals.iter().any(|x| x == v)),
                    "NotIn" => get(k).is_none_or(|v| !vals.iter().any(|x| x == v)),
                    "Exists" => get(k).is_some(),
                    "DoesNotExist" => get(k).is_none(),
                    _ => true,
                })
    }
}

/// A container of a Kubernetes workload, as cross-object rules need it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct K8sContainerFact {
    pub name: Option<String>,
    /// The container's `name:` key.
    pub loc: Loc,
    /// (name, containerPort) of each declared port.
    pub ports: Vec<(Option<String>, Option<i64>)>,
    pub has_readiness: bool,
    /// Resource names under `resources.requests` (`cpu`, `memory`…).
    #[serde(default)]
    pub requests: Vec<String>,
}

/// A reference from one object to another (by name, in the object's namespace).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ObjectRefFact {
    /// `ServiceAccount`, `ConfigMap`, `Secret`, `Service`, or a scale target's kind.
    pub kind: String,
    pub name: String,
    /// A port the reference needs (Ingress backends): a number or a port name, and its span.
    pub port: Option<(String, Loc)>,
    /// The referenced name's value.
    pub loc: Loc,
    /// `optional: true` references need not exist.
    pub optional: bool,
}

/// One Kubernetes object: small, never the tree.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct K8sObjectFact {
    pub path: String,
    pub api_version: String,
    pub kind: String,
    pub name: Option<String>,
    pub namespace: Option<String>,
    /// `metadata.name`'s value, else `kind`'s.
    pub anchor: Loc,
    /// The `spec:` key, when present.
    pub spec_key: Option<Loc>,
    /// Labels of the pods it creates (workloads), else the object's own labels.
    pub pod_labels: Vec<(String, String)>,
    /// Service `spec.selector`, workload/PDB `spec.selector`, NetworkPolicy `spec.podSelector`.
    pub selector: Option<SelectorFact>,
    /// `spec.replicas` and its value.
    pub replicas: Option<(i64, Loc)>,
    pub containers: Vec<K8sContainerFact>,
    /// A Service's `targetPort` values (or `port` when no targetPort), with their spans.
    pub target_ports: Vec<(String, Loc)>,
    /// Ingress backends, HPA scale targets, and ServiceAccount/ConfigMap/Secret uses.
    pub refs: Vec<ObjectRefFact>,
    /// A Service's port numbers and names (what Ingress backends may name).
    pub service_ports: Vec<(Option<String>, Option<i64>)>,
    /// PodDisruptionBudget `minAvailable` / `maxUnavailable` (raw value, its span).
    pub min_available: Option<(String, Loc)>,
    pub max_unavailable: Option<(String, Loc)>,
    /// HorizontalPodAutoscaler resource metrics with a `Utilization` target (resource
    /// name, its span); autoscaling/v1 `targetCPUUtilizationPercentage` counts as `cpu`.
    #[serde(default)]
    pub utilization_metrics: Vec<(String, Loc)>,
    /// NetworkPolicy `from`/`to` peers' `podSelector`s without a `namespaceSelector`
    /// (they select pods of the policy's own namespace).
    #[serde(default)]
    pub peer_selectors: Vec<SelectorFact>,
    /// A Service with `clusterIP: None`.
    #[serde(default)]
    pub headless: bool,
}

impl K8sObjectFact {
    pub fn is_workload(&self) -> bool {
        crate::syntax::k8s::WORKLOAD_KINDS.contains(&self.kind.as_str())
    }

    /// Two objects can refer to each other: same namespace, or one leaves it unset
    /// (it is set at deploy time).
    pub fn same_namespace(&self, other: &K8sObjectFact) -> bool {
        match (&self.namespace, &other.namespace) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        }
    }
}

pub struct Project {
    /// The checked directory as reported.
    pub root_display: String,
    pub files: Vec<FileFact>,
    pub dockerfiles: Vec<DockerfileFact>,
    pub compose_services: Vec<ComposeServiceFact>,
    pub workloads: Vec<WorkloadFact>,
    /// Helm template groups: directory → number of templates.
    pub helm_groups: BTreeMap<String, usize>,
    /// Files the configuration names as runbooks.
    pub runbooks: Vec<String>,
    /// Markdown documents.
    pub docs: Vec<DocFact>,
    /// The paths were given as files (pre-commit style), not a directory.
    pub files_only: bool,
    /// Kubernetes objects of every kind.
    pub k8s_objects: Vec<K8sObjectFact>,
}

impl Project {
    /// Anything that deploys a service: a Kubernetes workload or a compose service.
    pub fn has_deployables(&self) -> bool {
        !self.workloads.is_empty() || !self.compose_services.is_empty()
    }

    /// Dockerfiles that build `image`, by the documented heuristic: a compose service
    /// whose `build` context holds the Dockerfile and whose `image` is this image, or a
    /// Dockerfile whose directory is named like the image's last path component.
    pub fn dockerfiles_for_image(&self, image: &str) -> Vec<&DockerfileFact> {
        let short = ImageRef::parse(image).short_name().to_ascii_lowercase();
        let mut out: Vec<&DockerfileFact> = Vec::new();
        for svc in &self.compose_services {
            if svc.image.as_deref() == Some(image) {
                out.extend(self.dockerfiles_for_service(svc));
            }
        }
        for df in &self.dockerfiles {
            let dir_name = df.dir.rsplit('/').next().unwrap_or("").to_ascii_lowercase();
            if !dir_name.is_empty() && dir_name == short && !out.iter().any(|d| d.path == df.path) {
                out.push(df);
            }
        }
        out
    }

    /// The Dockerfile a compose service builds from.
    pub fn dockerfiles_for_service(&self, svc: &ComposeServiceFact) -> Vec<&DockerfileFact> {
        let Some(dir) = &svc.build_dir else {
            return Vec::new();
        };
        let file = svc.dockerfile.as_deref().unwrap_or("Dockerfile");
        let want = normalize(&join(dir, file));
        self.dockerfiles.iter().filter(|d| d.rel == want).collect()
    }

    /// Whether the image is health-checked by an orchestrator: a compose service using
    /// it (by `image` or `build`) has a healthcheck, or a k8s container running it has a probe.
    pub fn orchestrator_checks(&self, df: &DockerfileFact) -> bool {
        let built_by_service = self.compose_services.iter().any(|s| {
            s.has_healthcheck
                && !s.healthcheck_disabled
                && self
                    .dockerfiles_for_service(s)
                    .iter()
                    .any(|d| d.path == df.path)
        });
        if built_by_service {
            return true;
        }
        let dir_name = df.dir.rsplit('/').next().unwrap_or("").to_ascii_lowercase();
        self.workloads.iter().flat_map(|w| &w.containers).any(|c| {
            c.has_probe
                && !dir_name.is_empty()
                && ImageRef::parse(&c.image)
                    .short_name()
                    .eq_ignore_ascii_case(&dir_name)
        }) || self.compose_services.iter().any(|s| {
            s.has_healthcheck
                && !s.healthcheck_disabled
                && s.image.as_deref().is_some_and(|i| {
                    !dir_name.is_empty()
                        && ImageRef::parse(i)
                            .short_name()
                            .eq_ignore_ascii_case(&dir_name)
                })
        })
    }
}

/// Join two `/`-separated relative paths.
pub fn join(dir: &str, file: &str) -> String {
    if dir.is_empty() || file.starts_with('/') {
        file.to_string()
    } else {
        format!("{dir}/{file}")
    }
}

/// Resolve `.` and `..` in a `/`-separated relative path.
pub fn normalize(p: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for c in p.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            c => parts.push(c),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes() {
        assert_eq!(normalize("a/./b/../c"), "a/c");
        assert_eq!(normalize("./Dockerfile"), "Dockerfile");
        assert_eq!(join("", "x"), "x");
    }
}
