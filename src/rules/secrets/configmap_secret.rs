use crate::rules::prelude::*;
use crate::rules::secrets::common::{assignments, literal_secret};

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&ConfigMapSecret);

struct ConfigMapSecret;

impl K8sRule for ConfigMapSecret {
    fn scope(&self) -> K8sScope {
        K8sScope::Kinds(&["ConfigMap"])
    }

    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let name = obj.name().unwrap_or("");
        for e in obj.node.map_entries("data") {
            let (Some(key), Some(value)) = (e.key.as_str(), e.value.as_str()) else {
                continue;
            };
            if !value.contains('\n') {
                if literal_secret(key, value) {
                    let span = e.value.value_sub_span(&cx.file.text, 0..value.len());
                    cx.report(span, format!("plaintext `{key}` in ConfigMap \"{name}\""))
                        .secret(span);
                }
                continue;
            }
            // an embedded config file: its `key = value` lines, read from the source
            let base = e.value.span.start;
            let raw = cx
                .file
                .text
                .get(e.value.span.start..e.value.span.end)
                .unwrap_or("");
            let found: Vec<(String, Span)> = assignments(raw)
                .into_iter()
                .filter(|a| literal_secret(a.key, a.value))
                .map(|a| {
                    (
                        a.key.to_string(),
                        Span::new(base + a.range.start, base + a.range.end),
                    )
                })
                .collect();
            for (k, span) in found {
                cx.report(
                    span,
                    format!("plaintext `{k}` in `{key}` of ConfigMap \"{name}\""),
                )
                .secret(span);
            }
        }
    }
}
