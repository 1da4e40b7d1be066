use crate::rules::prelude::*;
use crate::rules::secrets::common::dockerfile_secrets;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&DockerfileEnvSecret);

struct DockerfileEnvSecret;

impl DockerfileRule for DockerfileEnvSecret {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        for s in dockerfile_secrets(df) {
            let span = trim_quotes(cx.text(s.value_span), s.value_span);
            cx.report(
                span,
                format!(
                    "`{} {}` bakes a plaintext secret into the image",
                    s.instruction, s.key
                ),
            )
            .secret(span);
        }
    }
}

/// The span without surrounding quotes (`ENV A="x"`: just `x`).
fn trim_quotes(raw: &str, span: Span) -> Span {
    let b = raw.as_bytes();
    if b.len() >= 2 && (b[0] == b'"' || b[0] == b'\'') && b[b.len() - 1] == b[0] {
        return span.sub(1, raw.len() - 1);
    }
    span
}
