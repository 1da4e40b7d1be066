use std::sync::OnceLock;

use regex::Regex;

use crate::rules::prelude::*;
use crate::syntax::workflow::expressions;

pub static RULE: RuleImpl = RuleImpl::Workflow(&ScriptInjection);

struct ScriptInjection;

/// Context values anyone who opens an issue or a pull request controls (GitHub's list
/// of untrusted input).
const UNTRUSTED: &str = concat!(
    r"github\.head_ref\b|github\.event\.(",
    r"issue\.(title|body)|pull_request\.(title|body|head\.(ref|label|repo\.default_branch))",
    r"|comment\.body|review\.body|review_comment\.body|discussion\.(title|body)",
    r"|pages(\[[^\]]*\]|\.[\w*-]+)\.page_name",
    r"|(commits(\[[^\]]*\]|\.[\w*-]+)|head_commit)\.(message|author\.(email|name))",
    r"|workflow_run\.(head_branch|head_commit\.(message|author\.(email|name))|display_title)",
    r")\b"
);

/// The first untrusted value `expr` names. An ASCII expression (nearly all) is
/// searched with the pattern's ASCII form, where `\w`, `\b` and `[^\]]` mean the same
/// and which compiles at a fraction of the cost of the Unicode classes; any other with
/// the Unicode form. Every match holds `github.head_ref` or `github.event.`.
fn untrusted(expr: &str) -> Option<&str> {
    static ASCII: OnceLock<Option<regex::bytes::Regex>> = OnceLock::new();
    static UNICODE: OnceLock<Option<Regex>> = OnceLock::new();
    if !expr.contains("github.head_ref") && !expr.contains("github.event.") {
        return None;
    }
    if expr.is_ascii() {
        let re = ASCII
            .get_or_init(|| regex::bytes::Regex::new(&format!("(?-u){UNTRUSTED}")).ok())
            .as_ref()?;
        re.find(expr.as_bytes()).and_then(|m| expr.get(m.range()))
    } else {
        let re = UNICODE
            .get_or_init(|| Regex::new(UNTRUSTED).ok())
            .as_ref()?;
        re.find(expr).map(|m| m.as_str())
    }
}

impl WorkflowRule for ScriptInjection {
    fn check(&self, wf: &Workflow<'_, '_>, cx: &mut FileCtx<'_>) {
        let text = cx.file.text.as_str();
        for step in wf.jobs.iter().flat_map(|j| &j.steps) {
            // a shell script, or the JavaScript of actions/github-script
            let (run, kind) = match step.run() {
                Some(r) => (r, "a `run:` script"),
                None if step.action_name() == Some("actions/github-script") => {
                    match step.with().and_then(|w| w.get("script")) {
                        Some(s) => (s, "an `actions/github-script` script"),
                        None => continue,
                    }
                }
                None => continue,
            };
            let Some(script) = run.as_str() else { continue };
            for e in expressions(script) {
                let expr = &script[e.clone()];
                let Some(m) = untrusted(expr) else { continue };
                let span = run.located_sub_span(text, e.clone()).unwrap_or(run.span);
                cx.report(
                    span,
                    format!(
                        "`{}` is interpolated into {kind}: its text is attacker-controlled and runs as code",
                        m
                    ),
                )
                .help("pass it through the step's `env:` (`VALUE: ${{ … }}`) and read the variable in the script (`\"$VALUE\"`, `process.env.VALUE`)");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_form_finds_what_the_unicode_form_finds() {
        let unicode = Regex::new(UNTRUSTED).expect("valid regex");
        for expr in [
            "github.head_ref",
            "github.head_refs",
            " github.event.issue.title ",
            "github.event.issue.titles",
            "github.event.pull_request.head.repo.default_branch",
            "format('{0}', github.event.comment.body)",
            "github.event.pages[0].page_name",
            "github.event.pages.*.page_name",
            "github.event.pages.a-b_c.page_name",
            "github.event.commits[1].author.email",
            "github.event.commits.x.message",
            "github.event.head_commit.author.name",
            "github.event.workflow_run.head_commit.message",
            "github.event.workflow_run.display_title",
            "github.event.number",
            "github.event_name",
            "toJSON(github.event.review.body) && github.head_ref",
        ] {
            assert_eq!(
                untrusted(expr),
                unicode.find(expr).map(|m| m.as_str()),
                "{expr}"
            );
        }
        // non-ASCII: the Unicode form
        let expr = "github.event.commits.é.message";
        assert_eq!(untrusted(expr), Some(expr));
        assert_eq!(untrusted("github.head_refé"), None);
    }
}
