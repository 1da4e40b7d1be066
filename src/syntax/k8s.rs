//! Typed views over located YAML for Kubernetes objects: objects (multi-document files
//! and `kind: List` items), pod specs of every workload kind, and containers.

use super::yaml::{Node, Yaml};
use crate::source::Span;

/// Kinds that carry a pod spec, and where it is.
pub const WORKLOAD_KINDS: &[&str] = &[
    "Pod",
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "ReplicationController",
    "Job",
    "CronJob",
    "PodTemplate",
    // OpenShift (`apps.openshift.io/v1`): pod template at `spec.template`
    "DeploymentConfig",
];

#[derive(Clone, Copy)]
pub struct K8sObject<'t, 'a> {
    pub node: &'t Node<'a>,
    pub api_version: &'t str,
    pub kind: &'t str,
    pub doc_index: usize,
    /// Index inside a `kind: List`.
    pub list_index: Option<usize>,
    /// The pod template spec, found once (see [`K8sObject::pod_spec`]): most rules ask.
    pod: Option<PodSpec<'t, 'a>>,
    /// Whether `kind` is a workload kind, decided once: every rule's scope asks.
    workload: bool,
}

impl<'t, 'a> K8sObject<'t, 'a> {
    pub fn name(&self) -> Option<&'t str> {
        self.node.path(&["metadata", "name"])?.as_str()
    }

    pub fn namespace(&self) -> Option<&'t str> {
        self.node.path(&["metadata", "namespace"])?.as_str()
    }

    /// The span to point at for object-level findings: `metadata.name`'s value, else `kind`.
    pub fn anchor_span(&self) -> Span {
        if let Some(n) = self.node.path(&["metadata", "name"]) {
            return n.span;
        }
        self.node
            .entry("kind")
            .map_or(self.node.span, |e| e.value.span)
    }

    pub fn is_workload(&self) -> bool {
        self.workload
    }

    /// Job and CronJob pods run to completion.
    pub fn is_batch(&self) -> bool {
        matches!(self.kind, "Job" | "CronJob")
    }

    /// An object at `node`, its pod template spec looked up once.
    pub fn new(
        node: &'t Node<'a>,
        api_version: &'t str,
        kind: &'t str,
        doc_index: usize,
        list_index: Option<usize>,
    ) -> Self {
        let mut o = K8sObject {
            node,
            api_version,
            kind,
            doc_index,
            list_index,
            pod: None,
            workload: WORKLOAD_KINDS.contains(&kind),
        };
        o.pod = o.find_pod_spec();
        o
    }

    /// The pod template spec (or the Pod's spec).
    pub fn pod_spec(&self) -> Option<PodSpec<'t, 'a>> {
        self.pod
    }

    fn find_pod_spec(&self) -> Option<PodSpec<'t, 'a>> {
        let (spec, meta) = match self.kind {
            "Pod" => (self.node.get("spec")?, self.node.get("metadata")),
            "Deployment"
            | "StatefulSet"
            | "DaemonSet"
            | "ReplicaSet"
            | "ReplicationController"
            | "Job" => {
                let t = self.node.path(&["spec", "template"])?;
                (t.get("spec")?, t.get("metadata"))
            }
            "CronJob" => {
                let t = self
                    .node
                    .path(&["spec", "jobTemplate", "spec", "template"])?;
                (t.get("spec")?, t.get("metadata"))
            }
            "PodTemplate" => {
                let t = self.node.get("template")?;
                (t.get("spec")?, t.get("metadata"))
            }
            "DeploymentConfig"
                if self.api_version.starts_with("apps.openshift.io/")
                    || self.api_version == "v1" =>
            {
                let t = self.node.path(&["spec", "template"])?;
                (t.get("spec")?, t.get("metadata"))
            }
            _ => return None,
        };
        spec.is_map().then(|| PodSpec {
            node: spec,
            metadata: meta,
            lists: CONTAINER_KINDS.map(|k| spec.seq_items(k.list_key())),
        })
    }
}

/// Every Kubernetes object in a YAML stream (documents with `apiVersion` and `kind`,
/// and the items of `kind: List`).
pub fn objects<'t, 'a>(yaml: &'t Yaml<'a>) -> Vec<K8sObject<'t, 'a>> {
    let mut out = Vec::new();
    for doc in &yaml.docs {
        let Some(root) = &doc.root else { continue };
        let Some(obj) = as_object(root, doc.index, None) else {
            continue;
        };
        if obj.kind == "List" || obj.kind.ends_with("List") && root.get("items").is_some() {
            for (i, item) in root.seq_items("items").iter().enumerate() {
                if let Some(o) = as_object(item, doc.index, Some(i)) {
                    out.push(o);
                }
            }
        } else {
            out.push(obj);
        }
    }
    out
}

fn as_object<'t, 'a>(
    node: &'t Node<'a>,
    doc_index: usize,
    list_index: Option<usize>,
) -> Option<K8sObject<'t, 'a>> {
    Some(K8sObject::new(
        node,
        node.get_str("apiVersion")?,
        node.get_str("kind")?,
        doc_index,
        list_index,
    ))
}

/// True when some document of the stream is a Kubernetes object.
pub fn looks_like_k8s(yaml: &Yaml<'_>) -> bool {
    yaml.docs.iter().any(|d| {
        d.root
            .as_ref()
            .is_some_and(|r| r.get_str("apiVersion").is_some() && r.get_str("kind").is_some())
    })
}

#[derive(Clone, Copy)]
pub struct PodSpec<'t, 'a> {
    pub node: &'t Node<'a>,
    /// The pod template's metadata (labels, annotations).
    pub metadata: Option<&'t Node<'a>>,
    /// The `containers`, `initContainers` and `ephemeralContainers` lists, looked up
    /// once: most rules walk them.
    lists: [&'t [Node<'a>]; 3],
}

/// The container lists of a pod spec, in [`PodSpec::containers`]' order.
const CONTAINER_KINDS: [ContainerKind; 3] = [
    ContainerKind::Container,
    ContainerKind::Init,
    ContainerKind::Ephemeral,
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContainerKind {
    Container,
    Init,
    Ephemeral,
}

impl ContainerKind {
    pub fn list_key(self) -> &'static str {
        match self {
            ContainerKind::Container => "containers",
            ContainerKind::Init => "initContainers",
            ContainerKind::Ephemeral => "ephemeralContainers",
        }
    }

    pub fn noun(self) -> &'static str {
        match self {
            ContainerKind::Container => "container",
            ContainerKind::Init => "init container",
            ContainerKind::Ephemeral => "ephemeral container",
        }
    }
}

#[derive(Clone, Copy)]
pub struct Container<'t, 'a> {
    pub node: &'t Node<'a>,
    pub kind: ContainerKind,
}

impl<'t, 'a> PodSpec<'t, 'a> {
    pub fn containers(&self) -> impl Iterator<Item = Container<'t, 'a>> + 't {
        CONTAINER_KINDS
            .into_iter()
            .zip(self.lists)
            .flat_map(|(kind, items)| {
                items
                    .iter()
                    .filter(|c| c.is_map())
                    .map(move |c| Container { node: c, kind })
            })
    }

    pub fn security_context(&self) -> Option<&'t Node<'a>> {
        self.node.get("securityContext")
    }
}

impl<'t, 'a> Container<'t, 'a> {
    pub fn name(&self) -> Option<&'t str> {
        self.node.get_str("name")
    }

    /// Where findings about a missing field of this container point: its `name:` key,
    /// else the start of the container's mapping.
    pub fn anchor_span(&self) -> Span {
        match self.node.entry("name") {
            Some(e) => e.key.span,
            None => match self.node.as_map().and_then(|m| m.first()) {
                Some(first) => first.key.span,
                None => self.node.span,
            },
        }
    }

    /// `name "x"` or `the container` for messages.
    pub fn describe(&self) -> String {
        match self.name() {
            // concatenated, not `format!`: most container findings' messages start so
            Some(n) => [self.kind.noun(), " \"", n, "\""].concat(),
            None => self.kind.noun().to_string(),
        }
    }

    pub fn image(&self) -> Option<&'t Node<'a>> {
        self.node.get("image")
    }

    pub fn security_context(&self) -> Option<&'t Node<'a>> {
        self.node.get("securityContext")
    }
}

/// A security-context field resolved with Kubernetes precedence: the container's value
/// wins, else the pod's. Returns the node that decided it.
pub fn effective_security_field<'t, 'a>(
    pod: &PodSpec<'t, 'a>,
    container: &Container<'t, 'a>,
    field: &str,
) -> Option<&'t Node<'a>> {
    container
        .security_context()
        .and_then(|sc| sc.get(field))
        .or_else(|| pod.security_context().and_then(|sc| sc.get(field)))
}
