use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Compose(&ServiceDangerousCapability);

struct ServiceDangerousCapability;

/// Capabilities that amount to (or lead directly to) root on the host.
const DANGEROUS: &[&str] = &[
    "ALL",
    "SYS_ADMIN",
    "SYS_MODULE",
    "SYS_RAWIO",
    "SYS_PTRACE",
    "SYS_BOOT",
    "SYS_TIME",
    "NET_ADMIN",
    "DAC_READ_SEARCH",
    "BPF",
    "PERFMON",
    "MAC_ADMIN",
    "MAC_OVERRIDE",
    "SYSLOG",
];

impl ComposeRule for ServiceDangerousCapability {
    fn check_service(
        &self,
        svc: &Service<'_, '_>,
        _file: &ComposeFile<'_, '_>,
        cx: &mut FileCtx<'_>,
    ) {
        let mut allowed = cx.option_strings("allow");
        allowed.iter_mut().for_each(|a| {
            *a = a.trim_start_matches("CAP_").to_ascii_uppercase();
        });
        for item in svc.body.seq_items("cap_add") {
            let Some(raw) = item.as_str() else { continue };
            let upper = raw.trim().to_ascii_uppercase();
            let cap = upper.strip_prefix("CAP_").unwrap_or(&upper);
            if !DANGEROUS.contains(&cap) || allowed.iter().any(|a| a == cap) {
                continue;
            }
            cx.report(
                item.span,
                format!("service \"{}\" adds the capability `{raw}`, which gives control over the host", svc.name),
            )
            .help("drop the capability; if one narrow privilege is needed, grant that one (e.g. `NET_BIND_SERVICE`) and `cap_drop: [ALL]` the rest");
        }
    }
}
