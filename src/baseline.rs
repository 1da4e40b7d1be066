//! Baselines: adopt shipgate on an existing repository by recording today's findings
//! and reporting only new ones. A finding's fingerprint is its code, path and the
//! whitespace-normalised text of its line (with an occurrence number for identical
//! lines) — stable when lines above it are added or removed, which a neighbourhood of
//! adjacent lines is not (inserting a line next to a finding would change it).

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostic;
use crate::engine::Report;

/// FNV-1a, 64 bits: stable across platforms and releases (unlike std's hasher).
pub fn fnv1a(parts: &[&str]) -> u64 {
    let mut h = Fnv::new();
    for p in parts {
        h.part(p.as_bytes());
    }
    h.0
}

/// FNV-1a fed piece by piece; a part of [`fnv1a`] is its bytes then a 0.
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn part(&mut self, bytes: &[u8]) {
        self.bytes(bytes);
        self.bytes(&[0]);
    }
}

/// The finding's line and the text of its span.
fn line_and_span<'r>(report: &'r Report, d: &Diagnostic) -> Option<(&'r str, &'r str)> {
    let loc = d.loc?;
    let src = report.sources.get(&d.path)?;
    let line0 = (loc.start.line as usize).checked_sub(1)?;
    let start = src.index.line_start(line0)?;
    let end = src.index.line_start(line0 + 1).unwrap_or(src.text.len());
    Some((src.text.get(start..end).unwrap_or(""), src.slice(loc.span)))
}

/// `fnv1a([code, path, context])`, the context being the whitespace-normalised text of
/// the finding's line, a newline and the text of its span (the message when the
/// source is not at hand), hashed without being built.
fn fingerprint_hash(report: &Report, d: &Diagnostic) -> u64 {
    let mut h = Fnv::new();
    h.part(d.rule.code.as_bytes());
    h.part(d.path.as_bytes());
    match line_and_span(report, d) {
        Some((line, span)) => {
            for (i, word) in line.split_whitespace().enumerate() {
                if i > 0 {
                    h.bytes(b" ");
                }
                h.bytes(word.as_bytes());
            }
            h.bytes(b"\n");
            h.part(span.as_bytes());
        }
        None => h.part(d.message.as_bytes()),
    }
    h.0
}

/// Fingerprints of every finding, in report order; equal findings get `:1`, `:2`, ….
pub fn fingerprints(report: &Report) -> Vec<String> {
    let mut seen: rustc_hash::FxHashMap<u64, u32> = rustc_hash::FxHashMap::default();
    report
        .diagnostics
        .iter()
        .map(|d| {
            let h = fingerprint_hash(report, d);
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
