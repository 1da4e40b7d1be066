use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&DangerousCapabilityAdded);

struct DangerousCapabilityAdded;

/// Capabilities that amount to (nearly) root on the node, and why.
const DANGEROUS: &[(&str, &str)] = &[
    ("ALL", "every capability"),
    ("SYS_ADMIN", "mount, namespaces and most of root"),
    ("NET_ADMIN", "reconfigures the node's network stack"),
    ("NET_RAW", "forges packets and spoofs other pods"),
    ("SYS_MODULE", "loads kernel modules"),
    ("SYS_PTRACE", "traces and injects into other processes"),
];

impl K8sRule for DangerousCapabilityAdded {
    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(pod) = obj.pod_spec() else { return };
        for c in pod.containers() {
            let Some(add) = c
                .security_context()
                .and_then(|sc| sc.path(&["capabilities", "add"]))
                .and_then(Node::as_seq)
            else {
                continue;
            };
            for item in add {
                let Some(raw) = item.as_str() else { continue };
                let name = raw.trim();
                let bare = name
                    .strip_prefix("CAP_")
                    .or_else(|| name.strip_prefix("cap_"))
                    .unwrap_or(name);
                let Some((cap, why)) = DANGEROUS.iter().find(|(d, _)| d.eq_ignore_ascii_case(bare))
                else {
                    continue;
                };
                cx.report(
                    item.span,
                    format!("{} adds the capability `{cap}` ({why})", c.describe()),
                )
                .help("remove it from `capabilities.add`; grant a narrower capability if the process needs one");
            }
        }
    }
}
