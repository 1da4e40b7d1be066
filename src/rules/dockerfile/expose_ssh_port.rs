use super::expose_port::{self, ExposeArg};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&ExposeSshPort);

struct ExposeSshPort;

impl DockerfileRule for ExposeSshPort {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        for ins in &df.ast.instructions {
            let Instruction::Expose(e) = ins else {
                continue;
            };
            for arg in &e.arguments {
                let ExposeArg::Ports { from, to } = expose_port::parse(&arg.value) else {
                    continue;
                };
                if arg.value.to_ascii_lowercase().ends_with("/udp") || !(from..=to).contains(&22) {
                    continue;
                }
                cx.report(
                    arg.span.clone().into(),
                    format!("`EXPOSE {}` exposes the SSH port 22", arg.value),
                )
                .help("remove the SSH server from the image; use `docker exec`/`kubectl exec` or `kubectl debug` to get a shell");
            }
        }
    }
}
