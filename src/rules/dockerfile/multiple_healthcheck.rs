use super::repeated_instruction;
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&MultipleHealthcheck);

struct MultipleHealthcheck;

impl DockerfileRule for MultipleHealthcheck {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        repeated_instruction::check(df, cx, "HEALTHCHECK", |i| {
            matches!(i, Instruction::Healthcheck(_))
        });
    }
}
