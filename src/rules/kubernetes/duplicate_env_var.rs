use super::objects::describe;
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&DuplicateEnvVar);

struct DuplicateEnvVar;

impl K8sRule for DuplicateEnvVar {
    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(pod) = obj.pod_spec() else { return };
        for c in pod.containers() {
            let mut seen: Vec<&str> = Vec::new();
            for env in c.node.seq_items("env") {
                let Some(n) = env.get("name") else { continue };
                let Some(name) = n.as_str() else { continue };
                if seen.contains(&name) {
                    cx.report(
                        n.span,
                        format!(
                            "env var {name} is set twice in {} of {}: the last one wins",
                            c.describe(),
                            describe(obj)
                        ),
                    )
                    .help("remove one of the entries (patches and overlays easily add a second)");
                } else {
                    seen.push(name);
                }
            }
        }
    }
}
