//! The project phase: what cross-file and repository-level rules see. Each file
//! contributes small facts during its own lint; whole trees are never kept.

use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeMap;

use crate::discovery::FileKind;
use crate::source::Loc;
use crate::syntax::image::ImageRef;

pub mod helm_template_not_rendered;
pub mod mutable_tag_while_ci_pins;
pub mod non_numeric_user_with_run_as_non_root;
pub mod port_not_exposed_by_image;

/// An image a workflow builds or tags.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct BuiltImageFact {
    pub path: String,
    /// Registry and repository, lowercased, without tag.
    pub repo: String,
    /// The tag as written (may hold `${{ … }}` expressions).
    pub tag: String,
    /// The tag names one build (a commit SHA, a digest).
    pub immutable: bool,
    /// The tag operand in the workflow.
    pub loc: Loc,
}

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
    /// The USER in effect at the end of the final stage (resolved) and its operand.
    #[serde(default)]
    pub user: Option<(String, Loc)>,
    /// Ports the final stage EXPOSEs (numbers; `${VAR}` ports are left out) and where.
    #[serde(default)]
    pub expose: Vec<(u32, Loc)>,
    /// Some EXPOSE operand could not be read as a number (a variable): port checks skip
    /// this image.
    #[serde(default)]
    pub expose_unresolved: bool,
    /// The first `COPY`/`ADD` of the whole build context (`COPY . .`): its source.
    #[serde(default)]
    pub copy_all: Option<Loc>,
    /// Directories (relative to the project root) from the Dockerfile's own up to the
    /// root that hold a `.dockerignore`; filled in by the engine, not from the text.
    #[serde(default)]
    pub dockerignore_dirs: Vec<String>,
    /// A `<Dockerfile name>.dockerignore` next to the Dockerfile (BuildKit uses it
    /// whatever the context).
    #[serde(default)]
    pub own_dockerignore: bool,
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
    /// Container-side ports of `ports:` (short and long syntax) and their spans.
    #[serde(default)]
    pub container_ports: Vec<(u32, Loc)>,
    /// The `image:` value.
    #[serde(default)]
    pub image_loc: Option<Loc>,
    /// The service runs to completion (see `Service::is_one_shot`).
    #[serde(default)]
    pub one_shot: bool,
    /// Keys set (non-null) in the service body, e.g. `restart`, `read_only`.
    #[serde(default)]
    pub keys: Vec<String>,
    /// `read_only: true`.
    #[serde(default)]
    pub read_only: bool,
    /// `security_opt` holds `no-new-privileges` (`:true`).
    #[serde(default)]
    pub no_new_privileges: bool,
    /// The healthcheck `test`, joined with spaces.
    #[serde(default)]
    pub healthcheck_test: Option<String>,
    #[serde(default)]
    pub depends_on: Vec<DependsFact>,
    #[serde(default)]
    pub profiles: Vec<String>,
    /// `restart:` or `deploy.restart_policy` is set.
    #[serde(default)]
    pub restart_policy: bool,
    /// A memory or CPU limit is set (`deploy.resources.limits`, `mem_limit`, `cpus`, `cpu_quota`).
    #[serde(default)]
    pub has_limits: bool,
    /// Where a missing-limits finding points: `resources:`, else `deploy:`, else the name.
    #[serde(default)]
    pub limits_loc: Option<Loc>,
}

/// One `depends_on` entry of a compose service.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct DependsFact {
    pub target: String,
    pub condition: Option<String>,
    /// The target name as written.
    pub loc: Loc,
    /// The `condition:` value, when written.
    pub condition_loc: Option<Loc>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ContainerFact {
    pub image: String,
    pub has_probe: bool,
    #[serde(default)]
    pub name: Option<String>,
    /// The `image:` value.
    #[serde(default)]
    pub image_loc: Option<Loc>,
    /// `runAsNonRoot: true` in effect (container, else pod level): its value's span.
    #[serde(default)]
    pub run_as_non_root: Option<Loc>,
    /// `runAsUser` in effect (container or pod level).
    #[serde(default)]
    pub run_as_user: bool,
    /// Numeric `containerPort`s and numeric probe ports, with their spans.
    #[serde(default)]
    pub ports: Vec<(u32, Loc)>,
    #[serde(default)]
    pub probe_ports: Vec<(u32, Loc)>,
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

/// What a compose file refers to by path or name: `env_file`, `extends`, `include`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ComposeRefFact {
    /// The compose file (as reported).
    pub path: String,
    pub kind: ComposeRefKind,
    /// The service that holds the reference (`None` for `include`).
    pub service: Option<String>,
    /// The referenced file, resolved relative to the project root (`None`: this file).
    pub file: Option<String>,
    /// The file as written.
    pub file_raw: Option<String>,
    /// `extends.service`.
    pub target_service: Option<String>,
    /// `required: false` (env_file) was set.
    pub optional: bool,
    /// Where findings point: the path or service name as written.
    pub loc: Loc,
    /// Where the file is written, when it is not `loc` (`extends.file`).
    #[serde(default)]
    pub file_loc: Option<Loc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ComposeRefKind {
    EnvFile,
    Extends,
    Include,
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
    /// A GitHub Actions workflow.
    #[serde(default)]
    pub workflow: Option<crate::rules::workflow::WorkflowFact>,
    /// Prometheus: alerting rules, server configs, scrape targets and monitors.
    #[serde(default)]
    pub prometheus: crate::rules::prometheus::PrometheusFacts,
    /// Images the workflow builds (`docker build -t`, build-push-action tags).
    #[serde(default)]
    pub built_images: Vec<BuiltImageFact>,
    #[serde(default)]
    pub compose_refs: Vec<ComposeRefFact>,
    /// Variables a compose file interpolates without a default (first use of each).
    #[serde(default)]
    pub compose_vars: Vec<ComposeVarFact>,
    /// The variables an env file sets.
    #[serde(default)]
    pub env_file: Option<EnvFileFact>,
    /// A kustomization (filled in by the engine's kustomize pass).
    #[serde(default)]
    pub kustomization: Option<crate::syntax::kustomize::KustomizationFact>,
}

/// `${VAR}` (or `$VAR`, `${VAR:?err}`) interpolated by a compose file, with no default.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ComposeVarFact {
    pub path: String,
    pub name: String,
    pub loc: Loc,
}

/// An env file (`.env`, `.env.example`…) and the names it sets.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct EnvFileFact {
    pub path: String,
    pub keys: Vec<String>,
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
        namespaces_meet(&self.namespace, &other.namespace)
    }
}

/// Indexes over [`Project::k8s_objects`] so cross-object lookups cost the candidates,
/// not every object of the repository.
#[derive(Default)]
pub struct K8sIndex {
    /// Workloads with pod labels, by `(key, value)` of their pod template labels.
    pub workloads_by_label: FxHashMap<(String, String), Vec<usize>>,
    /// Every workload with pod labels, in order.
    pub labelled_workloads: Vec<usize>,
    /// Objects by kind, in order.
    pub by_kind: FxHashMap<String, Vec<usize>>,
    /// Objects by (kind, name), in order.
    pub by_kind_name: FxHashMap<(String, String), Vec<usize>>,
    /// For each kind: the directories holding objects of it, and every ancestor of
    /// those directories (`""` is the root), each with the namespaces seen there; built
    /// for a kind when it is first asked about (see [`Project::kind_dirs`]).
    kind_dirs: FxHashMap<String, std::sync::OnceLock<KindDirs>>,
    /// The same for every workload kind together (see [`Project::workload_dirs`]).
    workload_dirs: std::sync::OnceLock<KindDirs>,
}

/// Where the objects of one kind are (see [`Project::kind_dirs`]).
#[derive(Default)]
pub struct KindDirs {
    pub exact: FxHashMap<String, Vec<Option<String>>>,
    pub ancestors: FxHashMap<String, Vec<Option<String>>>,
}

impl KindDirs {
    fn add(&mut self, o: &K8sObjectFact) {
        // whether the namespace was new there
        let put = |m: &mut FxHashMap<String, Vec<Option<String>>>, d: &str| {
            // most directories are there already: no key is allocated for them
            let v = match m.get_mut(d) {
                Some(v) => v,
                None => m.entry(d.to_string()).or_default(),
            };
            let new = !v.contains(&o.namespace);
            if new {
                v.push(o.namespace.clone());
            }
            new
        };
        let mut d = parent_dir(&o.path);
        put(&mut self.exact, d);
        while !d.is_empty() {
            d = parent_dir(d);
            // every ancestor of a directory holding the namespace holds it already
            if !put(&mut self.ancestors, d) {
                break;
            }
        }
    }

    /// Whether an object here is `nearby` `owner` (its directory, one above or below
    /// it) in a namespace `owner` can refer to.
    pub fn near(&self, owner: &K8sObjectFact) -> bool {
        let compatible = |namespaces: Option<&Vec<Option<String>>>| {
            namespaces.is_some_and(|v| v.iter().any(|n| namespaces_meet(n, &owner.namespace)))
        };
        let mut d = parent_dir(&owner.path);
        if compatible(self.ancestors.get(d)) {
            return true;
        }
        loop {
            if compatible(self.exact.get(d)) {
                return true;
            }
            if d.is_empty() {
                return false;
            }
            d = parent_dir(d);
        }
    }
}

/// Two objects' namespaces let them refer to each other: equal, or one is unset (set at
/// deploy time).
pub fn namespaces_meet(a: &Option<String>, b: &Option<String>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}

impl K8sIndex {
    pub fn build(objects: &[K8sObjectFact]) -> K8sIndex {
        let mut ix = K8sIndex::default();
        for (i, o) in objects.iter().enumerate() {
            // most kinds are there already: their key is not cloned again
            match ix.by_kind.get_mut(o.kind.as_str()) {
                Some(v) => v.push(i),
                None => {
                    ix.by_kind.insert(o.kind.clone(), vec![i]);
                    ix.kind_dirs
                        .insert(o.kind.clone(), std::sync::OnceLock::new());
                }
            }
            if let Some(name) = &o.name {
                ix.by_kind_name
                    .entry((o.kind.clone(), name.clone()))
                    .or_default()
                    .push(i);
            }
            if o.is_workload() && !o.pod_labels.is_empty() {
                ix.labelled_workloads.push(i);
                for (k, v) in &o.pod_labels {
                    ix.workloads_by_label
                        .entry((k.clone(), v.clone()))
                        .or_default()
                        .push(i);
                }
            }
        }
        ix
    }
}

/// Compose services by (directory of their file, service name).
pub type ComposeDirIndex = FxHashMap<(String, String), Vec<usize>>;

/// The directory part of a `/`-separated relative path (`""` at the root).
fn parent_dir(path: &str) -> &str {
    memchr::memrchr(b'/', path.as_bytes()).map_or("", |i| &path[..i])
}

/// Dockerfiles by path relative to the root.
#[derive(Default)]
pub struct DockerfileIndex {
    pub by_rel: FxHashMap<String, Vec<usize>>,
}

/// See [`Project::orchestrator_checks`].
#[derive(Default)]
pub struct HealthChecked {
    pub built_by_service: FxHashSet<String>,
    pub short_names: FxHashSet<String>,
}

/// What `Project::dockerfiles_for_image` looks up, indexed.
#[derive(Default)]
pub struct ImageIndex {
    pub services_by_image: FxHashMap<String, Vec<usize>>,
    pub dockerfiles_by_dir_name: FxHashMap<String, Vec<usize>>,
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
    /// GitHub Actions workflows.
    pub workflows: Vec<crate::rules::workflow::WorkflowFact>,
    /// Prometheus facts of every file (alerts with their runbook URLs, server configs,
    /// scrape targets, ServiceMonitors/PodMonitors and Services).
    pub prometheus: crate::rules::prometheus::PrometheusFacts,
    /// The paths were given as files (pre-commit style), not a directory.
    pub files_only: bool,
    /// Kubernetes objects of every kind.
    pub k8s_objects: Vec<K8sObjectFact>,
    /// Images workflows build, with their tags.
    pub built_images: Vec<BuiltImageFact>,
    /// `env_file`, `extends` and `include` references of compose files.
    pub compose_refs: Vec<ComposeRefFact>,
    /// Variables compose files interpolate without a default.
    pub compose_vars: Vec<ComposeVarFact>,
    /// Env files and the names they set.
    pub env_files: Vec<EnvFileFact>,
    /// `compose_merged_services` as indices into `compose_services`, computed once.
    pub compose_merged_index: std::sync::OnceLock<Vec<(usize, Vec<usize>)>>,
    /// Indexes over `k8s_objects` for the cross-object rules, built once.
    pub k8s_index: std::sync::OnceLock<K8sIndex>,
    /// Compose services by image and Dockerfiles by directory name, built once.
    pub image_index: std::sync::OnceLock<ImageIndex>,
    /// Compose services by (directory, name): the services compose may merge or refer
    /// to across a base file and its override, built once.
    pub compose_by_dir_name: std::sync::OnceLock<ComposeDirIndex>,
    /// Dockerfiles by relative path, built once.
    pub dockerfile_index: std::sync::OnceLock<DockerfileIndex>,
    /// What orchestrators health-check, built once.
    pub health_checked: std::sync::OnceLock<HealthChecked>,
    /// Kustomizations and what their references resolve to.
    pub kustomizations: Vec<crate::syntax::kustomize::KustomizationFact>,
}

impl Project {
    /// The indexes over the Kubernetes objects (built on first use).
    pub fn k8s_index(&self) -> &K8sIndex {
        self.k8s_index
            .get_or_init(|| K8sIndex::build(&self.k8s_objects))
    }

    /// Where the objects of `kind` are (built on first use for that kind); `None` when
    /// the project has none.
    pub fn kind_dirs(&self, kind: &str) -> Option<&KindDirs> {
        let ix = self.k8s_index();
        let cell = ix.kind_dirs.get(kind)?;
        Some(cell.get_or_init(|| {
            let mut dirs = KindDirs::default();
            for &i in ix.by_kind.get(kind).map_or(&[][..], Vec::as_slice) {
                if let Some(o) = self.k8s_objects.get(i) {
                    dirs.add(o);
                }
            }
            dirs
        }))
    }

    /// Where the workloads are, every workload kind together (built on first use).
    pub fn workload_dirs(&self) -> &KindDirs {
        self.k8s_index().workload_dirs.get_or_init(|| {
            let mut dirs = KindDirs::default();
            for o in self.k8s_objects.iter().filter(|o| o.is_workload()) {
                dirs.add(o);
            }
            dirs
        })
    }

    /// Anything that deploys a service: a Kubernetes workload or a compose service.
    pub fn has_deployables(&self) -> bool {
        !self.workloads.is_empty() || !self.compose_services.is_empty()
    }

    /// Dockerfiles that build `image`, by the documented heuristic: a compose service
    /// whose `build` context holds the Dockerfile and whose `image` is this image, or a
    /// Dockerfile whose directory is named like the image's last path component.
    pub fn dockerfiles_for_image(&self, image: &str) -> Vec<&DockerfileFact> {
        let ix = self.image_index.get_or_init(|| {
            let mut ix = ImageIndex::default();
            for (i, svc) in self.compose_services.iter().enumerate() {
                if let Some(img) = &svc.image {
                    ix.services_by_image.entry(img.clone()).or_default().push(i);
                }
            }
            for (i, df) in self.dockerfiles.iter().enumerate() {
                let dir_name = df.dir.rsplit('/').next().unwrap_or("");
                if !dir_name.is_empty() {
                    ix.dockerfiles_by_dir_name
                        .entry(dir_name.to_ascii_lowercase())
                        .or_default()
                        .push(i);
                }
            }
            ix
        });
        let short = ImageRef::parse(image).short_name().to_ascii_lowercase();
        let mut out: Vec<&DockerfileFact> = Vec::new();
        for &i in ix
            .services_by_image
            .get(image)
            .map_or(&[][..], Vec::as_slice)
        {
            if let Some(svc) = self.compose_services.get(i) {
                out.extend(self.dockerfiles_for_service(svc));
            }
        }
        for &i in ix
            .dockerfiles_by_dir_name
            .get(&short)
            .map_or(&[][..], Vec::as_slice)
        {
            if let Some(df) = self.dockerfiles.get(i) {
                if !out.iter().any(|d| d.path == df.path) {
                    out.push(df);
                }
            }
        }
        out
    }

    /// The compose services compose merges into one: `svc` itself and the service of
    /// the same name in `docker-compose.override.yml`/`compose.override.yaml` beside it
    /// (or, for an override file, in the base file beside it).
    pub fn compose_merged<'p>(
        &'p self,
        svc: &'p ComposeServiceFact,
    ) -> impl Iterator<Item = &'p ComposeServiceFact> + 'p {
        self.compose_beside(&svc.path, &svc.name)
            .filter(move |o| files_merge(&svc.path, &o.path))
    }

    /// The compose services named `name` in the directory of the file `path`, in order
    /// (indexed once): the only ones compose can merge with or refer to from there.
    fn compose_beside<'p>(
        &'p self,
        path: &str,
        name: &str,
    ) -> impl Iterator<Item = &'p ComposeServiceFact> + 'p {
        self.compose_beside_ix(path, name)
            .iter()
            .filter_map(|&i| self.compose_services.get(i))
    }

    /// [`Self::compose_beside`] as indices into `compose_services`.
    fn compose_beside_ix(&self, path: &str, name: &str) -> &[usize] {
        let ix = self.compose_by_dir_name.get_or_init(|| {
            let mut m = ComposeDirIndex::default();
            for (i, s) in self.compose_services.iter().enumerate() {
                m.entry((parent_dir(&s.path).to_string(), s.name.clone()))
                    .or_default()
                    .push(i);
            }
            m
        });
        ix.get(&(parent_dir(path).to_string(), name.to_string()))
            .map_or(&[][..], Vec::as_slice)
    }

    /// The services "missing X" rules judge, with the merged set compose builds for
    /// each: services of override files whose base defines them are judged with the
    /// base, and services using `extends` (their settings come from elsewhere) are
    /// left out. The merged set lists the base file's service first.
    pub fn compose_merged_services(&self) -> Vec<(&ComposeServiceFact, Vec<&ComposeServiceFact>)> {
        // computed once (as indices) for the many compose rules that ask
        let merged = self.compose_merged_index.get_or_init(|| {
            self.compose_services
                .iter()
                .enumerate()
                .filter(|(_, s)| !self.compose_is_override_of_base(s))
                .map(|(i, s)| {
                    let mut m: Vec<usize> = self
                        .compose_beside_ix(&s.path, &s.name)
                        .iter()
                        .copied()
                        .filter(|&j| {
                            self.compose_services
                                .get(j)
                                .is_some_and(|o| files_merge(&s.path, &o.path))
                        })
                        .collect();
                    // base first, override last (it wins)
                    m.sort_by_key(|&j| {
                        self.compose_services
                            .get(j)
                            .is_some_and(|x| x.path.contains(".override."))
                    });
                    (i, m)
                })
                .filter(|(_, m)| {
                    !m.iter().any(|&j| {
                        self.compose_services
                            .get(j)
                            .is_some_and(|x| x.keys.iter().any(|k| k == "extends"))
                    })
                })
                .collect()
        });
        merged
            .iter()
            .filter_map(|(i, m)| {
                let s = self.compose_services.get(*i)?;
                let m: Vec<_> = m
                    .iter()
                    .filter_map(|j| self.compose_services.get(*j))
                    .collect();
                Some((s, m))
            })
            .collect()
    }

    /// Whether a service is an override-file service whose base file (beside it) also
    /// defines it: findings about missing settings belong to the base file.
    pub fn compose_is_override_of_base(&self, svc: &ComposeServiceFact) -> bool {
        self.compose_beside(&svc.path, &svc.name)
            .any(|o| is_override_pair(&o.path, &svc.path))
    }

    /// The services named `name` that `from` can refer to: in its file, or in the
    /// base/override file compose merges with it.
    pub fn compose_targets<'p>(
        &'p self,
        from: &'p ComposeServiceFact,
        name: &'p str,
    ) -> impl Iterator<Item = &'p ComposeServiceFact> + 'p {
        self.compose_beside(&from.path, name)
            .filter(move |o| files_merge(&from.path, &o.path))
    }

    /// Whether compose knows the service is healthy: a healthcheck (not disabled) in the
    /// file or its override, or a `HEALTHCHECK` in the Dockerfile it builds from.
    pub fn compose_health_known(&self, svcs: &[&ComposeServiceFact]) -> bool {
        let defined = svcs
            .iter()
            .any(|s| s.has_healthcheck && !s.healthcheck_disabled);
        let disabled = svcs.iter().any(|s| s.healthcheck_disabled);
        defined
            || (!disabled
                && svcs.iter().any(|s| {
                    self.dockerfiles_for_service(s)
                        .iter()
                        .any(|d| d.healthcheck == Some(true))
                }))
    }

    /// Service names defined by compose files in the same directory as `path` (files
    /// there are commonly combined with `-f`, and overrides merge automatically).
    pub fn compose_defines_beside(&self, path: &str, name: &str) -> bool {
        !self.compose_beside_ix(path, name).is_empty()
    }

    /// The Dockerfile a compose service builds from.
    pub fn dockerfiles_for_service(&self, svc: &ComposeServiceFact) -> Vec<&DockerfileFact> {
        let Some(dir) = &svc.build_dir else {
            return Vec::new();
        };
        let file = svc.dockerfile.as_deref().unwrap_or("Dockerfile");
        let want = normalize(&join(dir, file));
        self.dockerfile_index()
            .by_rel
            .get(&want)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter_map(|&i| self.dockerfiles.get(i))
            .collect()
    }

    /// The lookups over Dockerfiles the project rules make (built on first use).
    fn dockerfile_index(&self) -> &DockerfileIndex {
        self.dockerfile_index.get_or_init(|| {
            let mut ix = DockerfileIndex::default();
            for (i, d) in self.dockerfiles.iter().enumerate() {
                ix.by_rel.entry(d.rel.clone()).or_default().push(i);
            }
            ix
        })
    }

    /// What [`Self::orchestrator_checks`] looks up: the Dockerfiles a health-checked
    /// compose service builds, and the short image names health-checked by a probe or
    /// a compose healthcheck (lowercase).
    fn health_checked(&self) -> &HealthChecked {
        self.health_checked.get_or_init(|| {
            let mut hc = HealthChecked::default();
            let checked = self
                .compose_services
                .iter()
                .filter(|s| s.has_healthcheck && !s.healthcheck_disabled);
            for s in checked {
                for d in self.dockerfiles_for_service(s) {
                    hc.built_by_service.insert(d.path.clone());
                }
                if let Some(i) = &s.image {
                    hc.short_names
                        .insert(ImageRef::parse(i).short_name().to_ascii_lowercase());
                }
            }
            for c in self.workloads.iter().flat_map(|w| &w.containers) {
                if c.has_probe {
                    hc.short_names
                        .insert(ImageRef::parse(&c.image).short_name().to_ascii_lowercase());
                }
            }
            hc
        })
    }

    /// Whether the image is health-checked by an orchestrator: a compose service using
    /// it (by `image` or `build`) has a healthcheck, or a k8s container running it has a probe.
    pub fn orchestrator_checks(&self, df: &DockerfileFact) -> bool {
        let hc = self.health_checked();
        if hc.built_by_service.contains(&df.path) {
            return true;
        }
        let dir_name = df.dir.rsplit('/').next().unwrap_or("").to_ascii_lowercase();
        !dir_name.is_empty() && hc.short_names.contains(&dir_name)
    }
}

/// Compose merges the two files: the same file, or a base file and its override.
fn files_merge(a: &str, b: &str) -> bool {
    a == b || is_override_pair(a, b) || is_override_pair(b, a)
}

/// `other` is the `*.override.*` compose file beside the base file `base`.
pub fn is_override_pair(base: &str, other: &str) -> bool {
    let (bd, bf) = base.rsplit_once('/').unwrap_or(("", base));
    let (od, of) = other.rsplit_once('/').unwrap_or(("", other));
    bd == od && !bf.contains(".override.") && of.contains(".override.")
}

/// Join two `/`-separated relative paths.
pub fn join(dir: &str, file: &str) -> String {
    if dir.is_empty() || file.starts_with('/') {
        file.to_string()
    } else {
        [dir, "/", file].concat()
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
