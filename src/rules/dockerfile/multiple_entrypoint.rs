use super::repeated_instruction;
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&MultipleEntrypoint);

struct MultipleEntrypoint;

impl DockerfileRule for MultipleEntrypoint {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        repeated_instruction::check(df, cx, "ENTRYPOINT", |i| {
            matches!(i, Instruction::Entrypoint(_))
        });
    }
}
