//! `ONBUILD <instruction>` runs in every image built `FROM` this one: rules about what
//! an instruction does look through it.

use crate::syntax::dockerfile::Instruction;

/// The instruction itself, or the one an `ONBUILD` wraps.
pub fn unwrap<'i, 'a>(ins: &'i Instruction<'a>) -> &'i Instruction<'a> {
    match ins {
        Instruction::Onbuild(o) => &o.instruction,
        other => other,
    }
}
