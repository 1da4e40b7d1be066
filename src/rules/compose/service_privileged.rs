use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Compose(&ServicePrivileged);

struct ServicePrivileged;

impl ComposeRule for ServicePrivileged {
    fn check_service(
        &self,
        svc: &Service<'_, '_>,
        _file: &ComposeFile<'_, '_>,
        cx: &mut FileCtx<'_>,
    ) {
        let Some(node) = svc.get("privileged") else {
            return;
        };
        if node.as_bool() != Some(true) {
            return;
        }
        cx.report(
            node.span,
            format!(
                "service \"{}\" runs privileged, with every capability and all host devices",
                svc.name
            ),
        )
        .help("remove `privileged: true`; grant the one capability (`cap_add`) or device (`devices`) the service needs");
    }
}
