//! kube-linter's own check fixtures (`../shared/corpus/stackrox__kube-linter/tests/checks`)
//! as cases for the rules that alias those checks: every fixture gets a finding, and no
//! finding lands in an object or container that kube-linter names `dont-fire…`.

mod common;

use std::path::PathBuf;

use shipgate::source::SourceFile;
use shipgate::syntax::{k8s, yaml};

/// (kube-linter fixture, shipgate codes that cover the check)
const CASES: &[(&str, &[&str])] = &[
    ("privileged-container.yml", &["K8S010"]),
    ("privilege-escalation-container.yml", &["K8S011"]),
    ("no-read-only-root-fs.yml", &["K8S012"]),
    ("unsafe-proc-mount.yml", &["K8S016"]),
    ("unsafe-sysctls.yml", &["K8S017"]),
    ("host-network.yml", &["K8S018"]),
    ("host-pid.yml", &["K8S018"]),
    ("host-ipc.yml", &["K8S018"]),
    ("sensitive-host-mounts.yml", &["K8S020"]),
    ("docker-sock.yml", &["K8S020"]),
    ("default-service-account.yml", &["K8S022"]),
    ("liveness-port.yml", &["K8S029", "K8S032"]),
    ("readiness-port.yml", &["K8S029", "K8S032"]),
    ("startup-port.yml", &["K8S029", "K8S032"]),
    ("writable-host-mount.yml", &["K8S034"]),
];

fn checks_dir() -> Option<PathBuf> {
    let p = common::root().join("../shared/corpus/stackrox__kube-linter/tests/checks");
    p.is_dir().then_some(p)
}

#[test]
fn kube_linter_fixtures_fire_and_dont_fire() {
    let Some(dir) = checks_dir() else {
        eprintln!("kube-linter fixtures not present: skipping");
        return;
    };
    let mut failures = Vec::new();
    for (name, codes) in CASES {
        let path = dir.join(name);
        let text = std::fs::read_to_string(&path).expect("read fixture");
        let file = SourceFile::new(name.to_string(), text.clone());
        let y = yaml::parse(&text);
        // (first line, last line, object name) of every object
        let objects: Vec<(u32, u32, String)> = k8s::objects(&y)
            .iter()
            .map(|o| {
                let loc = file.loc(o.node.span);
                (
                    loc.start.line,
                    loc.end.line,
                    o.name().unwrap_or_default().to_string(),
                )
            })
            .collect();
        let select: Vec<String> = codes.iter().map(|c| c.to_string()).collect();
        let report = common::lint(std::slice::from_ref(&path), &select);
        let diags: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| codes.contains(&d.rule.code))
            .collect();
        if diags.is_empty() {
            failures.push(format!("{name}: no finding of {codes:?}"));
        }
        for d in diags {
            let line = d.loc.map_or(0, |l| l.start.line);
            let object = objects
                .iter()
                .find(|(a, b, _)| *a <= line && line <= *b)
                .map_or("", |(_, _, n)| n.as_str());
            if object.starts_with("dont-fire") || d.message.contains("\"dont-fire") {
                failures.push(format!(
                    "{name}:{line}: {} fired in `{object}`: {}",
                    d.rule.code, d.message
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
