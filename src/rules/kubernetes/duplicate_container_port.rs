use super::objects::describe;
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&DuplicateContainerPort);

struct DuplicateContainerPort;

/// One `ports:` item of a container.
struct Port<'t, 'a> {
    /// Index of the owning container in visiting order.
    owner: usize,
    owner_desc: String,
    name: Option<&'t Node<'a>>,
    number: Option<(i64, &'t Node<'a>)>,
    protocol: String,
    host_port: i64,
}

impl Port<'_, '_> {
    fn name(&self) -> Option<&str> {
        self.name.and_then(Node::as_str)
    }
}

/// A sidecar: an init container with `restartPolicy: Always` keeps running next to
/// the app containers (and the init containers after it).
fn is_sidecar(c: &Container<'_, '_>) -> bool {
    c.kind == ContainerKind::Init && c.node.get_str("restartPolicy") == Some("Always")
}

fn ports_of<'t, 'a>(c: &Container<'t, 'a>, owner: usize) -> Vec<Port<'t, 'a>> {
    c.node
        .seq_items("ports")
        .iter()
        .map(|p| Port {
            owner,
            owner_desc: c.describe(),
            name: p
                .get("name")
                .filter(|n| n.as_str().is_some_and(|s| !s.is_empty())),
            number: p.get("containerPort").and_then(|n| Some((n.as_i64()?, n))),
            protocol: p.get_str("protocol").unwrap_or("TCP").to_ascii_uppercase(),
            host_port: p.get("hostPort").and_then(Node::as_i64).unwrap_or(0),
        })
        .collect()
}

impl K8sRule for DuplicateContainerPort {
    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(pod) = obj.pod_spec() else { return };
        let what = describe(obj);
        // Init containers run in order, then the app containers start; sidecars keep
        // running from their start on. Ports clash only between containers that run
        // at the same time: a container and itself, and any container and the
        // sidecars and app containers already running.
        let init = pod.containers().filter(|c| c.kind == ContainerKind::Init);
        let app = pod
            .containers()
            .filter(|c| c.kind == ContainerKind::Container);
        let mut running: Vec<Port<'_, '_>> = Vec::new();
        for (owner, c) in init.chain(app).enumerate() {
            let ports = ports_of(&c, owner);
            for (i, p) in ports.iter().enumerate() {
                // the same container: port names must be unique (the API server
                // rejects the pod); a number twice with the same protocol is a
                // mistake unless it maps to two different host ports
                if let Some(name) = p.name() {
                    if let (Some(node), true) =
                        (p.name, ports[..i].iter().any(|q| q.name() == Some(name)))
                    {
                        cx.report(
                            node.span,
                            format!("port name {name} is declared twice in {} of {what}: the API server rejects the pod", p.owner_desc),
                        )
                        .help("give every port of a container a unique name");
                    }
                }
                if let Some((num, node)) = p.number {
                    let twice = ports[..i].iter().any(|q| {
                        q.number.map(|n| n.0) == Some(num)
                            && q.protocol == p.protocol
                            && !(q.host_port != 0 && p.host_port != 0 && q.host_port != p.host_port)
                    });
                    if twice {
                        cx.report(
                            node.span,
                            format!(
                                "containerPort {num}/{} is declared twice in {} of {what}",
                                p.protocol, p.owner_desc
                            ),
                        )
                        .help("remove the duplicate port entry");
                    }
                }
                // other containers running at the same time
                if let Some((num, node)) = p.number {
                    if let Some(q) = running.iter().find(|q| {
                        q.owner != owner
                            && q.number.map(|n| n.0) == Some(num)
                            && q.protocol == p.protocol
                    }) {
                        cx.report(
                            node.span,
                            format!(
                                "containerPort {num}/{} of {} is also declared by {} of {what}: containers of a pod share one network namespace",
                                p.protocol, p.owner_desc, q.owner_desc
                            ),
                        )
                        .help("only one container of a pod can listen on a port: give one of them another port");
                    }
                }
                let long_running = c.kind == ContainerKind::Container || is_sidecar(&c);
                if let (Some(name), true) = (p.name(), long_running) {
                    if let Some(q) = running
                        .iter()
                        .find(|q| q.owner != owner && q.name() == Some(name))
                    {
                        if let Some(node) = p.name {
                            cx.report(
                                node.span,
                                format!(
                                    "port name {name} of {} is also used by {} of {what}: a Service targetPort naming it reaches only the first of them",
                                    p.owner_desc, q.owner_desc
                                ),
                            )
                            .help("give every port of the pod a unique name");
                        }
                    }
                }
            }
            if c.kind == ContainerKind::Container || is_sidecar(&c) {
                running.extend(ports);
            }
        }
    }
}
