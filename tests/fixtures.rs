//! Every rule's pass and fail fixtures, linted with only that rule enabled.
//!
//! * `pass*` fixtures must produce no finding of the rule;
//! * `fail*` fixtures must produce at least one, and their human output is snapshotted;
//! * every rule has both, every fixture folder names a rule, and messages follow the
//!   style: lowercase start, no trailing period.

mod common;

use std::path::PathBuf;

use shipgate::rules::registry;
use shipgate::syntax::k8s_schema;

struct Fixture {
    pack: String,
    rule: String,
    name: String,
    path: PathBuf,
}

fn fixtures() -> Vec<Fixture> {
    let mut out = Vec::new();
    let base = common::root().join("fixtures");
    let mut packs: Vec<_> = std::fs::read_dir(&base)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    packs.sort();
    for pack in packs
        .into_iter()
        .filter(|p| p.is_dir() && !p.ends_with("projects"))
    {
        let mut rules: Vec<_> = std::fs::read_dir(&pack)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        rules.sort();
        for rule in rules.into_iter().filter(|p| p.is_dir()) {
            let mut entries: Vec<_> = std::fs::read_dir(&rule)
                .unwrap()
                .flatten()
                .map(|e| e.path())
                .collect();
            entries.sort();
            for e in entries {
                let name = e.file_name().unwrap().to_string_lossy().to_string();
                out.push(Fixture {
                    pack: pack.file_name().unwrap().to_string_lossy().to_string(),
                    rule: rule.file_name().unwrap().to_string_lossy().to_string(),
                    name,
                    path: e,
                });
            }
        }
    }
    out
}

#[test]
fn every_rule_has_pass_and_fail_fixtures_and_every_fixture_a_rule() {
    let all = fixtures();
    for r in registry() {
        if r.imp.is_none() {
            continue; // emitted by the engine; fixtures are optional
        }
        let pack = r.meta.pack.as_str();
        let has = |prefix: &str| {
            all.iter()
                .any(|f| f.pack == pack && f.rule == r.meta.name && f.name.starts_with(prefix))
        };
        assert!(
            has("pass"),
            "{} ({}) has no fixtures/{pack}/{}/pass*",
            r.meta.code,
            r.meta.name,
            r.meta.name
        );
        assert!(
            has("fail"),
            "{} ({}) has no fixtures/{pack}/{}/fail*",
            r.meta.code,
            r.meta.name,
            r.meta.name
        );
    }
    for f in &all {
        let rule = registry().iter().find(|r| r.meta.name == f.rule);
        let rule = rule
            .unwrap_or_else(|| panic!("fixtures/{}/{}: no rule named {}", f.pack, f.rule, f.rule));
        assert_eq!(
            rule.meta.pack.as_str(),
            f.pack,
            "fixtures/{}/{} is in the wrong pack",
            f.pack,
            f.rule
        );
        assert!(
            f.name.starts_with("pass") || f.name.starts_with("fail"),
            "fixtures/{}/{}/{}: fixture names start with pass or fail",
            f.pack,
            f.rule,
            f.name
        );
    }
}

#[test]
fn fixtures_pass_and_fail() {
    let mut failures = Vec::new();
    for f in fixtures() {
        let rule = registry()
            .iter()
            .find(|r| r.meta.name == f.rule)
            .expect("checked by the meta test");
        if !k8s_schema::ENABLED && k8s_schema::RULES.contains(&rule.meta.name) {
            continue; // built without the `schema` feature: the rule reports nothing
        }
        let mut select = vec![rule.meta.code.to_string()];
        select.extend(
            common::suppressed_codes(&f.path)
                .into_iter()
                .filter(|c| shipgate::rules::find_rule(c).is_some()),
        );
        // a fixture directory may carry the configuration it needs (rule options)
        let mut report = match std::fs::read_to_string(f.path.join("shipgate.toml")) {
            Ok(toml) => common::lint_with_toml(std::slice::from_ref(&f.path), &toml, &select),
            Err(_) => common::lint(std::slice::from_ref(&f.path), &select),
        };
        report.diagnostics.retain(|d| d.rule.code == rule.meta.code);
        let n = report.diagnostics.len();
        for d in &report.diagnostics {
            let first = d.message.chars().next().unwrap_or(' ');
            if first.is_uppercase() || d.message.ends_with('.') {
                failures.push(format!(
                    "{}: message style: {:?}",
                    f.path.display(),
                    d.message
                ));
            }
            if d.loc.is_some_and(|l| l.span.is_empty()) {
                failures.push(format!(
                    "{}: zero-width span for {:?}",
                    f.path.display(),
                    d.message
                ));
            }
        }
        if f.name.starts_with("pass") {
            if n != 0 {
                failures.push(format!(
                    "{}: expected no {} finding, got:\n{}",
                    f.path.display(),
                    rule.meta.code,
                    common::concise(&report)
                ));
            }
        } else {
            if n == 0 {
                failures.push(format!(
                    "{}: expected {} findings, got none",
                    f.path.display(),
                    rule.meta.code
                ));
                continue;
            }
            let snap = format!("{}__{}__{}", f.pack, f.rule, f.name.replace('.', "_"));
            insta::assert_snapshot!(snap, common::human(&report));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
