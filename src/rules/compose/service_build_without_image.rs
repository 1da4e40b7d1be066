use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Compose(&ServiceBuildWithoutImage);

struct ServiceBuildWithoutImage;

impl ComposeRule for ServiceBuildWithoutImage {
    fn check_service(
        &self,
        svc: &Service<'_, '_>,
        _file: &ComposeFile<'_, '_>,
        cx: &mut FileCtx<'_>,
    ) {
        let Some(build) = svc.body.entry("build") else {
            return;
        };
        if build.value.is_null() || svc.image().is_some() {
            return;
        }
        cx.report(
            build.key.span,
            format!(
                "service \"{}\" is built but names no `image:`, so the deployed artifact has no versioned name",
                svc.name
            ),
        )
        .help("add `image: registry.example.com/team/app:${TAG:-<version>}` so the build is tagged, pushed and deployed by a pinned name");
    }
}
