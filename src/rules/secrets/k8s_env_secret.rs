use crate::rules::prelude::*;
use crate::rules::secrets::common::literal_secret;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&K8sEnvSecret);

struct K8sEnvSecret;

impl K8sRule for K8sEnvSecret {
    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(pod) = obj.pod_spec() else { return };
        for c in pod.containers() {
            for var in c.node.seq_items("env") {
                let (Some(name), Some(value)) = (var.get_str("name"), var.get("value")) else {
                    continue;
                };
                let Some(text) = value.as_str() else { continue };
                if value.is_null() || !literal_secret(name, text) {
                    continue;
                }
                let span = value.value_sub_span(&cx.file.text, 0..text.len());
                cx.report(
                    span,
                    format!("{} sets `{name}` to a plaintext `value`", c.describe()),
                )
                .secret(span);
            }
        }
    }
}
