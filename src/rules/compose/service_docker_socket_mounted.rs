use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Compose(&ServiceDockerSocketMounted);

struct ServiceDockerSocketMounted;

/// Container-engine API sockets: whoever can write to them is root on the host.
fn is_engine_socket(source: &str) -> bool {
    let s = source.trim().trim_end_matches('/');
    let file = s.rsplit('/').next().unwrap_or(s);
    matches!(
        file,
        "docker.sock" | "podman.sock" | "containerd.sock" | "crio.sock" | "dockershim.sock"
    ) && (s.starts_with('/') || s.starts_with("~") || s.starts_with("${") || s.starts_with('.'))
}

impl ComposeRule for ServiceDockerSocketMounted {
    fn check_service(
        &self,
        svc: &Service<'_, '_>,
        _file: &ComposeFile<'_, '_>,
        cx: &mut FileCtx<'_>,
    ) {
        for item in svc.body.seq_items("volumes") {
            let (source, node) = if let Some(s) = item.as_str() {
                // SOURCE:TARGET[:MODE]; a bare TARGET is an anonymous volume
                match s.split_once(':') {
                    Some((src, _)) => (src, item),
                    None => continue,
                }
            } else {
                if item.get_str("type").is_some_and(|t| t != "bind") {
                    continue;
                }
                match item.get("source") {
                    Some(n) => match n.as_str() {
                        Some(s) => (s, n),
                        None => continue,
                    },
                    None => continue,
                }
            };
            if !is_engine_socket(source) {
                continue;
            }
            let span = if item.as_str().is_some() {
                item.value_sub_span(&cx.file.text, 0..source.len())
            } else {
                node.span
            };
            cx.report(
                span,
                format!(
                    "service \"{}\" mounts the container engine socket `{source}`, which gives root on the host",
                    svc.name
                ),
            )
            .help("remove the mount; if the service must talk to the engine, put a filtering proxy (e.g. docker-socket-proxy) in front of it with only the API calls it needs");
        }
    }
}
