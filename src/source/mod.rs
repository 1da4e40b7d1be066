//! Source text, byte spans and the per-file line index.
//!
//! Every node of every tree carries a [`Span`] of byte offsets into the file's text.
//! Line and column numbers are computed from a [`LineIndex`] built once per file
//! (1-based lines, 1-based columns counted in characters), never by searching text.

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into a file's text.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub const fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub const fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// A sub-span given by byte offsets relative to `self.start`.
    pub fn sub(self, from: usize, to: usize) -> Span {
        let start = (self.start + from).min(self.end);
        let end = (self.start + to).clamp(start, self.end);
        Span::new(start, end)
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(r: std::ops::Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

/// A 1-based line and 1-based column (in characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

/// A span resolved to line/column positions; what diagnostics carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Loc {
    pub start: LineCol,
    pub end: LineCol,
    pub span: Span,
}

/// Offsets of line starts, for converting byte offsets to line/column.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    ascii: bool,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 32 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex {
            starts,
            ascii: text.is_ascii(),
        }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset where the 0-based line `line0` starts.
    pub fn line_start(&self, line0: usize) -> Option<usize> {
        self.starts.get(line0).copied()
    }

    /// 0-based line containing byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// Resolve a byte offset to a 1-based line and 1-based character column.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line0 = self.line_of(offset);
        let start = self.starts[line0];
        let col = if self.ascii {
            offset - start
        } else {
            text[start..offset].chars().count()
        };
        LineCol {
            line: to_u32(line0 + 1),
            column: to_u32(col + 1),
        }
    }

    /// Column of `offset` in UTF-16 code units (0-based), for the LSP.
    pub fn utf16_col(&self, text: &str, offset: usize) -> (u32, u32) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line0 = self.line_of(offset);
        let start = self.starts[line0];
        let col: usize = text[start..offset].chars().map(char::len_utf16).sum();
        (to_u32(line0), to_u32(col))
    }

    pub fn loc(&self, text: &str, span: Span) -> Loc {
        let mut span = span;
        span.end = span.end.min(text.len());
        span.start = span.start.min(span.end);
        Loc {
            start: self.line_col(text, span.start),
            end: self.line_col(text, span.end),
            span,
        }
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The largest char boundary `<= i` (stable replacement for `str::floor_char_boundary`).
pub fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The text of a file as linted: decoded, with a line index.
#[derive(Debug)]
pub struct SourceFile {
    /// Path relative to the working directory, `/`-separated.
    pub path: String,
    pub text: String,
    pub index: LineIndex,
}

impl SourceFile {
    pub fn new(path: String, text: String) -> Self {
        let index = LineIndex::new(&text);
        SourceFile { path, text, index }
    }

    pub fn loc(&self, span: Span) -> Loc {
        self.index.loc(&self.text, span)
    }

    pub fn slice(&self, span: Span) -> &str {
        let end = floor_char_boundary(&self.text, span.end.min(self.text.len()));
        let start = floor_char_boundary(&self.text, span.start.min(end));
        &self.text[start..end]
    }
}

/// Whether `path` is `dir` or below it (`dir/…`), without building `dir/`.
pub fn is_path_within(path: &str, dir: &str) -> bool {
    path.strip_prefix(dir)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Whether `path` ends with the component(s) `name` (`…/name`), without building `/name`.
pub fn ends_with_component(path: &str, name: &str) -> bool {
    path.strip_suffix(name)
        .is_some_and(|rest| rest.ends_with('/'))
}

/// Unicode `\w` (the regex crate's own definition), for scanners that replaced a regex
/// and must decide word boundaries as it did.
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    regex_syntax::try_is_word_character(c).unwrap_or_else(|_| c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_ascii_and_unicode() {
        let text = "ab\ncdé\nfg";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), LineCol { line: 1, column: 1 });
        assert_eq!(idx.line_col(text, 3), LineCol { line: 2, column: 1 });
        // 'é' is two bytes (5..7); the newline is byte 7, 'f' byte 8
        assert_eq!(idx.line_col(text, 8), LineCol { line: 3, column: 1 });
        assert_eq!(idx.line_col(text, 7), LineCol { line: 2, column: 4 });
        assert_eq!(idx.utf16_col(text, 7), (1, 3));
    }

    #[test]
    fn crlf_columns() {
        let text = "a: 1\r\nbb: 2\r\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 6), LineCol { line: 2, column: 1 });
        assert_eq!(idx.line_col(text, 10), LineCol { line: 2, column: 5 });
    }
}
