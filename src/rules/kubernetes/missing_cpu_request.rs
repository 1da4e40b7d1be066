use super::resources;
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&MissingCpuRequest);

struct MissingCpuRequest;

impl K8sRule for MissingCpuRequest {
    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        resources::check(obj, cx, "requests", "cpu");
    }
}
