//! The command line as users run it: exit codes, formats, config errors.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_shipgate"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1");
    c
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run shipgate")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn json(args: &[&str]) -> (i32, serde_json::Value) {
    let o = run(args);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(&o)));
    (o.status.code().unwrap_or(-1), v)
}

fn tempdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("shipgate-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn bad_project_fails_with_findings_for_g1_to_g5() {
    let (code, v) = json(&["check", "fixtures/projects/gate-bad", "--format", "json"]);
    assert_eq!(code, 1);
    assert_eq!(v["version"], 1);
    assert_eq!(v["tool"]["name"], "shipgate");
    let findings = v["findings"].as_array().unwrap();
    for g in ["G1", "G2", "G3", "G4", "G5"] {
        assert!(findings.iter().any(|f| f["gate"] == g), "no {g} finding");
    }
    // exact positions of the headline findings
    let at = |code: &str| {
        findings
            .iter()
            .find(|f| f["code"] == code)
            .map(|f| {
                (
                    f["path"].as_str().unwrap().to_string(),
                    f["start"]["line"].as_u64(),
                    f["start"]["column"].as_u64(),
                )
            })
            .unwrap_or_else(|| panic!("no {code}"))
    };
    assert_eq!(
        at("DF004"),
        (
            "fixtures/projects/gate-bad/app/Dockerfile".into(),
            Some(1),
            Some(13)
        )
    );
    assert_eq!(
        at("DC005"),
        (
            "fixtures/projects/gate-bad/docker-compose.yml".into(),
            Some(7),
            Some(12)
        )
    );
    assert_eq!(
        at("K8S008"),
        (
            "fixtures/projects/gate-bad/k8s/deployment.yaml".into(),
            Some(15),
            Some(35)
        )
    );
    let runbook = findings.iter().find(|f| f["code"] == "DOC001").unwrap();
    assert!(runbook["start"].is_null() && runbook["end"].is_null());
    assert_eq!(runbook["path"], "fixtures/projects/gate-bad");
    for f in findings {
        for key in [
            "code", "name", "severity", "gate", "pack", "message", "help", "path", "url",
        ] {
            assert!(f[key].is_string(), "finding lacks {key}: {f}");
        }
    }
    let s = &v["summary"];
    assert_eq!(s["findings"].as_u64().unwrap() as usize, findings.len());
    assert_eq!(
        s["errors"].as_u64().unwrap()
            + s["warnings"].as_u64().unwrap()
            + s["infos"].as_u64().unwrap(),
        findings.len() as u64
    );
    let kinds: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["dockerfile", "compose", "kubernetes"]);
}

#[test]
fn clean_project_passes() {
    let o = run(&["check", "fixtures/projects/gate-clean"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("0 findings"));
}

#[test]
fn json_snapshot_of_the_bad_project() {
    let o = run(&["check", "fixtures/projects/gate-bad", "--format", "json"]);
    let text = stdout(&o).replace(env!("CARGO_PKG_VERSION"), "[version]");
    insta::assert_snapshot!("gate_bad_json", text);
}

#[test]
fn human_output_has_snippet_help_and_code() {
    let o = run(&["check", "fixtures/projects/gate-bad/app"]);
    let out = stdout(&o);
    assert!(out.contains("DF004 from-latest-tag [G4]"));
    assert!(out.contains("╭─[fixtures/projects/gate-bad/app/Dockerfile:1:13]"));
    assert!(out.contains("help: pin a version tag"));
    assert!(!out.contains('\u{1b}'), "NO_COLOR must disable colors");
}

#[test]
fn fail_on_threshold() {
    assert_eq!(
        run(&["check", "fixtures/projects/gate-bad", "--fail-on", "never"])
            .status
            .code(),
        Some(0)
    );
    // only warnings and infos remain: exit 0 at the default threshold, 1 at warning
    let args = [
        "check",
        "fixtures/projects/gate-bad",
        "--select",
        "DC002,DF003",
    ];
    assert_eq!(run(&args).status.code(), Some(0));
    let mut with_warning = args.to_vec();
    with_warning.extend(["--fail-on", "warning"]);
    assert_eq!(run(&with_warning).status.code(), Some(1));
    assert_eq!(
        run(&["check", "fixtures/projects/gate-bad", "--fail-on", "bogus"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn select_and_ignore() {
    let (_, v) = json(&[
        "check",
        "fixtures/projects/gate-bad",
        "--format",
        "json",
        "--select",
        "G4",
        "--ignore",
        "DC005",
    ]);
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["DF004", "DC021", "K8S008"]);
    let (_, v) = json(&[
        "check",
        "fixtures/projects/gate-bad",
        "--format",
        "json",
        "--select",
        "from-latest-tag",
    ]);
    assert_eq!(v["findings"].as_array().unwrap().len(), 1);
    assert_eq!(
        run(&["check", ".", "--select", "NOPE"]).status.code(),
        Some(2)
    );
}

#[test]
fn invalid_config_exits_2_with_its_location() {
    let d = tempdir("badconfig");
    std::fs::write(
        d.join("shipgate.toml"),
        "fail-on = \"error\"\nselect = [\"G4\", \"NOT-A-RULE\"]\n",
    )
    .unwrap();
    std::fs::write(d.join("Dockerfile"), "FROM alpine:3\n").unwrap();
    let o = run(&["check", d.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("shipgate.toml:2:17"), "{err}");
    assert!(err.contains("NOT-A-RULE"), "{err}");
    std::fs::write(d.join("shipgate.toml"), "unknown-key = 1\n").unwrap();
    let o = run(&["check", d.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("shipgate.toml:1:1"));
}

#[test]
fn config_file_is_found_and_applied() {
    let d = tempdir("config");
    std::fs::write(
        d.join("shipgate.toml"),
        "ignore = [\"G2\", \"G11\"]\n[severity]\nfrom-untagged = \"info\"\n[[overrides]]\npaths = [\"**/legacy/**\"]\nignore = [\"G4\"]\n",
    )
    .unwrap();
    std::fs::write(d.join("Dockerfile"), "FROM alpine\n").unwrap();
    std::fs::create_dir_all(d.join("legacy")).unwrap();
    std::fs::write(d.join("legacy/Dockerfile"), "FROM alpine\n").unwrap();
    let (code, v) = json(&["check", d.to_str().unwrap(), "--format", "json"]);
    let f = v["findings"].as_array().unwrap();
    assert_eq!(f.len(), 1, "{v}");
    assert_eq!(f[0]["code"], "DF005");
    assert_eq!(f[0]["severity"], "info");
    assert_eq!(code, 0);
}

#[test]
fn missing_path_is_a_usage_error() {
    assert_eq!(run(&["check", "does/not/exist"]).status.code(), Some(2));
}

#[test]
fn unparseable_file_is_a_finding_not_a_crash() {
    let d = tempdir("parse");
    std::fs::write(
        d.join("broken.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata: {name: [\n",
    )
    .unwrap();
    std::fs::write(d.join("Dockerfile"), "FROM alpine:latest\nUSER 1000\n").unwrap();
    let (code, v) = json(&["check", d.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 1);
    let files = v["files"].as_array().unwrap();
    let broken = files
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("broken.yaml"))
        .unwrap();
    assert_eq!(broken["status"], "parse-error");
    assert_eq!(broken["kind"], "kubernetes");
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"SG001") && codes.contains(&"DF004"),
        "{codes:?}"
    );
}

#[test]
fn output_is_identical_across_thread_counts() {
    let a = stdout(&run(&[
        "check", "fixtures", "--format", "json", "--jobs", "1",
    ]));
    let b = stdout(&run(&[
        "check", "fixtures", "--format", "json", "--jobs", "4",
    ]));
    let c = stdout(&run(&["check", "fixtures", "--format", "json"]));
    assert_eq!(a, b);
    assert_eq!(a, c);
    assert!(a.len() > 1000);
}

#[test]
fn rules_lists_every_rule() {
    let (code, v) = json(&["rules", "--format", "json"]);
    assert_eq!(code, 0);
    let rows = v.as_array().unwrap();
    assert!(rows.len() >= 20);
    for r in rows {
        for key in ["code", "name", "pack", "gate", "severity"] {
            assert!(r[key].is_string(), "{r}");
        }
        assert!(r["enabled"].is_boolean());
    }
    let human = stdout(&run(&["rules"]));
    assert!(human.contains("DF004") && human.contains("DL3007"));
}

#[test]
fn bench_measures_both_sides_or_runs_one_for_a_profiler() {
    let dir = "fixtures/projects/gate-bad";
    let o = run(&["bench", dir, "--runs", "1", "--jobs", "1"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    let row = out
        .lines()
        .find(|l| l.starts_with(dir))
        .unwrap_or_else(|| panic!("no row for {dir}: {out}"));
    // files, MB, findings, floor ms, check ms, files/s, MB/s, ratio
    let cols: Vec<f64> = row[dir.len()..]
        .split_whitespace()
        .map(|c| c.parse().unwrap_or_else(|_| panic!("{row}")))
        .collect();
    assert_eq!(cols.len(), 8, "{row}");
    assert!(cols[0] >= 3.0 && cols[2] >= 1.0, "{row}");
    assert!(cols[3] > 0.0 && cols[4] > 0.0, "{row}");
    for side in ["floor", "check"] {
        let o = run(&["bench", dir, "--only", side, "--runs", "2", "--jobs", "1"]);
        assert_eq!(o.status.code(), Some(0), "{side}");
        assert!(o.stdout.is_empty(), "{side}: {}", stdout(&o));
    }
    assert_eq!(
        run(&["bench", dir, "--only", "parse"]).status.code(),
        Some(2)
    );
    assert_eq!(run(&["bench", "does/not/exist"]).status.code(), Some(2));
}

#[test]
fn explain_prints_the_doc() {
    let o = run(&["explain", "DF001"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("## Why it matters in production"));
    assert_eq!(stdout(&run(&["explain", "missing-user"])), out);
    assert_eq!(run(&["explain", "NOPE"]).status.code(), Some(2));
}

#[test]
fn init_writes_a_valid_config_once() {
    let d = tempdir("init");
    let dir = d.to_str().unwrap();
    assert_eq!(run(&["init", dir]).status.code(), Some(0));
    assert!(Path::new(&d.join("shipgate.toml")).exists());
    assert_eq!(run(&["init", dir]).status.code(), Some(2));
    std::fs::write(d.join("Dockerfile"), "FROM alpine:3.20\nUSER 1000\n").unwrap();
    assert_eq!(run(&["check", dir]).status.code(), Some(0));
}

#[test]
fn stdin_is_linted_as_the_named_file() {
    let mut child = bin()
        .args([
            "check",
            "-",
            "--stdin-filename",
            "fixtures/projects/x/Dockerfile",
            "--format",
            "concise",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(b"FROM alpine:latest\nUSER 1000\n")
            .unwrap();
    }
    let o = child.wait_with_output().unwrap();
    let out = stdout(&o);
    assert!(
        out.contains("fixtures/projects/x/Dockerfile:1:13: DF004"),
        "{out}"
    );
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn suppressions_work_end_to_end() {
    let d = tempdir("suppress");
    // the repository-level "no CI" finding is not what this test is about
    std::fs::write(
        d.join("shipgate.toml"),
        "ignore = [\"missing-ci-workflow\"]\n",
    )
    .unwrap();
    std::fs::write(
        d.join("Dockerfile"),
        "# shipgate: ignore[DL3007] legacy base, tracked in OPS-12\nFROM alpine:latest\nUSER 1000\n",
    )
    .unwrap();
    let (code, v) = json(&["check", d.to_str().unwrap(), "--format", "json"]);
    assert_eq!(v["findings"].as_array().unwrap().len(), 0, "{v}");
    assert_eq!(code, 0);
}

#[test]
fn baseline_hides_known_findings_and_counts_fixed_ones() {
    let d = tempdir("baseline");
    let dir = d.to_str().unwrap();
    let base = d.join("baseline.json");
    let base_s = base.to_str().unwrap();
    std::fs::write(d.join("Dockerfile"), "FROM alpine:latest\nUSER 1000\n").unwrap();
    std::fs::write(d.join("Dockerfile.worker"), "FROM ubuntu\nUSER 1000\n").unwrap();
    let o = run(&["check", dir, "--write-baseline", base_s]);
    assert_eq!(o.status.code(), Some(1));
    assert!(base.exists());
    // lines shift: still known
    std::fs::write(
        d.join("Dockerfile"),
        "# moved down\n\nFROM alpine:latest\nUSER 1000\n",
    )
    .unwrap();
    let o = run(&["check", dir, "--baseline", base_s, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // a fix and a new finding
    std::fs::write(d.join("Dockerfile.worker"), "FROM ubuntu:24.04\nUSER 0\n").unwrap();
    let o = run(&["check", dir, "--baseline", base_s, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["DF002"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("1 baseline entries are fixed"));
}

#[test]
fn completions_and_config_schema() {
    for shell in ["bash", "zsh", "fish"] {
        let o = run(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0));
        assert!(stdout(&o).contains("shipgate"));
    }
    let o = run(&["config-schema"]);
    let schema: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // the starter config and the README's example validate against the schema
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler
        .add_resource("shipgate-config.json", schema)
        .unwrap();
    let idx = compiler
        .compile("shipgate-config.json", &mut schemas)
        .unwrap();
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let example = readme
        .split("\n## Configuration")
        .nth(1)
        .unwrap()
        .split("```toml\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    for text in [shipgate::config::STARTER, example] {
        let value: toml::Value = toml::from_str(text).unwrap();
        let json = serde_json::to_value(value).unwrap();
        schemas
            .validate(&json, idx)
            .unwrap_or_else(|e| panic!("{e}"));
        shipgate::config::Config::from_str(text, None, &Default::default()).unwrap();
    }
    let bad = serde_json::json!({"fail-on": "sometimes"});
    assert!(schemas.validate(&bad, idx).is_err());
}

#[test]
fn committed_rule_reference_is_current() {
    let generated = stdout(&run(&["rules", "--format", "markdown"]));
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md"))
        .unwrap_or_default();
    assert!(
        generated == committed,
        "docs/rules.md is stale: run `cargo run -- rules --format markdown > docs/rules.md`"
    );
}

#[test]
fn init_reports_what_it_detected() {
    let d = tempdir("init-detect");
    std::fs::write(d.join("Dockerfile"), "FROM alpine:3.20\n").unwrap();
    assert_eq!(run(&["init", d.to_str().unwrap()]).status.code(), Some(0));
    let text = std::fs::read_to_string(d.join("shipgate.toml")).unwrap();
    assert!(
        text.starts_with("# Detected by `shipgate init`: 1 dockerfile"),
        "{text}"
    );
}

/// The standard output of `shipgate <args>` with its result cache in `cache`.
fn cached_stdout(cache: &Path, args: &[&str]) -> String {
    let o = bin()
        .args(args)
        .env("SHIPGATE_CACHE_DIR", cache)
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The cache skips reading files whose stat is unchanged since a run that began well
/// after their last change; a same-size rewrite with its modification time put back
/// still changes the change time, and is linted again. The walk's snapshot sees new
/// files and edited ignore files.
#[test]
fn result_cache_trusts_only_unchanged_stats() {
    let d = tempdir("cache-stat");
    let cache = tempdir("cache-stat-dir");
    std::fs::create_dir_all(d.join("web")).unwrap();
    let df = d.join("web/Dockerfile");
    std::fs::write(&df, "FROM nginx:1.27\nUSER 101\nEXPOSE 8080\n").unwrap();
    std::fs::write(
        d.join("docker-compose.yml"),
        "services:\n  web:\n    build: ./web\n    ports: [\"8080:8080\"]\n",
    )
    .unwrap();
    std::fs::write(d.join(".gitignore"), "tmp/\n").unwrap();
    // files changed more than the racy margin (2 s) before the run are trusted by stat
    std::thread::sleep(std::time::Duration::from_millis(3100));
    let check = |extra: &[&str]| {
        let mut args = vec!["check", d.to_str().unwrap(), "--fail-on", "never"];
        args.extend(extra);
        cached_stdout(&cache, &args)
    };
    let json = ["--format", "json"];
    let cold = check(&json);
    assert_eq!(
        check(&json),
        cold,
        "a run by stat must give the same output"
    );
    // human output shows snippets of files the warm run did not read
    let human = check(&[]);
    assert!(human.contains("8080:8080"), "{human}");
    assert_eq!(human, check(&["--no-cache"]));
    // same size, another finding, the modification time put back
    let mtime = std::fs::metadata(&df).unwrap().modified().unwrap();
    std::fs::write(&df, "FROM nginx:latest\nUSER 0\nEXPOSE 8080\n").unwrap();
    std::fs::File::options()
        .write(true)
        .open(&df)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    let warm = check(&json);
    assert!(warm.contains("\"DF004\""), "{warm}");
    let mut uncached = json.to_vec();
    uncached.push("--no-cache");
    assert_eq!(warm, check(&uncached));
    // the walk's snapshot (directories trusted by stat) sees a new file in an old
    // directory, and an edited ignore file
    std::fs::write(d.join("web/Dockerfile.dev"), "FROM nginx:latest\n").unwrap();
    let warm = check(&json);
    assert!(warm.contains("web/Dockerfile.dev"), "{warm}");
    assert_eq!(warm, check(&uncached));
    std::fs::write(d.join(".gitignore"), "web/\n").unwrap();
    let warm = check(&json);
    assert!(!warm.contains("web/Dockerfile"), "{warm}");
    assert_eq!(warm, check(&uncached));
}

#[test]
fn result_cache_is_invisible_in_results() {
    let d = tempdir("cache");
    let cache = tempdir("cache-dir");
    std::fs::create_dir_all(d.join("web")).unwrap();
    std::fs::write(
        d.join("web/Dockerfile"),
        "FROM nginx:1.27\nUSER 101\nEXPOSE 8080\n",
    )
    .unwrap();
    std::fs::write(
        d.join("docker-compose.yml"),
        "services:\n  web:\n    build: ./web\n",
    )
    .unwrap();
    let check = |extra: &[&str]| {
        let mut args = vec![
            "check",
            d.to_str().unwrap(),
            "--format",
            "json",
            "--fail-on",
            "never",
        ];
        args.extend(extra);
        cached_stdout(&cache, &args)
    };
    let cold = check(&[]);
    let cache_files = || walkdir_count(&cache);
    assert!(cache_files() > 0, "the cache was not written");
    assert_eq!(check(&[]), cold, "a warm run must give the same output");
    assert!(
        cold.contains("\"DF003\""),
        "no healthcheck anywhere: {cold}"
    );
    // a change in the compose file alone re-evaluates the Dockerfile's cross-file rule
    std::fs::write(
        d.join("docker-compose.yml"),
        "services:\n  web:\n    build: ./web\n    healthcheck:\n      test: [\"CMD\", \"true\"]\n",
    )
    .unwrap();
    let warm = check(&[]);
    assert!(!warm.contains("\"DF003\""), "{warm}");
    assert_eq!(warm, check(&["--no-cache"]));
    // an edit of a cached file is seen
    std::fs::write(
        d.join("web/Dockerfile"),
        "FROM nginx:latest\nUSER 101\nEXPOSE 8080\n",
    )
    .unwrap();
    assert!(check(&[]).contains("\"DF004\""));
    let other = tempdir("cache-none");
    let o = bin()
        .args(["check", d.to_str().unwrap(), "--no-cache"])
        .env("SHIPGATE_CACHE_DIR", &other)
        .output()
        .unwrap();
    assert!(o.status.code().is_some());
    assert_eq!(walkdir_count(&other), 0, "--no-cache must not write");
}

/// A pre-commit run (files inside a repository, the rest linted as context): the cache
/// leaves the context files' own findings undecoded, and that must not show.
#[test]
fn result_cache_is_invisible_for_given_files_with_context() {
    let d = tempdir("cache-context");
    let cache = tempdir("cache-context-dir");
    std::fs::create_dir_all(d.join(".git")).unwrap();
    std::fs::create_dir_all(d.join("web")).unwrap();
    std::fs::write(d.join("web/Dockerfile"), "FROM nginx:latest\nEXPOSE 8080\n").unwrap();
    let secret = "Zq8vN2xR7kLp4TmW9sYb";
    std::fs::write(
        d.join("docker-compose.yml"),
        format!(
            "services:\n  web:\n    build: ./web\n    image: nginx:latest\n    ports:\n      - \"5432:8080\"\n    environment:\n      DB_PASSWORD: \"{secret}\"\n"
        ),
    )
    .unwrap();
    let check = |extra: &[&str]| {
        let mut args = vec!["check", "web/Dockerfile", "--fail-on", "never"];
        args.extend(extra);
        let o = bin()
            .current_dir(&d)
            .args(&args)
            .env("SHIPGATE_CACHE_DIR", &cache)
            .output()
            .unwrap();
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    for format in ["human", "json", "sarif"] {
        let uncached = check(&["--format", format, "--no-cache"]);
        let cold = check(&["--format", format]);
        let warm = check(&["--format", format]);
        assert_eq!(
            cold, uncached,
            "{format}: a cold run must give the uncached output"
        );
        assert_eq!(
            warm, uncached,
            "{format}: a warm run must give the uncached output"
        );
        assert!(
            !warm.contains(secret),
            "{format}: the secret leaked: {warm}"
        );
        let repo = check(&["--format", format, "--repo"]);
        assert_eq!(repo, check(&["--format", format, "--repo", "--no-cache"]));
    }
    // the given file's own findings come from the cache, the context's are not reported
    let json = check(&["--format", "json"]);
    assert!(json.contains("\"DF004\""), "{json}");
    assert!(
        !json.contains("docker-compose.yml\",\n      \"start\""),
        "{json}"
    );
    assert!(walkdir_count(&cache) > 0, "the cache was not written");
}

/// A file given inside a repository reports exactly what a run over the whole
/// repository reports for it: project rules skip the objects whose findings are not
/// reported (`ProjectCtx::wants`), and that must not change what is.
#[test]
fn given_files_report_what_the_repository_run_reports_for_them() {
    let d = tempdir("given-vs-repo");
    std::fs::create_dir_all(d.join(".git")).unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/projects");
    for project in ["gate-bad", "gate-clean", "kustomize"] {
        common::copy_dir(&fixtures.join(project), &d.join(project));
    }
    // cross-file findings, some with a related location in another file
    std::fs::create_dir_all(d.join("shop/web")).unwrap();
    std::fs::create_dir_all(d.join("shop/k8s")).unwrap();
    std::fs::write(
        d.join("shop/web/Dockerfile"),
        "FROM nginx:1.27\nEXPOSE 8080\n",
    )
    .unwrap();
    std::fs::write(
        d.join("shop/k8s/app.yaml"),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: registry.example.com/web:1.0\n          ports:\n            - containerPort: 9090\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: orphan\nspec:\n  selector: {app: nothing}\n  ports:\n    - port: 80\n      targetPort: http\n",
    )
    .unwrap();
    std::fs::write(
        d.join("shop/k8s/db.yaml"),
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: db\n  replicas: 2\n  selector:\n    matchLabels: {app: db}\n  template:\n    metadata:\n      labels: {app: db}\n    spec:\n      containers:\n        - name: db\n          image: postgres:16\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  selector: {app: db}\n  ports:\n    - port: 5432\n",
    )
    .unwrap();
    let findings = |target: &str| -> Vec<serde_json::Value> {
        let o = bin()
            .current_dir(&d)
            .args(["check", "--format", "json", "--fail-on", "never"])
            .args(["--select", "ALL", "--no-cache", target])
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&o.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(&o)));
        v["findings"].as_array().cloned().unwrap_or_default()
    };
    let all = findings(".");
    let files: std::collections::BTreeSet<String> = all
        .iter()
        .filter_map(|f| f["path"].as_str())
        .filter(|p| d.join(p).is_file())
        .map(str::to_owned)
        .collect();
    assert!(files.len() >= 8, "{files:?}");
    let mut cross_file = 0;
    for file in &files {
        let expected: Vec<serde_json::Value> = all
            .iter()
            .filter(|f| f["path"] == file.as_str())
            .cloned()
            .collect();
        cross_file += expected.iter().filter(|f| f["related"].is_array()).count();
        assert_eq!(findings(file), expected, "{file}");
    }
    assert!(cross_file > 0, "no cross-file finding was compared");
}

/// Files given by path are linted with the repository that holds them as context,
/// not the repository of the current directory.
#[test]
fn given_files_take_their_own_repository_as_context() {
    let d = tempdir("own-repo");
    std::fs::create_dir_all(d.join(".git")).unwrap();
    std::fs::create_dir_all(d.join("web")).unwrap();
    std::fs::write(
        d.join("web/Dockerfile"),
        "FROM nginx:1.27\nUSER 101\nEXPOSE 8080\n",
    )
    .unwrap();
    let lint = |cwd: &Path, file: &Path| {
        let o = bin()
            .current_dir(cwd)
            .args([
                "check",
                "--format",
                "json",
                "--fail-on",
                "never",
                "--no-cache",
            ])
            .arg(file)
            .output()
            .unwrap();
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let dockerfile = d.join("web/Dockerfile");
    // no healthcheck anywhere in its repository
    assert!(lint(&d, Path::new("web/Dockerfile")).contains("\"DF003\""));
    // the compose file beside it gives the service a healthcheck
    std::fs::write(
        d.join("docker-compose.yml"),
        "services:\n  web:\n    build: ./web\n    healthcheck:\n      test: [\"CMD\", \"true\"]\n",
    )
    .unwrap();
    let inside = lint(&d, Path::new("web/Dockerfile"));
    assert!(!inside.contains("\"DF003\""), "{inside}");
    // the same from another repository (this one): the file's repository is the context
    let outside = lint(Path::new(env!("CARGO_MANIFEST_DIR")), &dockerfile);
    assert!(!outside.contains("\"DF003\""), "{outside}");
    let files = |out: &str| out.matches("\"kind\":").count();
    assert_eq!(files(&outside), 1, "{outside}");
}

fn walkdir_count(dir: &Path) -> usize {
    let mut n = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(p) = stack.pop() {
        for e in std::fs::read_dir(&p).into_iter().flatten().flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            } else {
                n += 1;
            }
        }
    }
    n
}
