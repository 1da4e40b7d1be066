//! Instructions of which only the last one per stage takes effect.

use crate::rules::prelude::*;
use crate::syntax::dockerfile::keyword_span;

/// Report every occurrence of the instruction after the first in each stage.
pub fn check(
    df: &Dockerfile<'_>,
    cx: &mut FileCtx<'_>,
    keyword: &str,
    is: fn(&Instruction<'_>) -> bool,
) {
    for stage in &df.stages {
        let mut first: Option<Span> = None;
        for ins in df.instructions(stage).iter().filter(|i| is(i)) {
            let span = keyword_span(ins);
            match first {
                None => first = Some(span),
                Some(f) => {
                    let loc = cx.loc(f);
                    cx.report(
                        span,
                        format!(
                            "more than one {keyword} in this stage: only the last one takes effect"
                        ),
                    )
                    .help(format!(
                        "keep one {keyword} per stage: delete the earlier ones or merge them"
                    ))
                    .label_at(None, loc, format!("earlier {keyword}, ignored"));
                }
            }
        }
    }
}
