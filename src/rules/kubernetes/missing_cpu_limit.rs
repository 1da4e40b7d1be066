use super::resources;
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&MissingCpuLimit);

struct MissingCpuLimit;

impl K8sRule for MissingCpuLimit {
    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        resources::check(obj, cx, "limits", "cpu");
    }
}
