use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&MissingUser);

struct MissingUser;

/// Base images documented to run as a non-root user by default.
fn base_runs_as_non_root(image: &str) -> bool {
    let r = ImageRef::parse(image);
    r.tag.is_some_and(|t| t.contains("nonroot")) || r.name.starts_with("cgr.dev/chainguard/")
}

impl DockerfileRule for MissingUser {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        let Some(last) = df.final_stage() else { return };
        if df.effective_user(last).is_some() {
            return;
        }
        // follow `FROM <stage>` to the registry image the final stage is built on
        let mut base = last;
        let mut hops = 0;
        while let Some(p) = base.parent.and_then(|p| df.stages.get(p)) {
            base = p;
            hops += 1;
            if hops > 64 {
                break;
            }
        }
        if base_runs_as_non_root(&base.image.value) {
            return;
        }
        cx.report(last.image_span, "final stage has no USER: the container runs as root")
            .help("add `USER <uid>` (a numeric, non-zero UID such as 10001) after the last step that needs root");
    }
}
