//! Migration from hadolint and checkov: their suppression comments and
//! `.hadolint.yaml` `ignored:` are honoured for rules that alias their codes.

mod common;

use std::path::{Path, PathBuf};

fn tempdir(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("shipgate-migration-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // stop the .hadolint.yaml search here
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    dir
}

fn findings(dir: &Path, select: &[&str]) -> Vec<(String, u32)> {
    let select: Vec<String> = select.iter().map(|s| s.to_string()).collect();
    let report = common::lint(&[dir.to_path_buf()], &select);
    let mut out: Vec<(String, u32)> = report
        .diagnostics
        .iter()
        .map(|d| (d.rule.code.to_string(), d.loc.map_or(0, |l| l.start.line)))
        .collect();
    out.sort();
    out
}

#[test]
fn hadolint_ignore_comment_covers_the_next_instruction_only() {
    let dir = tempdir("inline");
    std::fs::write(
        dir.join("Dockerfile"),
        "FROM python:3.12\n# hadolint ignore=DL3000, DL3059 relative on purpose\nWORKDIR app\nWORKDIR src\n# hadolint ignore=DL3025\nCMD python \\\n  -m app\n",
    )
    .unwrap();
    let got = findings(
        &dir,
        &[
            "DF016",
            "DF020",
            "unused-suppression",
            "suppression-missing-reason",
        ],
    );
    // line 3 is suppressed by alias DL3000; line 4 is not; the multi-line CMD is covered
    assert_eq!(got, vec![("DF016".to_string(), 4)]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn hadolint_global_ignore_and_checkov_skip_cover_the_file() {
    let dir = tempdir("global");
    std::fs::write(
        dir.join("Dockerfile"),
        "# hadolint global ignore=DL3000\nFROM ubuntu:24.04\n#checkov:skip=CKV_DOCKER_1: bastion image\nEXPOSE 22\nWORKDIR app\nMAINTAINER me\n",
    )
    .unwrap();
    let got = findings(&dir, &["DF016", "DF021", "DF023", "unused-suppression"]);
    // DF021 aliases DL4000, which nothing ignores
    assert_eq!(got, vec![("DF021".to_string(), 6)]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn hadolint_yaml_ignored_list_applies_to_dockerfiles_below_it() {
    let dir = tempdir("config");
    std::fs::write(
        dir.join(".hadolint.yaml"),
        "failure-threshold: warning\nignored:\n  - DL3000\n  - DL4000\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("svc")).unwrap();
    std::fs::write(
        dir.join("svc/Dockerfile"),
        "FROM ubuntu:24.04\nWORKDIR app\nMAINTAINER me\nEXPOSE 22\n",
    )
    .unwrap();
    let got = findings(&dir, &["DF016", "DF021", "DF023", "unused-suppression"]);
    assert_eq!(got, vec![("DF023".to_string(), 4)]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn foreign_codes_without_an_alias_are_neither_unknown_nor_unused() {
    let dir = tempdir("quiet");
    std::fs::write(
        dir.join("Dockerfile"),
        "FROM ubuntu:24.04\n# hadolint ignore=DL3059,SC2086\nRUN true\n#checkov:skip=CKV_DOCKER_2\nUSER 10001\n",
    )
    .unwrap();
    let got = findings(&dir, &["unused-suppression", "suppression-missing-reason"]);
    assert!(got.is_empty(), "{got:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn shipgate_codes_in_a_hadolint_comment_do_not_suppress() {
    let dir = tempdir("own-codes");
    std::fs::write(
        dir.join("Dockerfile"),
        "FROM python:3.12\n# hadolint ignore=DF016,relative-workdir\nWORKDIR app\n",
    )
    .unwrap();
    let got = findings(&dir, &["DF016"]);
    assert_eq!(got, vec![("DF016".to_string(), 3)]);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The nearest `.hadolint.yaml` is found once per directory and remembered: Dockerfiles
/// at several depths below one configuration, one below a closer configuration, and one
/// in a nested repository (the search stops at its `.git`) each get their own.
#[test]
fn each_dockerfile_gets_its_nearest_hadolint_yaml() {
    let dir = tempdir("nearest");
    let dockerfile = "FROM ubuntu:24.04\nWORKDIR app\nMAINTAINER me\nEXPOSE 22\n";
    let put = |rel: &str, text: &str| common::write(&dir, rel, text);
    put(".hadolint.yaml", "ignored:\n  - DL3000\n  - DL4000\n");
    put("closer/.hadolint.yaml", "ignored:\n  - DL4000\n");
    for rel in [
        "a/Dockerfile",
        "a/b/c/Dockerfile",
        "a/b/d/Dockerfile",
        "closer/Dockerfile",
        "closer/e/Dockerfile",
        "inner/Dockerfile",
        "inner/f/Dockerfile",
    ] {
        put(rel, dockerfile);
    }
    std::fs::create_dir_all(dir.join("inner/.git")).unwrap();
    let report = common::lint(
        std::slice::from_ref(&dir),
        &["DF016".into(), "DF021".into()],
    );
    let root = dir.to_string_lossy().replace('\\', "/");
    let mut got: Vec<(String, String)> = report
        .diagnostics
        .iter()
        .map(|d| {
            let rel = d.path.strip_prefix(&root).unwrap_or(&d.path);
            (
                rel.trim_start_matches('/').to_string(),
                d.rule.code.to_string(),
            )
        })
        .collect();
    got.sort();
    let want: Vec<(String, String)> = [
        ("closer/Dockerfile", "DF016"),
        ("closer/e/Dockerfile", "DF016"),
        ("inner/Dockerfile", "DF016"),
        ("inner/Dockerfile", "DF021"),
        ("inner/f/Dockerfile", "DF016"),
        ("inner/f/Dockerfile", "DF021"),
    ]
    .iter()
    .map(|(p, c)| (p.to_string(), c.to_string()))
    .collect();
    assert_eq!(got, want);
    let _ = std::fs::remove_dir_all(&dir);
}
