use std::sync::OnceLock;

use regex::Regex;

use crate::rules::prelude::*;
use crate::syntax::workflow::expressions;

pub static RULE: RuleImpl = RuleImpl::Workflow(&ScriptInjection);

struct ScriptInjection;

/// Context values anyone who opens an issue or a pull request controls (GitHub's list
/// of untrusted input).
fn untrusted() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(concat!(
            r"github\.head_ref\b|github\.event\.(",
            r"issue\.(title|body)|pull_request\.(title|body|head\.(ref|label|repo\.default_branch))",
            r"|comment\.body|review\.body|review_comment\.body|discussion\.(title|body)",
            r"|pages(\[[^\]]*\]|\.[\w*-]+)\.page_name",
            r"|(commits(\[[^\]]*\]|\.[\w*-]+)|head_commit)\.(message|author\.(email|name))",
            r"|workflow_run\.(head_branch|head_commit\.(message|author\.(email|name))|display_title)",
            r")\b"
        ))
        .ok()
    })
    .as_ref()
}

impl WorkflowRule for ScriptInjection {
    fn check(&self, wf: &Workflow<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(re) = untrusted() else { return };
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
                let Some(m) = re.find(expr) else { continue };
                let span = run.located_sub_span(text, e.clone()).unwrap_or(run.span);
                cx.report(
                    span,
                    format!(
                        "`{}` is interpolated into {kind}: its text is attacker-controlled and runs as code",
                        m.as_str()
                    ),
                )
                .help("pass it through the step's `env:` (`VALUE: ${{ … }}`) and read the variable in the script (`\"$VALUE\"`, `process.env.VALUE`)");
            }
        }
    }
}
