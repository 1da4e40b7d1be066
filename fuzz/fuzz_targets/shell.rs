#![no_main]
//! The shell lexer behind `RUN`: over a parsed Dockerfile (shell form, exec form,
//! here-documents, escape directives) and over raw text as a here-document body. Every
//! word span lies inside the input on character boundaries and the command accessors
//! never panic.
use libfuzzer_sys::fuzz_target;
use shipgate::source::Span;
use shipgate::syntax::shell::{self, Script};

fn in_text(text: &str, s: Span) {
    assert!(s.start <= s.end, "inverted span {s:?}");
    assert!(text.get(s.start..s.end).is_some(), "span {s:?} outside the text");
}

fn check(text: &str, script: &Script) {
    for c in &script.commands {
        for w in &c.words {
            in_text(text, w.span);
        }
        for r in &c.redirects {
            if let Some(t) = &r.target {
                in_text(text, t.span);
            }
        }
        let _ = c.name();
        let _ = c.name_word();
        let _ = c.assignments().count();
        let _ = c.wrapper_word("sudo");
        let _ = c.has_flag("-y");
        let _ = c.has_flag("--no-install-recommends");
        let _ = c.find_flag("-k");
        let _ = c.operands().count();
        let _ = shell::sets_pipefail(c);
    }
    let _ = script.pipelines();
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    if mode % 2 == 0 {
        // the text as a here-document body, and as instruction text with `\` and `` ` ``
        // continuations
        let all = Span::new(0, text.len());
        check(text, &shell::lex(text, all, None, &[]));
        check(text, &shell::lex(text, all, Some(b'\\'), &[all]));
        check(text, &shell::lex(text, all, Some(b'`'), &[]));
        return;
    }
    if let Ok(df) = shipgate::syntax::dockerfile::parse(text) {
        for run in shell::runs(&df) {
            in_text(text, run.keyword);
            for b in &run.bodies {
                in_text(text, *b);
            }
            check(text, &run.script);
            let _ = run.is_posix();
            for i in 0..=run.script.commands.len() {
                let _ = run.pipefail_before(i);
            }
        }
    }
});
