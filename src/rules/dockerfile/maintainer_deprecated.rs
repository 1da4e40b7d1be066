use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&MaintainerDeprecated);

struct MaintainerDeprecated;

impl DockerfileRule for MaintainerDeprecated {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        for ins in &df.ast.instructions {
            let Instruction::Maintainer(m) = ins else {
                continue;
            };
            cx.report(
                m.maintainer.span.clone().into(),
                "`MAINTAINER` is deprecated",
            )
            .help(format!(
                "use `LABEL org.opencontainers.image.authors=\"{}\"`",
                m.name.value.replace('"', "\\\"")
            ));
        }
    }
}
