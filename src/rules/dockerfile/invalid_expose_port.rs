use super::expose_port::{self, ExposeArg};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&InvalidExposePort);

struct InvalidExposePort;

impl DockerfileRule for InvalidExposePort {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        for ins in &df.ast.instructions {
            let Instruction::Expose(e) = ins else {
                continue;
            };
            for arg in &e.arguments {
                let ExposeArg::Invalid(why) = expose_port::parse(&arg.value) else {
                    continue;
                };
                cx.report(
                    arg.span.clone().into(),
                    format!("`EXPOSE {}` is not a valid port: {why}", arg.value),
                )
                .help("write `EXPOSE <port>[/tcp|/udp]` with a port from 0 to 65535; publish host ports at run time, not here");
            }
        }
    }
}
