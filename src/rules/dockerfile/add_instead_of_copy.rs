use super::add_source::{self, AddSource};
use crate::rules::prelude::*;
use crate::syntax::dockerfile::keyword_span;
use parse_dockerfile::Source;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&AddInsteadOfCopy);

struct AddInsteadOfCopy;

impl DockerfileRule for AddInsteadOfCopy {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        for ins in df.ast.instructions.iter().map(super::onbuild::unwrap) {
            let Instruction::Add(a) = ins else { continue };
            let mut local = 0;
            let mut other = 0;
            for src in &a.src {
                match src {
                    Source::Path(p) if add_source::classify(&p.value) == AddSource::Local => {
                        local += 1
                    }
                    _ => other += 1,
                }
            }
            if local == 0 || other > 0 {
                continue;
            }
            cx.report(
                keyword_span(ins),
                "`ADD` of local files: `COPY` does the same without extracting archives or fetching URLs",
            )
            .help("replace `ADD` with `COPY`");
        }
    }
}
