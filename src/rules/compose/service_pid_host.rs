use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Compose(&ServicePidHost);

struct ServicePidHost;

impl ComposeRule for ServicePidHost {
    fn check_service(
        &self,
        svc: &Service<'_, '_>,
        _file: &ComposeFile<'_, '_>,
        cx: &mut FileCtx<'_>,
    ) {
        let Some(node) = svc.get("pid") else {
            return;
        };
        if node.as_str().map(str::trim) != Some("host") {
            return;
        }
        cx.report(
            node.span,
            format!("service \"{}\" shares the host's process namespace, so it sees and can signal every host process", svc.name),
        )
        .help("remove `pid: host`; use `pid: \"service:<name>\"` to share the namespace with one sidecar only");
    }
}
