use crate::rules::prelude::*;
use crate::syntax::dockerfile::UserRef;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&UserSwitchedBackToRoot);

struct UserSwitchedBackToRoot;

impl DockerfileRule for UserSwitchedBackToRoot {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        let Some(last) = df.final_stage() else { return };
        // the user the stage starts with: inherited from a parent stage, if any
        let mut current: Option<UserRef> = last
            .parent
            .and_then(|p| df.stages.get(p))
            .and_then(|p| df.effective_user(p));
        let users: Vec<_> = df
            .instructions(last)
            .iter()
            .filter_map(|ins| match ins {
                Instruction::User(u) => Some(u),
                _ => None,
            })
            .collect();
        let env = df.stage_env(last);
        let lookup = |name: &str| {
            env.iter()
                .rev()
                .find(|kv| kv.key == name)
                .and_then(|kv| kv.value.clone())
        };
        for (i, u) in users.iter().enumerate() {
            let raw = u.arguments.value.to_string();
            let expanded = crate::syntax::interp::expand(&raw, &lookup);
            let this = UserRef {
                raw,
                resolved: expanded.value,
                unresolved: expanded.unresolved,
                span: u.arguments.span.clone().into(),
                keyword_span: u.user.span.clone().into(),
                stage: last.index,
            };
            let is_last = i + 1 == users.len();
            if let Some(prev) = current.as_ref() {
                let prev_non_root = !prev.unresolved && !prev.is_root();
                // the last USER being root is user-root (DF002)
                if this.is_root() && prev_non_root && !is_last {
                    let loc = cx.loc(prev.span);
                    cx.report(
                        this.span,
                        format!(
                            "`USER {}` switches back to root after the non-root user `{}`: the steps that follow run as root",
                            this.raw, prev.raw
                        ),
                    )
                    .help("do the steps that need root before the first non-root `USER`")
                    .label_at(None, loc, "non-root user set here");
                }
            }
            current = Some(this);
        }
    }
}
