use crate::rules::prelude::*;
use crate::syntax::yaml::Value;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&LivenessSameAsReadiness);

struct LivenessSameAsReadiness;

/// Timing fields of a probe and their defaults.
const TIMING: &[(&str, &str)] = &[
    ("initialDelaySeconds", "0"),
    ("periodSeconds", "10"),
    ("timeoutSeconds", "1"),
    ("successThreshold", "1"),
    ("failureThreshold", "3"),
];

/// A canonical text of a node: mapping keys sorted, scalars by value.
fn canon(node: &Node<'_>, out: &mut String) {
    match &node.value {
        Value::Scalar(s, _) => {
            out.push('"');
            out.push_str(s);
            out.push('"');
        }
        Value::Seq(items) => {
            out.push('[');
            for i in items {
                canon(i, out);
                out.push(',');
            }
            out.push(']');
        }
        Value::Map(entries) => {
            let mut es: Vec<_> = entries.iter().collect();
            es.sort_by(|a, b| a.key.as_str().cmp(&b.key.as_str()));
            out.push('{');
            for e in es {
                canon(&e.key, out);
                out.push(':');
                canon(&e.value, out);
                out.push(',');
            }
            out.push('}');
        }
    }
}

/// The probe with timing defaults filled in.
fn canonical_probe(probe: &Node<'_>) -> Option<String> {
    let entries = probe.as_map()?;
    let mut out = String::new();
    let mut handler: Vec<_> = entries
        .iter()
        .filter(|e| {
            e.key
                .as_str()
                .is_some_and(|k| !TIMING.iter().any(|(t, _)| *t == k))
        })
        .collect();
    handler.sort_by(|a, b| a.key.as_str().cmp(&b.key.as_str()));
    for e in handler {
        canon(&e.key, &mut out);
        out.push(':');
        canon(&e.value, &mut out);
        out.push(',');
    }
    for (k, default) in TIMING {
        let v = probe.get_str(k).unwrap_or(default);
        out.push_str(k);
        out.push('=');
        out.push_str(v);
        out.push(',');
    }
    Some(out)
}

impl K8sRule for LivenessSameAsReadiness {
    fn scope(&self) -> K8sScope {
        K8sScope::LongRunning
    }

    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(pod) = obj.pod_spec() else { return };
        for c in pod.containers() {
            let (Some(live), Some(ready)) =
                (c.node.entry("livenessProbe"), c.node.get("readinessProbe"))
            else {
                continue;
            };
            let (Some(l), Some(r)) = (canonical_probe(&live.value), canonical_probe(ready)) else {
                continue;
            };
            if l == r {
                cx.report(
                    live.key.span,
                    format!(
                        "{} has a liveness probe identical to its readiness probe: a slow response restarts the container instead of only taking it out of the Service",
                        c.describe()
                    ),
                )
                .help("give the liveness probe more margin (higher `failureThreshold`/`periodSeconds`) or a cheaper endpoint that checks only the process itself");
            }
        }
    }
}
