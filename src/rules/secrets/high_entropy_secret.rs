use crate::rules::prelude::*;
use crate::rules::secrets::common::{assignments, entropy, literal_secret};

pub static RULE: RuleImpl = RuleImpl::Text(&HighEntropySecret);

struct HighEntropySecret;

/// Random-looking: long enough, varied enough, letters and digits mixed.
pub fn looks_random(value: &str) -> bool {
    if value.len() < 16 {
        return false;
    }
    let letters = value.bytes().filter(u8::is_ascii_alphabetic).count();
    let digits = value.bytes().filter(u8::is_ascii_digit).count();
    value.len() >= 16 && !value.contains(' ') && letters > 0 && digits > 0 && entropy(value) >= 3.5
}

impl TextRule for HighEntropySecret {
    fn check(&self, text: &str, kind: FileKind, cx: &mut FileCtx<'_>) {
        // files whose settings no structured rule of the pack reads: docs, Helm values
        // and other YAML, Prometheus and kustomize files
        if !matches!(
            kind,
            FileKind::Doc | FileKind::Other | FileKind::Prometheus | FileKind::Kustomization
        ) {
            return;
        }
        for a in assignments(text) {
            // the cheap length and entropy test first: few values pass it
            if looks_random(a.value) && literal_secret(a.key, a.value) {
                let span = Span::new(a.range.start, a.range.end);
                cx.report(
                    span,
                    format!(
                        "`{}` is set to a random-looking literal: a real secret",
                        a.key
                    ),
                )
                .secret(span);
            }
        }
    }
}
