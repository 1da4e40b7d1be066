//! Hostile inputs: each ends with a diagnostic or a documented reason in the `files`
//! list, the other files are still linted, and the process neither panics nor hangs.
//! Time is bounded by this harness (a watchdog kills the process), never by the product.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn tempdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("shipgate-hostile-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Run `shipgate check <dir> --format json` with a watchdog; returns (exit code, JSON).
fn check(dir: &Path) -> (i32, serde_json::Value) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_shipgate"))
        .args(["check", ".", "--format", "json"])
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("shipgate hung on {}", dir.display());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    let code = out.status.code().expect("exited, not killed by a signal");
    assert!(
        code == 0 || code == 1,
        "exit {code}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("panicked"),
        "panic"
    );
    (
        code,
        serde_json::from_slice(&out.stdout).expect("valid JSON"),
    )
}

fn file<'a>(v: &'a serde_json::Value, path: &str) -> &'a serde_json::Value {
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == path)
        .unwrap_or_else(|| panic!("{path} not listed: {v}"))
}

fn findings<'a>(v: &'a serde_json::Value, path: &str) -> Vec<&'a serde_json::Value> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"] == path)
        .collect()
}

const GOOD: &str = "FROM alpine:latest\nUSER 1000\n";

/// Every case also holds a good Dockerfile that must still be linted.
fn assert_good_still_linted(v: &serde_json::Value) {
    assert_eq!(file(v, "good/Dockerfile")["status"], "linted");
    assert!(findings(v, "good/Dockerfile")
        .iter()
        .any(|f| f["code"] == "DF004"));
}

fn case(name: &str, setup: impl FnOnce(&Path)) -> (i32, serde_json::Value) {
    let d = tempdir(name);
    std::fs::create_dir_all(d.join("good")).unwrap();
    std::fs::write(d.join("good/Dockerfile"), GOOD).unwrap();
    setup(&d);
    let r = check(&d);
    assert_good_still_linted(&r.1);
    let _ = std::fs::remove_dir_all(&d);
    r
}

#[test]
fn alias_bomb_fails_fast_with_a_diagnostic() {
    let (_, v) = case("bomb", |d| {
        let mut s = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        let mut prev = "a".to_string();
        for n in ["b", "c", "d", "e", "f", "g", "h", "i", "j"] {
            s.push_str(&format!(
                "{n}: &{n} [{}]\n",
                vec![format!("*{prev}"); 9].join(",")
            ));
            prev = n.into();
        }
        std::fs::write(d.join("bomb.yaml"), s).unwrap();
    });
    assert_eq!(file(&v, "bomb.yaml")["status"], "parse-error");
    let f = findings(&v, "bomb.yaml");
    assert!(f[0]["message"].as_str().unwrap().contains("alias"), "{f:?}");
}

#[test]
fn deep_nesting_is_a_diagnostic_not_a_stack_overflow() {
    let (_, v) = case("deep", |d| {
        let s = format!("a: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
        std::fs::write(d.join("deep.yaml"), s).unwrap();
        let block: String = (0..10_000)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i % 200)))
            .collect();
        std::fs::write(d.join("deep-block.yaml"), block).unwrap();
    });
    assert_eq!(file(&v, "deep.yaml")["status"], "parse-error");
    assert!(file(&v, "deep-block.yaml")["status"].is_string());
}

#[test]
fn huge_file_is_reported_not_read() {
    let (code, v) = case("huge", |d| {
        use std::io::Write;
        let mut f = std::fs::File::create(d.join("huge.yaml")).unwrap();
        let line = "- apiVersion: v1\n";
        let chunk = line.repeat(65536);
        while f.metadata().unwrap().len() < 100 * 1024 * 1024 {
            f.write_all(chunk.as_bytes()).unwrap();
        }
    });
    let f = file(&v, "huge.yaml");
    assert_eq!(f["status"], "not-infra");
    assert!(f["reason"].as_str().unwrap().contains("max-file-size"));
    assert!(findings(&v, "huge.yaml")
        .iter()
        .any(|f| f["code"] == "SG006"));
    assert_eq!(code, 1);
}

#[test]
fn invalid_utf8_nul_bytes_and_empty_files() {
    let (_, v) = case("bytes", |d| {
        std::fs::write(
            d.join("bad-utf8.yaml"),
            b"apiVersion: v1\nkind: Pod\nmetadata:\n  name: \xff\xfe\n",
        )
        .unwrap();
        std::fs::write(d.join("nul.yaml"), b"apiVersion: v1\nkind: Pod\0\n").unwrap();
        std::fs::write(d.join("empty.yaml"), b"").unwrap();
        std::fs::write(d.join("comments.yaml"), b"# only\n# comments\n").unwrap();
        std::fs::create_dir_all(d.join("empty")).unwrap();
        std::fs::write(d.join("empty/Dockerfile"), b"").unwrap();
    });
    let bad = file(&v, "bad-utf8.yaml");
    assert_eq!(bad["status"], "parse-error");
    let f = findings(&v, "bad-utf8.yaml");
    assert_eq!(f[0]["code"], "SG001");
    assert_eq!(
        (
            f[0]["start"]["line"].as_u64(),
            f[0]["start"]["column"].as_u64()
        ),
        (Some(4), Some(9))
    );
    assert!(file(&v, "nul.yaml")["reason"]
        .as_str()
        .unwrap()
        .contains("binary"));
    assert_eq!(file(&v, "empty.yaml")["status"], "not-infra");
    assert_eq!(file(&v, "comments.yaml")["status"], "not-infra");
    // an empty Dockerfile is invalid for docker build too
    assert_eq!(file(&v, "empty/Dockerfile")["status"], "parse-error");
}

#[test]
fn bom_and_crlf_keep_columns_right() {
    let (_, v) = case("crlf", |d| {
        let text = "\u{feff}apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\nspec:\r\n  containers:\r\n    - name: app\r\n      image: nginx:latest\r\n";
        std::fs::write(d.join("pod.yaml"), text).unwrap();
    });
    let f = findings(&v, "pod.yaml");
    let latest = f.iter().find(|f| f["code"] == "K8S008").expect("K8S008");
    assert_eq!(latest["start"]["line"], 8);
    assert_eq!(latest["start"]["column"], 20);
    assert_eq!(latest["end"]["column"], 26);
}

#[cfg(unix)]
#[test]
fn symlink_loops_fifos_and_directories_named_dockerfile() {
    let (_, v) = case("links", |d| {
        use std::os::unix::fs::symlink;
        symlink("loop-b", d.join("loop-a")).unwrap();
        symlink("loop-a", d.join("loop-b")).unwrap();
        symlink(".", d.join("self")).unwrap();
        std::fs::create_dir_all(d.join("Dockerfile")).unwrap();
        std::fs::write(
            d.join("Dockerfile/compose.yaml"),
            "services:\n  web:\n    image: nginx:1.27\n",
        )
        .unwrap();
        let fifo = d.join("pipe.yaml");
        let ok = Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        if !ok {
            eprintln!("mkfifo unavailable: FIFO case skipped");
        }
    });
    assert!(file(&v, "loop-a")["reason"]
        .as_str()
        .unwrap()
        .contains("symlink"));
    assert!(file(&v, "self")["reason"]
        .as_str()
        .unwrap()
        .contains("not followed"));
    assert_eq!(file(&v, "Dockerfile/compose.yaml")["status"], "linted");
    if let Some(f) = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "pipe.yaml")
    {
        assert!(f["reason"].as_str().unwrap().contains("not a regular file"));
    }
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_listed_with_its_reason() {
    use std::os::unix::fs::PermissionsExt;
    let d = tempdir("unreadable");
    std::fs::write(d.join("secret.yaml"), "apiVersion: v1\nkind: Pod\n").unwrap();
    std::fs::set_permissions(
        d.join("secret.yaml"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    if std::fs::read(d.join("secret.yaml")).is_ok() {
        eprintln!("running as root: permissions do not stop reads; case skipped");
        return;
    }
    let (_, v) = check(&d);
    assert!(file(&v, "secret.yaml")["reason"]
        .as_str()
        .unwrap()
        .contains("cannot read"));
}

#[test]
fn twenty_runs_are_byte_identical_across_thread_counts() {
    let root = env!("CARGO_MANIFEST_DIR");
    let run = |jobs: &str| {
        let mut args = vec!["check", "fixtures", "--format", "json"];
        if !jobs.is_empty() {
            args.extend(["--jobs", jobs]);
        }
        let o = Command::new(env!("CARGO_BIN_EXE_shipgate"))
            .args(&args)
            .current_dir(root)
            .output()
            .unwrap();
        o.stdout
    };
    let first = run("1");
    assert!(first.len() > 10_000);
    for i in 0..20 {
        let jobs = ["1", "2", ""][i % 3];
        assert!(run(jobs) == first, "run {i} with --jobs {jobs:?} differs");
    }
}

#[test]
fn malformed_workflows_and_rule_files_never_crash_a_rule() {
    let (_, v) = case("shapes", |d| {
        let wf = d.join(".github/workflows");
        std::fs::create_dir_all(&wf).unwrap();
        std::fs::write(
            wf.join("a.yml"),
            "on: 5\npermissions: [a]\nenv: [x]\njobs:\n  a: [1]\n  b:\n    runs-on: 7\n    needs: {a: 1}\n    environment: [x]\n    timeout-minutes: {}\n    steps:\n      - just a string\n      - uses: {a: b}\n        run: [1, 2]\n        with: \"x\"\n        env: \"y\"\n      - uses: \"@\"\n      - uses: docker://\n      - uses: \"a/b@\"\n      - run: \"echo ${{ github.event.issue.title\"\n      - run: \"${{}}${{ secrets. }}\"\n  c: null\n",
        )
        .unwrap();
        std::fs::write(wf.join("b.yml"), "on: [push]\njobs: [a, b]\n").unwrap();
        // CRLF line ends inside a literal block: the column is still exact
        std::fs::write(
            wf.join("crlf.yml"),
            "on: issues\r\npermissions: {}\r\njobs:\r\n  t:\r\n    runs-on: ubuntu-latest\r\n    steps:\r\n      - run: |\r\n          echo é\r\n          echo \"${{ github.event.issue.title }}\"\r\n",
        )
        .unwrap();
        std::fs::write(
            d.join("rules.yml"),
            "groups:\n  - name: a\n    rules:\n      - alert: [x]\n        expr: {a: 1}\n        labels: [severity]\n        annotations: \"x\"\n      - \"string rule\"\n      - record: 5\n        expr: \"rate(é[5m]\"\n      - alert:\n        expr: up\n  - 7\n  - name: b\n    rules: {a: 1}\n",
        )
        .unwrap();
        std::fs::write(
            d.join("prometheus.yml"),
            "scrape_configs:\n  - 1\n  - job_name: [a]\n  - job_name: a\n    static_configs: [1, {targets: [1, \"http://x:1/m\"]}]\nrule_files: [1, \"\", \"[\", \"/abs\"]\n",
        )
        .unwrap();
    });
    let all = v["findings"].as_array().unwrap();
    assert!(
        !all.iter()
            .any(|f| f["code"] == "SG005" || f["code"] == "SG001"),
        "{all:#?}"
    );
    let inj = findings(&v, ".github/workflows/crlf.yml");
    let inj = inj.iter().find(|f| f["code"] == "GHA007").expect("GHA007");
    assert_eq!(inj["start"]["line"], 9);
    assert_eq!(inj["start"]["column"], 17);
    let promql = findings(&v, "rules.yml");
    let promql = promql
        .iter()
        .find(|f| f["code"] == "PROM006")
        .expect("PROM006");
    assert_eq!(promql["start"]["column"], 21);
}
