//! The pre-commit hook, run for real with the `pre-commit` client (skipped with a message
//! when it is not installed; .ci/run installs it).

use std::path::Path;
use std::process::Command;

fn git(dir: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .status()
        .unwrap()
        .success();
    assert!(ok, "git {args:?}");
}

#[test]
fn pre_commit_try_repo_reports_the_bad_dockerfile() {
    if Command::new("pre-commit")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("pre-commit is not installed: skipping (pip install pre-commit)");
        return;
    }
    let repo = env!("CARGO_MANIFEST_DIR");
    let dir = std::env::temp_dir().join(format!("shipgate-precommit-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("k8s")).unwrap();
    git(&dir, &["init", "-q"]);
    std::fs::write(dir.join("Dockerfile"), "FROM python:latest\nUSER 10001\n").unwrap();
    // repository context: a deployment without a runbook (a repository-level finding
    // that pre-commit on changed files must not report)
    std::fs::write(
        dir.join("k8s/pod.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: nginx:1.27\n",
    )
    .unwrap();
    git(&dir, &["add", "-A"]);
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_shipgate")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let home = dir.join(".pre-commit-home");
    let out = Command::new("pre-commit")
        .args(["try-repo", repo, "shipgate-system", "--files", "Dockerfile"])
        .current_dir(&dir)
        .env("PATH", path)
        .env("PRE_COMMIT_HOME", &home)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.status.success(), "the hook must fail:\n{text}");
    assert!(text.contains("DF004 from-latest-tag"), "{text}");
    assert!(
        text.contains("base image `python:latest` uses the mutable `:latest` tag"),
        "{text}"
    );
    assert!(
        !text.contains("DOC001"),
        "repository-level findings are not reported for changed files:\n{text}"
    );
    assert!(
        !text.contains("k8s/pod.yaml"),
        "only the given files are reported:\n{text}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
