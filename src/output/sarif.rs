//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning, written directly (keys in
//! the order serde_json gives a `Value`'s, as earlier releases printed it).

use rustc_hash::FxHashMap;

use super::json;
use crate::config::Config;
use crate::diagnostics::Diagnostic;
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

/// One `reportingDescriptor` of the run's rules.
struct Rule<'a> {
    id: &'a str,
    name: &'a str,
    summary: &'a str,
    full: String,
    help: &'a str,
    /// The rule's doc, as `help.markdown` (policies have none).
    markdown: Option<&'a str>,
    help_uri: &'a str,
    level: &'static str,
    enabled: bool,
    gate: &'a str,
    pack: &'a str,
    tags: Vec<String>,
    aliases: &'a [&'a str],
}

pub fn render(report: &Report, config: &Config, jobs: usize) -> String {
    super::Stream::text_of(|out| write(report, config, jobs, out))
}

/// [`render`], into `out`.
pub(crate) fn write(report: &Report, config: &Config, jobs: usize, out: &mut super::Stream<'_>) {
    let mut rules: Vec<Rule<'_>> = registry()
        .iter()
        .enumerate()
        .filter(|(i, r)| config.runs(*i) || r.imp.is_none())
        .map(|(i, r)| {
            let m = &r.meta;
            let mut tags = vec![m.pack.as_str().to_string(), format!("gate:{}", m.gate)];
            if m.pack.as_str() == "secrets" || matches!(m.gate.as_str(), "G2" | "G9" | "G10") {
                tags.push("security".into());
            }
            Rule {
                id: m.code,
                name: m.name,
                summary: m.summary,
                full: format!("{} ({} — {})", m.summary, m.gate, m.gate.title()),
                help: m.doc_body(),
                markdown: Some(m.doc_body()),
                help_uri: m.url,
                level: level(config.severity(i)),
                enabled: config.is_enabled(i),
                gate: m.gate.as_str(),
                pack: m.pack.as_str(),
                tags,
                aliases: m.aliases,
            }
        })
        .collect();
    // organisation policies of shipgate.toml
    rules.extend(config.policies.iter().map(|p| {
        let m = p.meta;
        Rule {
            id: m.code,
            name: m.name,
            summary: m.summary,
            full: format!("{} ({} — {})", m.summary, m.gate, m.gate.title()),
            help: m.help,
            markdown: None,
            help_uri: m.url,
            level: level(m.severity),
            enabled: true,
            gate: m.gate.as_str(),
            pack: "policy",
            tags: vec!["policy".into(), format!("gate:{}", m.gate)],
            aliases: &[],
        }
    }));
    // the rules' positions, by code (the first of a code, as a search would find it)
    let mut index_of: FxHashMap<&str, usize> = FxHashMap::default();
    for (i, r) in rules.iter().enumerate() {
        index_of.entry(r.id).or_insert(i);
    }
    let fingerprints = crate::baseline::fingerprints(report);
    // written as serde_json pretty-prints the log (keys in order), without building it
    out.buf.push_str("{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"runs\": [\n    {\n      \"columnKind\": \"unicodeCodePoints\",");
    if let Some(v) = &report.verdict {
        // the verdict rides in the run's property bag (SARIF 2.1.0 §3.8)
        out.buf.push_str("\n      \"properties\": ");
        let _ = json::nested_at(
            &mut out.buf,
            &serde_json::json!({ "verdict": v }),
            "\n      ",
        );
        out.buf.push(',');
    }
    out.buf.push_str("\n      \"results\": [");
    let findings: Vec<(&Diagnostic, &String)> =
        report.diagnostics.iter().zip(&fingerprints).collect();
    super::render_in_pieces(out, &findings, jobs, ",", |o, piece| {
        o.reserve(1024 * piece.len());
        for (i, &(d, fingerprint)) in piece.iter().enumerate() {
            if i > 0 {
                o.push(',');
            }
            result(o, d, fingerprint, &index_of);
        }
    });
    out.buf.push_str(if report.diagnostics.is_empty() {
        "],"
    } else {
        "\n      ],"
    });
    out.buf
        .push_str("\n      \"tool\": {\n        \"driver\": {\n          \"informationUri\": ");
    json::string(&mut out.buf, INFORMATION_URI);
    out.buf
        .push_str(",\n          \"name\": \"shipgate\",\n          \"rules\": ");
    write_rules(&mut out.buf, &rules);
    out.buf.push_str(",\n          \"semanticVersion\": ");
    json::string(&mut out.buf, env!("CARGO_PKG_VERSION"));
    out.buf.push_str(",\n          \"version\": ");
    json::string(&mut out.buf, env!("CARGO_PKG_VERSION"));
    out.buf
        .push_str("\n        }\n      }\n    }\n  ],\n  \"version\": \"2.1.0\"\n}\n");
}

/// A `physicalLocation` object whose keys are indented by 16 spaces (in a result's
/// `locations` and `relatedLocations` alike); `region`: end column, end line, start
/// column, start line (the keys' order).
fn physical_location(o: &mut String, uri: &str, region: Option<[u32; 4]>) {
    o.push_str("{\n                \"artifactLocation\": {\n                  \"uri\": ");
    json::string(o, uri);
    o.push_str(",\n                  \"uriBaseId\": \"%SRCROOT%\"\n                }");
    if let Some(r) = region {
        const KEYS: [&str; 4] = ["endColumn", "endLine", "startColumn", "startLine"];
        o.push_str(",\n                \"region\": {");
        for (i, (key, n)) in KEYS.iter().zip(r).enumerate() {
            o.push_str(if i == 0 { "\n" } else { ",\n" });
            o.push_str("                  \"");
            o.push_str(key);
            o.push_str("\": ");
            json::number(o, n as usize);
        }
        o.push_str("\n                }");
    }
    o.push_str("\n              }");
}

/// One result (from its `{` at depth 4), keys as serde_json orders them.
fn result(o: &mut String, d: &Diagnostic, fingerprint: &str, index_of: &FxHashMap<&str, usize>) {
    o.push_str("\n        {");
    o.push_str("\n          \"level\": ");
    json::string(o, level(d.severity));
    o.push_str(
        ",\n          \"locations\": [\n            {\n              \"physicalLocation\": ",
    );
    // repository-level findings point at the directory (`dir/`)
    let dir;
    let uri = if d.loc.is_none() && !d.path.ends_with('/') {
        dir = format!("{}/", d.path);
        dir.as_str()
    } else {
        d.path.as_str()
    };
    let region = d.loc.map(|l| {
        let end_col = if l.end.line == l.start.line && l.end.column <= l.start.column {
            l.start.column + 1
        } else {
            l.end.column
        };
        [
            end_col,
            l.end.line.max(l.start.line),
            l.start.column,
            l.start.line,
        ]
    });
    physical_location(o, uri.strip_prefix("./").unwrap_or(uri), region);
    o.push_str("\n            }\n          ],\n          \"message\": {\n            \"text\": ");
    json::string_of(o, &[&d.message, " (help: ", d.help_text(), ")"]);
    o.push_str("\n          },\n          \"partialFingerprints\": {\n            \"primaryLocationLineHash\": ");
    json::string(o, fingerprint);
    o.push_str("\n          },\n          \"properties\": {\n            \"gate\": ");
    json::string(o, d.rule.gate.as_str());
    o.push_str(",\n            \"name\": ");
    json::string(o, d.rule.name);
    o.push_str("\n          }");
    if !d.labels.is_empty() {
        o.push_str(",\n          \"relatedLocations\": [");
        for (i, l) in d.labels.iter().enumerate() {
            o.push_str(if i == 0 {
                "\n            {"
            } else {
                ",\n            {"
            });
            o.push_str("\n              \"id\": ");
            json::number(o, i);
            o.push_str(",\n              \"message\": {\n                \"text\": ");
            json::string(o, &l.message);
            o.push_str("\n              },\n              \"physicalLocation\": ");
            let end_col = l
                .loc
                .end
                .column
                .max(l.loc.start.column + u32::from(l.loc.end.line == l.loc.start.line));
            let region = [
                end_col,
                l.loc.end.line,
                l.loc.start.column,
                l.loc.start.line,
            ];
            physical_location(o, l.path.as_deref().unwrap_or(&d.path), Some(region));
            o.push_str("\n            }");
        }
        o.push_str("\n          ]");
    }
    o.push_str(",\n          \"ruleId\": ");
    json::string(o, d.rule.code);
    if let Some(&i) = index_of.get(d.rule.code) {
        o.push_str(",\n          \"ruleIndex\": ");
        json::number(o, i);
    }
    o.push_str("\n        }");
}

/// The `rules` array (from its `[`, the rules' keys indented by 14 spaces), keys in
/// serde_json's order.
fn write_rules(o: &mut String, rules: &[Rule<'_>]) {
    if rules.is_empty() {
        o.push_str("[]");
        return;
    }
    o.push('[');
    for (i, r) in rules.iter().enumerate() {
        o.push_str(if i == 0 { "\n" } else { ",\n" });
        o.push_str("            {\n              \"defaultConfiguration\": {\n                \"enabled\": ");
        o.push_str(if r.enabled { "true" } else { "false" });
        o.push_str(",\n                \"level\": ");
        json::string(o, r.level);
        o.push_str(
            "\n              },\n              \"fullDescription\": {\n                \"text\": ",
        );
        json::string(o, &r.full);
        o.push_str("\n              },\n              \"help\": {");
        if let Some(md) = r.markdown {
            o.push_str("\n                \"markdown\": ");
            json::string(o, md);
            o.push(',');
        }
        o.push_str("\n                \"text\": ");
        json::string(o, r.help);
        o.push_str("\n              },\n              \"helpUri\": ");
        json::string(o, r.help_uri);
        o.push_str(",\n              \"id\": ");
        json::string(o, r.id);
        o.push_str(",\n              \"name\": ");
        json::string(o, r.name);
        o.push_str(",\n              \"properties\": {\n                \"aliases\": ");
        strings(o, r.aliases.iter().copied());
        o.push_str(",\n                \"gate\": ");
        json::string(o, r.gate);
        o.push_str(",\n                \"pack\": ");
        json::string(o, r.pack);
        o.push_str(",\n                \"tags\": ");
        strings(o, r.tags.iter().map(String::as_str));
        o.push_str(
            "\n              },\n              \"shortDescription\": {\n                \"text\": ",
        );
        json::string(o, r.summary);
        o.push_str("\n              }\n            }");
    }
    o.push_str("\n          ]");
}

/// An array of strings that is a property of a rule's `properties` (its items indented
/// by 18 spaces).
fn strings<'s>(o: &mut String, items: impl Iterator<Item = &'s str>) {
    let mut any = false;
    for (i, s) in items.enumerate() {
        o.push_str(if i == 0 { "[\n" } else { ",\n" });
        o.push_str("                  ");
        json::string(o, s);
        any = true;
    }
    o.push_str(if any { "\n                ]" } else { "[]" });
}
