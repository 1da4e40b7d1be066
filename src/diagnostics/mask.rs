//! Masking secret values: a finding about a secret never prints it.
//!
//! Rules mark the secret's bytes with [`Diagnostic::secret`](super::Diagnostic::secret);
//! the engine masks those bytes in the file text it keeps for snippets, so every output
//! format that shows source (human snippets, and any format added later that reads
//! `Report::sources`) shows at most the first characters of the value. Messages, help
//! and labels never contain the value: rules name the key or the token format instead.

use std::sync::Arc;

use super::Diagnostic;
use crate::source::{SourceFile, Span};

/// How many leading characters of a secret of `len` characters stay visible: a quarter
/// of it, at most 4 (a 6-character password shows 1, an AWS key id shows `AKIA`).
pub fn visible_prefix(len: usize) -> usize {
    (len / 4).min(4)
}

/// `text` with the bytes of every span masked: the visible prefix is kept and every
/// further character becomes as many `*` as it has bytes, so offsets, spans and line
/// numbers are unchanged and the text stays valid UTF-8.
pub fn mask_text(text: &str, spans: &[Span]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for span in spans {
        // widen a span that is off char boundaries to the enclosing characters
        let start = crate::source::floor_char_boundary(text, span.start.min(text.len()));
        let mut end = span.end.min(text.len()).max(start);
        while end < text.len() && !text.is_char_boundary(end) {
            end += 1;
        }
        mask_range(text, &mut bytes, start, end);
    }
    // every multi-byte character was replaced whole, so this cannot fail
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn mask_range(text: &str, bytes: &mut [u8], start: usize, end: usize) {
    let Some(value) = text.get(start..end) else {
        return;
    };
    let keep = visible_prefix(value.chars().count());
    for (i, (off, c)) in value.char_indices().enumerate() {
        if i < keep || c == '\n' || c == '\r' {
            continue;
        }
        for b in &mut bytes[start + off..start + off + c.len_utf8()] {
            *b = b'*';
        }
    }
}

/// The secret spans `diagnostics` mark in the file at `path`, and `more`.
pub fn secret_spans(path: &str, diagnostics: &[Diagnostic], more: &[Span]) -> Vec<Span> {
    diagnostics
        .iter()
        .filter(|d| d.path == path)
        .flat_map(|d| d.secrets.iter().copied())
        .chain(more.iter().copied())
        .collect()
}

/// The source to keep for a file: masked when any of `diagnostics` marks a secret in it.
pub fn masked_source(
    src: Arc<SourceFile>,
    diagnostics: &[Diagnostic],
    more: &[Span],
) -> Arc<SourceFile> {
    let spans = secret_spans(&src.path, diagnostics, more);
    if spans.is_empty() {
        return src;
    }
    Arc::new(SourceFile::new(
        src.path.clone(),
        mask_text(&src.text, &spans),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_all_but_a_short_prefix() {
        let t = "KEY=AKIAABCDEFGHIJKLMNOP\nPW=hunter2\n";
        let m = mask_text(t, &[Span::new(4, 24), Span::new(28, 35)]);
        assert_eq!(m, "KEY=AKIA****************\nPW=h******\n");
        assert_eq!(m.len(), t.len());
    }

    #[test]
    fn multibyte_values_stay_valid_utf8() {
        let t = "p: «geheimnis»\n";
        let m = mask_text(t, &[Span::new(3, t.len() - 1)]);
        assert_eq!(m.len(), t.len());
        assert!(!m.contains("geheim"));
        // a span off char boundaries is widened, not a panic
        let m = mask_text(t, &[Span::new(4, 6)]);
        assert_eq!(m.len(), t.len());
    }
}
