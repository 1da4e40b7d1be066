use super::repeated_instruction;
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&MultipleCmd);

struct MultipleCmd;

impl DockerfileRule for MultipleCmd {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        repeated_instruction::check(df, cx, "CMD", |i| matches!(i, Instruction::Cmd(_)));
    }
}
