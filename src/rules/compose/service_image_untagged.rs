use crate::rules::image_pin::{self, PinProblem};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Compose(&ServiceImageUntagged);

struct ServiceImageUntagged;

impl ComposeRule for ServiceImageUntagged {
    fn check_service(
        &self,
        svc: &Service<'_, '_>,
        _file: &ComposeFile<'_, '_>,
        cx: &mut FileCtx<'_>,
    ) {
        let Some(node) = svc.image() else { return };
        let Some(raw) = node.as_str() else { return };
        let Some((PinProblem::Untagged, resolved)) = image_pin::check(raw) else {
            return;
        };
        let built = svc.get("build").is_some_and(|b| !b.is_null());
        if built {
            // compose tags the build with this name: nothing is pulled, but every build
            // overwrites `:latest` and the deployed artifact has no version
            cx.report(
                node.span,
                format!(
                    "service \"{}\" tags its build `{resolved}` without a version, so every build overwrites `:latest`",
                    svc.name
                ),
            )
            .help("tag the build with a version (`image: ghcr.io/acme/app:${TAG:-1.4.2}`) so deploys and rollbacks name an exact artifact");
            return;
        }
        cx.report(
            node.span,
            format!(
                "service \"{}\" uses image `{resolved}` without a tag: it means `:latest`",
                svc.name
            ),
        )
        .help("pin a version tag (`postgres:16.4`) or a digest (`@sha256:…`)");
    }
}
