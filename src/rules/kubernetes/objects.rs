//! Helpers shared by the object-level Kubernetes rules (availability, rollout,
//! cross-object), and the facts each file contributes to the project phase.

use crate::rules::project::{K8sContainerFact, K8sObjectFact, ObjectRefFact, SelectorFact};
use crate::source::SourceFile;
use crate::syntax::k8s::{ContainerKind, K8sObject};
use crate::syntax::yaml::Node;

/// Kinds whose `spec.replicas` sets how many pods run.
pub const REPLICATED_KINDS: &[&str] = &[
    "Deployment",
    "StatefulSet",
    "ReplicaSet",
    "ReplicationController",
];

/// `Kind "name"` (or `Kind`) for messages.
pub fn describe(obj: &K8sObject<'_, '_>) -> String {
    match obj.name() {
        Some(n) => [obj.kind, " \"", n, "\""].concat(),
        None => obj.kind.to_string(),
    }
}

/// `Kind "name"` for a fact.
pub fn describe_fact(f: &K8sObjectFact) -> String {
    match &f.name {
        Some(n) => [f.kind.as_str(), " \"", n, "\""].concat(),
        None => f.kind.clone(),
    }
}

/// `spec.replicas` as an integer, with its node.
pub fn replicas<'t, 'a>(obj: &K8sObject<'t, 'a>) -> Option<(i64, &'t Node<'a>)> {
    let n = obj.node.path(&["spec", "replicas"])?;
    Some((n.as_i64()?, n))
}

/// The labels of a mapping node (`key: value` scalars only).
fn string_map(node: Option<&Node<'_>>) -> Vec<(String, String)> {
    node.and_then(Node::as_map)
        .unwrap_or(&[])
        .iter()
        .filter_map(|e| Some((e.key.as_str()?.to_string(), e.value.as_str()?.to_string())))
        .collect()
}

/// A `LabelSelector` (`matchLabels` + `matchExpressions`) or, with `plain`, a
/// Service-style map of labels.
pub fn selector(
    file: &SourceFile,
    parent: &Node<'_>,
    key: &str,
    plain: bool,
) -> Option<SelectorFact> {
    let e = parent.entry(key)?;
    let loc = file.loc(e.key.span);
    if plain {
        return Some(SelectorFact {
            match_labels: string_map(Some(&e.value)),
            expressions: Vec::new(),
            loc,
        });
    }
    let expressions = e
        .value
        .seq_items("matchExpressions")
        .iter()
        .filter_map(|x| {
            Some((
                x.get_str("key")?.to_string(),
                x.get_str("operator")?.to_string(),
                x.seq_items("values")
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect(),
            ))
        })
        .collect();
    Some(SelectorFact {
        match_labels: string_map(e.value.get("matchLabels")),
        expressions,
        loc,
    })
}

fn scalar_string(n: &Node<'_>) -> Option<String> {
    n.as_str().map(str::to_owned)
}

fn push_ref(
    file: &SourceFile,
    refs: &mut Vec<ObjectRefFact>,
    kind: &str,
    name_node: Option<&Node<'_>>,
    optional: Option<&Node<'_>>,
) {
    let Some(n) = name_node else { return };
    let Some(name) = n.as_str().filter(|s| !s.is_empty()) else {
        return;
    };
    refs.push(ObjectRefFact {
        kind: kind.to_string(),
        name: name.to_string(),
        port: None,
        loc: file.loc(n.span),
        optional: optional.and_then(Node::as_bool).unwrap_or(false),
    });
}

/// The facts of one object.
pub fn object_fact(file: &SourceFile, obj: &K8sObject<'_, '_>) -> K8sObjectFact {
    let spec = obj.node.get("spec");
    let mut f = K8sObjectFact {
        path: file.path.clone(),
        api_version: obj.api_version.to_string(),
        kind: obj.kind.to_string(),
        name: obj.name().map(str::to_owned),
        namespace: obj.namespace().map(str::to_owned),
        anchor: file.loc(obj.anchor_span()),
        spec_key: obj.node.entry("spec").map(|e| file.loc(e.key.span)),
        pod_labels: Vec::new(),
        selector: None,
        replicas: replicas(obj).map(|(n, node)| (n, file.loc(node.span))),
        containers: Vec::new(),
        target_ports: Vec::new(),
        refs: Vec::new(),
        service_ports: Vec::new(),
        min_available: None,
        max_unavailable: None,
        utilization_metrics: Vec::new(),
        peer_selectors: Vec::new(),
        headless: false,
    };
    if obj.is_workload() {
        let template_meta: &[&str] = match obj.kind {
            "Pod" => &["metadata"],
            "CronJob" => &["spec", "jobTemplate", "spec", "template", "metadata"],
            "PodTemplate" => &["template", "metadata"],
            _ => &["spec", "template", "metadata"],
        };
        f.pod_labels = string_map(obj.node.path(template_meta).and_then(|m| m.get("labels")));
        if !matches!(obj.kind, "Pod" | "PodTemplate" | "CronJob") {
            let plain = obj.kind == "ReplicationController";
            f.selector = spec.and_then(|s| selector(file, s, "selector", plain));
        }
    }
    if let Some(pod) = obj.pod_spec() {
        if obj.kind == "StatefulSet" {
            push_ref(
                file,
                &mut f.refs,
                "Service",
                spec.and_then(|s| s.get("serviceName")),
                None,
            );
        }
        let sa = pod
            .node
            .get("serviceAccountName")
            .or_else(|| pod.node.get("serviceAccount"));
        push_ref(file, &mut f.refs, "ServiceAccount", sa, None);
        for v in pod.node.seq_items("volumes") {
            if let Some(cm) = v.get("configMap") {
                push_ref(
                    file,
                    &mut f.refs,
                    "ConfigMap",
                    cm.get("name"),
                    cm.get("optional"),
                );
            }
            if let Some(s) = v.get("secret") {
                push_ref(
                    file,
                    &mut f.refs,
                    "Secret",
                    s.get("secretName"),
                    s.get("optional"),
                );
            }
            if let Some(c) = v.get("persistentVolumeClaim") {
                push_ref(
                    file,
                    &mut f.refs,
                    "PersistentVolumeClaim",
                    c.get("claimName"),
                    None,
                );
            }
            for src in v
                .path(&["projected", "sources"])
                .and_then(Node::as_seq)
                .unwrap_or(&[])
            {
                if let Some(cm) = src.get("configMap") {
                    push_ref(
                        file,
                        &mut f.refs,
                        "ConfigMap",
                        cm.get("name"),
                        cm.get("optional"),
                    );
                }
                if let Some(s) = src.get("secret") {
                    push_ref(
                        file,
                        &mut f.refs,
                        "Secret",
                        s.get("name"),
                        s.get("optional"),
                    );
                }
            }
        }
        for ps in pod.node.seq_items("imagePullSecrets") {
            push_ref(file, &mut f.refs, "Secret", ps.get("name"), None);
        }
        for c in pod.containers() {
            for env in c.node.seq_items("env") {
                if let Some(r) = env.path(&["valueFrom", "configMapKeyRef"]) {
                    push_ref(
                        file,
                        &mut f.refs,
                        "ConfigMap",
                        r.get("name"),
                        r.get("optional"),
                    );
                }
                if let Some(r) = env.path(&["valueFrom", "secretKeyRef"]) {
                    push_ref(
                        file,
                        &mut f.refs,
                        "Secret",
                        r.get("name"),
                        r.get("optional"),
                    );
                }
            }
            for ef in c.node.seq_items("envFrom") {
                if let Some(r) = ef.get("configMapRef") {
                    push_ref(
                        file,
                        &mut f.refs,
                        "ConfigMap",
                        r.get("name"),
                        r.get("optional"),
                    );
                }
                if let Some(r) = ef.get("secretRef") {
                    push_ref(
                        file,
                        &mut f.refs,
                        "Secret",
                        r.get("name"),
                        r.get("optional"),
                    );
                }
            }
            if c.kind != ContainerKind::Container {
                continue;
            }
            f.containers.push(K8sContainerFact {
                name: c.name().map(str::to_owned),
                loc: file.loc(c.anchor_span()),
                ports: c
                    .node
                    .seq_items("ports")
                    .iter()
                    .map(|p| {
                        (
                            p.get_str("name").map(str::to_owned),
                            p.get("containerPort").and_then(Node::as_i64),
                        )
                    })
                    .collect(),
                has_readiness: c.node.get("readinessProbe").is_some(),
                requests: c
                    .node
                    .path(&["resources", "requests"])
                    .and_then(Node::as_map)
                    .unwrap_or(&[])
                    .iter()
                    .filter_map(|e| e.key.as_str().map(str::to_owned))
                    .collect(),
            });
        }
        return f;
    }
    if obj.is_workload() {
        return f;
    }
    let Some(spec) = spec else {
        f.pod_labels = string_map(obj.node.path(&["metadata", "labels"]));
        return f;
    };
    match obj.kind {
        "Service" => {
            f.selector = selector(file, spec, "selector", true);
            f.headless = spec.get_str("clusterIP") == Some("None");
            for p in spec.seq_items("ports") {
                f.service_ports.push((
                    p.get_str("name").map(str::to_owned),
                    p.get("port").and_then(Node::as_i64),
                ));
                if let Some(t) = p.get("targetPort") {
                    if let Some(v) = scalar_string(t) {
                        f.target_ports.push((v, file.loc(t.span)));
                    }
                }
            }
        }
        "PodDisruptionBudget" => {
            f.selector = selector(file, spec, "selector", false);
            f.min_available = spec
                .get("minAvailable")
                .and_then(|n| Some((scalar_string(n)?, file.loc(n.span))));
            f.max_unavailable = spec
                .get("maxUnavailable")
                .and_then(|n| Some((scalar_string(n)?, file.loc(n.span))));
        }
        "NetworkPolicy" => {
            f.selector = selector(file, spec, "podSelector", false);
            for (dir, peers) in [("ingress", "from"), ("egress", "to")] {
                for rule in spec.seq_items(dir) {
                    for peer in rule.seq_items(peers) {
                        if peer.get("namespaceSelector").is_some() {
                            continue;
                        }
                        f.peer_selectors
                            .extend(selector(file, peer, "podSelector", false));
                    }
                }
            }
        }
        "HorizontalPodAutoscaler" => {
            if let Some(e) = spec.entry("targetCPUUtilizationPercentage") {
                f.utilization_metrics
                    .push(("cpu".into(), file.loc(e.key.span)));
            }
            for m in spec.seq_items("metrics") {
                // v2: resource.target.type Utilization; v2beta1: resource.targetAverageUtilization
                let Some(r) = m.get("resource").or_else(|| m.get("containerResource")) else {
                    continue;
                };
                let utilization = r.path(&["target", "type"]).and_then(Node::as_str)
                    == Some("Utilization")
                    || r.get("targetAverageUtilization").is_some();
                if let (true, Some(n)) = (utilization, r.get("name")) {
                    if let Some(name) = n.as_str() {
                        f.utilization_metrics
                            .push((name.to_string(), file.loc(n.span)));
                    }
                }
            }
            if let Some(t) = spec.get("scaleTargetRef") {
                if let (Some(kind), Some(name)) = (t.get_str("kind"), t.get("name")) {
                    if let Some(n) = name.as_str() {
                        f.refs.push(ObjectRefFact {
                            kind: kind.to_string(),
                            name: n.to_string(),
                            port: None,
                            loc: file.loc(name.span),
                            optional: false,
                        });
                    }
                }
            }
        }
        "Ingress" => {
            let mut backends: Vec<&Node<'_>> = Vec::new();
            backends.extend(spec.get("defaultBackend").or_else(|| spec.get("backend")));
            for rule in spec.seq_items("rules") {
                for p in rule
                    .path(&["http", "paths"])
                    .and_then(Node::as_seq)
                    .unwrap_or(&[])
                {
                    backends.extend(p.get("backend"));
                }
            }
            for b in backends {
                // networking.k8s.io/v1: backend.service.{name, port.{number|name}};
                // v1beta1: backend.{serviceName, servicePort}
                let (name, port) = match b.get("service") {
                    Some(s) => (
                        s.get("name"),
                        s.get("port")
                            .and_then(|p| p.get("number").or_else(|| p.get("name"))),
                    ),
                    None => (b.get("serviceName"), b.get("servicePort")),
                };
                if let Some(n) = name {
                    if let Some(sn) = n.as_str() {
                        f.refs.push(ObjectRefFact {
                            kind: "Service".into(),
                            name: sn.to_string(),
                            port: port.and_then(|p| Some((scalar_string(p)?, file.loc(p.span)))),
                            loc: file.loc(n.span),
                            optional: false,
                        });
                    }
                }
            }
        }
        _ => {}
    }
    f.pod_labels = string_map(obj.node.path(&["metadata", "labels"]));
    f
}

/// The objects of one kind, in order (from the project's index: the cost is the
/// objects of that kind, not every object).
pub fn objects_of_kind<'p>(
    project: &'p crate::rules::Project,
    kind: &str,
) -> impl Iterator<Item = &'p K8sObjectFact> + 'p {
    project
        .k8s_index()
        .by_kind
        .get(kind)
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .filter_map(|&i| project.k8s_objects.get(i))
}

/// The HorizontalPodAutoscalers whose `scaleTargetRef` names this object.
///
/// With `near_only`, only autoscalers in the target's directory or one above or below it
/// (see [`nearby`]): for findings that the autoscaler's presence causes.
pub fn scaling_hpas<'p>(
    project: &'p crate::rules::Project,
    target: &'p K8sObjectFact,
    near_only: bool,
) -> impl Iterator<Item = &'p K8sObjectFact> + 'p {
    // the reference first: it rejects almost every autoscaler, without an allocation
    objects_of_kind(project, "HorizontalPodAutoscaler").filter(move |h| {
        h.refs
            .iter()
            .any(|r| r.kind == target.kind && Some(&r.name) == target.name.as_ref())
            && crate::rules::project::namespaces_meet(&h.namespace, &target.namespace)
            && (!near_only || nearby(&h.path, &target.path))
    })
}

/// Whether the repository has kustomizations (which may set `replicas`, namespaces,
/// labels and names at render time).
pub fn has_kustomizations(project: &crate::rules::Project) -> bool {
    project
        .files
        .iter()
        .any(|f| f.kind == crate::discovery::FileKind::Kustomization)
}

/// Where findings about a missing `spec` field point: the `spec:` key, else the
/// object's anchor.
pub fn spec_key_span(obj: &K8sObject<'_, '_>) -> crate::source::Span {
    obj.node
        .entry("spec")
        .map_or_else(|| obj.anchor_span(), |e| e.key.span)
}

/// An `IntOrString` count resolved against `total` pods: `2` → 2, `"25%"` → 6 of 25
/// (rounded down, or up with `round_up`, as the controllers do). `None` when malformed.
pub fn int_or_percent(value: &str, total: i64, round_up: bool) -> Option<i64> {
    let v = value.trim();
    if let Some(p) = v.strip_suffix('%') {
        let p: i64 = p.trim().parse().ok()?;
        let scaled = p.checked_mul(total)?;
        return Some(if round_up {
            (scaled + 99).div_euclid(100)
        } else {
            scaled.div_euclid(100)
        });
    }
    v.parse().ok()
}

/// The Job spec of a Job (`spec`) or CronJob (`spec.jobTemplate.spec`), and where
/// findings about its missing fields point (`spec:` of a Job, `jobTemplate:` of a CronJob).
pub fn job_spec<'t, 'a>(obj: &K8sObject<'t, 'a>) -> Option<(&'t Node<'a>, crate::source::Span)> {
    match obj.kind {
        "Job" => {
            let e = obj.node.entry("spec")?;
            e.value.is_map().then_some((&e.value, e.key.span))
        }
        "CronJob" => {
            let jt = obj.node.get("spec")?.entry("jobTemplate")?;
            let spec = jt.value.get("spec")?;
            spec.is_map().then_some((spec, jt.key.span))
        }
        _ => None,
    }
}

/// Workloads in the project whose pods `sel` (of object `owner`) selects.
pub fn selected_workloads<'p>(
    project: &'p crate::rules::Project,
    owner: &'p K8sObjectFact,
    sel: &'p SelectorFact,
) -> impl Iterator<Item = &'p K8sObjectFact> + 'p {
    let ix = project.k8s_index();
    // candidates: the workloads carrying the selector's first label (all labelled
    // workloads for a selector of expressions only)
    let candidates: &[usize] = match sel.match_labels.first() {
        Some((k, v)) => ix
            .workloads_by_label
            .get(&(k.clone(), v.clone()))
            .map_or(&[], Vec::as_slice),
        None => &ix.labelled_workloads,
    };
    candidates
        .iter()
        .filter_map(|&i| project.k8s_objects.get(i))
        .filter(move |w| w.same_namespace(owner) && sel.matches(&w.pod_labels))
}

/// Whether the project defines objects of `kind` that `owner` could refer to (same
/// namespace, or either leaves it unset). Cross-object rules only judge a reference
/// when this holds: otherwise the target may live in the cluster, not in the repository.
///
/// Only objects in the owner's directory, or a directory above or below it, count: a
/// repository of unrelated applications does not make one application's references
/// judgeable by another's objects.
pub fn defines_kind(project: &crate::rules::Project, owner: &K8sObjectFact, kind: &str) -> bool {
    project.kind_dirs(kind).is_some_and(|dirs| dirs.near(owner))
}

/// Whether two files are in the same directory, or one's directory contains the other.
pub fn nearby(a: &str, b: &str) -> bool {
    // allocation-free: called for pairs of objects by the cross-object rules
    fn dir(p: &str) -> &str {
        p.rsplit_once('/').map_or("", |(d, _)| d)
    }
    let (da, db) = (dir(a), dir(b));
    let contains = |outer: &str, inner: &str| {
        outer.is_empty()
            || inner == outer
            || (inner.len() > outer.len()
                && inner.starts_with(outer)
                && inner.as_bytes()[outer.len()] == b'/')
    };
    contains(da, db) || contains(db, da)
}

/// Whether the project defines any workload `owner` could select.
pub fn defines_workloads(project: &crate::rules::Project, owner: &K8sObjectFact) -> bool {
    project.workload_dirs().near(owner)
}

/// The objects of `kind` named `name` that `owner` can see, the same file's first.
pub fn find_objects<'p>(
    project: &'p crate::rules::Project,
    owner: &K8sObjectFact,
    kind: &str,
    name: &str,
) -> Vec<&'p K8sObjectFact> {
    let mut found: Vec<&K8sObjectFact> = project
        .k8s_index()
        .by_kind_name
        .get(&(kind.to_string(), name.to_string()))
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .filter_map(|&i| project.k8s_objects.get(i))
        .filter(|o| o.same_namespace(owner))
        .collect();
    found.sort_by_key(|o| o.path != owner.path);
    found
}

#[cfg(test)]
mod tests {
    use super::{int_or_percent, nearby};

    #[test]
    fn nearby_directories() {
        assert!(nearby("k8s/a.yaml", "k8s/b.yaml"));
        assert!(nearby("k8s/a.yaml", "k8s/base/b.yaml"));
        assert!(nearby("a.yaml", "k8s/base/b.yaml"));
        assert!(!nearby("app1/a.yaml", "app2/b.yaml"));
        assert!(!nearby("k8s/a.yaml", "k8s2/b.yaml"));
    }

    #[test]
    fn resolves_int_or_percent() {
        assert_eq!(int_or_percent("25%", 3, false), Some(0));
        assert_eq!(int_or_percent("25%", 3, true), Some(1));
        assert_eq!(int_or_percent("50%", 4, false), Some(2));
        assert_eq!(int_or_percent("2", 4, false), Some(2));
        assert_eq!(int_or_percent("x%", 4, false), None);
    }
}
