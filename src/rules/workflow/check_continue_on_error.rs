use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Workflow(&CheckContinueOnError);

struct CheckContinueOnError;

/// Words that name a lint or test run (whole words: `latest` is not a test).
const CHECK_WORDS: &[&str] = &[
    "lint",
    "linter",
    "linters",
    "linting",
    "lints",
    "clippy",
    "gofmt",
    "vet",
    "flake8",
    "ruff",
    "mypy",
    "shellcheck",
    "rubocop",
    "checkov",
    "shipgate",
    "test",
    "tests",
    "testing",
    "pytest",
    "unittest",
    "nextest",
    "ctest",
    "vitest",
    "jest",
    "mocha",
    "rspec",
    "phpunit",
    "tox",
    "nox",
];

/// Phrases that name a check but are not single words.
const CHECK_PHRASES: &[&str] = &[
    "fmt --check",
    "fmt -- --check",
    "black --check",
    "prettier --check",
    "pre-commit",
    "mvn verify",
];

/// Words of a step that only reports on a check (uploads results, comments, caches):
/// letting it fail does not hide a failing check.
const REPORT_WORDS: &[&str] = &[
    "upload",
    "publish",
    "report",
    "reporter",
    "codecov",
    "coveralls",
    "artifact",
    "artifacts",
    "cache",
    "notify",
    "comment",
    "summary",
];

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Whether a lowercased text names a lint or test run: a word ending in `lint`
/// (`eslint`, `golangci-lint`, `yamllint`) or one of [`CHECK_WORDS`], or a phrase.
fn names_check(text: &str) -> bool {
    words(text).any(|w| w.ends_with("lint") || CHECK_WORDS.contains(&w))
        || CHECK_PHRASES.iter().any(|p| text.contains(p))
}

/// The lowercased name, action and script of a step.
fn step_text(step: &Step<'_, '_>) -> String {
    [
        step.name(),
        step.uses().and_then(|u| u.as_str()),
        step.run().and_then(|r| r.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join("\n")
    .to_ascii_lowercase()
}

/// A step that runs a lint or a test (and does not merely report on one). A check
/// that writes SARIF is gated by code scanning, not by its exit code.
fn is_check_step(step: &Step<'_, '_>) -> bool {
    let text = step_text(step);
    let label = [step.name(), step.uses().and_then(|u| u.as_str())]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase();
    names_check(&text)
        && !words(&label).any(|w| REPORT_WORDS.contains(&w))
        && !words(&text).any(|w| w == "sarif")
}

/// A job that runs a lint or a test: its id or name says so, the reusable workflow it
/// calls does, or one of its steps is a check.
fn is_check_job(job: &Job<'_, '_>) -> bool {
    let label = [
        Some(job.id),
        job.name(),
        job.uses().and_then(|u| u.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ")
    .to_ascii_lowercase();
    names_check(&label) || job.steps.iter().any(is_check_step)
}

/// `continue-on-error: true` written literally (an expression such as
/// `${{ matrix.experimental }}` is a deliberate, per-entry choice). Workflows are YAML
/// 1.2: `yes` is a string there, not a boolean.
fn ignores_failure(node: &Node<'_>) -> Option<Span> {
    let e = node.entry("continue-on-error")?;
    (e.value.is_plain_scalar() && matches!(e.value.as_str(), Some("true" | "True" | "TRUE")))
        .then_some(e.value.span)
}

impl WorkflowRule for CheckContinueOnError {
    fn check(&self, wf: &Workflow<'_, '_>, cx: &mut FileCtx<'_>) {
        for job in &wf.jobs {
            if let Some(span) = ignores_failure(job.node) {
                if is_check_job(job) {
                    cx.report(
                        span,
                        format!(
                            "job `{}` runs checks with `continue-on-error: true`: a failing check does not fail the workflow",
                            job.id
                        ),
                    )
                    .help("remove `continue-on-error`, or make it an expression for the matrix entries allowed to fail (`${{ matrix.experimental }}`)");
                    continue;
                }
            }
            for step in &job.steps {
                let Some(span) = ignores_failure(step.node) else {
                    continue;
                };
                if is_check_step(step) {
                    cx.report(
                        span,
                        format!(
                            "check step {} of job `{}` has `continue-on-error: true`: its failure does not fail the job",
                            step_label(step),
                            job.id
                        ),
                    )
                    .help("remove `continue-on-error` so a failing test or lint blocks the change");
                }
            }
        }
    }
}

/// `"name"` of a step, or its 1-based position.
fn step_label(step: &Step<'_, '_>) -> String {
    match step.name() {
        Some(n) => format!("\"{n}\""),
        None => format!("#{}", step.index + 1),
    }
}
