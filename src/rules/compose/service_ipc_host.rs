use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Compose(&ServiceIpcHost);

struct ServiceIpcHost;

impl ComposeRule for ServiceIpcHost {
    fn check_service(
        &self,
        svc: &Service<'_, '_>,
        _file: &ComposeFile<'_, '_>,
        cx: &mut FileCtx<'_>,
    ) {
        let Some(node) = svc.get("ipc") else {
            return;
        };
        if node.as_str().map(str::trim) != Some("host") {
            return;
        }
        cx.report(
            node.span,
            format!("service \"{}\" shares the host's IPC namespace (shared memory, semaphores)", svc.name),
        )
        .help("remove `ipc: host`; use `ipc: shareable` on one service and `ipc: \"service:<name>\"` on the other");
    }
}
