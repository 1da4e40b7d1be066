use crate::rules::image_pin::{self, PinProblem};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Compose(&ServiceImageLatestTag);

struct ServiceImageLatestTag;

impl ComposeRule for ServiceImageLatestTag {
    fn check_service(
        &self,
        svc: &Service<'_, '_>,
        _file: &ComposeFile<'_, '_>,
        cx: &mut FileCtx<'_>,
    ) {
        let Some(node) = svc.image() else { return };
        let Some(raw) = node.as_str() else { return };
        let Some((PinProblem::Latest(tag), resolved)) = image_pin::check(raw) else {
            return;
        };
        let span = if resolved == raw {
            node.value_sub_span(&cx.file.text, tag)
        } else {
            node.span
        };
        if svc.get("build").is_some_and(|b| !b.is_null()) {
            cx.report(
                span,
                format!(
                    "service \"{}\" tags its build as `{resolved}`: every build overwrites that tag",
                    svc.name
                ),
            )
            .help("tag the build with a version (`image: ghcr.io/acme/app:${TAG:-1.4.2}`) so deploys and rollbacks name an exact artifact");
            return;
        }
        cx.report(
            span,
            format!(
                "service \"{}\" uses image `{resolved}` with the mutable `:latest` tag",
                svc.name
            ),
        )
        .help("pin a version tag (`postgres:16.4`) or a digest (`@sha256:…`)");
    }
}
