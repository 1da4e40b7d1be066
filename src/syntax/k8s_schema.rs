//! Offline schema check of built-in Kubernetes kinds against the `k8s-openapi` types.
//!
//! The located tree of one object is converted to JSON the way `kubectl` reads YAML
//! (plain scalars typed by the YAML 1.1 rules, quoted scalars strings) and deserialized
//! into the typed object of its `apiVersion`/`kind`:
//!
//! * a value of the wrong type (`replicas: "3"`, `containerPort: http`) is reported at the
//!   value; it is then replaced by a value of the expected type and deserialization is
//!   retried, so one object yields all of its type errors;
//! * an unknown field (`imagePullPolicyy`) is a key of the tree that the typed object's
//!   `Deserialize` skips (serde asks to ignore it), reported at the key.
//!
//! The deserializer runs straight over the located tree ([`node_de`]): no JSON copy of
//! the object is built and no typed value is re-serialized.
//!
//! Kinds this module does not know (CRDs, deprecated apiVersions) are skipped.

use crate::source::Span;
use crate::syntax::yaml::{Node, Style, Value as YValue};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IssueKind {
    UnknownField,
    WrongType,
}

#[derive(Debug, Clone)]
pub struct Issue {
    pub kind: IssueKind,
    pub span: Span,
    /// The dotted path of the field (`spec.template.spec.containers[0].image`).
    pub path: String,
    pub message: String,
    /// What to do, when it differs from the rule's general help.
    pub help: Option<&'static str>,
}

/// The schema check is compiled in (cargo feature `schema`, on by default).
pub const ENABLED: bool = cfg!(feature = "schema");

/// The rules built on this check: without the feature they are registered but inert.
pub const RULES: &[&str] = &["schema-unknown-field", "schema-wrong-type"];

/// True when the schema check knows this `apiVersion`/`kind`.
pub fn knows(api_version: &str, kind: &str) -> bool {
    imp::knows(api_version, kind)
}

/// The schema issues of one object (empty for kinds it does not know). Inside
/// [`file_scope`] the result is computed once per object: both schema rules ask.
pub fn check(api_version: &str, kind: &str, node: &Node<'_>) -> Vec<Issue> {
    let key = (std::ptr::from_ref(node) as usize, node.span);
    let cached = CACHE.with(|c| {
        c.borrow().as_ref().and_then(|v| {
            v.iter()
                .find(|(k, _)| *k == key)
                .map(|(_, issues)| issues.clone())
        })
    });
    if let Some(issues) = cached {
        return issues;
    }
    let issues = imp::check(api_version, kind, node);
    CACHE.with(|c| {
        if let Some(v) = c.borrow_mut().as_mut() {
            v.push((key, issues.clone()));
        }
    });
    issues
}

type CacheEntry = ((usize, Span), Vec<Issue>);

thread_local! {
    /// Results of the objects of the file being linted on this thread (keyed by the
    /// node's address and span, valid only while the file's trees are alive).
    static CACHE: std::cell::RefCell<Option<Vec<CacheEntry>>> = const { std::cell::RefCell::new(None) };
}

/// Run `f` (the Kubernetes rules over one file's objects) with the per-object cache on;
/// it is dropped when `f` returns or unwinds, before the trees it points into.
pub fn file_scope<R>(f: impl FnOnce() -> R) -> R {
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            CACHE.with(|c| *c.borrow_mut() = None);
        }
    }
    CACHE.with(|c| *c.borrow_mut() = Some(Vec::new()));
    let _reset = Reset;
    f()
}

/// A scalar as `kubectl` types it (see [`plain_scalar`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scalar<'s> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(&'s str),
}

impl Scalar<'_> {
    pub fn to_json(self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Scalar::Null => J::Null,
            Scalar::Bool(b) => J::Bool(b),
            Scalar::Int(i) => J::from(i),
            Scalar::Float(f) => serde_json::Number::from_f64(f).map_or(J::Null, J::Number),
            Scalar::Str(s) => J::String(s.to_string()),
        }
    }
}

/// How `kubectl` (YAML 1.1 through sigs.k8s.io/yaml) types a plain scalar.
pub fn plain_scalar(s: &str) -> Scalar<'_> {
    // every null, boolean and number below starts with one of these bytes (a float
    // needs a digit before any `e`); most strings (names, images, enums) do not
    if let Some(b) = s.as_bytes().first() {
        if !(b.is_ascii_digit() || b"+-.~tTfFyYnNoO".contains(b)) {
            return Scalar::Str(s);
        }
    }
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Scalar::Null,
        "true" | "True" | "TRUE" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => {
            return Scalar::Bool(true)
        }
        "false" | "False" | "FALSE" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => {
            return Scalar::Bool(false)
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "-.inf" | ".nan" | ".NaN" | ".NAN" => {
            // JSON has no infinities; the API has no field that accepts them
            return Scalar::Float(0.5);
        }
        _ => {}
    }
    let (neg, digits) = match s.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let radix = |d: &str, r: u32| i64::from_str_radix(d, r).ok();
    let int = if let Some(h) = digits.strip_prefix("0x") {
        radix(h, 16)
    } else if let Some(o) = digits.strip_prefix("0o") {
        radix(o, 8)
    } else if digits.len() > 1
        && digits.starts_with('0')
        && digits.bytes().all(|b| (b'0'..=b'7').contains(&b))
    {
        radix(&digits[1..], 8)
    } else if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        digits.parse::<i64>().ok()
    } else {
        None
    };
    if let Some(i) = int {
        return Scalar::Int(if neg { -i } else { i });
    }
    let floaty = !digits.is_empty()
        && digits.bytes().any(|b| b.is_ascii_digit())
        && digits
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'));
    if floaty {
        if let Ok(f) = s.parse::<f64>() {
            if f.is_finite() {
                return Scalar::Float(f);
            }
        }
    }
    Scalar::Str(s)
}

/// [`plain_scalar`] as JSON.
pub fn plain_scalar_json(s: &str) -> serde_json::Value {
    plain_scalar(s).to_json()
}

/// `{{ name }}` of an unrendered template reads as a mapping whose only key is a mapping.
fn is_template_hole(n: &Node<'_>) -> bool {
    match &n.value {
        YValue::Map(entries) => {
            entries.len() == 1
                && entries
                    .iter()
                    .all(|e| matches!(e.key.value, YValue::Map(_)))
        }
        _ => false,
    }
}

/// The JSON `kubectl` would send for a located YAML node.
pub fn to_json(node: &Node<'_>) -> serde_json::Value {
    use serde_json::Value as J;
    // iterative on purpose: nesting depth is bounded by the parser, but keep the stack flat
    enum Work<'n, 'a> {
        Visit(&'n Node<'a>),
        Seq(usize),
        Map(Vec<String>),
    }
    let mut work = vec![Work::Visit(node)];
    let mut out: Vec<J> = Vec::new();
    while let Some(w) = work.pop() {
        match w {
            Work::Visit(n) if is_template_hole(n) => out.push(J::Null),
            Work::Visit(n) => match &n.value {
                YValue::Scalar(s, Style::Plain) => out.push(plain_scalar_json(s)),
                YValue::Scalar(s, _) => out.push(J::String(s.to_string())),
                YValue::Seq(items) => {
                    work.push(Work::Seq(items.len()));
                    for it in items.iter().rev() {
                        work.push(Work::Visit(it));
                    }
                }
                YValue::Map(entries) => {
                    let keys = entries
                        .iter()
                        .map(|e| e.key.as_str().unwrap_or("").to_string())
                        .collect();
                    work.push(Work::Map(keys));
                    for e in entries.iter().rev() {
                        work.push(Work::Visit(&e.value));
                    }
                }
            },
            Work::Seq(n) => {
                let items = out.split_off(out.len().saturating_sub(n));
                out.push(J::Array(items));
            }
            Work::Map(keys) => {
                let vals = out.split_off(out.len().saturating_sub(keys.len()));
                let mut m = serde_json::Map::new();
                for (k, v) in keys.into_iter().zip(vals) {
                    // the last of duplicated keys wins, as in `Node::get`
                    m.insert(k, v);
                }
                out.push(J::Object(m));
            }
        }
    }
    out.pop().unwrap_or(J::Null)
}

/// One step of a field path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

pub fn path_string(steps: &[Step]) -> String {
    let mut s = String::new();
    for st in steps {
        match st {
            Step::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Step::Index(i) => {
                s.push('[');
                s.push_str(&i.to_string());
                s.push(']');
            }
        }
    }
    s
}

/// The entry (key, value) reached by `steps` in the located tree.
pub fn locate<'n, 'a>(
    root: &'n Node<'a>,
    steps: &[Step],
) -> Option<(Option<&'n Node<'a>>, &'n Node<'a>)> {
    let mut key = None;
    let mut node = root;
    for st in steps {
        match st {
            Step::Key(k) => {
                let e = node.entry(k)?;
                key = Some(&e.key);
                node = &e.value;
            }
            Step::Index(i) => {
                key = None;
                node = node.as_seq()?.get(*i)?;
            }
        }
    }
    Some((key, node))
}

#[cfg(feature = "schema")]
mod node_de;
#[cfg(feature = "schema")]
mod shape;

/// The typed check (needs `k8s-openapi`).
#[cfg(feature = "schema")]
mod typed {
    use super::*;

    /// "an integer" for serde's `i32`, "a list" for `a sequence`…
    fn describe_expected(exp: &str) -> String {
        let e = exp.trim();
        match e {
            "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "an integer" => {
                "an integer".into()
            }
            "f32" | "f64" => "a number".into(),
            "a boolean" | "a string" => e.into(),
            "a sequence" => "a list".into(),
            "a map" => "a mapping".into(),
            "Quantity" => "a quantity (`100m`, `1Gi`)".into(),
            "IntOrString" => "an integer or a string".into(),
            _ if e.starts_with("struct ") || e.chars().next().is_some_and(char::is_uppercase) => {
                format!("a mapping ({})", e.trim_start_matches("struct "))
            }
            _ => e.into(),
        }
    }

    /// "a string (\"3\")" for serde's `string "3"`.
    fn describe_found(found: &str) -> String {
        let f = found.trim();
        let (what, val) = match f.split_once(' ') {
            Some((w, v)) => (w, Some(v.trim_matches('`'))),
            None => (f, None),
        };
        let noun = match what {
            "string" => "a string",
            "integer" => "an integer",
            "floating" => "a number",
            "boolean" => "a boolean",
            "sequence" => "a list",
            "map" => "a mapping",
            // serde's `Unexpected::Unit` reads "unit value"
            "null" | "unit" => return "null".to_string(),
            _ => return f.to_string(),
        };
        match val {
            Some(v) if what != "floating" => format!("{noun} {v}"),
            Some(v) => format!(
                "{noun} {}",
                v.trim_start_matches("point ").trim_matches('`')
            ),
            None => noun.to_string(),
        }
    }

    /// (expected, a JSON value of that type) from a serde error, when it is a type error.
    fn parse_type_error(msg: &str) -> Option<(String, String, serde_json::Value)> {
        use serde_json::Value as J;
        let rest = msg
            .strip_prefix("invalid type: ")
            .or_else(|| msg.strip_prefix("invalid value: "))?;
        let (found, expected) = rest.rsplit_once(", expected ")?;
        // serde_json appends " at line x column y" only when reading text; not from a Value
        let expected = expected.trim();
        let placeholder = match describe_expected(expected).as_str() {
            "an integer" => J::from(0),
            "a number" => J::from(0.0),
            "a boolean" => J::Bool(false),
            "a list" => J::Array(Vec::new()),
            d if d.starts_with("a mapping") => J::Object(serde_json::Map::new()),
            _ => J::String("0".into()),
        };
        Some((
            describe_found(found),
            describe_expected(expected),
            placeholder,
        ))
    }

    /// Deserialize the typed object `T` from the tree and drop it: the check is in the
    /// deserializing.
    pub(super) type Typed = fn(node_de::De<'_, '_, '_, '_>) -> Result<(), node_de::Error>;

    pub(super) fn typed<T: serde::de::DeserializeOwned>(
        de: node_de::De<'_, '_, '_, '_>,
    ) -> Result<(), node_de::Error> {
        T::deserialize(de).map(drop)
    }

    /// Most repairs (type errors and missing fields) one object may need before we stop.
    const MAX_ROUNDS: usize = 64;

    /// A scalar holding a `${VAR}` or `{{ … }}` reference: a value filled in before apply
    /// (envsubst, Flux post-build substitution, a template), whose type is not known yet.
    fn is_substituted(n: &Node<'_>) -> bool {
        n.as_str()
            .is_some_and(|s| s.contains("${") || s.contains("{{"))
    }

    /// Strategic-merge-patch directives (`$patch`, `$setElementOrder/containers`,
    /// `$retainKeys`…) are read by kustomize and `kubectl patch`, not by the schema.
    fn is_patch_directive(steps: &[Step]) -> bool {
        steps
            .iter()
            .any(|s| matches!(s, Step::Key(k) if k.starts_with('$')))
    }

    /// The field named in serde's "missing field `name`".
    fn missing_field(msg: &str) -> Option<&str> {
        msg.strip_prefix("missing field `")?.strip_suffix('`')
    }

    /// A serde error of a `ByteString` (base64 crate): the value is not base64.
    fn is_base64_error(msg: &str) -> bool {
        msg.starts_with("Invalid symbol")
            || msg.starts_with("Invalid last symbol")
            || msg.starts_with("Invalid padding")
            || msg.starts_with("Invalid input length")
    }

    /// Whether a key path holds a resource quantity: the values of `resources.limits`
    /// and `.requests` (containers, pods, claims), `emptyDir.sizeLimit`, a PV's
    /// `capacity`, a ResourceQuota's `hard`, pod and RuntimeClass `overhead`, LimitRange
    /// bounds. Only paths of the typed object are asked, so each is a known field.
    fn is_quantity_path(steps: &[Step]) -> bool {
        let key = |i: usize| match steps.len().checked_sub(i).and_then(|j| steps.get(j)) {
            Some(Step::Key(k)) => Some(k.as_str()),
            _ => None,
        };
        matches!(
            (key(3), key(2)),
            (Some("resources"), Some("limits" | "requests"))
        ) || matches!((key(2), key(1)), (Some("emptyDir"), Some("sizeLimit")))
            || matches!(
                key(2),
                Some("capacity" | "hard" | "overhead" | "podFixed")
                    | Some("max" | "min" | "default" | "defaultRequest" | "maxLimitRequestRatio")
            ) && matches!(steps.first(), Some(Step::Key(k)) if k == "spec" || k == "overhead")
    }

    /// `apimachinery`'s quantity syntax: a signed decimal number and one suffix — binary
    /// (`Ki`…`Ei`), decimal (`n`, `u`, `m`, `k`, `M`…`E`) or an exponent (`e3`, `E-2`).
    pub(super) fn is_quantity(s: &str) -> bool {
        let body = s.strip_prefix(['+', '-']).unwrap_or(s);
        let int_len = body.bytes().take_while(u8::is_ascii_digit).count();
        let mut rest = &body[int_len..];
        let mut digits = int_len;
        if let Some(r) = rest.strip_prefix('.') {
            let frac = r.bytes().take_while(u8::is_ascii_digit).count();
            digits += frac;
            rest = &r[frac..];
        }
        if digits == 0 {
            return false;
        }
        const SUFFIXES: &[&str] = &[
            "", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "n", "u", "m", "k", "M", "G", "T", "P", "E",
        ];
        if SUFFIXES.contains(&rest) {
            return true;
        }
        match rest.strip_prefix(['e', 'E']) {
            Some(exp) => {
                let exp = exp.strip_prefix(['+', '-']).unwrap_or(exp);
                !exp.is_empty() && exp.bytes().all(|b| b.is_ascii_digit())
            }
            None => false,
        }
    }

    /// Quantity values the API server cannot parse (`1GB`, `512mi`), at the value.
    fn report_quantities(node: &Node<'_>, read: &[(Vec<Step>, String)]) -> Vec<Issue> {
        let mut issues = Vec::new();
        for (path, q) in read {
            if !is_quantity_path(path) || is_quantity(q.trim()) {
                continue;
            }
            let Some((_, value)) = locate(node, path) else {
                continue;
            };
            if is_substituted(value) {
                continue;
            }
            let name = match path.last() {
                Some(Step::Key(k)) => k.as_str(),
                _ => continue,
            };
            issues.push(Issue {
                kind: IssueKind::WrongType,
                span: value.span,
                path: path_string(path),
                message: format!(
                    "`{name}` must be a quantity (`512Mi`, `1Gi`, `500m`, `2`), not \"{q}\""
                ),
                help: Some(
                    "write a Kubernetes quantity: binary units `Ki`, `Mi`, `Gi`, `Ti`, decimal `k`, `M`, `G`, or `m` for millicores (`GB`, `mb`, `gi` are not units)",
                ),
            });
        }
        issues
    }

    fn report_unknown(node: &Node<'_>, unknown: &[Vec<Step>]) -> Vec<Issue> {
        let mut issues = Vec::new();
        for p in unknown {
            if is_patch_directive(p) {
                continue;
            }
            // synthetic values (missing required fields) have no key in the tree
            let Some((Some(key), _)) = locate(node, p) else {
                continue;
            };
            let Some(Step::Key(name)) = p.last() else {
                continue;
            };
            let parent = path_string(&p[..p.len() - 1]);
            let message = if parent.is_empty() {
                format!("unknown field `{name}` at the top level of the object")
            } else {
                format!("unknown field `{name}` in `{parent}`")
            };
            issues.push(Issue {
                kind: IssueKind::UnknownField,
                span: key.span,
                path: path_string(p),
                message,
                help: None,
            });
        }
        issues
    }

    /// The JSON value at `steps` as the next round reads it (repairs included), `None`
    /// when the path does not exist.
    fn current(st: &node_de::State, node: &Node<'_>, steps: &[Step]) -> Option<serde_json::Value> {
        if let Some((_, v)) = st.overrides.iter().find(|(p, _)| p == steps) {
            return Some(v.clone());
        }
        if let Some((last, parent)) = steps.split_last() {
            let added = st
                .extra
                .iter()
                .any(|(p, k)| p == parent && matches!(last, Step::Key(l) if l == k));
            if added {
                return Some(serde_json::Value::Null);
            }
        }
        // inside a repaired value, the tree's paths are gone
        if st.overrides.iter().any(|(p, _)| steps.starts_with(p)) {
            return None;
        }
        if matches!(steps.first(), Some(Step::Key(k)) if k == "status") {
            return None;
        }
        locate(node, steps).map(|(_, v)| to_json(v))
    }

    /// Deserialize `node` as the typed object, repairing each error and retrying so that
    /// every problem of the object is found; the unknown fields and quantities are noted
    /// by the round that succeeds.
    pub(super) fn run(rt: Typed, node: &Node<'_>) -> Vec<Issue> {
        use serde_json::Value as J;
        let mut st = node_de::State::default();
        let mut issues = Vec::new();
        // each path repaired so far, with how often: a path failing again after its repair
        // means the repair did not help, and we stop rather than loop
        let mut repaired: Vec<(Vec<Step>, u8)> = Vec::new();
        for _ in 0..MAX_ROUNDS {
            st.unknown.borrow_mut().clear();
            st.quantities.borrow_mut().clear();
            let de = node_de::De {
                node,
                chain: &node_de::Chain::Root,
                st: &st,
            };
            let (steps, msg) = match rt(de) {
                Ok(()) => {
                    issues.extend(report_unknown(node, &st.unknown.borrow()));
                    issues.extend(report_quantities(node, &st.quantities.borrow()));
                    break;
                }
                Err(e) => (e.path.unwrap_or_default(), e.msg),
            };
            if let Some(field) = missing_field(&msg) {
                // a required field the object (often a patch) leaves out is not a type
                // problem: put a null there, and let the next round type it quietly
                // (k8s-openapi 0.29 defaults missing required fields itself; this keeps
                // the rest of the object checked should a version report them)
                let Some(J::Object(m)) = current(&st, node, &steps) else {
                    break;
                };
                if m.contains_key(field) {
                    break;
                }
                match st.overrides.iter_mut().find(|(p, _)| *p == steps) {
                    Some((_, J::Object(o))) => {
                        o.insert(field.to_string(), J::Null);
                    }
                    _ => st.extra.push((steps, field.to_string())),
                }
                continue;
            }
            match repaired.iter_mut().find(|(p, _)| *p == steps) {
                Some((_, n)) if *n >= 2 => break,
                Some((_, n)) => *n += 1,
                None => repaired.push((steps.clone(), 1)),
            }
            let located = locate(node, &steps).map(|(_, v)| v);
            let parsed = parse_type_error(&msg);
            let replacement = parsed
                .as_ref()
                .map_or(J::Null, |(_, _, placeholder)| placeholder.clone());
            let from = steps
                .iter()
                .rposition(|s| matches!(s, Step::Key(_)))
                .unwrap_or(0);
            // the last key and the list indices after it: `args[1]`, `replicas`
            let field = path_string(&steps[from..]);
            // kubectl's YAML-to-JSON writes an integral float (`3.0`, `1e3`) as an integer
            let now = current(&st, node, &steps);
            let integral = now
                .as_ref()
                .and_then(serde_json::Value::as_f64)
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| J::from(f as i64));
            let integral = integral.filter(|_| {
                parsed
                    .as_ref()
                    .is_some_and(|(_, expected, _)| expected.starts_with("an integer"))
            });
            let replacement = integral.clone().unwrap_or(replacement);
            let finding = match (located, &parsed) {
                // Go's JSON decoder takes null for any type (the zero value)
                (_, Some((found, _, _))) if found == "null" => None,
                _ if integral.is_some() => None,
                // `{{ x }}`, or `${REPLICAS}` that envsubst or Flux substitutes before apply
                (Some(v), _) if is_template_hole(v) || is_substituted(v) => None,
                (Some(v), Some((found, expected, _))) => Some((
                    v.span,
                    format!("`{field}` must be {expected}, not {found}"),
                    None,
                )),
                (Some(v), None) if is_base64_error(&msg) => Some((
                    v.span,
                    format!("`{field}` must be base64-encoded, and this value is not"),
                    Some("encode the value (`printf %s value | base64`), or move it to `stringData`, which takes plain text"),
                )),
                // a value not in the tree (a repaired missing field) or an error we cannot
                // name (a malformed timestamp): repair quietly
                _ => None,
            };
            if let Some((span, message, help)) = finding {
                if !is_patch_directive(&steps) {
                    issues.push(Issue {
                        kind: IssueKind::WrongType,
                        span,
                        path: path_string(&steps),
                        message,
                        help,
                    });
                }
            }
            if now.is_none() {
                break;
            }
            st.set_override(steps, replacement);
        }
        issues.sort_by_key(|i| i.span.start);
        // an alias used twice repeats its anchor's problem at the anchor's span: once
        issues.dedup_by(|a, b| a.kind == b.kind && a.span == b.span);
        issues
    }
}

#[cfg(feature = "schema")]
mod imp {
    use super::shape::{self, ProbeRoot};
    use super::typed::{run, typed, Typed};
    use super::*;
    use k8s_openapi::api;

    /// (apiVersion, kind, typed deserialization) of each checked type, its names taken from the
    /// type itself (`k8s_openapi::Resource`).
    macro_rules! table {
        ($($t:ty),* $(,)?) => {
            &[$((
                <$t as k8s_openapi::Resource>::API_VERSION,
                <$t as k8s_openapi::Resource>::KIND,
                typed::<$t> as Typed,
                shape::probe_root::<$t> as ProbeRoot,
            )),*]
        };
    }

    /// The built-in kinds a manifest may hold: workloads and their services, config,
    /// storage, networking, policy, RBAC, admission and cluster objects. Not here:
    /// `CustomResourceDefinition` (its OpenAPI schemas hold arbitrary JSON) and kinds only
    /// the API server writes (`Event`, `TokenReview`…).
    static TYPES: &[(&str, &str, Typed, ProbeRoot)] = {
        use api::admissionregistration::v1 as adm;
        use api::apps::v1 as apps;
        use api::autoscaling::{v1 as as1, v2 as as2};
        use api::batch::v1 as batch;
        use api::core::v1 as core;
        use api::networking::v1 as net;
        use api::rbac::v1 as rbac;
        use api::storage::v1 as storage;
        table![
            core::Pod,
            core::Service,
            core::ConfigMap,
            core::Secret,
            core::ServiceAccount,
            core::Namespace,
            core::PersistentVolumeClaim,
            core::PersistentVolume,
            core::ReplicationController,
            core::PodTemplate,
            core::LimitRange,
            core::ResourceQuota,
            core::Endpoints,
            core::Node,
            apps::Deployment,
            apps::StatefulSet,
            apps::DaemonSet,
            apps::ReplicaSet,
            apps::ControllerRevision,
            batch::Job,
            batch::CronJob,
            net::Ingress,
            net::IngressClass,
            net::NetworkPolicy,
            api::discovery::v1::EndpointSlice,
            as1::HorizontalPodAutoscaler,
            as2::HorizontalPodAutoscaler,
            api::policy::v1::PodDisruptionBudget,
            rbac::Role,
            rbac::ClusterRole,
            rbac::RoleBinding,
            rbac::ClusterRoleBinding,
            api::scheduling::v1::PriorityClass,
            storage::StorageClass,
            storage::CSIDriver,
            storage::VolumeAttachment,
            api::node::v1::RuntimeClass,
            api::coordination::v1::Lease,
            api::certificates::v1::CertificateSigningRequest,
            adm::ValidatingWebhookConfiguration,
            adm::MutatingWebhookConfiguration,
            adm::ValidatingAdmissionPolicy,
            adm::ValidatingAdmissionPolicyBinding,
            k8s_openapi::kube_aggregator::pkg::apis::apiregistration::v1::APIService,
        ]
    };

    fn lookup(api_version: &str, kind: &str) -> Option<usize> {
        TYPES
            .iter()
            .position(|(v, k, _, _)| *v == api_version && *k == kind)
    }

    pub fn knows(api_version: &str, kind: &str) -> bool {
        lookup(api_version, kind).is_some()
    }

    /// The typed check, run only when the shape walk says it may find something.
    pub fn check(api_version: &str, kind: &str, node: &Node<'_>) -> Vec<Issue> {
        let Some(i) = lookup(api_version, kind) else {
            return Vec::new();
        };
        let (_, _, rt, probe) = TYPES[i];
        if shape::clean(i, probe, node) {
            Vec::new()
        } else {
            run(rt, node)
        }
    }

    /// The two halves of [`check`] on their own, for the test that compares them: the
    /// shape walk's verdict (`None` for a kind not checked)…
    #[cfg(test)]
    pub fn walk_clean(api_version: &str, kind: &str, node: &Node<'_>) -> Option<bool> {
        let i = lookup(api_version, kind)?;
        Some(shape::clean(i, TYPES[i].3, node))
    }

    /// …and the typed check's issues.
    #[cfg(test)]
    pub fn typed_issues(api_version: &str, kind: &str, node: &Node<'_>) -> Vec<Issue> {
        lookup(api_version, kind).map_or_else(Vec::new, |i| run(TYPES[i].2, node))
    }
}

#[cfg(not(feature = "schema"))]
mod imp {
    use super::*;

    pub fn knows(_api_version: &str, _kind: &str) -> bool {
        false
    }

    pub fn check(_api_version: &str, _kind: &str, _node: &Node<'_>) -> Vec<Issue> {
        Vec::new()
    }
}

#[cfg(all(test, feature = "schema"))]
mod tests {
    use super::*;
    use crate::syntax::yaml;

    fn issues(text: &str) -> Vec<(IssueKind, String, String)> {
        let y = yaml::parse(text);
        let root = y.docs[0].root.as_ref().unwrap();
        let av = root.get_str("apiVersion").unwrap();
        let k = root.get_str("kind").unwrap();
        check(av, k, root)
            .into_iter()
            .map(|i| {
                (
                    i.kind,
                    text[i.span.start..i.span.end].to_string(),
                    i.message,
                )
            })
            .collect()
    }

    /// (kind, spanned text) of each issue.
    fn short(text: &str) -> Vec<(IssueKind, String)> {
        issues(text).into_iter().map(|(k, t, _)| (k, t)).collect()
    }

    use IssueKind::{UnknownField as U, WrongType as W};

    #[test]
    fn wrong_types_and_unknown_fields() {
        let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels: {app: web}\nspec:\n  replicas: \"3\"\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.25\n          imagePullPolicyy: Always\n          livenessprobe: {}\n          ports:\n            - containerPort: http\n          resources: {limits: {cpu: 1, memory: 1Gi}}\n";
        let got = issues(text);
        assert_eq!(got.len(), 4, "{got:?}");
        assert_eq!(
            got[0],
            (
                W,
                "\"3\"".into(),
                "`replicas` must be an integer, not a string \"3\"".into()
            )
        );
        assert_eq!(
            got[1],
            (
                U,
                "imagePullPolicyy".into(),
                "unknown field `imagePullPolicyy` in `spec.template.spec.containers[0]`".into()
            )
        );
        assert_eq!((got[2].0, got[2].1.as_str()), (U, "livenessprobe"));
        assert_eq!(
            got[3],
            (
                W,
                "http".into(),
                "`containerPort` must be an integer, not a string \"http\"".into()
            )
        );
    }

    #[test]
    fn valid_objects_and_unknown_kinds_pass() {
        let ok = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  creationTimestamp: null\nspec:\n  selector: {app: web}\n  ports:\n    - port: 80\n      targetPort: http\n";
        assert!(issues(ok).is_empty());
        let crd = "apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: x}\nspec: {bogus: 1}\n";
        assert!(issues(crd).is_empty());
        let old = "apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: x}\nspec: {bogus: 1}\n";
        assert!(issues(old).is_empty());
        let cm = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  mode: 0644\n";
        assert_eq!(short(cm), vec![(W, "0644".into())]);
    }

    #[test]
    fn int_or_string_quantities_and_status() {
        let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  strategy: {rollingUpdate: {maxUnavailable: 1, maxSurge: 25%}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n        - name: web\n          livenessProbe: {httpGet: {port: 8080}}\n          readinessProbe: {tcpSocket: {port: http}}\n          resources: {requests: {cpu: 0.5, memory: 1e9}, limits: {cpu: \"1\", nvidia.com/gpu: 1}}\nstatus:\n  replicas: many\n  bogus: 1\n";
        assert!(issues(text).is_empty(), "{:?}", issues(text));
        let pdb = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: x}\nspec: {minAvailable: 50%, selector: {matchLabels: {a: b}}}\n";
        assert!(issues(pdb).is_empty());
        let hpa = "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: x}\nspec:\n  scaleTargetRef: {kind: Deployment, name: x}\n  maxReplicas: \"5\"\n  metrics:\n    - type: Resource\n      resource: {name: cpu, target: {type: Utilization, averageUtilization: 80}}\n";
        assert_eq!(short(hpa), vec![(W, "\"5\"".into())]);
        // kubectl sends an integral float as an integer; a fraction stays wrong
        let floats = "apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec:\n  ports:\n    - {port: 80.0, targetPort: 8e3}\n    - {port: 80.5, targetPort: 1.5}\n";
        assert_eq!(
            issues(floats)
                .into_iter()
                .map(|(_, t, m)| (t, m))
                .collect::<Vec<_>>(),
            vec![
                (
                    "80.5".into(),
                    "`port` must be an integer, not a number 80.5".into()
                ),
                (
                    "1.5".into(),
                    "`targetPort` must be an integer or a string, not a number 1.5".into()
                ),
            ]
        );
    }

    #[test]
    fn missing_required_fields_do_not_hide_the_rest() {
        // a patch: no container image, no selector, no template metadata
        let patch = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          imagePullPolicyy: Always\n          $patch: replace\n        - resources: {limits: {memory: 1Gi}}\n          ports: [{containerPort: \"80\"}]\n      $setElementOrder/containers: [{name: web}]\n$patch: merge\n";
        assert_eq!(
            short(patch),
            vec![(U, "imagePullPolicyy".into()), (W, "\"80\"".into())]
        );
    }

    #[test]
    fn nulls_templates_and_base64() {
        let text = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{name}}\n  labels: {cell: {{cell}}}\ndata:\n  ok: aGVsbG8=\n  bad: not base64!\n  empty:\nstringData:\n  plain: not base64!\n";
        let got = issues(text);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].1, "not base64!");
        assert!(got[0].2.contains("base64"), "{}", got[0].2);
        let subst = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n  labels:\n    n: ${N}\nspec:\n  replicas: ${REPLICAS}\n  minReadySeconds: \"{{ .Values.ready }}\"\n  revisionHistoryLimit: \"<N>\"\n";
        assert_eq!(short(subst), vec![(W, "\"<N>\"".into())]);
        let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers:\n    - name:\n      image: x\n      env: [{name: A, value: \"3\"}, {name: B, value: 3}]\n";
        assert_eq!(short(pod), vec![(W, "3".into())]);
        // null where a string is required (a map's value, a list's element) is Go's zero
        // value to the API server, not a type error
        let nulls = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  annotations: {a: null, b: ~}\nspec:\n  containers:\n    - name: x\n      args: [null, \"-v\"]\n      resources: {limits: {cpu: null}}\n";
        assert!(issues(nulls).is_empty(), "{:?}", issues(nulls));
    }

    #[test]
    fn every_problem_of_an_object_once() {
        let text = "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: x}\nspec:\n  schedule: \"* * * * *\"\n  suspend: \"no\"\n  jobTemplate:\n    spec:\n      backoffLimit: three\n      template:\n        spec:\n          restartPolicy: Never\n          containers:\n            - name: a\n              args: [1, \"2\"]\n              commnd: [sh]\n            - name: b\n              securityContext: {runAsUser: root, privilegd: true}\n";
        assert_eq!(
            short(text),
            vec![
                (W, "\"no\"".into()),
                (W, "three".into()),
                (W, "1".into()),
                (U, "commnd".into()),
                (W, "root".into()),
                (U, "privilegd".into()),
            ]
        );
    }

    #[test]
    fn quantity_syntax() {
        use super::typed::is_quantity;
        for q in [
            "1",
            "0.5",
            ".5",
            "5.",
            "500m",
            "1Gi",
            "1.5Gi",
            "128974848",
            "1e3",
            "1E-2",
            "+2",
            "-1",
            "1E",
            "100k",
            "2M",
        ] {
            assert!(is_quantity(q), "{q}");
        }
        for q in [
            "", "1GB", "1gi", "512mi", "1G i", "Gi", "1.2.3", "1e", "one", "1Kb", "0x10", "1_000",
        ] {
            assert!(!is_quantity(q), "{q}");
        }
    }

    #[test]
    fn malformed_quantities_at_the_value() {
        let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  selector: {matchLabels: {app: x}}\n  template:\n    metadata:\n      labels: {app: x, hard: 1GB}\n    spec:\n      nodeSelector: {size: 1GB}\n      containers:\n        - name: a\n          resources:\n            limits: {cpu: 500m, memory: 1GB}\n            requests:\n              cpu: 0.5\n              memory: \"512mi\"\n              ephemeral-storage: ${DISK}\n      volumes:\n        - name: tmp\n          emptyDir: {sizeLimit: 1 Gi}\n";
        let got = issues(text);
        assert_eq!(
            got.iter()
                .map(|(k, t, _)| (*k, t.as_str()))
                .collect::<Vec<_>>(),
            vec![(W, "1GB"), (W, "\"512mi\""), (W, "1 Gi")],
            "{got:?}"
        );
        assert_eq!(
            got[0].2,
            "`memory` must be a quantity (`512Mi`, `1Gi`, `500m`, `2`), not \"1GB\""
        );
        let pvc = "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: x}\nspec:\n  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: 10GB}}\n";
        assert_eq!(short(pvc), vec![(W, "10GB".into())]);
        let quota = "apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: x}\nspec:\n  hard: {requests.cpu: \"10\", limits.memory: 20Gi, pods: \"10\", requests.storage: 1TB}\n";
        assert_eq!(short(quota), vec![(W, "1TB".into())]);
    }

    #[test]
    fn an_anchor_used_twice_is_reported_once() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers:\n    - name: a\n      resources: &r {limits: {memory: 1Gi}, request: {cpu: 1}}\n      ports: &p [{containerPort: \"80\"}]\n    - name: b\n      resources: *r\n      ports: *p\n";
        assert_eq!(
            short(text),
            vec![(U, "request".into()), (W, "\"80\"".into())]
        );
    }

    #[test]
    fn no_panic_on_odd_trees() {
        for text in [
            "apiVersion: v1\nkind: Pod\n",
            "apiVersion: v1\nkind: Pod\nmetadata: 3\nspec: [1, 2]\n",
            "apiVersion: v1\nkind: Pod\nspec:\n  ? [a, b]\n  : c\n  containers: [[], {}, 3, null]\n",
            "apiVersion: v1\nkind: Service\nspec: {ports: [{port: 99999999999999999999}]}\n",
            "apiVersion: v1\nkind: Service\nspec: {ports: [{port: .inf, targetPort: -.inf}]}\n",
            "apiVersion: apps/v1\nkind: Deployment\nspec: {template: {spec: {containers: {{x}}}}}\n",
        ] {
            let _ = issues(text);
        }
    }

    #[test]
    fn kinds_known_by_their_api_version() {
        for (v, k) in [
            ("v1", "Pod"),
            ("apps/v1", "Deployment"),
            ("batch/v1", "CronJob"),
            ("networking.k8s.io/v1", "Ingress"),
            ("policy/v1", "PodDisruptionBudget"),
            ("autoscaling/v2", "HorizontalPodAutoscaler"),
            ("rbac.authorization.k8s.io/v1", "ClusterRoleBinding"),
            (
                "admissionregistration.k8s.io/v1",
                "ValidatingWebhookConfiguration",
            ),
            ("apiregistration.k8s.io/v1", "APIService"),
        ] {
            assert!(knows(v, k), "{v} {k}");
        }
        for (v, k) in [
            ("extensions/v1beta1", "Deployment"),
            ("batch/v1beta1", "CronJob"),
            ("apps/v1", "Pod"),
            ("v1", "List"),
            ("apiextensions.k8s.io/v1", "CustomResourceDefinition"),
            ("monitoring.coreos.com/v1", "ServiceMonitor"),
            ("apps.openshift.io/v1", "DeploymentConfig"),
        ] {
            assert!(!knows(v, k), "{v} {k}");
        }
    }

    /// The spans of the scalars (values and keys) of a tree written in the text.
    fn scalar_spans(n: &Node<'_>, out: &mut Vec<Span>) {
        if n.from_alias {
            return;
        }
        match &n.value {
            YValue::Scalar(..) => out.push(n.span),
            YValue::Seq(items) => items.iter().for_each(|i| scalar_spans(i, out)),
            YValue::Map(entries) => {
                for e in entries.iter().filter(|e| !e.merged) {
                    scalar_spans(&e.key, out);
                    scalar_spans(&e.value, out);
                }
            }
        }
    }

    /// The objects of a known kind in a YAML stream: (the document's span, clean by the
    /// shape walk, the typed check's issues when the walk calls it clean, the scalars'
    /// spans).
    fn verdicts(text: &str) -> Vec<(Span, bool, Vec<Issue>, Vec<Span>)> {
        let y = yaml::parse(text);
        let mut out = Vec::new();
        for doc in &y.docs {
            let Some(root) = doc.root.as_ref() else {
                continue;
            };
            let (Some(av), Some(k)) = (root.get_str("apiVersion"), root.get_str("kind")) else {
                continue;
            };
            let Some(clean) = imp::walk_clean(av, k, root) else {
                continue;
            };
            let issues = if clean {
                imp::typed_issues(av, k, root)
            } else {
                Vec::new()
            };
            let mut spans = Vec::new();
            scalar_spans(root, &mut spans);
            out.push((doc.span, clean, issues, spans));
        }
        out
    }

    /// The shape walk is a shortcut for the typed check: whenever it calls an object
    /// clean, the typed check must find nothing in it. Checked on every object of the
    /// fixtures, and on variants of them with one scalar (value or key) replaced by
    /// values of other types, bad quantities, templates and the like.
    #[test]
    fn the_shape_walk_never_hides_a_finding() {
        const REPLACEMENTS: &[&str] = &[
            "7",
            "-7",
            "3000000000",
            "1.5",
            "2.0",
            "true",
            "x7",
            "'7'",
            "[1, x]",
            "{a: 1}",
            "null",
            "1GB",
            "500m",
            "aGk=",
            "'!!@'",
            "2024-01-01T00:00:00Z",
            "{{ x }}",
            "${X}",
            "status",
        ];
        let files: Vec<(String, String)> = crate::test_support::fixture_texts()
            .into_iter()
            .filter(|(p, _)| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
            .map(|(p, text)| (p.display().to_string(), text))
            .collect();
        let (mut objects, mut clean, mut mutants, mut mutants_clean) = (0, 0, 0, 0);
        for (path, text) in &files {
            for (doc, is_clean, issues, spans) in verdicts(text) {
                objects += 1;
                clean += usize::from(is_clean);
                assert!(
                    !is_clean || issues.is_empty(),
                    "{path} (line {}): the shape walk calls it clean, the typed check finds {issues:?}",
                    text[..doc.start].lines().count() + 1
                );
                // a few scalars of every object, spread over it, each replaced in a copy
                // of the object's document
                let step = (spans.len() / 6).max(1);
                for span in spans.iter().step_by(step) {
                    for rep in REPLACEMENTS {
                        let mutated = format!(
                            "{}{rep}{}",
                            &text[doc.start..span.start],
                            &text[span.end..doc.end]
                        );
                        if let Some((_, is_clean, issues, _)) =
                            verdicts(&mutated).into_iter().next()
                        {
                            mutants += 1;
                            mutants_clean += usize::from(is_clean);
                            assert!(
                                !is_clean || issues.is_empty(),
                                "{path} (line {}) with {:?} replaced by {rep:?}: the shape walk calls it clean, the typed check finds {issues:?}",
                                text[..doc.start].lines().count() + 1,
                                &text[span.start..span.end]
                            );
                        }
                    }
                }
            }
        }
        // the comparison means something only if both verdicts occur often
        assert!(objects > 300, "{objects} objects");
        assert!(clean * 2 > objects, "{clean} of {objects} objects clean");
        assert!(mutants > 10_000, "{mutants} mutants");
        assert!(
            mutants_clean > mutants / 10 && mutants_clean < mutants * 9 / 10,
            "{mutants_clean} of {mutants} mutants clean"
        );
    }

    #[test]
    fn plain_scalars() {
        assert_eq!(plain_scalar_json("0644"), serde_json::json!(420));
        assert_eq!(plain_scalar_json("1.5"), serde_json::json!(1.5));
        assert_eq!(plain_scalar_json("1e3"), serde_json::json!(1000.0));
        assert_eq!(plain_scalar_json("yes"), serde_json::json!(true));
        assert_eq!(plain_scalar_json("inf"), serde_json::json!("inf"));
        assert_eq!(plain_scalar_json("Infinity"), serde_json::json!("Infinity"));
        assert_eq!(plain_scalar_json("e5"), serde_json::json!("e5"));
        assert_eq!(plain_scalar_json("nginx"), serde_json::json!("nginx"));
        assert_eq!(plain_scalar_json("100m"), serde_json::json!("100m"));
        assert_eq!(plain_scalar_json("-3"), serde_json::json!(-3));
    }
}
