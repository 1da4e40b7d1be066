use crate::rules::prelude::*;
use parse_dockerfile::Source;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&CopyDestMissingSlash);

struct CopyDestMissingSlash;

impl DockerfileRule for CopyDestMissingSlash {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        for ins in df.ast.instructions.iter().map(super::onbuild::unwrap) {
            let (keyword, src, dest) = match ins {
                Instruction::Copy(c) => ("COPY", &c.src, &c.dest),
                Instruction::Add(a) => ("ADD", &a.src, &a.dest),
                _ => continue,
            };
            let paths = src.iter().filter(|s| matches!(s, Source::Path(_))).count();
            if paths < 2 {
                continue;
            }
            let d = dest.value.trim_matches(['"', '\'']);
            if d.ends_with('/') || d.ends_with('\\') || d.contains('$') || d == "." {
                continue;
            }
            cx.report(
                dest.span.clone().into(),
                format!("`{keyword}` of {paths} sources into `{d}`, which does not end with `/`"),
            )
            .help(format!(
                "end the destination with a slash (`{d}/`) so it is a directory"
            ));
        }
    }
}
