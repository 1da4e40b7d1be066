use super::resources;
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&MissingMemoryLimit);

struct MissingMemoryLimit;

impl K8sRule for MissingMemoryLimit {
    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        resources::check(obj, cx, "limits", "memory");
    }
}
