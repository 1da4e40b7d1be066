use std::collections::HashMap;

use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Compose(&DuplicateContainerName);

struct DuplicateContainerName;

/// Two services can run together unless both are limited to disjoint sets of profiles.
pub(crate) fn can_run_together(a: &Service<'_, '_>, b: &Service<'_, '_>) -> bool {
    let (pa, pb) = (a.profiles(), b.profiles());
    pa.is_empty() || pb.is_empty() || pa.iter().any(|p| pb.contains(p))
}

impl ComposeRule for DuplicateContainerName {
    fn check_file(&self, file: &ComposeFile<'_, '_>, cx: &mut FileCtx<'_>) {
        let mut seen: HashMap<String, Vec<&Service<'_, '_>>> = HashMap::new();
        for svc in &file.services {
            let Some(node) = svc.get("container_name") else {
                continue;
            };
            let Some(name) = node.as_str() else { continue };
            let Some(name) = crate::syntax::compose::resolve_default(name) else {
                continue;
            };
            let earlier = seen.entry(name.clone()).or_default();
            if let Some(first) = earlier.iter().find(|o| can_run_together(o, svc)) {
                cx.report(
                    node.span,
                    format!(
                        "service \"{}\" uses the container name \"{name}\", already used by service \"{}\"",
                        svc.name, first.name
                    ),
                )
                .help("give each service its own `container_name`, or drop it and let compose name the containers");
            }
            earlier.push(svc);
        }
    }
}
