use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Project(&MissingCiWorkflow);

struct MissingCiWorkflow;

/// Configuration files of other CI systems (relative to the repository root). Their
/// pipelines are not analysed, but their presence means the repository has CI.
const OTHER_CI_FILES: &[&str] = &[
    ".gitlab-ci.yml",
    ".gitlab-ci.yaml",
    "Jenkinsfile",
    ".circleci/config.yml",
    ".circleci/config.yaml",
    "azure-pipelines.yml",
    "azure-pipelines.yaml",
    ".travis.yml",
    "bitbucket-pipelines.yml",
    ".drone.yml",
    ".drone.yaml",
    ".buildkite/pipeline.yml",
    ".buildkite/pipeline.yaml",
    ".woodpecker.yml",
    ".woodpecker.yaml",
    "cloudbuild.yaml",
    "cloudbuild.yml",
    "buildspec.yml",
    ".cirrus.yml",
    "appveyor.yml",
    ".appveyor.yml",
    "codefresh.yml",
];

/// Directories whose files are pipelines of other CI systems.
const OTHER_CI_DIRS: &[&str] = &[
    ".woodpecker/",
    ".tekton/",
    ".forgejo/workflows/",
    ".gitea/workflows/",
];

fn is_other_ci(rel: &str) -> bool {
    OTHER_CI_FILES.contains(&rel) || OTHER_CI_DIRS.iter().any(|d| rel.starts_with(d))
}

impl ProjectRule for MissingCiWorkflow {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        // repository-level: only when a whole repository (a directory) is checked
        if project.files_only || !project.workflows.is_empty() {
            return;
        }
        let images = project.dockerfiles.len();
        if images == 0 && !project.has_deployables() {
            return;
        }
        if project.files.iter().any(|f| is_other_ci(&f.rel)) {
            return;
        }
        let what = if images > 0 {
            format!("builds {images} container image(s)")
        } else {
            "deploys services".to_string()
        };
        cx.report_repo(format!(
            "the repository {what} but has no CI workflow: nothing lints, tests or builds a change before it merges"
        ))
        .help("add `.github/workflows/ci.yml` running on `push` and `pull_request` with lint, test and image build jobs");
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::REPOSITORY
    }
}

#[cfg(test)]
mod tests {
    use super::is_other_ci;

    #[test]
    fn other_ci_systems_are_recognised_at_the_root_only() {
        assert!(is_other_ci(".gitlab-ci.yml"));
        assert!(is_other_ci("Jenkinsfile"));
        assert!(is_other_ci(".tekton/pipeline.yaml"));
        assert!(!is_other_ci("docs/.gitlab-ci.yml"));
        assert!(!is_other_ci("Jenkinsfile.md"));
    }
}
