//! Organisation policy (`[[policy]]` in shipgate.toml): every target, every condition,
//! the README's examples, configuration errors, suppressions and the cache.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const PROJECT: &str = "fixtures/projects/policy";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shipgate"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .expect("run shipgate")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Only the policies' findings (the fixture is not meant to pass the built-in rules).
fn policy_findings(dir: &Path, extra: &[&str]) -> String {
    let mut args = vec!["check", ".", "--format", "concise", "--no-cache"];
    args.extend_from_slice(extra);
    let o = run_in(dir, &args);
    stdout(&o)
        .lines()
        .filter(|l| l.contains(" ORG"))
        .map(|l| format!("{l}\n"))
        .collect()
}

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("shipgate-policy-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn every_target_and_condition() {
    let out = policy_findings(&root().join(PROJECT), &[]);
    insta::assert_snapshot!("policy_project", out);
}

#[test]
fn readme_examples_are_the_tested_ones() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let section = &readme[readme
        .find("## Organisation policy")
        .expect("README section")..];
    let start = section.find("```toml\n").expect("toml block") + "```toml\n".len();
    let block = &section[start..start + section[start..].find("```").unwrap()];
    let fixture = std::fs::read_to_string(root().join(PROJECT).join("shipgate.toml")).unwrap();
    assert!(
        fixture.contains(block.trim_end()),
        "the README's policy examples must be in {PROJECT}/shipgate.toml verbatim"
    );
    for code in ["ORG001", "ORG002", "ORG003", "ORG004"] {
        assert!(block.contains(code), "{code} is documented");
    }
}

#[test]
fn policies_are_listed_as_rules() {
    let o = run_in(&root().join(PROJECT), &["rules", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let org: Vec<&serde_json::Value> = rows
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["pack"] == "policy")
        .collect();
    assert_eq!(org.len(), 7);
    assert_eq!(org[0]["code"], "ORG001");
    assert_eq!(org[0]["gate"], "G12");
    assert_eq!(org[4]["severity"], "warning");
}

#[test]
fn policy_findings_in_sarif_and_verdict() {
    let dir = root().join(PROJECT);
    let o = run_in(&dir, &["gate", ".", "--format", "sarif", "--no-cache"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let run = &v["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let org1 = rules.iter().position(|r| r["id"] == "ORG001").unwrap();
    let result = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "ORG001")
        .unwrap();
    assert_eq!(result["ruleIndex"], org1);
    // ORG006/ORG007 are G9 policies: they fail the secrets item, which vetoes
    let items = run["properties"]["verdict"]["items"].as_array().unwrap();
    let g9 = items.iter().find(|i| i["gate"] == "G9").unwrap();
    assert_eq!(g9["status"], "FAIL");
    assert!(g9["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["code"] == "ORG006"));
}

#[test]
fn when_selects_targets_and_not_negates() {
    let d = scratch("when");
    std::fs::write(
        d.join("shipgate.toml"),
        r#"
[[policy]]
code = "ORG100"
gate = "G10"
message = "public services are read-only"
target = "compose.service"
when = { any = [{ path = "ports", exists = true }, { path = "labels.public", equals = true }] }
require = { all = [{ path = "read_only", equals = true }, { not = { path = "privileged", equals = true } }] }
"#,
    )
    .unwrap();
    std::fs::write(
        d.join("compose.yaml"),
        r#"services:
  api:
    image: acme/api:1.0
    ports: ["8080:8080"]
    read_only: true
  admin:
    image: acme/admin:1.0
    labels: {public: "true"}
    read_only: true
    privileged: true
  worker:
    image: acme/worker:1.0
  web:
    image: acme/web:1.0
    ports: ["80:80"]
"#,
    )
    .unwrap();
    let out = policy_findings(&d, &["--select", "DC001"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].contains("service \"admin\"") && lines[0].contains("`privileged` = `true` holds"),
        "{out}"
    );
    assert!(
        lines[1].starts_with("compose.yaml:13:3:") && lines[1].contains("`read_only` is missing"),
        "{out}"
    );
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn suppressions_and_cache_work_for_policies() {
    let d = scratch("suppress");
    std::fs::write(
        d.join("shipgate.toml"),
        "[[policy]]\ncode = \"ORG010\"\ngate = \"G12\"\nmessage = \"services set a restart policy\"\ntarget = \"compose.service\"\nrequire = { path = \"restart\", exists = true }\n",
    )
    .unwrap();
    std::fs::write(
        d.join("compose.yaml"),
        "services:\n  a:\n    image: acme/a:1.0\n  # shipgate: ignore[ORG010] one-shot migration job\n  b:\n    image: acme/b:1.0\n",
    )
    .unwrap();
    let cache = scratch("suppress-cache");
    let cache_arg = cache.to_str().unwrap();
    let args = ["check", ".", "--format", "concise", "--select", "DC001"];
    let first = run_in(&d, &[&args[..], &["--no-cache"]].concat());
    let out = stdout(&first);
    assert!(out.contains("compose.yaml:2:3: ORG010"), "{out}");
    assert!(!out.contains("service \"b\""), "{out}");
    assert!(!out.contains("SG002"), "the suppression is used: {out}");
    // the same result with the cache, written then read
    let again = Command::new(env!("CARGO_BIN_EXE_shipgate"))
        .current_dir(&d)
        .env("SHIPGATE_CACHE_DIR", cache_arg)
        .args(args)
        .output()
        .unwrap();
    let twice = Command::new(env!("CARGO_BIN_EXE_shipgate"))
        .current_dir(&d)
        .env("SHIPGATE_CACHE_DIR", cache_arg)
        .args(args)
        .output()
        .unwrap();
    assert_eq!(stdout(&again), out);
    assert_eq!(stdout(&twice), out);
    assert!(
        std::fs::read_dir(&cache).unwrap().next().is_some(),
        "the cache was written"
    );
    let _ = std::fs::remove_dir_all(&d);
    let _ = std::fs::remove_dir_all(&cache);
}

#[test]
fn config_errors_point_at_the_policy() {
    let cases = [
        (
            "[[policy]]\ncode = \"ORG1\"\ngate = \"G12\"\nmessage = \"m\"\ntarget = \"compose.services\"\nrequire = { path = \"x\", exists = true }\n",
            "5:",
            "unknown policy target `compose.services`",
        ),
        (
            "[[policy]]\ncode = \"DF001\"\ngate = \"G12\"\nmessage = \"m\"\ntarget = \"file\"\nglob = \"x\"\nrequire = { exists = true }\n",
            "2:",
            "already a shipgate rule",
        ),
        (
            "[[policy]]\ncode = \"ORG1\"\ngate = \"G13\"\nmessage = \"m\"\ntarget = \"file\"\nglob = \"x\"\nrequire = { exists = true }\n",
            "3:",
            "unknown gate item `G13`",
        ),
        (
            "[[policy]]\ncode = \"ORG1\"\ngate = \"G1\"\nmessage = \"m\"\ntarget = \"k8s.object\"\nrequire = { path = \"x\", exists = true, equals = \"y\" }\n",
            "2:",
            "one test",
        ),
        (
            "[[policy]]\ncode = \"ORG1\"\ngate = \"G1\"\nmessage = \"m\"\ntarget = \"k8s.object\"\nrequire = { path = \"image\", matches = \"([\" }\n",
            "2:",
            "invalid regex",
        ),
        (
            "[[policy]]\ncode = \"ORG1\"\ngate = \"G1\"\nmessage = \"m\"\ntarget = \"file\"\nrequire = { exists = true }\n",
            "5:",
            "needs `glob",
        ),
        (
            "[[policy]]\ncode = \"ORG1\"\ngate = \"G1\"\nmessage = \"m\"\ntarget = \"compose.service\"\nkind = \"Deployment\"\nrequire = { path = \"x\", exists = true }\n",
            "6:",
            "`kind` filters only",
        ),
        (
            "[[policy]]\ncode = \"ORG1\"\ngate = \"G1\"\nmessage = \"m\"\ntarget = \"file\"\nglob = \"*.sh\"\nrequire = { path = \"x\", contains = \"y\" }\n",
            "2:",
            "take no `path`",
        ),
    ];
    for (i, (toml, line, msg)) in cases.iter().enumerate() {
        let d = scratch(&format!("err{i}"));
        std::fs::write(d.join("shipgate.toml"), toml).unwrap();
        let o = run_in(&d, &["check", "."]);
        assert_eq!(o.status.code(), Some(2), "case {i}");
        let e = stderr(&o);
        assert!(
            e.contains(&format!("shipgate.toml:{line}")),
            "case {i}: {e}"
        );
        assert!(e.contains(msg), "case {i}: {e}");
        let _ = std::fs::remove_dir_all(&d);
    }
}
