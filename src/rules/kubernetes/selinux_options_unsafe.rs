use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&SelinuxOptionsUnsafe);

struct SelinuxOptionsUnsafe;

/// The SELinux types the Pod Security Standards (baseline) allow.
const ALLOWED_TYPES: &[&str] = &[
    "container_t",
    "container_init_t",
    "container_kvm_t",
    "container_engine_t",
];

fn check_options(opts: &Node<'_>, whose: &str, cx: &mut FileCtx<'_>) {
    if let Some(ty) = opts.get("type") {
        if let Some(t) = ty.as_str().filter(|t| !t.is_empty()) {
            if !ALLOWED_TYPES.contains(&t) {
                cx.report(
                    ty.span,
                    format!("{whose} runs with the SELinux type `{t}`, outside the container types"),
                )
                .help("remove `seLinuxOptions.type` or use `container_t` (the runtime's confined type)");
            }
        }
    }
    for field in ["user", "role"] {
        if let Some(e) = opts.entry(field) {
            if e.value.as_str().is_some_and(|v| !v.is_empty()) {
                cx.report(
                    e.key.span,
                    format!("{whose} sets a custom SELinux `{field}`"),
                )
                .help(format!("remove `seLinuxOptions.{field}`: the runtime's user and role confine the container"));
            }
        }
    }
}

impl K8sRule for SelinuxOptionsUnsafe {
    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(pod) = obj.pod_spec() else { return };
        if let Some(opts) = pod
            .security_context()
            .and_then(|sc| sc.get("seLinuxOptions"))
        {
            check_options(opts, "pod", cx);
        }
        for c in pod.containers() {
            if let Some(opts) = c.security_context().and_then(|sc| sc.get("seLinuxOptions")) {
                check_options(opts, &c.describe(), cx);
            }
        }
    }
}
