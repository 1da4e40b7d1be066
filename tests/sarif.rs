//! SARIF validates against the official 2.1.0 schema; GitHub and Markdown formats are
//! snapshot-tested; `--output` writes one format to a file and human output to stdout.

use std::process::Command;

fn run(args: &[&str]) -> (i32, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_shipgate"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    )
}

fn validate(instance: &serde_json::Value) {
    let schema_text = include_str!("data/sarif-schema-2.1.0.json");
    let schema: serde_json::Value = serde_json::from_str(schema_text).unwrap();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    let loc = "https://json.schemastore.org/sarif-2.1.0.json";
    compiler.add_resource(loc, schema).unwrap();
    let idx = compiler.compile(loc, &mut schemas).unwrap();
    if let Err(e) = schemas.validate(instance, idx) {
        panic!("SARIF does not validate: {e:#}");
    }
}

#[test]
fn sarif_validates_against_the_2_1_0_schema() {
    for dir in [
        "fixtures/projects/gate-bad",
        "fixtures",
        "fixtures/projects/gate-clean",
    ] {
        let (_, out) = run(&["check", dir, "--format", "sarif"]);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        validate(&v);
    }
}

#[test]
fn sarif_content_is_what_code_scanning_needs() {
    let (code, out) = run(&["check", "fixtures/projects/gate-bad", "--format", "sarif"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run0 = &v["runs"][0];
    let driver = &run0["tool"]["driver"];
    assert_eq!(driver["name"], "shipgate");
    assert!(driver["informationUri"].is_string());
    let rules = driver["rules"].as_array().unwrap();
    for r in rules {
        for key in ["id", "name", "helpUri"] {
            assert!(r[key].is_string(), "{r}");
        }
        assert!(r["shortDescription"]["text"].is_string());
        assert!(r["fullDescription"]["text"].is_string());
        assert!(r["help"]["text"].is_string() && r["help"]["markdown"].is_string());
        assert!(r["defaultConfiguration"]["level"].is_string());
        assert!(r["properties"]["gate"].is_string());
    }
    assert_eq!(run0["columnKind"], "unicodeCodePoints");
    let results = run0["results"].as_array().unwrap();
    assert!(!results.is_empty());
    let mut hashes = std::collections::HashSet::new();
    for r in results {
        let id = r["ruleId"].as_str().unwrap();
        let idx = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], id);
        let loc = &r["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert!(
            !uri.starts_with('/') && !uri.contains("://"),
            "relative uri: {uri}"
        );
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        if let Some(region) = loc.get("region") {
            let (sl, sc) = (
                region["startLine"].as_u64().unwrap(),
                region["startColumn"].as_u64().unwrap(),
            );
            let (el, ec) = (
                region["endLine"].as_u64().unwrap(),
                region["endColumn"].as_u64().unwrap(),
            );
            assert!(sl >= 1 && sc >= 1);
            assert!(el > sl || ec > sc, "zero-width region in {r}");
        } else {
            assert!(
                uri.ends_with('/'),
                "a result without a region points at a directory: {uri}"
            );
        }
        let h = r["partialFingerprints"]["primaryLocationLineHash"]
            .as_str()
            .unwrap();
        assert!(hashes.insert(h.to_string()), "duplicate fingerprint {h}");
    }
    let latest = results.iter().find(|r| r["ruleId"] == "K8S008").unwrap();
    let region = &latest["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (
            region["startLine"].as_u64(),
            region["startColumn"].as_u64(),
            region["endColumn"].as_u64()
        ),
        (Some(15), Some(35), Some(41))
    );
}

#[test]
fn fingerprints_are_stable_when_lines_move() {
    let d = std::env::temp_dir().join(format!("shipgate-sarif-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    let dir = d.to_str().unwrap();
    std::fs::write(d.join("Dockerfile"), "FROM alpine:latest\nUSER 1000\n").unwrap();
    let fp = || {
        let (_, out) = run(&["check", dir, "--format", "sarif", "--select", "DF004"]);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        v["runs"][0]["results"][0]["partialFingerprints"]["primaryLocationLineHash"].clone()
    };
    let before = fp();
    std::fs::write(
        d.join("Dockerfile"),
        "# a comment moves everything down\n\nFROM alpine:latest\nUSER 1000\n",
    )
    .unwrap();
    assert_eq!(before, fp());
}

#[test]
fn github_annotations() {
    let (code, out) = run(&["check", "fixtures/projects/gate-bad", "--format", "github"]);
    assert_eq!(code, 1);
    assert!(out.lines().all(|l| l.starts_with("::error ")
        || l.starts_with("::warning ")
        || l.starts_with("::notice ")));
    insta::assert_snapshot!("gate_bad_github", out);
}

#[test]
fn markdown_summary() {
    let (_, out) = run(&[
        "check",
        "fixtures/projects/gate-bad",
        "--format",
        "markdown",
    ]);
    insta::assert_snapshot!("gate_bad_markdown", out);
}

#[test]
fn output_file_gets_the_format_and_stdout_the_human_report() {
    let path = std::env::temp_dir().join(format!("shipgate-out-{}.sarif", std::process::id()));
    let p = path.to_str().unwrap();
    let (code, out) = run(&[
        "check",
        "fixtures/projects/gate-bad",
        "--format",
        "sarif",
        "--output",
        p,
    ]);
    assert_eq!(code, 1);
    assert!(out.contains("DF004 from-latest-tag [G4]"), "{out}");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    validate(&v);
    let _ = std::fs::remove_file(&path);
}

#[test]
fn the_schema_check_is_not_vacuous() {
    let (_, out) = run(&["check", "fixtures/projects/gate-bad", "--format", "sarif"]);
    let mut v: serde_json::Value = serde_json::from_str(&out).unwrap();
    v["runs"][0]["results"][0]["level"] = serde_json::json!("catastrophic");
    let r = std::panic::catch_unwind(|| validate(&v));
    assert!(r.is_err(), "an invalid level must fail validation");
    let mut v: serde_json::Value = serde_json::from_str(&out).unwrap();
    v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        serde_json::json!(0);
    assert!(
        std::panic::catch_unwind(|| validate(&v)).is_err(),
        "startLine 0 must fail validation"
    );
}
