//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning.

use serde_json::{json, Map, Value};

use crate::config::Config;
use crate::diagnostics::Severity;
use crate::engine::Report;
use crate::rules::registry;

pub const INFORMATION_URI: &str = "https://github.com/shipgate/shipgate";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

pub fn render(report: &Report, config: &Config) -> String {
    let mut rules: Vec<Value> = registry()
        .iter()
        .enumerate()
        .filter(|(i, r)| config.runs(*i) || r.imp.is_none())
        .map(|(i, r)| {
            let m = &r.meta;
            let mut tags = vec![m.pack.as_str().to_string(), format!("gate:{}", m.gate)];
            if m.pack.as_str() == "secrets" || matches!(m.gate.as_str(), "G2" | "G9" | "G10") {
                tags.push("security".into());
            }
            json!({
                "id": m.code,
                "name": m.name,
                "shortDescription": {"text": m.summary},
                "fullDescription": {"text": format!("{} ({} — {})", m.summary, m.gate, m.gate.title())},
                "help": {"text": m.doc_body(), "markdown": m.doc_body()},
                "helpUri": m.url,
                "defaultConfiguration": {"level": level(config.severity(i)), "enabled": config.is_enabled(i)},
                "properties": {"gate": m.gate.as_str(), "pack": m.pack.as_str(), "tags": tags, "aliases": m.aliases},
            })
        })
        .collect();
    // organisation policies of shipgate.toml
    rules.extend(config.policies.iter().map(|p| {
        let m = p.meta;
        json!({
            "id": m.code,
            "name": m.name,
            "shortDescription": {"text": m.summary},
            "fullDescription": {"text": format!("{} ({} — {})", m.summary, m.gate, m.gate.title())},
            "help": {"text": m.help},
            "helpUri": m.url,
            "defaultConfiguration": {"level": level(m.severity), "enabled": true},
            "properties": {"gate": m.gate.as_str(), "pack": "policy", "tags": ["policy", format!("gate:{}", m.gate)], "aliases": []},
        })
    }));
    let index_of = |code: &str| rules.iter().position(|r| r["id"] == code);
    let fingerprints = crate::baseline::fingerprints(report);
    let results: Vec<Value> = report
        .diagnostics
        .iter()
        .zip(&fingerprints)
        .map(|(d, fingerprint)| {
            let mut physical = Map::new();
            // repository-level findings point at the directory (`dir/`)
            let uri = if d.loc.is_none() && !d.path.ends_with('/') {
                format!("{}/", d.path)
            } else {
                d.path.clone()
            };
            let uri = uri.strip_prefix("./").unwrap_or(&uri).to_string();
            physical.insert("artifactLocation".into(), json!({"uri": uri, "uriBaseId": "%SRCROOT%"}));
            if let Some(l) = d.loc {
                let end_col = if l.end.line == l.start.line && l.end.column <= l.start.column {
                    l.start.column + 1
                } else {
                    l.end.column
                };
                physical.insert(
                    "region".into(),
                    json!({"startLine": l.start.line, "startColumn": l.start.column,
                           "endLine": l.end.line.max(l.start.line), "endColumn": end_col}),
                );
            }
            let mut result = json!({
                "ruleId": d.rule.code,
                "level": level(d.severity),
                "message": {"text": format!("{} (help: {})", d.message, d.help_text())},
                "locations": [{"physicalLocation": Value::Object(physical)}],
                "partialFingerprints": {"primaryLocationLineHash": fingerprint},
                "properties": {"gate": d.rule.gate.as_str(), "name": d.rule.name},
            });
            if let Some(i) = index_of(d.rule.code) {
                result["ruleIndex"] = json!(i);
            }
            if !d.labels.is_empty() {
                let related: Vec<Value> = d
                    .labels
                    .iter()
                    .enumerate()
                    .map(|(i, l)| {
                        json!({"id": i, "message": {"text": l.message},
                               "physicalLocation": {
                                   "artifactLocation": {"uri": l.path.as_deref().unwrap_or(&d.path), "uriBaseId": "%SRCROOT%"},
                                   "region": {"startLine": l.loc.start.line, "startColumn": l.loc.start.column,
                                              "endLine": l.loc.end.line, "endColumn": l.loc.end.column.max(l.loc.start.column + u32::from(l.loc.end.line == l.loc.start.line))}}})
                    })
                    .collect();
                result["relatedLocations"] = Value::Array(related);
            }
            result
        })
        .collect();
    let mut log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "shipgate",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": INFORMATION_URI,
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    if let Some(v) = &report.verdict {
        // the verdict rides in the run's property bag (SARIF 2.1.0 §3.8)
        log["runs"][0]["properties"] = json!({ "verdict": v });
    }
    let mut s = serde_json::to_string_pretty(&log).unwrap_or_default();
    s.push('\n');
    s
}
