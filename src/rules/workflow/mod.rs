//! GitHub Actions workflow rules (G11: the pipeline that ships is itself safe).

use crate::source::{Loc, SourceFile};
use crate::syntax::workflow::{Job, Workflow};

/// What the project phase needs of a workflow: when it runs and which of the
/// lint / test / build stages it covers.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct WorkflowFact {
    pub path: String,
    /// Runs on `push` or `pull_request` (`pull_request_target` too).
    pub on_change: bool,
    pub lints: bool,
    pub tests: bool,
    pub builds: bool,
    /// The `on:` key (or `jobs:`), where workflow-level findings point.
    pub anchor: Loc,
}

/// The words a job is known by: its id, name, the reusable workflow it calls, and its
/// steps' names, actions and scripts (lowercased).
pub fn job_text(job: &Job<'_, '_>) -> String {
    let mut words = String::new();
    let mut push = |s: Option<&str>| {
        words.push_str(s.unwrap_or(""));
        words.push('\n');
    };
    push(Some(job.id));
    push(job.name());
    push(job.uses().and_then(|u| u.as_str()));
    for s in &job.steps {
        push(s.name());
        push(s.uses().and_then(|u| u.as_str()));
        push(s.run().and_then(|r| r.as_str()));
    }
    words.to_ascii_lowercase()
}

/// Which of lint, test and build a text (see [`job_text`]) mentions.
pub fn stages_of(w: &str) -> (bool, bool, bool) {
    let any = |needles: &[&str]| needles.iter().any(|n| w.contains(n));
    let lints = any(&[
        "lint",
        "clippy",
        "fmt --check",
        "fmt -- --check",
        "gofmt",
        "go vet",
        "flake8",
        "ruff",
        "pylint",
        "black --check",
        "mypy",
        "eslint",
        "prettier --check",
        "shellcheck",
        "hadolint",
        "pre-commit",
        "checkov",
        "rubocop",
        "shipgate",
        "static analysis",
        "codeql",
        "super-linter",
    ]);
    let tests = any(&[
        "test",
        "pytest",
        "jest",
        "mocha",
        "rspec",
        "tox",
        "nox",
        "mvn verify",
        "ctest",
    ]);
    let builds = any(&[
        "build",
        "compile",
        "mvn package",
        "mvn install",
        "gradle assemble",
        "goreleaser",
        "kustomize",
        "helm template",
        "skaffold",
    ]);
    (lints, tests, builds)
}

/// Which of lint, test and build any job of the workflow runs.
pub fn stages(wf: &Workflow<'_, '_>) -> (bool, bool, bool) {
    wf.jobs.iter().fold((false, false, false), |acc, j| {
        let (l, t, b) = stages_of(&job_text(j));
        (acc.0 || l, acc.1 || t, acc.2 || b)
    })
}

/// The lowercased words of a job's id and name (`deploy-prod` → `deploy`, `prod`).
pub fn job_words(job: &Job<'_, '_>) -> Vec<String> {
    let mut s = job.id.to_ascii_lowercase();
    s.push(' ');
    s.push_str(&job.name().unwrap_or("").to_ascii_lowercase());
    s.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A job that ships: its id or name says deploy, release, publish, roll out or promote.
pub fn is_ship_job(job: &Job<'_, '_>) -> bool {
    job_words(job).iter().any(|w| {
        ["deploy", "release", "publish", "rollout", "promote"]
            .iter()
            .any(|p| w.starts_with(p))
    })
}

pub fn workflow_fact(file: &SourceFile, wf: &Workflow<'_, '_>) -> WorkflowFact {
    let on_change = ["push", "pull_request", "pull_request_target"]
        .iter()
        .any(|t| wf.has_trigger(t));
    let (lints, tests, builds) = stages(wf);
    WorkflowFact {
        path: file.path.clone(),
        on_change,
        lints,
        tests,
        builds,
        anchor: file.loc(wf.anchor_span()),
    }
}

pub mod action_not_pinned;
pub mod action_on_branch;
pub mod ci_missing_checks;
pub mod deploy_job_without_needs;
pub mod docker_action_latest;
pub mod job_missing_timeout;
pub mod missing_permissions;
pub mod permissions_write_all;
pub mod production_deploy_without_environment;
pub mod pull_request_target_checkout;
pub mod script_injection;
pub mod secret_echoed;
pub mod self_hosted_runner_on_pull_request;
pub mod unsecure_commands_allowed;
