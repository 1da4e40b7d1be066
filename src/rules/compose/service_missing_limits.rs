use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Compose(&ServiceMissingLimits);

struct ServiceMissingLimits;

impl ComposeRule for ServiceMissingLimits {
    fn check_service(
        &self,
        svc: &Service<'_, '_>,
        _file: &ComposeFile<'_, '_>,
        cx: &mut FileCtx<'_>,
    ) {
        let limits = svc.body.path(&["deploy", "resources", "limits"]);
        let has_deploy_limit =
            limits.is_some_and(|l| l.get("memory").is_some() || l.get("cpus").is_some());
        let has_legacy = ["mem_limit", "cpus", "cpu_quota"]
            .iter()
            .any(|k| svc.get(k).is_some());
        if has_deploy_limit || has_legacy {
            return;
        }
        // the narrowest existing parent: `resources:`, else `deploy:`, else the service name
        let deploy = svc.body.entry("deploy");
        let resources = deploy.and_then(|d| d.value.entry("resources"));
        let span = resources
            .or(deploy)
            .map_or(svc.anchor_span(), |e| e.key.span);
        cx.report(span, format!("service \"{}\" has no memory or CPU limit", svc.name))
            .help("set `deploy.resources.limits.memory` and `cpus` (or `mem_limit`/`cpus`) so one service cannot starve the host");
    }
}
