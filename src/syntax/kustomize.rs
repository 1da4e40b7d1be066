//! Kustomize: a typed view over a located `kustomization.yaml`, the facts the project
//! phase needs about it, and the tree operations rendering uses (strategic-merge and
//! JSON 6902 patches, image, replica, namespace, name and label transformers).
//!
//! Rendered trees are owned [`Node`]s whose spans live in a *virtual address space*:
//! every source file gets a base offset, so one span says both which file and which
//! bytes a value came from (see `engine::kustomize`).

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::image::ImageRef;
use super::yaml::{Entry, Node, Style, Value, Yaml};
use crate::source::{Loc, Span};

/// File names kustomize looks for in a directory, in its order.
pub const FILE_NAMES: &[&str] = &["kustomization.yaml", "kustomization.yml", "Kustomization"];

/// An owned node of a rendered tree.
pub type ONode = Node<'static>;

/// A kustomization document.
#[derive(Clone, Copy)]
pub struct Kustomization<'t, 'a> {
    pub root: &'t Node<'a>,
}

/// How a patch entry is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PatchKind {
    /// `patches:`: strategic merge or JSON 6902, decided by the content.
    Auto,
    /// `patchesStrategicMerge:`.
    StrategicMerge,
    /// `patchesJson6902:`.
    Json6902,
}

/// One patch entry: a file (`path:`) or inline text (`patch:`), with an optional target.
#[derive(Clone, Copy)]
pub struct PatchRef<'t, 'a> {
    pub kind: PatchKind,
    /// The `path:` value (a file relative to the kustomization).
    pub path: Option<&'t Node<'a>>,
    /// The inline `patch:` value (YAML text in a scalar).
    pub inline: Option<&'t Node<'a>>,
    pub target: Option<&'t Node<'a>>,
}

/// Keys kustomize supports that shipgate does not render, and how to name them.
const UNSUPPORTED_KEYS: &[(&str, &str)] = &[
    ("configMapGenerator", "configMapGenerator"),
    ("secretGenerator", "secretGenerator"),
    ("generators", "generators"),
    ("transformers", "transformers"),
    ("validators", "validators"),
    ("components", "components"),
    ("replacements", "replacements"),
    ("vars", "vars"),
    ("helmCharts", "helmCharts"),
    ("helmChartInflationGenerator", "helmChartInflationGenerator"),
    ("openapi", "openapi"),
    ("crds", "crds"),
    ("configurations", "configurations"),
];

/// A remote resource: a URL or a git repository (`github.com/org/repo//dir?ref=v1`).
pub fn is_remote(s: &str) -> bool {
    let s = s.trim();
    s.contains("://")
        || s.starts_with("git@")
        || s.starts_with("git::")
        || s.contains("?ref=")
        || s.contains("?version=")
        || s.ends_with(".git")
        || ["github.com/", "gitlab.com/", "bitbucket.org/"]
            .iter()
            .any(|h| s.starts_with(h))
}

impl<'t, 'a> Kustomization<'t, 'a> {
    /// The first document that is a mapping.
    pub fn from_yaml(y: &'t Yaml<'a>) -> Option<Self> {
        y.docs
            .iter()
            .filter_map(|d| d.root.as_ref())
            .find(|r| r.is_map())
            .map(|root| Kustomization { root })
    }

    /// `kind: Component` (used through `components:`, never built on its own).
    pub fn is_component(&self) -> bool {
        self.root.get_str("kind") == Some("Component")
    }

    /// `resources:` and the deprecated `bases:` entries (scalars only).
    pub fn resources(&self) -> Vec<&'t Node<'a>> {
        let mut out: Vec<&'t Node<'a>> = Vec::new();
        for key in ["resources", "bases"] {
            out.extend(
                self.root
                    .seq_items(key)
                    .iter()
                    .filter(|n| n.as_str().is_some_and(|s| !s.trim().is_empty())),
            );
        }
        out
    }

    pub fn components(&self) -> Vec<&'t Node<'a>> {
        self.root
            .seq_items("components")
            .iter()
            .filter(|n| n.as_str().is_some_and(|s| !s.trim().is_empty()))
            .collect()
    }

    /// Every patch, in the order kustomize applies them: `patchesStrategicMerge`,
    /// `patchesJson6902`, then `patches`.
    pub fn patches(&self) -> Vec<PatchRef<'t, 'a>> {
        let mut out = Vec::new();
        for item in self.root.seq_items("patchesStrategicMerge") {
            let Some(s) = item.as_str() else { continue };
            // an inline patch is YAML text; a file is a one-line path
            let inline = s.contains('\n') || s.contains(": ");
            out.push(PatchRef {
                kind: PatchKind::StrategicMerge,
                path: (!inline).then_some(item),
                inline: inline.then_some(item),
                target: None,
            });
        }
        for (key, kind) in [
            ("patchesJson6902", PatchKind::Json6902),
            ("patches", PatchKind::Auto),
        ] {
            for item in self.root.seq_items(key) {
                if let Some(s) = item.as_str() {
                    // `patches: [file.yaml]` (older kustomize)
                    if !s.trim().is_empty() {
                        out.push(PatchRef {
                            kind,
                            path: Some(item),
                            inline: None,
                            target: None,
                        });
                    }
                    continue;
                }
                let path = item.get("path").filter(|n| n.as_str().is_some());
                let inline = item.get("patch").filter(|n| n.as_str().is_some());
                if path.is_none() && inline.is_none() {
                    continue;
                }
                out.push(PatchRef {
                    kind,
                    path,
                    inline,
                    target: item.get("target").filter(|t| t.is_map()),
                });
            }
        }
        out
    }

    /// Every feature this kustomization uses that is not rendered, with where it is
    /// written: `(description, span)`.
    pub fn unsupported(&self) -> Vec<(String, Span)> {
        let mut out: Vec<(String, Span)> = Vec::new();
        for e in self.root.as_map().unwrap_or(&[]) {
            let Some(k) = e.key.as_str() else { continue };
            if e.value.is_null() {
                continue;
            }
            if let Some((_, what)) = UNSUPPORTED_KEYS.iter().find(|(key, _)| *key == k) {
                if matches!(&e.value.value, Value::Seq(s) if s.is_empty())
                    || matches!(&e.value.value, Value::Map(m) if m.is_empty())
                {
                    continue;
                }
                out.push((what.to_string(), e.key.span));
            }
        }
        for r in self.resources() {
            let Some(s) = r.as_str() else { continue };
            if is_remote(s) {
                out.push((format!("remote resource `{}`", s.trim()), r.span));
            }
        }
        out.sort_by_key(|(_, sp)| sp.start);
        out
    }
}

/// What a kustomization reference resolves to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RefTarget {
    /// A URL or git repository (not fetched).
    Remote,
    /// A file.
    File,
    /// A directory with a kustomization (its directory, as reported).
    Kustomization(String),
    /// A directory without a kustomization file.
    DirWithoutKustomization,
    /// Nothing at that path.
    Missing,
    /// A path that leaves the checked directory (not followed).
    OutsideRoot,
}

/// What a reference is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RefRole {
    Resource,
    Patch,
    Component,
}

/// A path written in a kustomization.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KustomizeRefFact {
    pub raw: String,
    pub role: RefRole,
    pub target: RefTarget,
    /// The path as written.
    pub loc: Loc,
}

/// A kustomization, as the project phase sees it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KustomizationFact {
    /// The kustomization file, as reported.
    pub path: String,
    /// Its directory, as reported.
    pub dir: String,
    /// Its directory relative to the project root (`""` for the root).
    pub rel_dir: String,
    /// `kind: Component`.
    pub component: bool,
    pub refs: Vec<KustomizeRefFact>,
    /// Features not rendered, in order of appearance, and where the first is written.
    pub unsupported: Vec<String>,
    pub unsupported_loc: Option<Loc>,
    /// The `resources:` (or `bases:`) key, where base-level findings point.
    pub resources_loc: Option<Loc>,
}

// ---------------------------------------------------------------------------------
// owned trees

/// A deep copy of `n` with every span moved by `base`.
pub fn to_owned_shifted(n: &Node<'_>, base: usize) -> ONode {
    let span = Span::new(n.span.start + base, n.span.end + base);
    let value = match &n.value {
        Value::Scalar(s, st) => Value::Scalar(Cow::Owned(s.to_string()), *st),
        Value::Seq(items) => Value::Seq(items.iter().map(|i| to_owned_shifted(i, base)).collect()),
        Value::Map(entries) => Value::Map(
            entries
                .iter()
                .map(|e| Entry {
                    key: to_owned_shifted(&e.key, base),
                    value: to_owned_shifted(&e.value, base),
                    merged: e.merged,
                })
                .collect(),
        ),
    };
    Node {
        span,
        value,
        from_alias: n.from_alias,
    }
}

/// A plain scalar at `span`.
pub fn scalar(value: impl Into<String>, span: Span) -> ONode {
    Node {
        span,
        value: Value::Scalar(Cow::Owned(value.into()), Style::Plain),
        from_alias: false,
    }
}

fn empty_map(span: Span) -> ONode {
    Node {
        span,
        value: Value::Map(Vec::new()),
        from_alias: false,
    }
}

/// The value of `key` in a mapping, mutably (the last one when duplicated).
pub fn get_mut<'n>(node: &'n mut ONode, key: &str) -> Option<&'n mut ONode> {
    match &mut node.value {
        Value::Map(entries) => entries
            .iter_mut()
            .rev()
            .find(|e| e.key.as_str() == Some(key))
            .map(|e| &mut e.value),
        _ => None,
    }
}

/// Set `key` to `value` (replacing the value, keeping the written key), or add it.
pub fn set(node: &mut ONode, key: ONode, value: ONode) {
    let Some(k) = key.as_str().map(str::to_owned) else {
        return;
    };
    if let Some(v) = get_mut(node, &k) {
        *v = value;
        return;
    }
    if let Value::Map(entries) = &mut node.value {
        entries.push(Entry {
            key,
            value,
            merged: false,
        });
    }
}

/// The mapping at `key`, created (keyed at `span`) when absent or not a mapping.
pub fn ensure_map<'n>(node: &'n mut ONode, key: &str, span: Span) -> Option<&'n mut ONode> {
    let present = node.get(key).is_some_and(Node::is_map);
    if !present {
        set(node, scalar(key, span), empty_map(span));
    }
    get_mut(node, key)
}

fn remove_key(node: &mut ONode, key: &str) {
    if let Value::Map(entries) = &mut node.value {
        entries.retain(|e| e.key.as_str() != Some(key));
    }
}

// ---------------------------------------------------------------------------------
// strategic merge

/// The merge key of a list field (the Kubernetes `patchMergeKey`), given its items.
fn merge_key(field: &str, items: &[ONode]) -> Option<&'static str> {
    match field {
        "containers"
        | "initContainers"
        | "ephemeralContainers"
        | "env"
        | "volumes"
        | "imagePullSecrets"
        | "resourceClaims" => Some("name"),
        "volumeMounts" | "volumeDevices" => Some("mountPath"),
        "hostAliases" => Some("ip"),
        "topologySpreadConstraints" => Some("topologyKey"),
        "ports" => {
            if items.iter().any(|i| i.get("containerPort").is_some()) {
                Some("containerPort")
            } else {
                Some("port")
            }
        }
        _ => None,
    }
}

/// A patch directive value: `$patch: delete` / `replace` / `merge`.
pub fn directive<'n>(n: &'n Node<'_>) -> Option<&'n str> {
    n.get_str("$patch")
}

/// A copy of a patch node without `$…` directive keys.
fn strip_directives(n: &ONode) -> ONode {
    let mut out = n.clone();
    let mut stack = vec![&mut out];
    while let Some(node) = stack.pop() {
        match &mut node.value {
            Value::Map(entries) => {
                entries.retain(|e| !e.key.as_str().is_some_and(|k| k.starts_with('$')));
                stack.extend(entries.iter_mut().map(|e| &mut e.value));
            }
            Value::Seq(items) => {
                items.retain(|i| !matches!(directive(i), Some("delete")));
                stack.extend(items.iter_mut());
            }
            Value::Scalar(..) => {}
        }
    }
    out
}

/// Merge `patch` into `base` with strategic-merge semantics: mappings merge
/// recursively, `null` deletes a key, lists of containers, env vars, ports, volumes…
/// merge by their merge key, other lists and scalars are replaced, `$patch: delete` /
/// `$patch: replace` are honoured.
pub fn strategic_merge(base: &mut ONode, patch: &ONode) {
    match directive(patch) {
        Some("replace") => {
            *base = strip_directives(patch);
            return;
        }
        Some("delete") => {
            // deleting the node itself is the caller's business; as a value, clear it
            if let Value::Map(entries) = &mut base.value {
                entries.clear();
            }
            return;
        }
        _ => {}
    }
    let (Some(p_entries), true) = (patch.as_map(), base.is_map()) else {
        *base = strip_directives(patch);
        return;
    };
    for e in p_entries {
        let Some(k) = e.key.as_str() else { continue };
        if k.starts_with('$') {
            continue;
        }
        if e.value.is_null() {
            remove_key(base, k);
            continue;
        }
        let Some(b) = get_mut(base, k) else {
            set(base, e.key.clone(), strip_directives(&e.value));
            continue;
        };
        match (&mut b.value, &e.value.value) {
            (Value::Map(_), Value::Map(_)) => {
                if directive(&e.value) == Some("delete") {
                    remove_key(base, k);
                } else {
                    strategic_merge(b, &e.value);
                }
            }
            (Value::Seq(b_items), Value::Seq(p_items)) => {
                let replace = p_items.iter().any(|i| directive(i) == Some("replace"));
                match merge_key(k, p_items) {
                    Some(mk) if !replace && p_items.iter().all(Node::is_map) => {
                        merge_list(b_items, p_items, mk);
                    }
                    _ => *b = strip_directives(&e.value),
                }
            }
            _ => *b = strip_directives(&e.value),
        }
    }
}

fn merge_list(base: &mut Vec<ONode>, patch: &[ONode], key: &str) {
    for p in patch {
        let id = p.get_str(key).map(str::to_owned);
        let found = id
            .as_deref()
            .and_then(|id| base.iter().position(|b| b.get_str(key) == Some(id)));
        match (directive(p), found) {
            (Some("delete"), Some(i)) => {
                base.remove(i);
            }
            (Some("delete"), None) => {}
            (_, Some(i)) => strategic_merge(&mut base[i], p),
            (_, None) => base.push(strip_directives(p)),
        }
    }
}

// ---------------------------------------------------------------------------------
// JSON 6902

/// The tokens of a JSON pointer (`/a/b~1c` → `a`, `b/c`).
fn pointer(path: &str) -> Option<Vec<String>> {
    if path.is_empty() {
        return Some(Vec::new());
    }
    let rest = path.strip_prefix('/')?;
    Some(
        rest.split('/')
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
            .collect(),
    )
}

fn child_mut<'n>(node: &'n mut ONode, token: &str) -> Option<&'n mut ONode> {
    if node.is_map() {
        return get_mut(node, token);
    }
    match &mut node.value {
        Value::Seq(items) => {
            let i: usize = token.parse().ok()?;
            items.get_mut(i)
        }
        _ => None,
    }
}

fn child<'n>(node: &'n ONode, token: &str) -> Option<&'n ONode> {
    match &node.value {
        Value::Map(_) => node.get(token),
        Value::Seq(items) => items.get(token.parse::<usize>().ok()?),
        Value::Scalar(..) => None,
    }
}

fn lookup<'n>(node: &'n ONode, tokens: &[String]) -> Option<&'n ONode> {
    let mut n = node;
    for t in tokens {
        n = child(n, t)?;
    }
    Some(n)
}

/// Apply one operation (`add`, `replace`, `remove`, `copy`, `move`; `test` is not
/// checked) to `obj`. `key_span` is where keys the operation adds point (the `path:`).
/// Returns false when the operation does not apply.
pub fn json_patch_op(
    obj: &mut ONode,
    op: &str,
    path: &str,
    value: Option<&ONode>,
    from: Option<&str>,
    key_span: Span,
) -> bool {
    let Some(tokens) = pointer(path) else {
        return false;
    };
    let value: Option<ONode> = match op {
        "copy" | "move" => {
            let Some(src) = from.and_then(pointer) else {
                return false;
            };
            let Some(v) = lookup(obj, &src).cloned() else {
                return false;
            };
            if op == "move"
                && !json_patch_op(obj, "remove", from.unwrap_or(""), None, None, key_span)
            {
                return false;
            }
            Some(v)
        }
        _ => value.cloned(),
    };
    let op = match op {
        "copy" | "move" => "add",
        o => o,
    };
    let Some((last, parents)) = tokens.split_last() else {
        // the whole document
        if let (Some(v), "add" | "replace") = (value, op) {
            *obj = v;
            return true;
        }
        return false;
    };
    let mut parent = &mut *obj;
    for t in parents {
        let Some(next) = child_mut(parent, t) else {
            return false;
        };
        parent = next;
    }
    match (&mut parent.value, op) {
        (Value::Map(_), "add" | "replace") => {
            let Some(v) = value else { return false };
            set(parent, scalar(last.clone(), key_span), v);
            true
        }
        (Value::Map(_), "remove") => {
            let had = parent.get(last).is_some();
            remove_key(parent, last);
            had
        }
        (Value::Seq(items), "add") => {
            let Some(v) = value else { return false };
            if last == "-" {
                items.push(v);
                return true;
            }
            match last.parse::<usize>() {
                Ok(i) if i <= items.len() => {
                    items.insert(i, v);
                    true
                }
                _ => false,
            }
        }
        (Value::Seq(items), "replace") => {
            let Some(v) = value else { return false };
            match last.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
                Some(slot) => {
                    *slot = v;
                    true
                }
                None => false,
            }
        }
        (Value::Seq(items), "remove") => match last.parse::<usize>() {
            Ok(i) if i < items.len() => {
                items.remove(i);
                true
            }
            _ => false,
        },
        _ => op == "test",
    }
}

// ---------------------------------------------------------------------------------
// transformers

/// Kinds without a namespace.
const CLUSTER_SCOPED: &[&str] = &[
    "Namespace",
    "ClusterRole",
    "ClusterRoleBinding",
    "CustomResourceDefinition",
    "PersistentVolume",
    "StorageClass",
    "PriorityClass",
    "ValidatingWebhookConfiguration",
    "MutatingWebhookConfiguration",
    "APIService",
    "IngressClass",
    "RuntimeClass",
    "PodSecurityPolicy",
    "ClusterIssuer",
];

pub fn is_cluster_scoped(kind: &str) -> bool {
    CLUSTER_SCOPED.contains(&kind)
}

/// One `images:` entry: the image name it matches and its replacements.
pub struct ImageOverride {
    pub name: String,
    pub new_name: Option<(String, Span)>,
    pub new_tag: Option<(String, Span)>,
    pub digest: Option<(String, Span)>,
}

impl ImageOverride {
    pub fn from_node(n: &ONode) -> Option<ImageOverride> {
        let s = |k: &str| {
            n.get(k)
                .and_then(|v| v.as_str().map(|s| (s.to_string(), v.span)))
                .filter(|(s, _)| !s.is_empty())
        };
        Some(ImageOverride {
            name: n.get_str("name")?.to_string(),
            new_name: s("newName"),
            new_tag: s("newTag"),
            digest: s("digest"),
        })
    }

    /// The rewritten image reference and the span it is attributed to, when `image`
    /// matches.
    fn apply(&self, image: &str) -> Option<(String, Option<Span>)> {
        let r = ImageRef::parse(image.trim());
        if r.name != self.name {
            return None;
        }
        let name = self.new_name.as_ref().map_or(r.name, |(n, _)| n.as_str());
        let mut out = name.to_string();
        if let Some((d, _)) = &self.digest {
            out.push('@');
            out.push_str(d);
        } else if let Some((t, _)) = &self.new_tag {
            out.push(':');
            out.push_str(t);
        } else {
            if let Some(t) = r.tag {
                out.push(':');
                out.push_str(t);
            }
            if let Some(d) = r.digest {
                out.push('@');
                out.push_str(d);
            }
        }
        let span = self
            .digest
            .as_ref()
            .or(self.new_tag.as_ref())
            .or(self.new_name.as_ref())
            .map(|(_, sp)| *sp);
        Some((out, span))
    }
}

/// Rewrite every container image of `obj` that an override matches (the first
/// matching override wins, as in kustomize).
pub fn apply_images(obj: &mut ONode, overrides: &[ImageOverride]) {
    let mut stack = vec![obj];
    while let Some(node) = stack.pop() {
        match &mut node.value {
            Value::Map(entries) => {
                for e in entries.iter_mut() {
                    let is_list = matches!(
                        e.key.as_str(),
                        Some("containers" | "initContainers" | "ephemeralContainers")
                    );
                    if is_list {
                        if let Value::Seq(items) = &mut e.value.value {
                            for c in items.iter_mut() {
                                rewrite_image(c, overrides);
                            }
                        }
                    }
                    stack.push(&mut e.value);
                }
            }
            Value::Seq(items) => stack.extend(items.iter_mut()),
            Value::Scalar(..) => {}
        }
    }
}

fn rewrite_image(container: &mut ONode, overrides: &[ImageOverride]) {
    let Some(img) = get_mut(container, "image") else {
        return;
    };
    let Some(raw) = img.as_str().map(str::to_owned) else {
        return;
    };
    for o in overrides {
        if let Some((new, span)) = o.apply(&raw) {
            let style = img.style().unwrap_or(Style::Plain);
            img.value = Value::Scalar(Cow::Owned(new), style);
            if let Some(sp) = span {
                img.span = sp;
            }
            return;
        }
    }
}

/// Add label (or annotation) pairs to `map_key` of `node` (`metadata.labels`…).
pub fn add_pairs(node: &mut ONode, path: &[&str], pairs: &[(ONode, ONode)], key_span: Span) {
    let mut n = node;
    for k in path {
        let Some(next) = ensure_map(n, k, key_span) else {
            return;
        };
        n = next;
    }
    for (k, v) in pairs {
        set(n, k.clone(), v.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::yaml;

    fn owned(text: &str) -> ONode {
        let y = yaml::parse(text);
        to_owned_shifted(y.docs[0].root.as_ref().unwrap(), 0)
    }

    #[test]
    fn strategic_merge_containers_by_name() {
        let mut base = owned(
            "spec:\n  containers:\n  - name: a\n    image: x:1\n  - name: b\n    image: y:1\n",
        );
        let patch = owned(
            "spec:\n  containers:\n  - name: b\n    image: y:2\n    resources: {limits: {cpu: 1}}\n  - name: c\n    image: z\n",
        );
        strategic_merge(&mut base, &patch);
        let cs = base
            .path(&["spec", "containers"])
            .unwrap()
            .as_seq()
            .unwrap();
        assert_eq!(cs.len(), 3);
        assert_eq!(cs[0].get_str("image"), Some("x:1"));
        assert_eq!(cs[1].get_str("image"), Some("y:2"));
        assert!(cs[1].get("resources").is_some());
        let del = owned("spec:\n  containers:\n  - name: a\n    $patch: delete\n");
        strategic_merge(&mut base, &del);
        let cs = base
            .path(&["spec", "containers"])
            .unwrap()
            .as_seq()
            .unwrap();
        assert_eq!(cs.len(), 2);
        let null = owned("spec:\n  containers: null\n");
        strategic_merge(&mut base, &null);
        assert!(base.path(&["spec", "containers"]).is_none());
    }

    #[test]
    fn json_patch_ops() {
        let mut obj = owned("spec:\n  replicas: 1\n  list: [a, b]\n");
        let v = scalar("3", Span::new(0, 1));
        assert!(json_patch_op(
            &mut obj,
            "replace",
            "/spec/replicas",
            Some(&v),
            None,
            Span::default()
        ));
        assert_eq!(obj.path(&["spec", "replicas"]).unwrap().as_str(), Some("3"));
        assert!(json_patch_op(
            &mut obj,
            "add",
            "/spec/list/-",
            Some(&v),
            None,
            Span::default()
        ));
        assert!(json_patch_op(
            &mut obj,
            "remove",
            "/spec/list/0",
            None,
            None,
            Span::default()
        ));
        let l = obj.path(&["spec", "list"]).unwrap().as_seq().unwrap();
        assert_eq!(l.len(), 2);
        assert!(!json_patch_op(
            &mut obj,
            "remove",
            "/nope/x",
            None,
            None,
            Span::default()
        ));
        assert!(json_patch_op(
            &mut obj,
            "copy",
            "/spec/r2",
            None,
            Some("/spec/replicas"),
            Span::default()
        ));
        assert_eq!(obj.path(&["spec", "r2"]).unwrap().as_str(), Some("3"));
    }

    #[test]
    fn images() {
        let o = ImageOverride {
            name: "app".into(),
            new_name: Some(("ghcr.io/a/app".into(), Span::new(1, 2))),
            new_tag: Some(("1.2".into(), Span::new(3, 4))),
            digest: None,
        };
        assert_eq!(o.apply("app:latest").unwrap().0, "ghcr.io/a/app:1.2");
        assert!(o.apply("other:1").is_none());
        assert!(is_remote("github.com/org/repo//deploy?ref=v1"));
        assert!(is_remote("https://example.com/x.yaml"));
        assert!(!is_remote("../base"));
    }
}
