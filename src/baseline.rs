//! Baselines: adopt shipgate on an existing repository by recording today's findings
//! and reporting only new ones. A finding's fingerprint is its code, path and the
//! whitespace-normalised text of its line (with an occurrence number for identical
//! lines) — stable when lines above it are added or removed, which a neighbourhood of
//! adjacent lines is not (inserting a line next to a finding would change it).

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostic;
use crate::engine::Report;

/// FNV-1a, 64 bits: stable across platforms and releases (unlike std's hasher).
pub fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// Whitespace-normalised text of the finding's line and of its span.
pub fn line_content(report: &Report, d: &Diagnostic) -> Option<String> {
    let loc = d.loc?;
    let src = report.sources.get(&d.path)?;
    let line0 = (loc.start.line as usize).checked_sub(1)?;
    let start = src.index.line_start(line0)?;
    let end = src.index.line_start(line0 + 1).unwrap_or(src.text.len());
    let line = src.text.get(start..end).unwrap_or("");
    let mut out = line.split_whitespace().collect::<Vec<_>>().join(" ");
    out.push('\n');
    out.push_str(src.slice(loc.span));
    Some(out)
}

/// Fingerprints of every finding, in report order; equal findings get `:1`, `:2`, ….
pub fn fingerprints(report: &Report) -> Vec<String> {
    let mut seen: BTreeMap<u64, u32> = BTreeMap::new();
    report
        .diagnostics
        .iter()
        .map(|d| {
            let ctx = line_content(report, d).unwrap_or_else(|| d.message.clone());
            let h = fnv1a(&[d.rule.code, &d.path, &ctx]);
            let n = seen.entry(h).or_insert(0);
            *n += 1;
            format!("{h:016x}:{n}")
        })
        .collect()
}

#[derive(Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

#[derive(Serialize, Deserialize)]
pub struct Entry {
    pub fingerprint: String,
    pub code: String,
    pub path: String,
    pub message: String,
}

pub fn write(report: &Report, path: &Path) -> std::io::Result<usize> {
    let fps = fingerprints(report);
    let mut findings: Vec<Entry> = report
        .diagnostics
        .iter()
        .zip(fps)
        .map(|(d, fingerprint)| Entry {
            fingerprint,
            code: d.rule.code.to_string(),
            path: d.path.clone(),
            message: d.message.clone(),
        })
        .collect();
    findings.sort_by(|a, b| {
        (&a.path, &a.code, &a.fingerprint).cmp(&(&b.path, &b.code, &b.fingerprint))
    });
    let n = findings.len();
    let text = serde_json::to_string_pretty(&Baseline {
        version: 1,
        findings,
    })
    .map_err(std::io::Error::other)?;
    std::fs::write(path, text + "\n")?;
    Ok(n)
}

/// Drop findings recorded in the baseline. Returns (suppressed, baseline entries fixed).
pub fn apply(report: &mut Report, path: &Path) -> Result<(usize, usize), String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read baseline {}: {e}", path.display()))?;
    let base: Baseline = serde_json::from_str(&text)
        .map_err(|e| format!("invalid baseline {}: {e}", path.display()))?;
    let known: std::collections::HashSet<&str> = base
        .findings
        .iter()
        .map(|e| e.fingerprint.as_str())
        .collect();
    let fps = fingerprints(report);
    let before = report.diagnostics.len();
    let mut matched = std::collections::HashSet::new();
    let mut keep = fps.iter().map(|fp| {
        let hit = known.contains(fp.as_str());
        if hit {
            matched.insert(fp.clone());
        }
        !hit
    });
    report.diagnostics.retain(|_| keep.next().unwrap_or(true));
    let suppressed = before - report.diagnostics.len();
    let fixed = base.findings.len() - matched.len();
    Ok((suppressed, fixed))
}
