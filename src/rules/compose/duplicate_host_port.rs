use crate::rules::compose::duplicate_container_name::can_run_together;
use crate::rules::prelude::*;
use crate::syntax::compose::PortMapping;

pub static RULE: RuleImpl = RuleImpl::Compose(&DuplicateHostPort);

struct DuplicateHostPort;

/// Two bindings collide when the protocol matches, the host port ranges overlap and the
/// addresses overlap (equal, or either is all interfaces).
fn collide(a: &PortMapping<'_, '_>, b: &PortMapping<'_, '_>) -> Option<u32> {
    let (Some((a0, a1)), Some((b0, b1))) = (a.published, b.published) else {
        return None;
    };
    if a.protocol != b.protocol {
        return None;
    }
    let ip_overlap = a.all_interfaces() || b.all_interfaces() || a.host_ip == b.host_ip;
    let lo = a0.max(b0);
    (ip_overlap && lo <= a1.min(b1)).then_some(lo)
}

impl ComposeRule for DuplicateHostPort {
    fn check_file(&self, file: &ComposeFile<'_, '_>, cx: &mut FileCtx<'_>) {
        let mut seen: Vec<(&Service<'_, '_>, PortMapping<'_, '_>)> = Vec::new();
        for svc in &file.services {
            for port in svc.ports() {
                let clash = seen.iter().find_map(|(other, p)| {
                    let same = other.name == svc.name;
                    if !same && !can_run_together(other, svc) {
                        return None;
                    }
                    collide(p, &port).map(|n| (other.name, n))
                });
                if let Some((other, n)) = clash {
                    let owner = if other == svc.name {
                        "another entry of the same service".to_string()
                    } else {
                        format!("service \"{other}\"")
                    };
                    cx.report(
                        port.span,
                        format!(
                            "service \"{}\" publishes host port {n}/{}, already published by {owner}",
                            svc.name, port.protocol
                        ),
                    )
                    .help("publish a different host port (the second container fails to start with `port is already allocated`)");
                }
                seen.push((svc, port));
            }
        }
    }
}
