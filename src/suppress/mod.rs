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
    /// Written for another tool (kube-linter, kube-score, checkov annotations): honoured
    /// for rules that alias its codes, never reported as unused or unknown.
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
    if !text.contains(MARK) {
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

/// Drop suppressed diagnostics of one file; report suppressions that are malformed
/// or unused. `diags` must all belong to `path`.
///
/// `runs(code)` tells whether the rule a code names ran, so that a suppression of a
/// rule that is switched off is not called unused.
pub fn apply(
    path: &str,
    diags: &mut Vec<Diagnostic>,
    sups: &mut [Suppression],
    report_unused: bool,
    runs: &dyn Fn(&str) -> bool,
) -> Vec<Diagnostic> {
    if sups.is_empty() {
        return Vec::new();
    }
    diags.retain(|d| {
        let mut keep = true;
        for s in sups.iter_mut() {
            if s.matches(d) {
                s.used = true;
                keep = false;
            }
        }
        keep
    });
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

/// Suppressions written as annotations of Kubernetes objects; each covers its object's
/// lines:
///
/// * `shipgate.io/ignore: "CODE[,CODE…]: reason"` (several separated by `;` or newlines);
/// * kube-linter `ignore-check.kube-linter.io/<check>: "reason"`;
/// * kube-score `kube-score/ignore: "check,check"`;
/// * checkov `checkov.io/skip<N>: "CKV_K8S_N=reason"`.
///
/// The other tools' annotations are honoured only for codes some rule declares as an
/// alias, and never reported as unused.
pub fn k8s_annotations(
    file: &SourceFile,
    objects: &[crate::syntax::k8s::K8sObject<'_, '_>],
) -> Vec<Suppression> {
    let mut out = Vec::new();
    for obj in objects {
        let Some(annotations) = obj
            .node
            .path(&["metadata", "annotations"])
            .and_then(|a| a.as_map())
        else {
            continue;
        };
        let whole = file.loc(obj.node.span);
        let scope = Scope::Lines(whole.start.line, whole.end.line);
        for e in annotations {
            let (Some(key), Some(value)) = (e.key.as_str(), e.value.as_str()) else {
                continue;
            };
            let loc = file.loc(e.key.span.cover(e.value.span));
            let mut push = |codes: Vec<String>, reason: Option<String>, foreign: bool| {
                let codes: Vec<String> = if foreign {
                    codes.into_iter().filter(|c| is_alias(c)).collect()
                } else {
                    codes
                };
                if codes.is_empty() {
                    return;
                }
                out.push(Suppression {
                    codes,
                    scope,
                    reason: reason.filter(|r| !r.is_empty()),
                    loc,
                    used: false,
                    foreign,
                });
            };
            let split_codes = |t: &str| -> Vec<String> {
                t.split(',')
                    .map(|c| c.trim().to_string())
                    .filter(|c| !c.is_empty())
                    .collect()
            };
            if key == "shipgate.io/ignore" {
                for item in value.split([';', '\n']).filter(|i| !i.trim().is_empty()) {
                    let (codes, reason) = match item.split_once(':') {
                        Some((c, r)) => (c, Some(r.trim().to_string())),
                        None => (item, None),
                    };
                    push(split_codes(codes), reason, false);
                }
            } else if let Some(check) = key.strip_prefix("ignore-check.kube-linter.io/") {
                push(
                    vec![check.to_string()],
                    Some(value.trim().to_string()),
                    true,
                );
            } else if key == "kube-score/ignore" {
                push(split_codes(value), Some("kube-score/ignore".into()), true);
            } else if key.starts_with("checkov.io/skip") {
                let (code, reason) = value.split_once('=').unwrap_or((value, ""));
                push(split_codes(code), Some(reason.trim().to_string()), true);
            }
        }
    }
    out
}

fn is_alias(code: &str) -> bool {
    crate::rules::registry()
        .iter()
        .any(|r| r.meta.aliases.iter().any(|a| a.eq_ignore_ascii_case(code)))
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
    fn scans_k8s_annotations() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    shipgate.io/ignore: \"K8S010, K8S011: agent; K8S012\"\n    ignore-check.kube-linter.io/privileged-container: node agent\n    ignore-check.kube-linter.io/no-such-check: x\n    checkov.io/skip1: CKV_K8S_16=agent\nspec: {}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: q}\n";
        let f = SourceFile::new("x.yaml".into(), text.into());
        let y = crate::syntax::yaml::parse(&f.text);
        let objects = crate::syntax::k8s::objects(&y);
        let s = k8s_annotations(&f, &objects);
        assert_eq!(s.len(), 4);
        assert_eq!(s[0].codes, vec!["K8S010", "K8S011"]);
        assert_eq!(s[0].reason.as_deref(), Some("agent"));
        assert_eq!(s[0].scope, Scope::Lines(1, 10));
        assert!(!s[0].foreign);
        assert_eq!(s[1].codes, vec!["K8S012"]);
        assert!(s[1].reason.is_none());
        assert_eq!(s[2].codes, vec!["privileged-container"]);
        assert!(s[2].foreign);
        assert_eq!(s[3].codes, vec!["CKV_K8S_16"]);
    }
}
