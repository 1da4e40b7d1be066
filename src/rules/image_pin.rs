//! Shared logic for the image-pinning rules (G4) of every pack.

use std::ops::Range;

use crate::syntax::image::ImageRef;
use crate::syntax::interp;

pub enum PinProblem {
    /// `:latest`; the range of the tag inside the (resolved) reference.
    Latest(Range<usize>),
    /// No tag and no digest.
    Untagged,
}

/// Check a reference as written. References still holding variables that cannot be
/// resolved are not judged (`None`), since their value is decided elsewhere.
pub fn check(raw: &str) -> Option<(PinProblem, String)> {
    let resolved = if interp::has_vars(raw) {
        let e = interp::expand(raw, &|_| None);
        if e.unresolved || e.value.is_empty() {
            return None;
        }
        e.value
    } else {
        raw.to_string()
    };
    if resolved.contains("{{")
        || resolved.trim().is_empty()
        || resolved.contains(char::is_whitespace)
    {
        return None;
    }
    let r = ImageRef::parse(&resolved);
    if r.is_latest() {
        let range = r.tag_range.clone().unwrap_or(0..resolved.len());
        return Some((PinProblem::Latest(range), resolved));
    }
    if r.is_untagged() {
        return Some((PinProblem::Untagged, resolved));
    }
    None
}
