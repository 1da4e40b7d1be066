//! What a `COPY --from=<ref>` (or `RUN --mount=from=<ref>`) refers to.

use crate::syntax::dockerfile::{Dockerfile, Flag, Instruction, Stage};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageRef {
    /// An earlier stage, by name or index.
    Earlier(usize),
    /// The stage the instruction is in, or a later one.
    CurrentOrLater(usize),
    /// A bare name that is no stage: Docker pulls it as an image.
    Unknown,
    /// An image reference (`nginx:1.27`, `ghcr.io/x/y`) or a variable: not judged.
    Image,
}

/// Resolve a `--from` value seen in stage `current`.
pub fn resolve(df: &Dockerfile<'_>, current: usize, value: &str) -> StageRef {
    if value.contains('$') {
        return StageRef::Image;
    }
    if let Ok(n) = value.parse::<usize>() {
        return if n < current {
            StageRef::Earlier(n)
        } else {
            StageRef::CurrentOrLater(n)
        };
    }
    let lowered = value.to_ascii_lowercase();
    let named = |s: &&Stage| s.name.as_ref().is_some_and(|(n, _)| *n == lowered);
    if let Some(s) = df.stages[..current.min(df.stages.len())]
        .iter()
        .rev()
        .find(named)
    {
        return StageRef::Earlier(s.index);
    }
    if let Some(s) = df.stages.iter().skip(current).find(named) {
        return StageRef::CurrentOrLater(s.index);
    }
    if value.contains([':', '/', '@', '.']) {
        StageRef::Image
    } else {
        StageRef::Unknown
    }
}

/// The `--from` flags of the `COPY` instructions of a stage.
pub fn copy_from_flags<'d, 'a>(
    df: &'d Dockerfile<'a>,
    stage: &Stage,
) -> impl Iterator<Item = &'d Flag<'a>> + 'd {
    df.instructions(stage).iter().filter_map(|ins| match ins {
        Instruction::Copy(c) => c.options.iter().find(|f| f.name.value == "from"),
        _ => None,
    })
}
