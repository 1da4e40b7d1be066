use crate::rules::prelude::*;
use crate::syntax::k8s_schema::{self, IssueKind};

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&SchemaWrongType);

struct SchemaWrongType;

impl K8sRule for SchemaWrongType {
    fn scope(&self) -> K8sScope {
        K8sScope::All
    }

    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        for issue in k8s_schema::check(obj.api_version, obj.kind, obj.node) {
            if issue.kind != IssueKind::WrongType {
                continue;
            }
            cx.report(issue.span, issue.message).help(issue.help.unwrap_or(
                "write the value with the type the API expects: quote strings (`\"8080\"`), leave numbers and booleans unquoted, use a port number where a name is not allowed",
            ));
        }
    }
}
