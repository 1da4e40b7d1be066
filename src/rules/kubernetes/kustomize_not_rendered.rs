use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Project(&KustomizeNotRendered);

struct KustomizeNotRendered;

impl ProjectRule for KustomizeNotRendered {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        for k in &project.kustomizations {
            let Some(loc) = k.unsupported_loc else {
                continue;
            };
            if k.unsupported.is_empty() {
                continue;
            }
            cx.report_at(
                &k.path,
                loc,
                format!("not rendered: {}", k.unsupported.join(", ")),
            )
            .help(
                "the rest of this kustomization is rendered and linted; for full coverage, lint the output of `kustomize build` too",
            );
        }
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::KUSTOMIZATION
    }
}
