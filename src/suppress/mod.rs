//! Inline suppressions:
//!
//! * `# shipgate: ignore[CODE,...] reason` — on its own line, it covers the next
//!   instruction (Dockerfile) or the next line (YAML); at the end of a YAML line, it
//!   covers that line;
//! * `# shipgate: ignore-file[CODE,...] reason` — the whole file.
//!
//! A code may be a rule code, a rule name, or an alias (hadolint/checkov code).
//! Suppressions without a reason, naming no known rule, or suppressing nothing are
//! findings themselves.
//!
//! Kubernetes objects can also be suppressed by annotation (the whole object):
//! `shipgate.io/ignore: "CODE[,CODE]: reason"`, and the annotations of other tools for
//! the rules that declare their check names as aliases: kube-linter
//! `ignore-check.kube-linter.io/<check>: reason`, kube-score `kube-score/ignore: check,check`
//! and checkov `checkov.io/skip<N>: CKV_K8S_<n>=reason` (and its older `bridgecrew.io/skip<N>`
//! and `cortex.io/skip<N>` spellings, which checkov still reads). Other tools' annotations are
//! never reported as unknown, unused or reasonless: they may name checks shipgate lacks.

use crate::diagnostics::Diagnostic;
use crate::rules::find_rule;
use crate::source::{Loc, SourceFile, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Scope {
    /// Lines `start..=end` (1-based).
    Lines(u32, u32),
    File,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Suppression {
    pub codes: Vec<String>,
    pub scope: Scope,
    pub reason: Option<String>,
    /// The comment itself.
    pub loc: Loc,
    pub used: bool,
    /// Another tool's suppression (`# hadolint ignore=`, `#checkov:skip=`,
    /// `.hadolint.yaml`): matches rules by alias only and is never itself reported.
    #[serde(default)]
    pub foreign: bool,
}

impl Suppression {
    pub fn matches(&self, d: &Diagnostic) -> bool {
        let in_scope = match self.scope {
            Scope::File => true,
            Scope::Lines(a, b) => d
                .loc
                .is_some_and(|l| l.start.line >= a && l.start.line <= b),
        };
        if self.foreign {
            return in_scope
                && self
                    .codes
                    .iter()
                    .any(|c| d.rule.aliases.iter().any(|a| a.eq_ignore_ascii_case(c)));
        }
        in_scope
            && self.codes.iter().any(|c| {
                c.eq_ignore_ascii_case(d.rule.code)
                    || c == d.rule.name
                    || d.rule.aliases.iter().any(|a| a.eq_ignore_ascii_case(c))
            })
    }
}

/// Find the suppression comments of a file. `extent` maps the 1-based line a
/// suppression precedes to the last line of the construct starting there (for
/// Dockerfiles, multi-line instructions).
pub fn scan(
    file: &SourceFile,
    yaml_trailing: bool,
    extent: &dyn Fn(u32) -> u32,
) -> Vec<Suppression> {
    scan_with(file, "#", yaml_trailing, extent)
}

/// Suppressions in Markdown: `<!-- shipgate: ignore-file[CODE] reason -->`.
pub fn scan_markdown(file: &SourceFile) -> Vec<Suppression> {
    scan_with(file, "<!--", false, &|l| l)
}

fn scan_with(
    file: &SourceFile,
    opener: &str,
    yaml_trailing: bool,
    extent: &dyn Fn(u32) -> u32,
) -> Vec<Suppression> {
    const MARK: &str = "shipgate:";
    let text = &file.text;
    let mut out = Vec::new();
    // a SIMD search: every file is scanned, few hold a comment
    if memchr::memmem::find(text.as_bytes(), MARK.as_bytes()).is_none() {
        return out;
    }
    let mut offset = 0;
    let lines: Vec<&str> = text.split('\n').collect();
    let mut starts = Vec::with_capacity(lines.len());
    for l in &lines {
        starts.push(offset);
        offset += l.len() + 1;
    }
    for (i, line) in lines.iter().enumerate() {
        let Some(m) = line.find(MARK) else { continue };
        let Some(hash) = line[..m].rfind(opener) else {
            continue;
        };
        if !line[hash + opener.len()..m].trim().is_empty() {
            continue;
        }
        let before = line[..hash].trim();
        let full_line = before.is_empty();
        if !full_line && !yaml_trailing {
            continue;
        }
        let rest = line[m + MARK.len()..].trim_start();
        let (file_scope, rest) = if let Some(r) = rest.strip_prefix("ignore-file") {
            (true, r)
        } else if let Some(r) = rest.strip_prefix("ignore") {
            (false, r)
        } else {
            continue;
        };
        let Some(r) = rest.strip_prefix('[') else {
            continue;
        };
        let Some(close) = r.find(']') else { continue };
        let codes: Vec<String> = r[..close]
            .split(',')
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect();
        let mut reason = r[close + 1..].trim().trim_end_matches('\r').trim();
        if opener == "<!--" {
            reason = reason.trim_end_matches("-->").trim_end();
        }
        let reason = reason
            .strip_prefix("--")
            .or_else(|| reason.strip_prefix(':'))
            .unwrap_or(reason)
            .trim();
        let comment_span = Span::new(
            starts[i] + hash,
            starts[i] + line.trim_end_matches('\r').len(),
        );
        let line_no = (i + 1) as u32;
        let scope = if file_scope {
            Scope::File
        } else if full_line {
            // the next line that is neither blank nor a comment
            let target = lines
                .iter()
                .enumerate()
                .skip(i + 1)
                .find(|(_, l)| {
                    let t = l.trim();
                    !t.is_empty() && !t.starts_with(opener)
                })
                .map_or(line_no + 1, |(j, _)| (j + 1) as u32);
            Scope::Lines(target, extent(target).max(target))
        } else {
            Scope::Lines(line_no, line_no)
        };
        out.push(Suppression {
            codes,
            scope,
            reason: (!reason.is_empty()).then(|| reason.to_string()),
            loc: file.loc(comment_span),
            used: false,
            foreign: false,
        });
    }
    out
}

/// Whether one of `sups` (those of `d`'s file) matches `d`; each that does is marked
/// used.
pub fn suppressed(d: &Diagnostic, sups: &mut [Suppression]) -> bool {
    let mut hit = false;
    for s in sups.iter_mut() {
        if s.matches(d) {
            s.used = true;
            hit = true;
        }
    }
    hit
}

/// The findings about the suppressions of `path` themselves, once every finding of the
/// file was matched against them ([`suppressed`]): no reason given, unknown rules, and
/// (with `report_unused`) suppressions that matched nothing. `runs(code)` tells whether
/// the rule a code names ran, so that a suppression of a rule that is switched off is
/// not called unused.
pub fn findings_of(
    path: &str,
    sups: &[Suppression],
    report_unused: bool,
    runs: &dyn Fn(&str) -> bool,
) -> Vec<Diagnostic> {
    let mut extra = Vec::new();
    let unused_rule = crate::rules::engine_rule("unused-suppression");
    let reason_rule = crate::rules::engine_rule("suppression-missing-reason");
    for s in sups.iter().filter(|s| !s.foreign) {
        if s.reason.is_none() {
            let mut d = Diagnostic::new(
                reason_rule,
                path.to_string(),
                Some(s.loc),
                "suppression has no reason".into(),
            );
            d.help("say why after the brackets: `# shipgate: ignore[CODE] reason`");
            extra.push(d);
        }
        let unknown: Vec<&String> = s
            .codes
            .iter()
            .filter(|c| find_rule(c).is_none() && !is_alias(c))
            .collect();
        if !unknown.is_empty() {
            let names: Vec<&str> = unknown.iter().map(|s| s.as_str()).collect();
            let mut d = Diagnostic::new(
                unused_rule,
                path.to_string(),
                Some(s.loc),
                format!("suppression names unknown rule {}", names.join(", ")),
            );
            d.help("use a code or name from `shipgate rules`");
            extra.push(d);
        } else if !s.used && report_unused && s.codes.iter().any(|c| runs(c)) {
            let mut d = Diagnostic::new(
                unused_rule,
                path.to_string(),
                Some(s.loc),
                format!("suppression of {} matches no finding", s.codes.join(", ")),
            );
            d.help("remove the comment: nothing here is reported any more");
            extra.push(d);
        }
    }
    extra
}

/// Other tools' suppression comments in a Dockerfile, honoured for the rules that
/// declare the code as an alias:
///
/// * `# hadolint ignore=DL3007,DL3008` — the next instruction (`extent` as in [`scan`]);
/// * `# hadolint global ignore=DL3007` — the whole file;
/// * `#checkov:skip=CKV_DOCKER_1: reason` — the whole file (checkov's scope for
///   Dockerfiles).
pub fn scan_foreign(file: &SourceFile, extent: &dyn Fn(u32) -> u32) -> Vec<Suppression> {
    let text = &file.text;
    let mut out = Vec::new();
    let holds = |word: &[u8]| memchr::memmem::find(text.as_bytes(), word).is_some();
    if !holds(b"hadolint") && !holds(b"checkov") {
        return out;
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let mut offset = 0;
    for (i, line) in lines.iter().enumerate() {
        let start = offset;
        offset += line.len() + 1;
        let trimmed = line.trim_start();
        let Some(body) = trimmed.strip_prefix('#') else {
            continue;
        };
        let body = body.trim();
        let (codes, reason, file_scope) = if let Some(rest) = body.strip_prefix("hadolint") {
            let rest = rest.trim_start();
            let (global, rest) = match rest.strip_prefix("global") {
                Some(r) => (true, r.trim_start()),
                None => (false, rest),
            };
            let Some(list) = rest.strip_prefix("ignore=") else {
                continue;
            };
            // `DL3000, DL3059` and trailing words after the list (`DL3008 pinned upstream`)
            let codes: Vec<String> = list
                .split(',')
                .filter_map(|c| c.split_whitespace().next())
                .map(str::to_string)
                .collect();
            (codes, "hadolint ignore comment".to_string(), global)
        } else if let Some(rest) = body.strip_prefix("checkov:skip=") {
            let (code, reason) = match rest.split_once(':') {
                Some((c, r)) => (c.trim(), r.trim()),
                None => (rest.trim(), ""),
            };
            if code.is_empty() {
                continue;
            }
            let reason = if reason.is_empty() {
                "checkov skip comment".to_string()
            } else {
                reason.to_string()
            };
            (vec![code.to_string()], reason, true)
        } else {
            continue;
        };
        if codes.is_empty() {
            continue;
        }
        let line_no = (i + 1) as u32;
        let scope = if file_scope {
            Scope::File
        } else {
            let target = lines
                .iter()
                .enumerate()
                .skip(i + 1)
                .find(|(_, l)| {
                    let t = l.trim();
                    !t.is_empty() && !t.starts_with('#')
                })
                .map_or(line_no + 1, |(j, _)| (j + 1) as u32);
            Scope::Lines(target, extent(target).max(target))
        };
        let end = start + line.trim_end_matches('\r').len();
        out.push(Suppression {
            codes,
            scope,
            reason: Some(reason),
            loc: file.loc(Span::new(start + (line.len() - trimmed.len()), end)),
            used: false,
            foreign: true,
        });
    }
    out
}

/// The `ignored:` list of the nearest `.hadolint.yaml` (or `.hadolint.yml`) in the
/// directory of `path` or above it (up to the repository root), as a file-wide
/// suppression of the rules that alias those codes.
pub fn hadolint_config(
    path: &std::path::Path,
    probe: &crate::engine::DirProbe,
) -> Vec<Suppression> {
    let config = path.parent().and_then(|d| probe.hadolint_config(d));
    match config.map(|c| (std::fs::read_to_string(&c), c)) {
        Some((Ok(text), c)) => hadolint_ignored(&c.to_string_lossy(), text),
        _ => Vec::new(),
    }
}

fn hadolint_ignored(display: &str, text: String) -> Vec<Suppression> {
    let file = SourceFile::new(display.to_string(), text);
    let yaml = crate::syntax::yaml::parse(&file.text);
    let Some(root) = yaml.docs.first().and_then(|d| d.root.as_ref()) else {
        return Vec::new();
    };
    let codes: Vec<String> = root
        .seq_items("ignored")
        .iter()
        .filter_map(|n| n.as_str().map(str::to_string))
        .collect();
    if codes.is_empty() {
        return Vec::new();
    }
    let span = root.get("ignored").map_or(Span::new(0, 0), |n| n.span);
    vec![Suppression {
        codes,
        scope: Scope::File,
        reason: Some(format!("ignored in {display}")),
        loc: file.loc(span),
        used: false,
        foreign: true,
    }]
}

fn is_alias(code: &str) -> bool {
    crate::rules::registry()
        .iter()
        .any(|r| r.meta.aliases.iter().any(|a| a.eq_ignore_ascii_case(code)))
}

/// Suppressions from the annotations of one Kubernetes object. `annotations` is the
/// object's `metadata.annotations` mapping; `object` its whole span (the scope).
pub fn from_annotations(
    file: &SourceFile,
    annotations: &crate::syntax::yaml::Node<'_>,
    object: Span,
) -> Vec<Suppression> {
    let mut out = Vec::new();
    let scope_loc = file.loc(object);
    let scope = Scope::Lines(
        scope_loc.start.line,
        scope_loc.end.line.max(scope_loc.start.line),
    );
    for e in annotations.as_map().unwrap_or(&[]) {
        let (Some(key), Some(value)) = (e.key.as_str(), e.value.as_str()) else {
            continue;
        };
        let loc = file.loc(Span::new(
            e.key.span.start,
            e.value.span.end.max(e.key.span.end),
        ));
        let (codes, reason, foreign): (Vec<String>, String, bool) = if key == "shipgate.io/ignore" {
            let (codes, reason) = value.split_once(':').unwrap_or((value, ""));
            (split_codes(codes), reason.trim().to_string(), false)
        } else if let Some(check) = key.strip_prefix("ignore-check.kube-linter.io/") {
            (
                vec![check.trim().to_string()],
                value.trim().to_string(),
                true,
            )
        } else if key == "kube-score/ignore" {
            (
                split_codes(value),
                "kube-score/ignore annotation".into(),
                true,
            )
        } else if ["checkov.io/skip", "bridgecrew.io/skip", "cortex.io/skip"]
            .iter()
            .any(|p| key.starts_with(p))
        {
            let (code, reason) = value.split_once('=').unwrap_or((value, ""));
            (split_codes(code), reason.trim().to_string(), true)
        } else {
            continue;
        };
        if codes.is_empty() {
            continue;
        }
        out.push(Suppression {
            codes,
            scope,
            reason: if reason.is_empty() && foreign {
                Some(format!("{key} annotation"))
            } else {
                (!reason.is_empty()).then_some(reason)
            },
            loc,
            used: false,
            foreign,
        });
    }
    out
}

fn split_codes(s: &str) -> Vec<String> {
    s.split(',')
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_forms() {
        let text = "# shipgate: ignore[DF001] legacy image\nFROM a\nimage: x  # shipgate: ignore[K8S008] pinned by CD\n# shipgate: ignore-file[G3]\n";
        let f = SourceFile::new("x".into(), text.into());
        let s = scan(&f, true, &|l| l);
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].scope, Scope::Lines(2, 2));
        assert_eq!(s[0].reason.as_deref(), Some("legacy image"));
        assert_eq!(s[1].scope, Scope::Lines(3, 3));
        assert_eq!(s[2].scope, Scope::File);
        assert!(s[2].reason.is_none());
        // trailing comments do not count in Dockerfiles
        let s = scan(&f, false, &|l| l);
        assert_eq!(s.len(), 2);
    }

    #[test]
    fn reads_object_annotations() {
        let text = "metadata:\n  annotations:\n    shipgate.io/ignore: \"K8S040, K8S044: singleton\"\n    ignore-check.kube-linter.io/no-anti-affinity: one node\n    kube-score/ignore: pod-probes,container-resources\n    checkov.io/skip1: CKV_K8S_21=lab\n    bridgecrew.io/skip2: CKV_K8S_14\n    other: x\nspec: {}\n";
        let f = SourceFile::new("x.yaml".into(), text.into());
        let y = crate::syntax::yaml::parse(text);
        let root = y.docs[0].root.as_ref().unwrap();
        let ann = root.path(&["metadata", "annotations"]).unwrap();
        let s = from_annotations(&f, ann, root.span);
        assert_eq!(s.len(), 5);
        assert_eq!(s[0].codes, ["K8S040", "K8S044"]);
        assert_eq!(s[0].reason.as_deref(), Some("singleton"));
        assert!(!s[0].foreign);
        assert_eq!(s[1].codes, ["no-anti-affinity"]);
        assert_eq!(s[2].codes, ["pod-probes", "container-resources"]);
        assert_eq!(s[3].codes, ["CKV_K8S_21"]);
        assert_eq!(s[3].reason.as_deref(), Some("lab"));
        assert_eq!(s[4].codes, ["CKV_K8S_14"]);
        assert_eq!(s[0].scope, Scope::Lines(1, 9));
    }
}
