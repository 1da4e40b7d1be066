use super::objects::{describe, selector};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&SelectorTemplateMismatch);

struct SelectorTemplateMismatch;

impl K8sRule for SelectorTemplateMismatch {
    fn scope(&self) -> K8sScope {
        K8sScope::Kinds(&[
            "Deployment",
            "StatefulSet",
            "DaemonSet",
            "ReplicaSet",
            "ReplicationController",
            "Job",
        ])
    }

    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(spec) = obj.node.get("spec") else {
            return;
        };
        // ReplicationController selectors are plain maps; the others are LabelSelectors
        let plain = obj.kind == "ReplicationController";
        let Some(sel) = selector(cx.file, spec, "selector", plain) else {
            return;
        };
        if sel.is_empty() {
            return;
        }
        let Some(labels_node) = spec.path(&["template", "metadata", "labels"]) else {
            if spec.get("template").is_none() {
                return;
            }
            let at = spec
                .entry("selector")
                .map_or(obj.anchor_span(), |e| e.key.span);
            cx.report(
                at,
                format!(
                    "selector of {} cannot match: the pod template has no labels",
                    describe(obj)
                ),
            )
            .help("give the pod template the labels the selector requires");
            return;
        };
        let labels: Vec<(String, String)> = labels_node
            .as_map()
            .unwrap_or(&[])
            .iter()
            .filter_map(|e| Some((e.key.as_str()?.to_string(), e.value.as_str()?.to_string())))
            .collect();
        if sel.matches(&labels) {
            return;
        }
        let Some(e) = spec.entry("selector") else {
            return;
        };
        let missing: Vec<String> = sel
            .match_labels
            .iter()
            .filter(|(k, v)| !labels.iter().any(|(lk, lv)| lk == k && lv == v))
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let detail = if missing.is_empty() {
            "its matchExpressions".to_string()
        } else {
            missing.join(", ")
        };
        cx.report(
            e.key.span,
            format!(
                "selector of {} does not match its pod template labels ({detail}): the API server rejects it",
                describe(obj)
            ),
        )
        .help("make `spec.template.metadata.labels` carry every label the selector requires");
    }
}
