use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Compose(&ServiceNetworkModeHost);

struct ServiceNetworkModeHost;

impl ComposeRule for ServiceNetworkModeHost {
    fn check_service(
        &self,
        svc: &Service<'_, '_>,
        _file: &ComposeFile<'_, '_>,
        cx: &mut FileCtx<'_>,
    ) {
        let Some(node) = svc.get("network_mode") else {
            return;
        };
        if node.as_str().map(str::trim) != Some("host") {
            return;
        }
        cx.report(
            node.span,
            format!("service \"{}\" shares the host's network stack, so every port it opens is exposed", svc.name),
        )
        .help("use the default bridge network and publish only the ports the service needs (`ports: [\"127.0.0.1:8080:8080\"]`)");
    }
}
