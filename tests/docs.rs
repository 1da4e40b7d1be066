//! Docs are code: the titled examples in `rules/*.md` are linted. Each "Example" must
//! produce a finding of its rule, each "Use instead" none.

mod common;

use shipgate::rules::registry;
use shipgate::syntax::k8s_schema;

/// (section, title, code) of every fenced block with `title="…"`.
fn titled_blocks(doc: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut section = String::new();
    let mut lines = doc.lines();
    while let Some(line) = lines.next() {
        if let Some(h) = line.strip_prefix("## ") {
            section = h.trim().to_string();
            continue;
        }
        // the closing fence has as many backticks as the opening one (Markdown examples
        // use ```` to hold ``` blocks)
        let ticks = line.len() - line.trim_start_matches('`').len();
        if ticks < 3 {
            continue;
        }
        let fence = &line[..ticks];
        let info = &line[ticks..];
        let closes =
            |l: &str| l.starts_with(fence) && l.trim_end().trim_start_matches('`').is_empty();
        let Some(t) = info.find("title=\"") else {
            // skip untitled blocks
            for l in lines.by_ref() {
                if closes(l) {
                    break;
                }
            }
            continue;
        };
        let title = info[t + 7..].trim_end_matches('"').to_string();
        let mut code = String::new();
        for l in lines.by_ref() {
            if closes(l) {
                break;
            }
            code.push_str(l);
            code.push('\n');
        }
        out.push((section.clone(), title, code));
    }
    out
}

#[test]
fn rule_doc_examples_behave_as_documented() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for r in registry() {
        if !k8s_schema::ENABLED && k8s_schema::RULES.contains(&r.meta.name) {
            continue; // built without the `schema` feature: the rule reports nothing
        }
        // the titled blocks of one section are the files of one example repository
        let mut sections: Vec<(String, Vec<(String, String)>)> = Vec::new();
        let blocks = titled_blocks(r.meta.doc);
        // a block titled `shipgate.toml` in another section (e.g. "## Options")
        // configures every example that has none of its own
        let shared_toml = blocks
            .iter()
            .find(|(_, t, _)| t == "shipgate.toml")
            .map(|(_, _, c)| c.clone());
        for (section, title, code) in blocks {
            match sections.iter_mut().find(|(s, _)| *s == section) {
                Some((_, files)) => files.push((title, code)),
                None => sections.push((section, vec![(title, code)])),
            }
        }
        for (i, (section, files)) in sections.into_iter().enumerate() {
            let expect_finding = match section.as_str() {
                "Example" => true,
                "Use instead" => false,
                _ => continue,
            };
            let dir = std::env::temp_dir().join(format!(
                "shipgate-doc-{}-{}-{i}",
                std::process::id(),
                r.meta.code
            ));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            for (title, code) in files {
                let path = dir.join(&title);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, code).unwrap();
            }
            if let Some(t) = &shared_toml {
                let own = dir.join("shipgate.toml");
                if !own.exists() {
                    std::fs::write(own, t).unwrap();
                }
            }
            let report = common::lint(std::slice::from_ref(&dir), &[r.meta.code.to_string()]);
            let n = report
                .diagnostics
                .iter()
                .filter(|d| d.rule.code == r.meta.code)
                .count();
            checked += 1;
            if expect_finding && n == 0 {
                failures.push(format!(
                    "{} {}: the Example produced no finding",
                    r.meta.code, r.meta.name
                ));
            }
            if !expect_finding && n > 0 {
                failures.push(format!(
                    "{} {}: the 'Use instead' block produced:\n{}",
                    r.meta.code,
                    r.meta.name,
                    common::concise(&report)
                ));
            }
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
    assert!(checked > 20, "only {checked} doc examples found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_doc_has_the_sections() {
    for r in registry() {
        let body = r.meta.doc_body();
        for s in ["## What it does", "## Why it matters", "## How to fix"] {
            assert!(
                body.contains(s),
                "rules/{}/{}.md lacks `{s}`",
                r.meta.pack,
                r.meta.name
            );
        }
        if r.imp.is_some() {
            for s in ["## Example", "## Use instead"] {
                assert!(
                    body.contains(s),
                    "rules/{}/{}.md lacks `{s}`",
                    r.meta.pack,
                    r.meta.name
                );
            }
        }
        assert!(!r.meta.summary.is_empty() && !r.meta.help.is_empty());
    }
}
