//! Located YAML: a tree built from `saphyr-parser` events where every key and
//! value carries a byte [`Span`].
//!
//! * multi-document streams, each document parsed on its own;
//! * anchors and aliases, expanded with a node budget (alias bombs fail fast);
//! * merge keys (`<<: *base`) resolved, explicit keys winning;
//! * duplicate keys kept (lookups return the last one) and reportable;
//! * scalar style kept, raw text available through the span;
//! * a nesting limit, so hostile input cannot exhaust the stack when the tree is dropped.
//!
//! The builder is iterative: nothing here recurses on input depth.

use std::borrow::Cow;
use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError};

use crate::source::Span;

/// How many nodes alias expansion may create in one file before we call it a bomb.
pub const ALIAS_NODE_BUDGET: usize = 200_000;
/// Deepest nesting of collections we accept.
pub const MAX_DEPTH: usize = 512;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

impl From<ScalarStyle> for Style {
    fn from(s: ScalarStyle) -> Self {
        match s {
            ScalarStyle::Plain => Style::Plain,
            ScalarStyle::SingleQuoted => Style::SingleQuoted,
            ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
            ScalarStyle::Literal => Style::Literal,
            ScalarStyle::Folded => Style::Folded,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Node<'a> {
    pub span: Span,
    pub value: Value<'a>,
    /// The node was produced by expanding an alias; its spans point at the anchor.
    pub from_alias: bool,
}

#[derive(Debug, Clone)]
pub enum Value<'a> {
    Scalar(Cow<'a, str>, Style),
    Seq(Vec<Node<'a>>),
    Map(Vec<Entry<'a>>),
}

#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub key: Node<'a>,
    pub value: Node<'a>,
    /// The entry came from a merge key (`<<`), not written in this mapping.
    pub merged: bool,
}

/// One document of a YAML stream.
#[derive(Debug)]
pub struct Document<'a> {
    /// `None` for an empty document (only comments, or `---` alone).
    pub root: Option<Node<'a>>,
    /// Index of the document in the stream (0-based).
    pub index: usize,
    /// Span of the whole document (from its start marker to its end).
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct YamlError {
    pub span: Span,
    pub message: String,
}

/// A parsed YAML stream: every document parsed before an error, and the error.
#[derive(Debug)]
pub struct Yaml<'a> {
    pub docs: Vec<Document<'a>>,
    pub error: Option<YamlError>,
}

impl<'a> Node<'a> {
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(s, _) => Some(s),
            _ => None,
        }
    }

    pub fn style(&self) -> Option<Style> {
        match &self.value {
            Value::Scalar(_, st) => Some(*st),
            _ => None,
        }
    }

    pub fn is_plain_scalar(&self) -> bool {
        matches!(self.value, Value::Scalar(_, Style::Plain))
    }

    /// `null`, `~`, or an empty plain scalar.
    pub fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar(s, Style::Plain) if matches!(s.as_ref(), "" | "~" | "null" | "Null" | "NULL"))
    }

    /// A YAML boolean (core schema, plus the YAML 1.1 words Kubernetes and compose accept).
    pub fn as_bool(&self) -> Option<bool> {
        match &self.value {
            Value::Scalar(s, Style::Plain) => match s.as_ref() {
                "true" | "True" | "TRUE" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => Some(true),
                "false" | "False" | "FALSE" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => {
                    Some(false)
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// A plain integer scalar.
    pub fn as_i64(&self) -> Option<i64> {
        match &self.value {
            Value::Scalar(s, Style::Plain) => s.parse().ok(),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node<'a>]> {
        match &self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&[Entry<'a>]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn is_map(&self) -> bool {
        matches!(self.value, Value::Map(_))
    }

    /// The entry for `key` (the last one when the key is duplicated).
    pub fn entry(&self, key: &str) -> Option<&Entry<'a>> {
        self.as_map()?
            .iter()
            .rev()
            .find(|e| e.key.as_str() == Some(key))
    }

    /// The value for `key` (the last one when the key is duplicated).
    pub fn get(&self, key: &str) -> Option<&Node<'a>> {
        self.entry(key).map(|e| &e.value)
    }

    /// Follow a path of mapping keys.
    pub fn path(&self, keys: &[&str]) -> Option<&Node<'a>> {
        let mut node = self;
        for k in keys {
            node = node.get(k)?;
        }
        Some(node)
    }

    /// String value of `key`, if it is a scalar.
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.get(key)?.as_str()
    }

    /// Items of a sequence-valued key (empty when absent or not a sequence).
    pub fn seq_items(&self, key: &str) -> &[Node<'a>] {
        self.get(key).and_then(Node::as_seq).unwrap_or(&[])
    }

    /// Entries of a mapping-valued key (empty when absent or not a mapping).
    pub fn map_entries(&self, key: &str) -> &[Entry<'a>] {
        self.get(key).and_then(Node::as_map).unwrap_or(&[])
    }

    /// Keys written more than once in this mapping (excluding merged entries).
    pub fn duplicate_keys(&self) -> Vec<&Node<'a>> {
        let mut seen: HashMap<&str, ()> = HashMap::new();
        let mut dups = Vec::new();
        for e in self.as_map().unwrap_or(&[]) {
            if e.merged {
                continue;
            }
            if let Some(k) = e.key.as_str() {
                if seen.insert(k, ()).is_some() {
                    dups.push(&e.key);
                }
            }
        }
        dups
    }

    /// The file span of bytes `range` of this scalar's value: exact when the value is
    /// written verbatim (plain, or quoted without escapes), else the whole scalar.
    pub fn value_sub_span(&self, text: &str, range: std::ops::Range<usize>) -> Span {
        let Some(value) = self.as_str() else {
            return self.span;
        };
        let raw = text.get(self.span.start..self.span.end).unwrap_or("");
        if range.end > value.len() {
            return self.span;
        }
        if raw == value {
            return self.span.sub(range.start, range.end);
        }
        let quoted = raw.len() == value.len() + 2
            && (raw.starts_with('"') || raw.starts_with('\''))
            && raw.get(1..raw.len() - 1) == Some(value);
        if quoted {
            return self.span.sub(range.start + 1, range.end + 1);
        }
        self.span
    }

    /// The exact file span of bytes `range` of this scalar's value, for every scalar
    /// style whose text is written verbatim line by line: plain and quoted scalars over
    /// one or more lines (without escapes) and literal (`|`) or folded (`>`) block
    /// scalars. The source lines are aligned with the value (line breaks and folding
    /// spaces are the only characters allowed between them), so a range inside one
    /// source line maps exactly; anything else (escapes, a range across a line break)
    /// gives `None`.
    pub fn located_sub_span(&self, text: &str, range: std::ops::Range<usize>) -> Option<Span> {
        let Value::Scalar(value, style) = &self.value else {
            return None;
        };
        if range.start > range.end || range.end > value.len() {
            return None;
        }
        let raw = text.get(self.span.start..self.span.end)?;
        let (body, body_start) = match style {
            Style::SingleQuoted | Style::DoubleQuoted => {
                let inner = raw.get(1..raw.len().checked_sub(1)?)?;
                (inner, self.span.start + 1)
            }
            _ => (raw, self.span.start),
        };
        let block = matches!(style, Style::Literal | Style::Folded);
        // a block scalar's span starts at its first content character: its column is
        // the indentation every content line carries
        let indent = if block {
            let line_start = text[..self.span.start].rfind('\n').map_or(0, |i| i + 1);
            let lead = &text[line_start..self.span.start];
            if !lead.bytes().all(|b| b == b' ') {
                return None;
            }
            lead.len()
        } else {
            0
        };
        let mut cursor = 0usize;
        let mut offset = 0usize;
        for (i, line) in body.split_inclusive('\n').enumerate() {
            let line_off = offset;
            offset += line.len();
            let content = line.strip_suffix('\n').unwrap_or(line);
            let content = content.strip_suffix('\r').unwrap_or(content);
            let (seg, seg_off) = if i == 0 {
                let seg = if block { content } else { content.trim_end() };
                (seg, 0)
            } else if block {
                match content.get(..indent) {
                    Some(lead) if lead.bytes().all(|b| b == b' ') => (&content[indent..], indent),
                    _ => ("", 0),
                }
            } else {
                let trimmed = content.trim_start_matches([' ', '\t']);
                (trimmed.trim_end(), content.len() - trimmed.len())
            };
            if seg.is_empty() {
                continue;
            }
            // skip the line breaks or folding spaces the value has between source lines
            loop {
                if value.get(cursor..)?.starts_with(seg) {
                    break;
                }
                match value.as_bytes().get(cursor) {
                    Some(b'\n' | b' ') if i > 0 => cursor += 1,
                    _ => return None,
                }
            }
            if range.start >= cursor && range.end <= cursor + seg.len() {
                let at = body_start + line_off + seg_off + (range.start - cursor);
                return Some(Span::new(at, at + (range.end - range.start)));
            }
            cursor += seg.len();
        }
        None
    }

    fn count_nodes(&self) -> usize {
        let mut n = 0;
        let mut stack = vec![self];
        while let Some(node) = stack.pop() {
            n += 1;
            match &node.value {
                Value::Scalar(..) => {}
                Value::Seq(items) => stack.extend(items.iter()),
                Value::Map(entries) => {
                    for e in entries {
                        stack.push(&e.key);
                        stack.push(&e.value);
                    }
                }
            }
        }
        n
    }
}

enum Frame<'a> {
    Seq {
        start: Span,
        anchor: usize,
        items: Vec<Node<'a>>,
    },
    Map {
        start: Span,
        anchor: usize,
        entries: Vec<Entry<'a>>,
        merges: Vec<Node<'a>>,
        key: Option<Node<'a>>,
    },
}

/// Maps saphyr's character indices to byte offsets.
struct Offsets {
    /// Byte offset of every char boundary; empty when the text is ASCII.
    table: Vec<usize>,
    len: usize,
}

impl Offsets {
    fn new(text: &str) -> Self {
        let table = if text.is_ascii() {
            Vec::new()
        } else {
            let mut t: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            t.push(text.len());
            t
        };
        Offsets {
            table,
            len: text.len(),
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        if self.table.is_empty() {
            char_index.min(self.len)
        } else {
            self.table.get(char_index).copied().unwrap_or(self.len)
        }
    }

    fn span(&self, s: saphyr_parser::Span) -> Span {
        Span::new(self.byte(s.start.index()), self.byte(s.end.index()))
    }
}

struct Builder<'a> {
    text: &'a str,
    offsets: Offsets,
    stack: Vec<Frame<'a>>,
    anchors: HashMap<usize, (Node<'a>, usize)>,
    expanded: usize,
    docs: Vec<Document<'a>>,
    doc_root: Option<Node<'a>>,
    doc_start: usize,
}

/// Parse a YAML stream into located documents.
pub fn parse(text: &str) -> Yaml<'_> {
    let mut b = Builder {
        text,
        offsets: Offsets::new(text),
        stack: Vec::new(),
        anchors: HashMap::new(),
        expanded: 0,
        docs: Vec::new(),
        doc_root: None,
        doc_start: 0,
    };
    let error = b.run(Parser::new_from_str(text)).err();
    Yaml {
        docs: b.docs,
        error,
    }
}

impl<'a> Builder<'a> {
    fn run(&mut self, parser: Parser<'a, saphyr_parser::StrInput<'a>>) -> Result<(), YamlError> {
        for item in parser {
            let (event, span) = item.map_err(|e| self.scan_error(&e))?;
            let span = self.offsets.span(span);
            match event {
                Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
                Event::DocumentStart(_) => {
                    self.doc_root = None;
                    self.doc_start = span.start;
                    self.anchors.clear();
                }
                Event::DocumentEnd => {
                    // a document with no content is an empty null scalar: no root
                    let root = self.doc_root.take().filter(
                        |r| !matches!(&r.value, Value::Scalar(t, Style::Plain) if t.is_empty()),
                    );
                    let end = root
                        .as_ref()
                        .map_or(span.end, |r| r.span.end.max(span.start));
                    self.docs.push(Document {
                        root,
                        index: self.docs.len(),
                        span: Span::new(self.doc_start, end.max(self.doc_start)),
                    });
                }
                Event::Scalar(value, style, anchor, _tag) => {
                    let node = Node {
                        span,
                        value: Value::Scalar(value, style.into()),
                        from_alias: false,
                    };
                    self.complete(node, anchor)?;
                }
                Event::Alias(id) => {
                    let Some((target, count)) = self.anchors.get(&id) else {
                        return Err(YamlError {
                            span,
                            message: "alias refers to an unknown anchor".into(),
                        });
                    };
                    self.expanded += count;
                    if self.expanded > ALIAS_NODE_BUDGET {
                        return Err(YamlError {
                            span,
                            message: format!(
                                "alias expansion exceeds {ALIAS_NODE_BUDGET} nodes (an alias bomb?)"
                            ),
                        });
                    }
                    let mut node = target.clone();
                    node.from_alias = true;
                    self.complete(node, 0)?;
                }
                Event::SequenceStart(anchor, _) => {
                    self.check_depth(span)?;
                    self.stack.push(Frame::Seq {
                        start: span,
                        anchor,
                        items: Vec::new(),
                    });
                }
                Event::MappingStart(anchor, _) => {
                    self.check_depth(span)?;
                    self.stack.push(Frame::Map {
                        start: span,
                        anchor,
                        entries: Vec::new(),
                        merges: Vec::new(),
                        key: None,
                    });
                }
                Event::SequenceEnd => {
                    if let Some(Frame::Seq {
                        start,
                        anchor,
                        items,
                    }) = self.stack.pop()
                    {
                        let end =
                            self.collection_end(start, items.last().map(|n| n.span.end), span);
                        let node = Node {
                            span: Span::new(start.start, end.max(start.end)),
                            value: Value::Seq(items),
                            from_alias: false,
                        };
                        self.complete(node, anchor)?;
                    }
                }
                Event::MappingEnd => {
                    if let Some(Frame::Map {
                        start,
                        anchor,
                        mut entries,
                        merges,
                        ..
                    }) = self.stack.pop()
                    {
                        let last = entries
                            .iter()
                            .filter(|e| !e.merged)
                            .map(|e| e.value.span.end)
                            .max();
                        let end = self.collection_end(start, last, span);
                        apply_merges(&mut entries, merges);
                        let node = Node {
                            span: Span::new(start.start, end.max(start.end)),
                            value: Value::Map(entries),
                            from_alias: false,
                        };
                        self.complete(node, anchor)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// End of a collection: the closing bracket of a flow collection, else its last child.
    fn collection_end(&self, start: Span, last_child: Option<usize>, end_event: Span) -> usize {
        let flow = matches!(self.text.as_bytes().get(start.start), Some(b'{' | b'['));
        if flow {
            end_event.end.max(start.end)
        } else {
            last_child.unwrap_or(start.end).max(start.end)
        }
    }

    fn check_depth(&self, span: Span) -> Result<(), YamlError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(YamlError {
                span,
                message: format!("nesting deeper than {MAX_DEPTH} levels"),
            });
        }
        Ok(())
    }

    fn scan_error(&self, e: &ScanError) -> YamlError {
        let at = self.offsets.byte(e.marker().index());
        YamlError {
            span: Span::new(at, at),
            message: e.info().to_string(),
        }
    }

    fn complete(&mut self, node: Node<'a>, anchor: usize) -> Result<(), YamlError> {
        if anchor > 0 {
            let count = node.count_nodes();
            self.anchors.insert(anchor, (node.clone(), count));
        }
        match self.stack.last_mut() {
            None => self.doc_root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                entries,
                merges,
                key,
                ..
            }) => match key.take() {
                None => *key = Some(node),
                Some(k) => {
                    if k.is_plain_scalar() && k.as_str() == Some("<<") {
                        merges.push(node);
                    } else {
                        entries.push(Entry {
                            key: k,
                            value: node,
                            merged: false,
                        });
                    }
                }
            },
        }
        Ok(())
    }
}

/// Resolve `<<` merge keys: explicit keys win, earlier merge sources win over later ones.
fn apply_merges<'a>(entries: &mut Vec<Entry<'a>>, merges: Vec<Node<'a>>) {
    if merges.is_empty() {
        return;
    }
    let mut sources: Vec<Node<'a>> = Vec::new();
    for m in merges {
        match m.value {
            Value::Seq(items) => sources.extend(items),
            _ => sources.push(m),
        }
    }
    let mut present: std::collections::HashSet<String> = entries
        .iter()
        .filter_map(|e| e.key.as_str().map(str::to_owned))
        .collect();
    for src in sources {
        if let Value::Map(src_entries) = src.value {
            for e in src_entries {
                let Some(k) = e.key.as_str() else { continue };
                if present.insert(k.to_owned()) {
                    entries.push(Entry {
                        key: e.key,
                        value: e.value,
                        merged: true,
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_and_lookup() {
        let text = "a: 1\nb:\n  c: [x, 'y']\n";
        let y = parse(text);
        assert!(y.error.is_none());
        let root = y.docs[0].root.as_ref().unwrap();
        let c = root.path(&["b", "c"]).unwrap();
        let items = c.as_seq().unwrap();
        assert_eq!(&text[items[0].span.start..items[0].span.end], "x");
        assert_eq!(items[1].as_str(), Some("y"));
        assert_eq!(items[1].style(), Some(Style::SingleQuoted));
        let a = root.entry("a").unwrap();
        assert_eq!(&text[a.key.span.start..a.key.span.end], "a");
        assert_eq!(&text[a.value.span.start..a.value.span.end], "1");
    }

    #[test]
    fn multi_doc_and_empty_docs() {
        let y = parse("a: 1\n---\n# only a comment\n---\nb: 2\n");
        assert!(y.error.is_none());
        assert_eq!(y.docs.len(), 3);
        assert!(y.docs[1].root.is_none());
        assert_eq!(y.docs[2].root.as_ref().unwrap().get_str("b"), Some("2"));
    }

    #[test]
    fn merge_keys_explicit_wins() {
        let text = "x: &base\n  a: 1\n  b: 2\ny:\n  <<: *base\n  b: 3\n";
        let y = parse(text);
        let yv = y.docs[0].root.as_ref().unwrap().get("y").unwrap();
        assert_eq!(yv.get_str("a"), Some("1"));
        assert_eq!(yv.get_str("b"), Some("3"));
        assert!(yv.entry("a").unwrap().merged);
    }

    #[test]
    fn alias_bomb_fails_fast() {
        let mut text = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
        let mut prev = "a";
        for n in names {
            text.push_str(&format!("{n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
            prev = n;
        }
        let y = parse(&text);
        assert!(y.error.unwrap().message.contains("alias"));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(10_000) + &"]".repeat(10_000);
        let y = parse(&text);
        assert!(y.error.is_some());
    }

    #[test]
    fn duplicate_keys_reported() {
        let y = parse("a: 1\na: 2\n");
        let root = y.docs[0].root.as_ref().unwrap();
        assert_eq!(root.get_str("a"), Some("2"));
        assert_eq!(root.duplicate_keys().len(), 1);
    }

    #[test]
    fn quoted_sub_spans() {
        let text = "a: \"nginx:latest\"\nb: nginx:1\n";
        let y = parse(text);
        let root = y.docs[0].root.as_ref().unwrap();
        let a = root.get("a").unwrap();
        let sp = a.value_sub_span(text, 6..12);
        assert_eq!(&text[sp.start..sp.end], "latest");
        let b = root.get("b").unwrap();
        let sp = b.value_sub_span(text, 6..7);
        assert_eq!(&text[sp.start..sp.end], "1");
    }

    #[test]
    fn located_sub_spans_in_multiline_scalars() {
        let check = |text: &str, key: &str, needle: &str| {
            let y = parse(text);
            let root = y.docs[0].root.as_ref().unwrap();
            let n = root.get(key).unwrap();
            let v = n.as_str().unwrap();
            let at = v.find(needle).unwrap();
            let sp = n.located_sub_span(text, at..at + needle.len());
            sp.map(|sp| text[sp.start..sp.end].to_string())
        };
        let lit = "run: |\n  echo a\n\n    echo ${{ x }}\nk: 1\n";
        assert_eq!(check(lit, "run", "${{ x }}").as_deref(), Some("${{ x }}"));
        let folded = "run: >-\n  echo a\n  echo ${{ y }}\nk: 1\n";
        assert_eq!(
            check(folded, "run", "${{ y }}").as_deref(),
            Some("${{ y }}")
        );
        let plain = "run: echo\n  two ${{ z }}\nk: 1\n";
        assert_eq!(check(plain, "run", "${{ z }}").as_deref(), Some("${{ z }}"));
        let quoted = "run: \"a ${{ q }}\n  b\"\n";
        assert_eq!(
            check(quoted, "run", "${{ q }}").as_deref(),
            Some("${{ q }}")
        );
        // an escape breaks the verbatim correspondence: no guess
        let esc = "run: \"a\\tb ${{ q }}\"\n";
        assert_eq!(check(esc, "run", "${{ q }}"), None);
        let single = "run: 'it''s ${{ q }}'\n";
        assert_eq!(check(single, "run", "${{ q }}"), None);
    }

    #[test]
    fn unicode_offsets() {
        let text = "é: ü\nk: v\n";
        let y = parse(text);
        let root = y.docs[0].root.as_ref().unwrap();
        let e = root.entry("k").unwrap();
        assert_eq!(&text[e.value.span.start..e.value.span.end], "v");
    }

    #[test]
    fn syntax_error_keeps_earlier_docs() {
        let y = parse("a: 1\n---\nb: [\n");
        assert_eq!(y.docs.len(), 1);
        assert!(y.error.is_some());
    }
}
