use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&MissingEphemeralStorage);

struct MissingEphemeralStorage;

impl K8sRule for MissingEphemeralStorage {
    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        super::resources::check(obj, cx, "requests", "ephemeral-storage");
        super::resources::check(obj, cx, "limits", "ephemeral-storage");
    }
}
