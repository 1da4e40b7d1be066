//! The GitHub Action's check step (`scripts/action.sh`, called by action.yml), run with
//! the environment a runner gives it.

use std::process::Command;

#[test]
fn action_writes_summary_sarif_output_and_fails_on_errors() {
    let root = env!("CARGO_MANIFEST_DIR");
    let tmp = std::env::temp_dir().join(format!("shipgate-action-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).unwrap();
    let bin_dir = std::path::Path::new(env!("CARGO_BIN_EXE_shipgate"))
        .parent()
        .unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let run = |fail_on: &str| {
        Command::new("bash")
            .arg(format!("{root}/scripts/action.sh"))
            .current_dir(root)
            .env("PATH", &path)
            .env("INPUT_PATH", "fixtures/projects/gate-bad")
            .env("INPUT_FORMAT", "github")
            .env("INPUT_FAIL_ON", fail_on)
            .env("INPUT_SARIF_FILE", tmp.join("out.sarif"))
            .env("GITHUB_STEP_SUMMARY", tmp.join("summary.md"))
            .env("GITHUB_OUTPUT", tmp.join("output.txt"))
            .output()
            .unwrap()
    };
    let o = run("error");
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let log = String::from_utf8_lossy(&o.stdout);
    assert!(
        log.contains("::error file=fixtures/projects/gate-bad/app/Dockerfile,line=1,col=13"),
        "{log}"
    );
    let summary = std::fs::read_to_string(tmp.join("summary.md")).unwrap();
    assert!(summary.contains("| Severity | Rule | Gate | Location | Message |"));
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(tmp.join("out.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let outputs = std::fs::read_to_string(tmp.join("output.txt")).unwrap();
    assert!(outputs.contains("sarif-file="));
    assert_eq!(run("never").status.code(), Some(0));
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn action_yml_passes_inputs_through_the_environment() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/action.yml")).unwrap();
    // no `${{ inputs.* }}` inside a run: script (script injection)
    let mut in_run = false;
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with("run:") {
            in_run = true;
            assert!(
                !t.contains("${{ inputs."),
                "inputs interpolated into run: {line}"
            );
            continue;
        }
        if in_run && (t.starts_with("- name:") || t.starts_with("env:") || t.starts_with("id:")) {
            in_run = false;
        }
        if in_run {
            assert!(
                !t.contains("${{ inputs."),
                "inputs interpolated into run: {line}"
            );
        }
    }
    for input in ["path", "format", "fail-on", "sarif-file", "version"] {
        assert!(
            text.contains(&format!("  {input}:\n")),
            "input {input} missing"
        );
    }
}
