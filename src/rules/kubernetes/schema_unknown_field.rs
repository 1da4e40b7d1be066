use crate::rules::prelude::*;
use crate::syntax::k8s_schema::{self, IssueKind};

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&SchemaUnknownField);

struct SchemaUnknownField;

impl K8sRule for SchemaUnknownField {
    fn scope(&self) -> K8sScope {
        K8sScope::All
    }

    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        for issue in k8s_schema::check(obj.api_version, obj.kind, obj.node) {
            if issue.kind != IssueKind::UnknownField {
                continue;
            }
            cx.report(issue.span, format!("{} {}", issue.message, obj_label(obj)))
                .help("fix the spelling (field names are case-sensitive) or remove the field; kubectl rejects it, and without validation it is silently dropped");
        }
    }
}

fn obj_label(obj: &K8sObject<'_, '_>) -> String {
    match obj.name() {
        Some(n) => format!("of {} \"{n}\"", obj.kind),
        None => format!("of this {}", obj.kind),
    }
}
