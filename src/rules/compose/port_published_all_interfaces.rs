use crate::rules::prelude::*;
use crate::syntax::compose::data_store;

pub static RULE: RuleImpl = RuleImpl::Compose(&PortPublishedAllInterfaces);

struct PortPublishedAllInterfaces;

impl ComposeRule for PortPublishedAllInterfaces {
    fn check_service(
        &self,
        svc: &Service<'_, '_>,
        _file: &ComposeFile<'_, '_>,
        cx: &mut FileCtx<'_>,
    ) {
        // databases and caches are datastore-port-published's
        if svc
            .image_resolved()
            .is_some_and(|i| data_store(&i).is_some())
        {
            return;
        }
        for port in svc.ports() {
            // an explicit 0.0.0.0 / :: is a deliberate choice
            if port.host_ip.is_some() || !port.all_interfaces() {
                continue;
            }
            // the public web entry points of a reverse proxy
            if matches!(port.published, Some((80, 80)) | Some((443, 443))) {
                continue;
            }
            let what = match port.published {
                Some((a, b)) if a == b => format!("host port {a}"),
                Some((a, b)) => format!("host ports {a}-{b}"),
                None => "a random host port".to_string(),
            };
            cx.report(
                port.span,
                format!(
                    "service \"{}\" publishes {what} on every host interface",
                    svc.name
                ),
            )
            .help("bind it to the interface that should reach it (`127.0.0.1:8080:8080` for local access), or write `0.0.0.0:` explicitly if it is meant to be public");
        }
    }
}
