use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&UserWithoutUid);

struct UserWithoutUid;

impl DockerfileRule for UserWithoutUid {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        let Some(last) = df.final_stage() else { return };
        let Some(user) = df.effective_user(last) else {
            return;
        };
        let name = user.user();
        if user.unresolved || user.is_root() || name.is_empty() {
            return;
        }
        if name.bytes().all(|b| b.is_ascii_digit()) {
            return;
        }
        cx.report(
            user.span,
            format!("the final user `{name}` is a name, not a numeric UID: Kubernetes `runAsNonRoot` cannot verify it"),
        )
        .help("use the numeric UID (`USER 10001` or `USER 10001:10001`), creating the user with that UID if needed");
    }
}
