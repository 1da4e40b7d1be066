use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&UnsafeSysctl);

struct UnsafeSysctl;

/// The sysctls Kubernetes considers safe (namespaced, isolated between pods), enabled
/// by default on every kubelet.
const SAFE: &[&str] = &[
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
    "net.ipv4.tcp_rmem",
    "net.ipv4.tcp_wmem",
];

impl K8sRule for UnsafeSysctl {
    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(pod) = obj.pod_spec() else { return };
        let Some(sc) = pod.security_context() else {
            return;
        };
        for s in sc.seq_items("sysctls") {
            let Some(name) = s.get("name") else { continue };
            let Some(n) = name.as_str() else { continue };
            // sysctl names may be written with `/` separators
            let normalized = n.trim().replace('/', ".");
            if SAFE.contains(&normalized.as_str()) {
                continue;
            }
            cx.report(
                name.span,
                format!("pod sets the unsafe sysctl `{n}`"),
            )
            .help("remove the sysctl, or tune it on dedicated nodes whose kubelet allows it (`--allowed-unsafe-sysctls`)");
        }
    }
}
