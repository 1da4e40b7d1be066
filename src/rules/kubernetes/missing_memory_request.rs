use super::resources;
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&MissingMemoryRequest);

struct MissingMemoryRequest;

impl K8sRule for MissingMemoryRequest {
    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        resources::check(obj, cx, "requests", "memory");
    }
}
