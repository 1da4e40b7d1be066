use crate::rules::prelude::*;
use crate::rules::secrets::tokens;

pub static RULE: RuleImpl = RuleImpl::Text(&TokenInFile);

struct TokenInFile;

impl TextRule for TokenInFile {
    fn check(&self, text: &str, _kind: FileKind, cx: &mut FileCtx<'_>) {
        for t in tokens::scan(text) {
            let span = Span::new(t.range.start, t.range.end);
            cx.report(span, format!("plaintext {}", t.what))
                .secret(span);
        }
    }
}
