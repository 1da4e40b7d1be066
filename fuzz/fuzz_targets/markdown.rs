#![no_main]
//! The Markdown docs parser: any text parses, every span (headings, sections, code
//! blocks, lists, links, inline code, the title) lies inside the input on character
//! boundaries, and the section accessors never panic.
use libfuzzer_sys::fuzz_target;
use shipgate::source::Span;
use shipgate::syntax::markdown::{slug, Markdown};

fn in_text(text: &str, s: Span) {
    assert!(s.start <= s.end, "inverted span {s:?}");
    assert!(text.get(s.start..s.end).is_some(), "span {s:?} outside the text");
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let md = Markdown::parse(text);
    for (i, h) in md.headings.iter().enumerate() {
        assert!((1..=6).contains(&h.level));
        in_text(text, h.span);
        let body = md.section(i);
        in_text(text, body);
        for j in md.subheadings(i) {
            assert!(j > i && j < md.headings.len());
        }
        let _ = md.has_code_in(body);
        let _ = md.has_inline_code_in(body);
        let _ = md.has_ordered_list_in(body);
        let _ = slug(&h.text);
    }
    // out-of-range indices are an empty section at the end, not a panic
    in_text(text, md.section(md.headings.len()));
    let _ = md.subheadings(md.headings.len()).count();
    for c in &md.code_blocks {
        in_text(text, c.span);
    }
    for l in &md.ordered_lists {
        in_text(text, *l);
    }
    for l in &md.links {
        in_text(text, l.span);
    }
    for c in &md.inline_code {
        in_text(text, *c);
    }
    in_text(text, md.title_span(text));
});
