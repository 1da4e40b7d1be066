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
            if issue.kind != IssueKind::UnknownField || misplaced_security_field(&issue.path) {
                continue;
            }
            cx.report(issue.span, format!("{} {}", issue.message, obj_label(obj)))
                .help("fix the spelling (field names are case-sensitive) or remove the field; kubectl rejects it, and without validation it is silently dropped");
        }
    }
}

/// A container-only field (`allowPrivilegeEscalation`, `capabilities`…) written in the
/// pod's `securityContext`: the security rules (K8S010–K8S013, K8S035) report it with
/// the containers it leaves uncovered, so it is not reported a second time here.
fn misplaced_security_field(path: &str) -> bool {
    path.rsplit_once('.').is_some_and(|(parent, field)| {
        parent.ends_with("securityContext") && super::security::CONTAINER_ONLY.contains(&field)
    })
}

fn obj_label(obj: &K8sObject<'_, '_>) -> String {
    match obj.name() {
        Some(n) => format!("of {} \"{n}\"", obj.kind),
        None => format!("of this {}", obj.kind),
    }
}
