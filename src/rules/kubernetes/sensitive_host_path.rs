use crate::rules::prelude::*;
use crate::source::{ends_with_component, is_path_within};

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&SensitiveHostPath);

struct SensitiveHostPath;

/// Host directories whose whole subtree is sensitive, and what they hold.
const TREES: &[(&str, &str)] = &[
    ("/etc", "node configuration and credentials"),
    ("/proc", "the node's processes and kernel"),
    ("/sys", "the node's kernel and devices"),
    ("/dev", "the node's devices"),
    ("/boot", "the node's kernel and boot loader"),
    ("/root", "root's home directory"),
    (
        "/var/lib/kubelet",
        "the kubelet's state and every pod's secrets",
    ),
    ("/var/lib/docker", "the container runtime's state"),
    ("/var/lib/containerd", "the container runtime's state"),
    ("/var/run/secrets", "service account credentials"),
];

/// Files under the sensitive trees that are routinely mounted read-only and hold
/// nothing secret: CA trust stores and the node's clock and identity.
const BENIGN: &[&str] = &[
    "/etc/ssl/certs",
    "/etc/ca-certificates",
    "/etc/pki/ca-trust",
    "/etc/pki/tls/certs",
    "/etc/localtime",
    "/etc/timezone",
    "/etc/machine-id",
];

/// Container runtime sockets: control of the runtime is control of the node.
const SOCKETS: &[&str] = &[
    "docker.sock",
    "containerd.sock",
    "crio.sock",
    "cri-dockerd.sock",
];

fn classify(path: &str) -> Option<&'static str> {
    // normalise `//` and a trailing `/`
    let mut norm = String::with_capacity(path.len());
    for part in path.split('/').filter(|p| !p.is_empty() && *p != ".") {
        norm.push('/');
        norm.push_str(part);
    }
    if norm.is_empty() {
        return path
            .starts_with('/')
            .then_some("the node's whole filesystem");
    }
    let under_run = norm.starts_with("/var/run/") || norm.starts_with("/run/");
    if under_run && SOCKETS.iter().any(|s| ends_with_component(&norm, s)) {
        return Some("the container runtime socket, which controls the node");
    }
    if BENIGN.iter().any(|b| is_path_within(&norm, b)) {
        return None;
    }
    TREES
        .iter()
        .find_map(|(t, what)| is_path_within(&norm, t).then_some(*what))
}

impl K8sRule for SensitiveHostPath {
    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(pod) = obj.pod_spec() else { return };
        for vol in pod.node.seq_items("volumes") {
            let Some(path) = vol.path(&["hostPath", "path"]) else {
                continue;
            };
            let Some(p) = path.as_str() else { continue };
            let Some(what) = classify(p.trim()) else {
                continue;
            };
            // concatenated, not `format!`: a finding per host path of every workload
            let message = match vol.get_str("name") {
                Some(n) => [
                    "volume \"",
                    n,
                    "\" mounts the host path `",
                    p,
                    "` (",
                    what,
                    ")",
                ]
                .concat(),
                None => ["a volume mounts the host path `", p, "` (", what, ")"].concat(),
            };
            cx.report(path.span, message)
            .help("remove the hostPath volume; use a ConfigMap, Secret, emptyDir or a CSI volume instead");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::classify;

    #[test]
    fn classifies_paths() {
        assert!(classify("/").is_some());
        assert!(classify("//").is_some());
        assert!(classify("/etc/").is_some());
        assert!(classify("/var/run/docker.sock").is_some());
        assert!(classify("/run/containerd/containerd.sock").is_some());
        assert!(classify("/var/lib/kubelet/pods").is_some());
        assert!(classify("/etcd-data").is_none());
        assert!(classify("/etc/ssl/certs").is_none());
        assert!(classify("/etc/localtime").is_none());
        assert!(classify("/etc/pki").is_some());
        assert!(classify("/var/log").is_none());
        assert!(classify("/data/docker.sock").is_none());
        assert!(classify("relative/etc").is_none());
    }
}
