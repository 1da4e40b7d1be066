use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Compose(&ServiceUserRoot);

struct ServiceUserRoot;

impl ComposeRule for ServiceUserRoot {
    fn check_service(
        &self,
        svc: &Service<'_, '_>,
        _file: &ComposeFile<'_, '_>,
        cx: &mut FileCtx<'_>,
    ) {
        let Some(user) = svc.get("user") else { return };
        let Some(value) = user.as_str() else { return };
        let name = value.split(':').next().unwrap_or("").trim();
        if name == "root" || name == "0" {
            cx.report(user.span, format!("service \"{}\" runs as root (`user: {value}`)", svc.name))
                .help("set `user:` to a non-zero UID (e.g. \"10001:10001\"), or remove it if the image already runs as non-root");
        }
    }
}
