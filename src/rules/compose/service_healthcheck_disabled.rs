use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Compose(&ServiceHealthcheckDisabled);

struct ServiceHealthcheckDisabled;

impl ComposeRule for ServiceHealthcheckDisabled {
    fn check_service(
        &self,
        svc: &Service<'_, '_>,
        file: &ComposeFile<'_, '_>,
        cx: &mut FileCtx<'_>,
    ) {
        let Some(hc) = svc.get("healthcheck") else {
            return;
        };
        // the value that disables it: `disable: true`, or `test: NONE` / `["NONE"]`
        let disable = hc.get("disable").filter(|d| d.as_bool() == Some(true));
        let none_test = hc.get("test").and_then(|t| {
            if t.as_str() == Some("NONE") {
                Some(t)
            } else {
                t.as_seq()
                    .and_then(|s| s.first())
                    .filter(|f| f.as_str() == Some("NONE"))
            }
        });
        let Some(node) = disable.or(none_test) else {
            return;
        };
        if svc.is_one_shot(file) {
            return;
        }
        cx.report(
            node.span,
            format!(
                "service \"{}\" disables its healthcheck, so compose cannot tell when it is stuck",
                svc.name
            ),
        )
        .help("remove `disable: true` and give the service a `test` that exercises it (or mark a one-shot job with `restart: \"no\"`)");
    }
}
