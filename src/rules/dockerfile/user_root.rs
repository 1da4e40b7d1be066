use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&UserRoot);

struct UserRoot;

impl DockerfileRule for UserRoot {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        let Some(last) = df.final_stage() else { return };
        let Some(user) = df.effective_user(last) else {
            return;
        };
        if user.is_root() {
            cx.report(
                user.span,
                format!(
                    "the last USER is `{}`: the container runs as root",
                    user.raw
                ),
            )
            .help("end the final stage with `USER <uid>` using a non-zero UID");
        }
    }
}
