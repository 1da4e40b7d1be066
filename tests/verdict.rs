//! The gate verdict: `shipgate gate` / `check --verdict` on the fixture repositories,
//! in every format, and the flip of one gate item flipping the decision.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::copy_dir;

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shipgate"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .arg("--no-cache")
        .output()
        .expect("run shipgate")
}

fn run(args: &[&str]) -> Output {
    run_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A copy of a fixture project in a fresh directory (outside the repository, so its
/// verdict depends on its own files only).
fn copy_project(name: &str, tag: &str) -> PathBuf {
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/projects")
        .join(name);
    let to = std::env::temp_dir().join(format!("shipgate-verdict-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&to);
    copy_dir(&from, &to);
    to
}

fn verdict_json(dir: &Path) -> (i32, serde_json::Value) {
    let o = run_in(dir, &["gate", ".", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(&o)));
    (o.status.code().unwrap_or(-1), v["verdict"].clone())
}

fn status_of(verdict: &serde_json::Value, gate: &str) -> String {
    verdict["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["gate"] == gate)
        .unwrap_or_else(|| panic!("no item {gate}"))["status"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn bad_project_is_vetoed() {
    let o = run(&["gate", "fixtures/projects/gate-bad", "--format", "concise"]);
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!("verdict_gate_bad", stdout(&o));
}

#[test]
fn clean_project_is_approved() {
    let o = run(&["check", "--verdict", "fixtures/projects/gate-clean"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    insta::assert_snapshot!("verdict_gate_clean", stdout(&o));
}

#[test]
fn markdown_verdict_for_a_pr_comment() {
    let o = run(&["gate", "fixtures/projects/gate-bad", "--format", "markdown"]);
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!("verdict_gate_bad_markdown", stdout(&o));
}

#[test]
fn json_verdict_is_added_only_when_asked() {
    let o = run(&["check", "fixtures/projects/gate-bad", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v.get("verdict").is_none(), "no verdict without --verdict");

    let o = run(&["gate", "fixtures/projects/gate-bad", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // the v1 contract is untouched: the verdict is an added field
    assert_eq!(v["version"], 1);
    assert!(v["findings"].as_array().is_some_and(|f| !f.is_empty()));
    let verdict = &v["verdict"];
    assert_eq!(verdict["decision"], "VETO");
    assert_eq!(verdict["fail_on"], "warning");
    let items = verdict["items"].as_array().unwrap();
    let gates: Vec<&str> = items.iter().map(|i| i["gate"].as_str().unwrap()).collect();
    assert_eq!(
        gates,
        ["G1", "G2", "G3", "G4", "G5", "G6", "G7", "G8", "G9", "G10", "G11", "G12"]
    );
    for item in items {
        assert!(["PASS", "FAIL", "N/A"].contains(&item["status"].as_str().unwrap()));
        if item["status"] == "FAIL" {
            let n = item["failing"].as_u64().unwrap();
            assert!(n > 0);
            let ev = item["evidence"].as_array().unwrap();
            assert_eq!(ev.len() as u64, n.min(3));
            assert!(ev[0]["code"].is_string() && ev[0]["path"].is_string());
        }
    }
    assert!(verdict["vetoed_by"]
        .as_array()
        .unwrap()
        .iter()
        .any(|g| g == "G5"));
}

#[test]
fn sarif_and_github_carry_the_verdict() {
    let o = run(&["gate", "fixtures/projects/gate-bad", "--format", "sarif"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["runs"][0]["properties"]["verdict"]["decision"], "VETO");
    let o = run(&["gate", "fixtures/projects/gate-bad", "--format", "github"]);
    assert!(stdout(&o).contains("::error title=shipgate verdict::VETO"));
}

#[test]
fn flipping_one_item_flips_the_verdict() {
    // the clean project is approved…
    let dir = copy_project("gate-clean", "flip-rollback");
    let (code, v) = verdict_json(&dir);
    assert_eq!((code, v["decision"].as_str()), (0, Some("APPROVE")), "{v}");
    assert_eq!(status_of(&v, "G7"), "PASS");

    // …and vetoed once the runbook loses its rollback procedure (G7)
    let runbook = dir.join("docs/runbook.md");
    let text = std::fs::read_to_string(&runbook).unwrap();
    let start = text.find("## Rollback").unwrap();
    let end = start + text[start..].find("## Escalation").unwrap();
    std::fs::write(&runbook, format!("{}{}", &text[..start], &text[end..])).unwrap();
    let (code, v) = verdict_json(&dir);
    assert_eq!(code, 1);
    assert_eq!(v["decision"], "VETO");
    assert_eq!(status_of(&v, "G7"), "FAIL");
    assert_eq!(v["vetoed_by"], serde_json::json!(["G7"]));
    let _ = std::fs::remove_dir_all(&dir);

    // a health check removed from compose flips G1 the same way
    let dir = copy_project("gate-clean", "flip-health");
    let compose = dir.join("docker-compose.yml");
    let text = std::fs::read_to_string(&compose).unwrap();
    let start = text.find("    healthcheck:").unwrap();
    let rest = &text[start + 1..];
    // the healthcheck block ends at the next key of the same indentation
    let end = start + 1 + rest.find("\n    ").map_or(rest.len(), |i| i + 1);
    let mut stripped = text[..start].to_string();
    let mut tail = &text[end..];
    while tail.starts_with("      ") {
        tail = tail.split_once('\n').map_or("", |(_, t)| t);
    }
    stripped.push_str(tail);
    std::fs::write(&compose, &stripped).unwrap();
    let (code, v) = verdict_json(&dir);
    assert_eq!(code, 1, "{stripped}");
    assert_eq!(status_of(&v, "G1"), "FAIL");
    assert_eq!(v["vetoed_by"], serde_json::json!(["G1"]));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn verdict_config_decides_what_fails_and_what_vetoes() {
    let dir = copy_project("gate-bad", "config");
    // only error findings fail an item, and only non-root failures veto
    std::fs::write(
        dir.join("shipgate.toml"),
        "[verdict]\nfail-on = \"error\"\nveto = [\"G2\"]\n",
    )
    .unwrap();
    let (code, v) = verdict_json(&dir);
    assert_eq!(code, 1);
    assert_eq!(v["vetoed_by"], serde_json::json!(["G2"]));
    assert_eq!(v["fail_on"], "error");
    // DOC011 (no DR plan) is a warning: below the threshold, G6 passes
    assert_eq!(status_of(&v, "G6"), "PASS");

    // nothing vetoes: approved although items fail
    std::fs::write(dir.join("shipgate.toml"), "[verdict]\nveto = []\n").unwrap();
    let o = run_in(&dir, &["gate", "."]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("APPROVE: G1, G2, G3, G4, G5, G6"), "{out}");
    assert!(out.contains("failing, but not configured to veto"), "{out}");

    // a bad selector is a config error at its line
    std::fs::write(
        dir.join("shipgate.toml"),
        "[verdict]\nveto = [\"G1\", \"no-such-rule\"]\n",
    )
    .unwrap();
    let o = run_in(&dir, &["gate", "."]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("shipgate.toml:2:"), "{err}");
    assert!(err.contains("no-such-rule"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn nothing_in_scope_is_not_applicable() {
    // a repository with only a Dockerfile: documents, resources, monitoring are N/A;
    // building an image without any CI fails G11
    let dir = copy_project("gate-clean", "scope");
    for sub in ["docs", "k8s", "monitoring", ".github"] {
        std::fs::remove_dir_all(dir.join(sub)).unwrap();
    }
    std::fs::remove_file(dir.join("docker-compose.yml")).unwrap();
    let (_, v) = verdict_json(&dir);
    for g in ["G3", "G5", "G6", "G7", "G8"] {
        assert_eq!(status_of(&v, g), "N/A", "{g}: {v}");
    }
    assert_eq!(status_of(&v, "G4"), "PASS");
    assert_eq!(status_of(&v, "G11"), "FAIL", "{v}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_base_without_staging_vetoes_by_default() {
    // GATE.md: "no staging environment" is a veto trigger
    let dir = copy_project("kustomize", "no-staging");
    let (_, before) = verdict_json(&dir);
    assert!(
        !before["vetoed_by"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g == "G12"),
        "{before}"
    );
    std::fs::remove_dir_all(dir.join("overlays/staging")).unwrap();
    let (code, after) = verdict_json(&dir);
    assert_eq!(status_of(&after, "G12"), "FAIL", "{after}");
    assert!(
        after["vetoed_by"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g == "G12"),
        "{after}"
    );
    assert_eq!(code, 1);
    let _ = std::fs::remove_dir_all(&dir);
}
