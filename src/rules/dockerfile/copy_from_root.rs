use super::stage_ref::{self, StageRef};
use crate::rules::prelude::*;
use parse_dockerfile::Source;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&CopyFromRoot);

struct CopyFromRoot;

impl DockerfileRule for CopyFromRoot {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        for stage in &df.stages {
            for ins in df.instructions(stage) {
                let Instruction::Copy(c) = ins else { continue };
                let Some(from) = c.options.iter().find(|f| f.name.value == "from") else {
                    continue;
                };
                let Some(from_value) = &from.value else {
                    continue;
                };
                // images built to be copied whole (`COPY --from=docker/buildx-bin / /`) pass;
                // unknown names are copy-from-unknown-stage's
                if !matches!(
                    stage_ref::resolve(df, stage.index, &from_value.value),
                    StageRef::Earlier(_)
                ) {
                    continue;
                }
                for src in &c.src {
                    let Source::Path(p) = src else { continue };
                    let v = p.value.as_ref();
                    if v.starts_with('/') && v.trim_end_matches(['/', '.']).is_empty() {
                        cx.report(
                            p.span.clone().into(),
                            format!(
                                "`COPY --from={}` copies the whole root filesystem `/` of that stage",
                                from_value.value
                            ),
                        )
                        .help("copy only the build outputs (`/out/app`, `/usr/local/bin/tool`)");
                    }
                }
            }
        }
    }
}
