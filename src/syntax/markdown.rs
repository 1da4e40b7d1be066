//! Markdown documents (runbooks, DR plans, migration guides) as headings, sections,
//! code blocks, ordered lists and links, each with its byte span, from `pulldown-cmark`'s
//! offset iterator.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::source::Span;

#[derive(Debug, Clone)]
pub struct Heading {
    /// 1–6.
    pub level: u8,
    /// The heading's text (inline markup removed).
    pub text: String,
    /// The whole heading (`## Rollback`).
    pub span: Span,
    /// GitHub's anchor for it (`#rollback-procedure`).
    pub anchor: String,
}

#[derive(Debug, Clone)]
pub struct CodeBlock {
    pub span: Span,
    pub lang: String,
}

#[derive(Debug, Clone)]
pub struct Link {
    pub dest: String,
    /// The whole link (`[text](dest)`).
    pub span: Span,
}

#[derive(Debug, Default)]
pub struct Markdown {
    pub headings: Vec<Heading>,
    pub code_blocks: Vec<CodeBlock>,
    /// Ordered (numbered) lists.
    pub ordered_lists: Vec<Span>,
    pub links: Vec<Link>,
    /// Inline code spans (`` `kubectl get pods` ``).
    pub inline_code: Vec<Span>,
    len: usize,
}

impl Markdown {
    pub fn parse(text: &str) -> Markdown {
        let mut doc = Markdown {
            len: text.len(),
            ..Default::default()
        };
        let mut heading: Option<(u8, usize, String)> = None;
        let mut slugs = std::collections::HashMap::<String, usize>::new();
        let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
        for (event, range) in Parser::new_ext(text, opts).into_offset_iter() {
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    heading = Some((level_num(level), range.start, String::new()));
                }
                Event::End(TagEnd::Heading(_)) => {
                    if let Some((level, start, title)) = heading.take() {
                        let title = title.trim().to_string();
                        let base = slug(&title);
                        let n = slugs.entry(base.clone()).or_insert(0);
                        let anchor = if *n == 0 { base } else { format!("{base}-{n}") };
                        *n += 1;
                        let end = trim_end(text, start, range.end);
                        doc.headings.push(Heading {
                            level,
                            text: title,
                            span: Span::new(start, end),
                            anchor,
                        });
                    }
                }
                Event::Text(t) => {
                    if let Some((_, _, title)) = heading.as_mut() {
                        title.push_str(&t);
                    }
                }
                Event::Code(t) => {
                    if let Some((_, _, title)) = heading.as_mut() {
                        title.push_str(&t);
                    }
                    doc.inline_code.push(Span::new(range.start, range.end));
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    let lang = match kind {
                        CodeBlockKind::Fenced(info) => {
                            info.split_whitespace().next().unwrap_or("").to_string()
                        }
                        CodeBlockKind::Indented => String::new(),
                    };
                    let end = trim_end(text, range.start, range.end);
                    doc.code_blocks.push(CodeBlock {
                        span: Span::new(range.start, end),
                        lang,
                    });
                }
                Event::Start(Tag::List(Some(_))) => {
                    let end = trim_end(text, range.start, range.end);
                    doc.ordered_lists.push(Span::new(range.start, end));
                }
                Event::Start(Tag::Link { dest_url, .. }) => {
                    doc.links.push(Link {
                        dest: dest_url.to_string(),
                        span: Span::new(range.start, range.end),
                    });
                }
                _ => {}
            }
        }
        doc
    }

    /// The body of heading `i`: from its end to the next heading of the same or a
    /// higher level (or the end of the document).
    pub fn section(&self, i: usize) -> Span {
        let Some(h) = self.headings.get(i) else {
            return Span::new(self.len, self.len);
        };
        let end = self.headings[i + 1..]
            .iter()
            .find(|n| n.level <= h.level)
            .map_or(self.len, |n| n.span.start);
        Span::new(h.span.end, end.max(h.span.end))
    }

    /// Headings nested directly or deeper inside heading `i`'s section.
    pub fn subheadings(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let body = self.section(i);
        let level = self.headings.get(i).map_or(0, |h| h.level);
        // an index past the end has no subheadings (found by the `markdown` fuzz target)
        let first_child = self
            .headings
            .get(i + 1..)
            .unwrap_or(&[])
            .iter()
            .filter(|h| h.span.start < body.end && h.level > level)
            .map(|h| h.level)
            .min();
        self.headings
            .iter()
            .enumerate()
            .skip(i + 1)
            .filter(move |(_, h)| h.span.start < body.end && Some(h.level) == first_child)
            .map(|(j, _)| j)
    }

    pub fn has_code_in(&self, span: Span) -> bool {
        self.code_blocks
            .iter()
            .any(|c| c.span.start >= span.start && c.span.start < span.end)
    }

    pub fn has_inline_code_in(&self, span: Span) -> bool {
        self.inline_code
            .iter()
            .any(|c| c.start >= span.start && c.start < span.end)
    }

    pub fn has_ordered_list_in(&self, span: Span) -> bool {
        self.ordered_lists
            .iter()
            .any(|l| l.start >= span.start && l.start < span.end)
    }

    /// Where a "this document lacks X" finding points: the first heading (the title),
    /// else the first non-blank line.
    pub fn title_span(&self, text: &str) -> Span {
        if let Some(h) = self.headings.first() {
            return h.span;
        }
        let start = text.len() - text.trim_start().len();
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let end = trim_end(text, start, end);
        if end > start {
            Span::new(start, end)
        } else {
            // an empty document: the first character, if any
            Span::new(0, text.chars().next().map_or(0, char::len_utf8))
        }
    }
}

fn level_num(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Drop trailing whitespace/newlines from a range (block events include the newline).
fn trim_end(text: &str, start: usize, end: usize) -> usize {
    let end = end.min(text.len());
    match text.get(start..end) {
        Some(s) => start + s.trim_end().len(),
        None => end,
    }
}

/// GitHub's heading anchor: lowercase, punctuation dropped, spaces to `-`.
pub fn slug(title: &str) -> String {
    title
        .trim()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                Some(c.to_lowercase().next().unwrap_or(c))
            } else if c == ' ' {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_range_heading_indices_are_empty_not_a_panic() {
        // regression: the `markdown` fuzz target's first crash (an empty document)
        for text in ["", "# only\n"] {
            let md = Markdown::parse(text);
            let n = md.headings.len();
            assert_eq!(md.subheadings(n).count(), 0);
            assert_eq!(md.subheadings(n + 5).count(), 0);
            assert_eq!(md.section(n + 5), Span::new(md.len, md.len));
        }
    }

    #[test]
    fn headings_sections_and_blocks() {
        let text = "# Runbook\n\nintro\n\n## Rollback Procedure\n\n1. step\n2. step\n\n```sh\nkubectl rollout undo deploy/api\n```\n\n### Details\n\nx `cmd`\n\n## Contacts\n\n[team](./team.md#on-call)\n";
        let md = Markdown::parse(text);
        let titles: Vec<&str> = md.headings.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(
            titles,
            ["Runbook", "Rollback Procedure", "Details", "Contacts"]
        );
        assert_eq!(
            &text[md.headings[1].span.start..md.headings[1].span.end],
            "## Rollback Procedure"
        );
        assert_eq!(md.headings[1].anchor, "rollback-procedure");
        let body = md.section(1);
        assert!(md.has_code_in(body));
        assert!(md.has_ordered_list_in(body));
        assert!(md.has_inline_code_in(body));
        assert!(!md.has_code_in(md.section(3)));
        assert_eq!(md.subheadings(1).collect::<Vec<_>>(), vec![2]);
        assert_eq!(md.links[0].dest, "./team.md#on-call");
        let cb = md.code_blocks[0].span;
        assert!(text[cb.start..cb.end].ends_with("```"));
        assert_eq!(md.title_span(text), md.headings[0].span);
    }

    #[test]
    fn duplicate_anchors_and_empty() {
        let md = Markdown::parse("## A b!\n## A b!\n");
        assert_eq!(md.headings[0].anchor, "a-b");
        assert_eq!(md.headings[1].anchor, "a-b-1");
        let empty = Markdown::parse("");
        assert_eq!(empty.title_span(""), Span::new(0, 0));
        assert_eq!(
            Markdown::parse("  \nfoo\n").title_span("  \nfoo\n"),
            Span::new(3, 6)
        );
    }
}
