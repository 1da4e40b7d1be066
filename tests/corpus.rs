//! Smoke test over the real-world corpus in `../shared/corpus`: no crash, every file
//! listed with a kind, and no parse error except in files that are genuinely invalid.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

/// Files in the corpus that are invalid for the tool that would consume them too.
const GENUINELY_INVALID: &[(&str, &str)] = &[
    (
        "bridgecrewio__checkov/tests/dockerfile/checks/example_AliasIsUnique/failure/Dockerfile",
        "two stages named `build`: BuildKit rejects duplicate stage names",
    ),
    (
        "bridgecrewio__checkov/tests/dockerfile/checks/example_UpdateNotAlone/failure/Dockerfile",
        "ends with a stray `~` line (an editor artifact): unknown instruction",
    ),
];

fn corpus() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    p.is_dir().then_some(p)
}

#[test]
fn corpus_lints_without_crash_or_silent_skip() {
    let Some(dir) = corpus() else {
        eprintln!("../shared/corpus is not present: skipping the corpus smoke test");
        return;
    };
    let o = Command::new(env!("CARGO_BIN_EXE_shipgate"))
        .args(["check", ".", "--format", "json"])
        .current_dir(&dir)
        .output()
        .expect("run shipgate");
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "exit {:?}: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    let files = v["files"].as_array().unwrap();
    // every file on disk is listed
    let on_disk = walk(&dir);
    let listed: Vec<&str> = files.iter().map(|f| f["path"].as_str().unwrap()).collect();
    for p in &on_disk {
        assert!(listed.contains(&p.as_str()), "{p} is not in the files list");
    }
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    let mut unexpected = Vec::new();
    for f in files {
        let kind = f["kind"].as_str().unwrap();
        *kinds.entry(kind).or_default() += 1;
        let path = f["path"].as_str().unwrap();
        if f["status"] == "parse-error"
            && [
                "kubernetes",
                "compose",
                "dockerfile",
                "workflow",
                "kustomization",
            ]
            .contains(&kind)
            && !GENUINELY_INVALID.iter().any(|(p, _)| *p == path)
        {
            unexpected.push(path.to_string());
        }
    }
    assert!(
        unexpected.is_empty(),
        "unexpected parse errors: {unexpected:#?}"
    );
    for (p, why) in GENUINELY_INVALID {
        let f = files
            .iter()
            .find(|f| f["path"] == *p)
            .unwrap_or_else(|| panic!("{p} missing"));
        assert_eq!(f["status"], "parse-error", "{p} ({why}) should not parse");
    }
    // the PNG named like a Dockerfile is recognised as not a Dockerfile
    let png = files.iter().find(|f| {
        f["path"].as_str().unwrap().ends_with("dockerfile.png")
            || f["reason"].as_str().is_some_and(|r| r.contains("binary"))
    });
    assert!(
        png.is_some_and(|f| f["status"] == "not-infra"),
        "binary file not reported"
    );
    assert!(kinds["dockerfile"] >= 170, "{kinds:?}");
    assert!(kinds["compose"] >= 39, "{kinds:?}");
    assert!(kinds["workflow"] >= 48, "{kinds:?}");
    assert!(kinds["kubernetes"] >= 600, "{kinds:?}");
    assert!(kinds["helm-template"] >= 50, "{kinds:?}");
}

fn walk(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push(rel);
            }
        }
    }
    out
}
