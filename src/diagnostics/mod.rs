//! The one diagnostic type every rule, the engine and every output format share.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::rules::meta::RuleMeta;
use crate::source::{Loc, Span};

pub mod mask;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A secondary location: "defined here", "the workload that runs this image".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// `None` means the diagnostic's own file.
    pub path: Option<String>,
    pub loc: Loc,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub rule: &'static RuleMeta,
    pub severity: Severity,
    pub message: String,
    /// Most helps are static text: borrowed, not copied, for every finding.
    pub help: Option<std::borrow::Cow<'static, str>>,
    /// Path relative to the working directory, `/`-separated; for repository-level
    /// findings, the checked directory.
    pub path: String,
    /// `None` for repository-level findings.
    pub loc: Option<Loc>,
    pub labels: Vec<Label>,
    /// The bytes of secret values this finding is about or shows (in the diagnostic's
    /// own file): every output masks them, and the message never contains them.
    pub secrets: Vec<Span>,
}

impl Diagnostic {
    pub fn new(rule: &'static RuleMeta, path: String, loc: Option<Loc>, message: String) -> Self {
        Diagnostic {
            rule,
            severity: rule.severity,
            message,
            help: None,
            path,
            loc,
            labels: Vec::new(),
            secrets: Vec::new(),
        }
    }

    /// Mark `span` of the file as a secret value: outputs never show it.
    pub fn secret(&mut self, span: Span) -> &mut Self {
        self.secrets.push(span);
        self
    }

    pub fn help(&mut self, help: impl Into<std::borrow::Cow<'static, str>>) -> &mut Self {
        self.help = Some(help.into());
        self
    }

    pub fn label_at(
        &mut self,
        path: Option<String>,
        loc: Loc,
        message: impl Into<String>,
    ) -> &mut Self {
        self.labels.push(Label {
            path,
            loc,
            message: message.into(),
        });
        self
    }

    /// The help to show: the rule's specific help, or the rule's default help.
    pub fn help_text(&self) -> &str {
        self.help.as_deref().unwrap_or(self.rule.help)
    }

    /// Deterministic order: path, line, column, code, message.
    pub fn sort_key(&self) -> (&str, u32, u32, &str, &str) {
        let (l, c) = self.loc.map_or((0, 0), |l| (l.start.line, l.start.column));
        (&self.path, l, c, self.rule.code, &self.message)
    }
}

/// Sort by [`Diagnostic::sort_key`]: the order of `slice::sort_by` with that key (a
/// stable sort). Paths are ranked once a run of equal paths (a file's findings are
/// mostly together), findings are bucketed by that rank and only the (small) buckets
/// are sorted, by position and code; only findings equal up to the code are then
/// ordered by message. The findings move once, at the end.
pub fn sort(ds: &mut [Diagnostic]) {
    let n = ds.len();
    let Ok(n32) = u32::try_from(n) else {
        ds.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        return;
    };
    let mut ranks: Vec<u32> = Vec::with_capacity(n);
    let buckets = {
        let mut distinct: Vec<&str> = Vec::new();
        for (i, d) in ds.iter().enumerate() {
            if i == 0 || ds[i - 1].path != d.path {
                distinct.push(&d.path);
            }
        }
        distinct.sort_unstable();
        distinct.dedup();
        let mut run: Option<(&str, u32)> = None;
        for d in ds.iter() {
            let rank = match run {
                Some((path, rank)) if path == d.path => rank,
                _ => {
                    // every path is in `distinct`, which has at most `n` (a `u32`) entries
                    let rank = distinct.binary_search(&d.path.as_str()).unwrap_or(0) as u32;
                    run = Some((&d.path, rank));
                    rank
                }
            };
            ranks.push(rank);
        }
        distinct.len()
    };
    // stable bucketing by rank: `order[start[r]..start[r + 1]]` holds rank `r`'s indices
    let mut start = vec![0u32; buckets + 1];
    for &r in &ranks {
        start[r as usize + 1] += 1;
    }
    for r in 0..buckets {
        start[r + 1] += start[r];
    }
    let mut order = vec![0u32; n];
    let mut fill = start.clone();
    for (i, &r) in (0..n32).zip(&ranks) {
        order[fill[r as usize] as usize] = i;
        fill[r as usize] += 1;
    }
    let pos = |i: u32| {
        let d = &ds[i as usize];
        let (l, c) = d.loc.map_or((0, 0), |l| (l.start.line, l.start.column));
        (l, c, d.rule.code)
    };
    for w in start.windows(2) {
        let bucket = &mut order[w[0] as usize..w[1] as usize];
        if bucket.len() > 1 {
            bucket.sort_unstable_by(|&a, &b| pos(a).cmp(&pos(b)).then(a.cmp(&b)));
        }
    }
    // equal start (as an `Option`), code and path: by message, stably
    let tied = |a: u32, b: u32| {
        let (a, b) = (&ds[a as usize], &ds[b as usize]);
        a.loc.map(|l| l.start) == b.loc.map(|l| l.start) && a.rule.code == b.rule.code
    };
    let mut i = 0;
    while i < n {
        let mut j = i + 1;
        while j < n
            && ranks[order[j] as usize] == ranks[order[i] as usize]
            && tied(order[i], order[j])
        {
            j += 1;
        }
        if j - i > 1 {
            order[i..j].sort_by(|&a, &b| ds[a as usize].message.cmp(&ds[b as usize].message));
        }
        i = j;
    }
    // move each finding to its place, following the permutation's cycles
    for i in 0..n {
        let mut from = order[i] as usize;
        while from < i {
            from = order[from] as usize;
        }
        order[i] = from as u32;
        if from != i {
            ds.swap(i, from);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{LineCol, Loc, Span};

    fn meta(code: &str) -> &'static RuleMeta {
        crate::rules::find_rule(code)
            .map(|(_, e)| &e.meta)
            .unwrap_or_else(|| panic!("no rule {code}"))
    }

    /// `sort` orders `ds` as a stable sort by the full key does (helps tell equal
    /// findings apart).
    fn sorts_like_a_stable_sort(ds: &mut [Diagnostic]) {
        let mut expected = ds.to_vec();
        expected.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        sort(ds);
        let view = |v: &[Diagnostic]| -> Vec<(String, String, Option<String>)> {
            v.iter()
                .map(|d| {
                    (
                        d.path.clone(),
                        d.message.clone(),
                        d.help.as_deref().map(str::to_owned),
                    )
                })
                .collect()
        };
        assert_eq!(view(ds), view(&expected));
    }

    #[test]
    fn sort_orders_by_the_full_key() {
        let at = |line: u32, column: u32| {
            Some(Loc {
                start: LineCol { line, column },
                end: LineCol { line, column },
                span: Span { start: 0, end: 0 },
            })
        };
        let mut ds = Vec::new();
        for (path, loc, code, msg) in [
            ("k8s/b.yaml", at(3, 1), "K8S001", "b"),
            ("k8s/a.yaml", at(3, 1), "K8S001", "z"),
            ("k8s/a.yaml", None, "K8S001", "repo"),
            ("k8s/a.yaml", at(3, 1), "K8S001", "a"),
            ("k8s/a.yaml", at(2, 9), "K8S002", "x"),
            ("k8s/a.yaml", at(3, 1), "K8S001", "a"),
            ("k8s/a.yamm", at(1, 1), "K8S001", "y"),
            ("k8s", None, "K8S002", "dir"),
        ] {
            ds.push(Diagnostic::new(meta(code), path.into(), loc, msg.into()));
        }
        // tell the two equal findings apart: a stable sort keeps their order
        ds[3].help("first");
        sorts_like_a_stable_sort(&mut ds);
        assert_eq!(ds[0].path, "k8s");
        assert_eq!(ds[3].help.as_deref(), Some("first"));
    }

    #[test]
    fn sort_matches_a_stable_sort_on_many_findings() {
        let codes = ["K8S001", "K8S002", "DF001", "K8S010"];
        let mut ds = Vec::new();
        // a fixed pseudo-random sequence: paths in runs and scattered, equal positions,
        // codes and messages, findings without a location
        let mut x: u32 = 12345;
        for i in 0..400 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let path = format!("dir/f{}.yaml", (x >> 8) % 7 + u32::from(i % 50 < 25) * 10);
            let code = codes[(x >> 4) as usize % codes.len()];
            let loc = ((x >> 12) % 5 != 0).then(|| {
                let at = LineCol {
                    line: (x >> 14) % 4 + 1,
                    column: (x >> 18) % 2 + 1,
                };
                Loc {
                    start: at,
                    end: at,
                    span: Span { start: 0, end: 0 },
                }
            });
            let mut d = Diagnostic::new(meta(code), path, loc, format!("m{}", (x >> 20) % 3));
            d.help(format!("{i}"));
            ds.push(d);
        }
        sorts_like_a_stable_sort(&mut ds);
    }
}
