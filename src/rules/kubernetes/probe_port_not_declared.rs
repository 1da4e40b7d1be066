use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&ProbePortNotDeclared);

struct ProbePortNotDeclared;

/// Which findings of the shared probe-port walk a rule reports.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// Probes that cannot work: undeclared port names, UDP/SCTP ports (K8S029).
    Broken,
    /// Numeric ports outside the declared ones (K8S032).
    NumberNotDeclared,
}

const PROBES: &[&str] = &["livenessProbe", "readinessProbe", "startupProbe"];
const HANDLERS: &[&str] = &["httpGet", "tcpSocket", "grpc"];

impl K8sRule for ProbePortNotDeclared {
    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        check(obj, cx, Mode::Broken);
    }
}

pub(super) fn check(obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>, mode: Mode) {
    let Some(pod) = obj.pod_spec() else { return };
    for c in pod.containers() {
        let ports = c.node.seq_items("ports");
        let names: Vec<&str> = ports.iter().filter_map(|p| p.get_str("name")).collect();
        let numbers: Vec<i64> = ports
            .iter()
            .filter_map(|p| p.get("containerPort").and_then(port_number))
            .collect();
        // probes speak TCP (HTTP, gRPC): a declared port that is only UDP/SCTP fails
        let non_tcp = |name: Option<&str>, number: Option<i64>| {
            let matching: Vec<&Node<'_>> = ports
                .iter()
                .filter(|p| {
                    name.is_some_and(|n| p.get_str("name") == Some(n))
                        || number.is_some_and(|n| {
                            p.get("containerPort").and_then(port_number) == Some(n)
                        })
                })
                .collect();
            let protocol = |p: &Node<'_>| p.get_str("protocol").unwrap_or("TCP").to_string();
            (!matching.is_empty() && matching.iter().all(|p| protocol(p) != "TCP"))
                .then(|| protocol(matching[0]))
        };
        for probe in PROBES {
            let Some(p) = c.node.get(probe) else { continue };
            for h in HANDLERS {
                let Some(handler) = p.get(h) else { continue };
                // a probe of another host is not about this container's ports
                if handler.get("host").is_some_and(|n| !n.is_null()) {
                    continue;
                }
                let Some(port) = handler.get("port") else {
                    continue;
                };
                let Some(text) = port.as_str() else { continue };
                if text.contains("{{") || text.contains('$') {
                    continue;
                }
                if let Some(n) = port_number(port) {
                    // a numeric port works undeclared; only a mismatch with the
                    // declared ports is a likely mistake
                    if let Some(proto) = non_tcp(None, Some(n)) {
                        if mode == Mode::Broken {
                            report_non_tcp(cx, port.span, probe, &c, &n.to_string(), &proto);
                        }
                        continue;
                    }
                    if mode != Mode::NumberNotDeclared || numbers.is_empty() || numbers.contains(&n)
                    {
                        continue;
                    }
                    cx.report(
                            port.span,
                            format!(
                                "{probe} of {} targets port {n}, which the container does not declare",
                                c.describe()
                            ),
                        )
                        .help("point the probe at a port in the container's `ports` (by name or number), or declare the port");
                } else if mode != Mode::Broken {
                    continue;
                } else if let Some(proto) = non_tcp(Some(text), None) {
                    report_non_tcp(cx, port.span, probe, &c, text, &proto);
                } else if !names.contains(&text) {
                    cx.report(
                            port.span,
                            format!(
                                "{probe} of {} targets the port name `{text}`, which the container does not declare: the probe always fails",
                                c.describe()
                            ),
                        )
                        .help("declare the port (`ports: [{name: …, containerPort: …}]`) or use the name of a declared port");
                }
            }
        }
    }
}

fn report_non_tcp(
    cx: &mut FileCtx<'_>,
    span: Span,
    probe: &str,
    c: &Container<'_, '_>,
    port: &str,
    proto: &str,
) {
    cx.report(
        span,
        format!(
            "{probe} of {} targets port `{port}`, which the container declares as {proto}: the probe connects over TCP and always fails",
            c.describe()
        ),
    )
    .help("probe a TCP port of the container, or use an `exec` probe for a UDP service");
}

/// A port given as a number (plain or quoted digits).
fn port_number(n: &Node<'_>) -> Option<i64> {
    let s = n.as_str()?.trim();
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}
