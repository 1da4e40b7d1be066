use super::stage_ref::{self, StageRef};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&CopyFromImageUnpinned);

struct CopyFromImageUnpinned;

impl DockerfileRule for CopyFromImageUnpinned {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        for stage in &df.stages {
            for ins in df.instructions(stage) {
                // (value, byte range of the image inside it, a bare name is an image)
                let mut refs: Vec<(
                    &crate::syntax::dockerfile::UnescapedString<'_>,
                    usize,
                    usize,
                    bool,
                )> = Vec::new();
                match ins {
                    Instruction::Copy(c) => {
                        for f in c.options.iter().filter(|f| f.name.value == "from") {
                            if let Some(v) = &f.value {
                                refs.push((v, 0, v.value.len(), false));
                            }
                        }
                    }
                    Instruction::Run(r) => {
                        // RUN --mount=type=bind,from=image,source=/x,target=/y
                        for f in r.options.iter().filter(|f| f.name.value == "mount") {
                            let Some(v) = &f.value else { continue };
                            let mut at = 0;
                            for part in v.value.split(',') {
                                if let Some(img) = part.strip_prefix("from=") {
                                    let start = at + 5;
                                    refs.push((v, start, start + img.len(), true));
                                }
                                at += part.len() + 1;
                            }
                        }
                    }
                    _ => {}
                }
                for (value, start, end, bare_is_image) in refs {
                    let Some(image) = value.value.get(start..end) else {
                        continue;
                    };
                    let is_image = match stage_ref::resolve(df, stage.index, image) {
                        StageRef::Image => true,
                        StageRef::Unknown => bare_is_image,
                        _ => false,
                    };
                    if image.contains('$') || !is_image {
                        continue;
                    }
                    let r = ImageRef::parse(image);
                    let problem = if r.is_latest() {
                        "uses the mutable `:latest` tag"
                    } else if r.is_untagged() {
                        "has no tag: it means `:latest`"
                    } else {
                        continue;
                    };
                    let span = match (&r.tag_range, r.is_latest()) {
                        (Some(t), true) => df.sub_span(value, start + t.start..start + t.end),
                        _ => df.sub_span(value, start..end),
                    };
                    cx.report(span, format!("`from` image `{image}` {problem}"))
                        .help(format!(
                            "pin a version tag or a digest: `--from={}:<version>` or `@sha256:…`",
                            r.name
                        ));
                }
            }
        }
    }
}
