use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&WritableHostPath);

struct WritableHostPath;

impl K8sRule for WritableHostPath {
    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(pod) = obj.pod_spec() else { return };
        let host_volumes: Vec<(&str, &str)> = pod
            .node
            .seq_items("volumes")
            .iter()
            .filter_map(|v| {
                let path = v.path(&["hostPath", "path"])?.as_str()?;
                Some((v.get_str("name")?, path))
            })
            .collect();
        if host_volumes.is_empty() {
            return;
        }
        for c in pod.containers() {
            for m in c.node.seq_items("volumeMounts") {
                let Some(name) = m.get("name") else { continue };
                let Some(n) = name.as_str() else { continue };
                let Some((_, path)) = host_volumes.iter().find(|(v, _)| *v == n) else {
                    continue;
                };
                if m.get("readOnly").and_then(Node::as_bool) == Some(true) {
                    continue;
                }
                let span = m.entry("readOnly").map_or(name.span, |e| e.value.span);
                cx.report(
                    span,
                    format!(
                        "{} mounts the host path `{path}` (volume \"{n}\") writable",
                        c.describe()
                    ),
                )
                .help("add `readOnly: true` to the volume mount, or use a volume that is not the node's filesystem");
            }
        }
    }
}
