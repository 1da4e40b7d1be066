//! GitHub Actions workflow rules (G11: the pipeline that ships is itself safe).

use crate::source::{Loc, SourceFile};
use crate::syntax::workflow::Workflow;

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

/// Which of lint, test and build a job's id, name, steps and commands mention.
pub fn stages(wf: &Workflow<'_, '_>) -> (bool, bool, bool) {
    let mut words = String::new();
    for job in &wf.jobs {
        words.push_str(job.id);
        words.push('\n');
        words.push_str(job.name().unwrap_or(""));
        words.push('\n');
        if let Some(u) = job.uses().and_then(|u| u.as_str()) {
            words.push_str(u);
            words.push('\n');
        }
        for s in &job.steps {
            for n in [s.name(), s.uses().and_then(|u| u.as_str())] {
                words.push_str(n.unwrap_or(""));
                words.push('\n');
            }
            if let Some(r) = s.run().and_then(|r| r.as_str()) {
                words.push_str(r);
                words.push('\n');
            }
        }
    }
    let w = words.to_ascii_lowercase();
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
        "docker/build-push-action",
        "make\n",
        "goreleaser",
        "bundle",
        "kustomize",
        "helm template",
        "skaffold",
    ]);
    (lints, tests, builds)
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
