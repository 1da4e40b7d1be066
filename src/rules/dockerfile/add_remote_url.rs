use super::add_source::{self, AddSource};
use crate::rules::prelude::*;
use parse_dockerfile::Source;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&AddRemoteUrl);

struct AddRemoteUrl;

impl DockerfileRule for AddRemoteUrl {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        for ins in df.ast.instructions.iter().map(super::onbuild::unwrap) {
            let Instruction::Add(a) = ins else { continue };
            if a.options.iter().any(|f| f.name.value == "checksum") {
                continue;
            }
            for src in &a.src {
                let Source::Path(p) = src else { continue };
                if add_source::classify(&p.value) != AddSource::Url {
                    continue;
                }
                cx.report(
                    p.span.clone().into(),
                    format!("`ADD` downloads `{}` without `--checksum`: whatever the server returns goes into the image", p.value),
                )
                .help("add `--checksum=sha256:<digest>` to the ADD, or download in a RUN step and verify the checksum there");
            }
        }
    }
}
