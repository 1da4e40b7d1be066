use crate::rules::prelude::*;
use crate::syntax::workflow::expressions;

pub static RULE: RuleImpl = RuleImpl::Workflow(&SecretEchoed);

struct SecretEchoed;

/// Whether `line` prints to the log: an `echo`/`printf` command whose output is not
/// piped or redirected (`echo "$T" | docker login --password-stdin` is the safe idiom).
fn prints_to_log(line: &str) -> bool {
    let cmd = line.trim_start();
    let cmd = cmd.strip_prefix("- ").unwrap_or(cmd);
    (cmd.starts_with("echo ") || cmd.starts_with("printf ") || cmd.starts_with("Write-Host "))
        && !cmd.contains('|')
        && !cmd.contains('>')
        // `::add-mask::` is how a value is masked: it is not printed
        && !cmd.contains("::add-mask::")
}

impl WorkflowRule for SecretEchoed {
    fn check(&self, wf: &Workflow<'_, '_>, cx: &mut FileCtx<'_>) {
        let text = cx.file.text.as_str();
        for step in wf.jobs.iter().flat_map(|j| &j.steps) {
            let Some(run) = step.run() else { continue };
            let Some(script) = run.as_str() else { continue };
            let mut line_start = 0;
            for line in script.split_inclusive('\n') {
                let start = line_start;
                line_start += line.len();
                if !prints_to_log(line) {
                    continue;
                }
                for e in expressions(line) {
                    let expr = line[e.clone()].replace(' ', "");
                    if !expr.starts_with("${{secrets.") {
                        continue;
                    }
                    let range = start + e.start..start + e.end;
                    let span = run.located_sub_span(text, range).unwrap_or(run.span);
                    cx.report(span, "a secret is echoed to the job log")
                        .help("don't print secrets: masking misses transformed values (base64, substrings); pipe them to the command that needs them or pass them via `env:`");
                }
            }
        }
    }
}
