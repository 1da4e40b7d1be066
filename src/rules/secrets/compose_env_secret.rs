use std::collections::HashSet;

use crate::rules::prelude::*;
use crate::rules::secrets::common::{literal_secret, yaml_settings};

pub static RULE: RuleImpl = RuleImpl::Compose(&ComposeEnvSecret);

struct ComposeEnvSecret;

impl ComposeRule for ComposeEnvSecret {
    fn check_file(&self, file: &ComposeFile<'_, '_>, cx: &mut FileCtx<'_>) {
        // a setting shared through an anchor is reported once, at the anchor
        let mut seen = HashSet::new();
        for svc in &file.services {
            let blocks = [
                ("environment", svc.get("environment")),
                ("build.args", svc.get("build").and_then(|b| b.get("args"))),
            ];
            for (what, node) in blocks {
                let Some(node) = node else { continue };
                for s in yaml_settings(node, cx.file.text.as_str()) {
                    if !literal_secret(s.key, s.value) || !seen.insert(s.value_span) {
                        continue;
                    }
                    cx.report(
                        s.value_span,
                        format!(
                            "service \"{}\" sets `{}` to a plaintext value in `{what}`",
                            svc.name, s.key
                        ),
                    )
                    .secret(s.value_span);
                }
            }
        }
    }
}
