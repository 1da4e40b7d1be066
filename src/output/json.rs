//! `--format json`: the stable machine contract, version 1. Fields are only ever added.

use serde::Serialize;

use rustc_hash::FxHashMap;

use crate::diagnostics::{Diagnostic, Severity};
use crate::engine::Report;
use crate::rules::meta::RuleMeta;
use crate::source::LineCol;

/// The report, byte for byte what `serde_json::to_string_pretty` makes of the
/// serde model in the tests below (and a final newline), written straight into one
/// buffer: the findings are most of the output, and serde's escaping and pretty
/// printer cost ~10k instructions a finding.
pub fn render(report: &Report, jobs: usize) -> String {
    super::Stream::text_of(|out| write(report, jobs, out))
}

/// [`render`], into `out`.
pub(crate) fn write(report: &Report, jobs: usize, out: &mut super::Stream<'_>) {
    // the part serde writes comes first: should it fail, nothing has been written yet
    let verdict = match &report.verdict {
        Some(v) => {
            let mut s = String::new();
            match nested(&mut s, v) {
                Ok(()) => Some(s),
                Err(e) => {
                    out.buf.push_str(&format!("{{\"error\": \"{e}\"}}\n"));
                    return;
                }
            }
        }
        None => None,
    };
    let o = &mut out.buf;
    o.push_str("{\n  \"version\": 1,\n  \"tool\": {\n    \"name\": ");
    string(o, "shipgate");
    o.push_str(",\n    \"version\": ");
    string(o, env!("CARGO_PKG_VERSION"));
    o.push_str("\n  },\n  \"files\": ");
    files(out, &report.files);
    out.buf.push_str(",\n  \"findings\": ");
    if report.diagnostics.is_empty() {
        out.buf.push_str("[]");
    } else {
        out.buf.push_str("[\n    ");
        super::render_in_pieces(out, &report.diagnostics, jobs, ",\n    ", |o, ds| {
            o.reserve(768 * ds.len());
            // by the rule's address: every finding of a rule shares its fragments
            let mut rules: FxHashMap<usize, RuleFragments> = FxHashMap::default();
            for (i, d) in ds.iter().enumerate() {
                if i > 0 {
                    o.push_str(",\n    ");
                }
                let rule = rules
                    .entry(std::ptr::from_ref(d.rule) as usize)
                    .or_insert_with(|| RuleFragments::new(d.rule));
                write_finding(o, d, rule);
            }
        });
        out.buf.push_str("\n  ]");
    }
    let o = &mut out.buf;
    o.push_str(",\n  \"summary\": {\n    \"files\": ");
    number(o, report.files.len());
    o.push_str(",\n    \"findings\": ");
    number(o, report.diagnostics.len());
    o.push_str(",\n    \"errors\": ");
    number(o, report.count(Severity::Error));
    o.push_str(",\n    \"warnings\": ");
    number(o, report.count(Severity::Warning));
    o.push_str(",\n    \"infos\": ");
    number(o, report.count(Severity::Info));
    o.push_str("\n  }");
    if let Some(v) = &verdict {
        o.push_str(",\n  \"verdict\": ");
        o.push_str(v);
    }
    o.push_str("\n}\n");
}

/// The `files` list, as serde pretty-prints it at the report's first level (serde's
/// derived writer and the re-indenting took 3.8 M instructions for the corpus's 1,215
/// files; this takes 0.8 M).
fn files(out: &mut super::Stream<'_>, files: &[crate::engine::FileEntry]) {
    if files.is_empty() {
        out.buf.push_str("[]");
        return;
    }
    out.buf.push('[');
    for (i, f) in files.iter().enumerate() {
        let o = &mut out.buf;
        o.push_str(if i == 0 { "\n    {" } else { ",\n    {" });
        o.push_str("\n      \"path\": ");
        string(o, &f.path);
        o.push_str(",\n      \"kind\": \"");
        o.push_str(f.kind.as_str());
        o.push_str("\",\n      \"status\": \"");
        o.push_str(f.status.as_str());
        o.push('"');
        if let Some(reason) = &f.reason {
            o.push_str(",\n      \"reason\": ");
            string(o, reason);
        }
        o.push_str("\n    }");
        out.spill();
    }
    out.buf.push_str("\n  ]");
}

/// The parts of a finding's JSON that only depend on its rule, written once per rule
/// (most of a finding's bytes: name, default help, url).
struct RuleFragments {
    /// From the finding's `{` to the severity's value.
    head: String,
    /// After the severity, to the message's value.
    gate_pack: String,
    /// The default help, as a JSON string.
    help: String,
    /// The `url` field, with its comma.
    url: String,
}

impl RuleFragments {
    fn new(rule: &RuleMeta) -> Self {
        let mut head = String::from("{\n      \"code\": ");
        string(&mut head, rule.code);
        head.push_str(",\n      \"name\": ");
        string(&mut head, rule.name);
        head.push_str(",\n      \"severity\": ");
        let mut gate_pack = String::from(",\n      \"gate\": ");
        string(&mut gate_pack, rule.gate.as_str());
        gate_pack.push_str(",\n      \"pack\": ");
        string(&mut gate_pack, rule.pack.as_str());
        gate_pack.push_str(",\n      \"message\": ");
        let mut help = String::new();
        string(&mut help, rule.help);
        let mut url = String::from(",\n      \"url\": ");
        string(&mut url, rule.url);
        RuleFragments {
            head,
            gate_pack,
            help,
            url,
        }
    }
}

/// One finding at depth 2 (the object's lines indented by four spaces), as serde
/// writes the tests' `Finding`; `rule` holds the fragments of `d.rule`.
fn write_finding(o: &mut String, d: &Diagnostic, rule: &RuleFragments) {
    o.push_str(&rule.head);
    // a severity needs no escape
    o.push('"');
    o.push_str(d.severity.as_str());
    o.push('"');
    o.push_str(&rule.gate_pack);
    string(o, &d.message);
    o.push_str(",\n      \"help\": ");
    match &d.help {
        Some(h) => string(o, h),
        None => o.push_str(&rule.help),
    }
    o.push_str(",\n      \"path\": ");
    string(o, &d.path);
    o.push_str(",\n      \"start\": ");
    match d.loc {
        Some(l) => line_col(o, l.start, &FINDING_LINE_COL),
        None => o.push_str("null"),
    }
    o.push_str(",\n      \"end\": ");
    match d.loc {
        Some(l) => line_col(o, l.end, &FINDING_LINE_COL),
        None => o.push_str("null"),
    }
    o.push_str(&rule.url);
    if !d.labels.is_empty() {
        o.push_str(",\n      \"related\": [");
        for (i, l) in d.labels.iter().enumerate() {
            o.push_str(if i == 0 {
                "\n        {"
            } else {
                ",\n        {"
            });
            o.push_str("\n          \"path\": ");
            string(o, l.path.as_deref().unwrap_or(&d.path));
            o.push_str(",\n          \"start\": ");
            line_col(o, l.loc.start, &RELATED_LINE_COL);
            o.push_str(",\n          \"end\": ");
            line_col(o, l.loc.end, &RELATED_LINE_COL);
            o.push_str(",\n          \"message\": ");
            string(o, &l.message);
            o.push_str("\n        }");
        }
        o.push_str("\n      ]");
    }
    o.push_str("\n    }");
}

/// The text of a `{"line": …, "column": …}` around its two numbers, at one depth.
struct LineColText {
    open: &'static str,
    between: &'static str,
    close: &'static str,
}

/// A finding's `start` and `end` (keys indented by eight spaces).
const FINDING_LINE_COL: LineColText = LineColText {
    open: "{\n        \"line\": ",
    between: ",\n        \"column\": ",
    close: "\n      }",
};

/// A related location's `start` and `end` (keys indented by twelve spaces).
const RELATED_LINE_COL: LineColText = LineColText {
    open: "{\n            \"line\": ",
    between: ",\n            \"column\": ",
    close: "\n          }",
};

/// `{"line": …, "column": …}` as `text` lays it out.
fn line_col(o: &mut String, lc: LineCol, text: &LineColText) {
    o.push_str(text.open);
    number(o, lc.line as usize);
    o.push_str(text.between);
    number(o, lc.column as usize);
    o.push_str(text.close);
}

pub(super) fn number(o: &mut String, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        // n % 10 < 10
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[at..] {
        o.push(char::from(d));
    }
}

/// A value at depth 1 (a top-level field): serde's pretty output with its lines
/// after the first indented by two spaces. JSON strings hold no raw newline, so
/// every newline is a line break of the printer.
fn nested<T: Serialize + ?Sized>(o: &mut String, value: &T) -> Result<(), serde_json::Error> {
    nested_at(o, value, "\n  ")
}

/// A value in serde's pretty output, each line after the first starting with
/// `line_start` (a newline and the indentation of the value's depth).
pub(super) fn nested_at<T: Serialize + ?Sized>(
    o: &mut String,
    value: &T,
    line_start: &str,
) -> Result<(), serde_json::Error> {
    let s = serde_json::to_string_pretty(value)?;
    let mut from = 0;
    for at in memchr::memchr_iter(b'\n', s.as_bytes()) {
        o.push_str(&s[from..at]);
        o.push_str(line_start);
        from = at + 1;
    }
    o.push_str(&s[from..]);
    Ok(())
}

/// A JSON string literal escaped exactly as serde_json does: `"` and `\\`, the
/// short escapes `\\b \\t \\n \\f \\r`, other control bytes as `\\u00xx`,
/// everything else (DEL and non-ASCII included) as is. Most strings need no escape at
/// all: one test of their bytes, then a single copy.
pub(super) fn string(o: &mut String, s: &str) {
    string_of(o, &[s]);
}

/// One JSON string literal of the concatenation of `parts` (built without the
/// concatenation).
pub(super) fn string_of(o: &mut String, parts: &[&str]) {
    o.reserve(parts.iter().map(|p| p.len()).sum::<usize>() + 2);
    o.push('"');
    for s in parts {
        if is_plain(s.as_bytes()) {
            o.push_str(s);
        } else {
            escape(o, s);
        }
    }
    o.push('"');
}

const ONES: u64 = 0x0101_0101_0101_0101;

/// The high bit of each byte of `w` that is below 0x20, `"` or `\` (and possibly of
/// bytes after such a byte: the lowest bit set is exact).
fn escape_mask(w: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let quote = w ^ (ONES * u64::from(b'"'));
    let backslash = w ^ (ONES * u64::from(b'\\'));
    (w.wrapping_sub(ONES * 0x20) | quote.wrapping_sub(ONES) | backslash.wrapping_sub(ONES))
        & !w
        & HIGH
}

/// `N` bytes of `bytes` from `at` as a little-endian word (`bytes` has them).
fn word<const N: usize>(bytes: &[u8], at: usize) -> [u8; N] {
    let mut w = [0u8; N];
    w.copy_from_slice(&bytes[at..at + N]);
    w
}

/// Whether no byte of `bytes` needs an escape, without a loop per byte: short strings
/// (codes, severities) as one or two overlapping words, longer ones eight bytes at a
/// time, the last word overlapping the one before (a word's mask is zero exactly when
/// none of its bytes needs an escape).
fn is_plain(bytes: &[u8]) -> bool {
    let n = bytes.len();
    match n {
        0..4 => bytes.iter().all(|&b| b >= 0x20 && b != b'"' && b != b'\\'),
        4..8 => {
            let lo = u32::from_le_bytes(word(bytes, 0));
            let hi = u32::from_le_bytes(word(bytes, n - 4));
            escape_mask(u64::from(lo) | (u64::from(hi) << 32)) == 0
        }
        _ => {
            let body = bytes.chunks_exact(8).fold(0, |acc, w| {
                acc | escape_mask(u64::from_le_bytes(word(w, 0)))
            });
            body | escape_mask(u64::from_le_bytes(word(bytes, n - 8))) == 0
        }
    }
}

/// The escaped text of `s`: the next byte to escape is found eight bytes at a time,
/// and the clean run before it copied whole.
fn escape(o: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut at = 0;
    while at < bytes.len() {
        // the next eight bytes, past the end padded with spaces (which need no escape)
        let w = if at + 8 <= bytes.len() {
            u64::from_le_bytes(word(bytes, at))
        } else {
            let mut w = [b' '; 8];
            for (w, &b) in w.iter_mut().zip(&bytes[at..]) {
                *w = b;
            }
            u64::from_le_bytes(w)
        };
        let mask = escape_mask(w);
        if mask == 0 {
            at += 8;
            continue;
        }
        // the lowest flagged byte is exact (a false flag only follows a true one)
        let i = at + (mask.trailing_zeros() / 8) as usize;
        let b = bytes[i];
        o.push_str(&s[start..i]);
        let short = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            b'\t' => "\\t",
            b'\n' => "\\n",
            0x0C => "\\f",
            b'\r' => "\\r",
            _ => "",
        };
        if short.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            o.push_str("\\u00");
            o.push(char::from(HEX[usize::from(b >> 4)]));
            o.push(char::from(HEX[usize::from(b & 0xF)]));
        } else {
            o.push_str(short);
        }
        start = i + 1;
        at = i + 1;
    }
    o.push_str(&s[start..]);
}

#[cfg(test)]
mod tests {
    //! The contract as a serde model: the hand-written writer above must produce
    //! exactly what serde_json's pretty printer makes of it.

    use super::*;
    use crate::engine::FileEntry;

    #[derive(Serialize)]
    struct Tool {
        name: &'static str,
        version: &'static str,
    }

    #[derive(Serialize)]
    struct Finding<'a> {
        code: &'static str,
        name: &'static str,
        severity: Severity,
        gate: &'static str,
        pack: &'static str,
        message: &'a str,
        help: &'a str,
        path: &'a str,
        start: Option<LineCol>,
        end: Option<LineCol>,
        url: &'static str,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        related: Vec<Related<'a>>,
    }

    #[derive(Serialize)]
    struct Related<'a> {
        path: &'a str,
        start: LineCol,
        end: LineCol,
        message: &'a str,
    }

    #[derive(Serialize)]
    struct Summary {
        files: usize,
        findings: usize,
        errors: usize,
        warnings: usize,
        infos: usize,
    }

    #[derive(Serialize)]
    struct JsonReport<'a> {
        version: u32,
        tool: Tool,
        files: &'a [FileEntry],
        findings: Vec<Finding<'a>>,
        summary: Summary,
        /// Present with `--verdict` / `shipgate gate`.
        #[serde(skip_serializing_if = "Option::is_none")]
        verdict: Option<&'a crate::verdict::Verdict>,
    }

    fn finding(d: &Diagnostic) -> Finding<'_> {
        Finding {
            code: d.rule.code,
            name: d.rule.name,
            severity: d.severity,
            gate: d.rule.gate.as_str(),
            pack: d.rule.pack.as_str(),
            message: &d.message,
            help: d.help_text(),
            path: &d.path,
            start: d.loc.map(|l| l.start),
            end: d.loc.map(|l| l.end),
            url: d.rule.url,
            related: d
                .labels
                .iter()
                .map(|l| Related {
                    path: l.path.as_deref().unwrap_or(&d.path),
                    start: l.loc.start,
                    end: l.loc.end,
                    message: &l.message,
                })
                .collect(),
        }
    }

    fn render_serde(report: &Report) -> String {
        let r = JsonReport {
            version: 1,
            tool: Tool {
                name: "shipgate",
                version: env!("CARGO_PKG_VERSION"),
            },
            files: &report.files,
            findings: report.diagnostics.iter().map(finding).collect(),
            summary: Summary {
                files: report.files.len(),
                findings: report.diagnostics.len(),
                errors: report.count(Severity::Error),
                warnings: report.count(Severity::Warning),
                infos: report.count(Severity::Info),
            },
            verdict: report.verdict.as_ref(),
        };
        let mut s =
            serde_json::to_string_pretty(&r).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
        s.push('\n');
        s
    }

    #[test]
    fn strings_are_escaped_as_serde_json_does() {
        let mut all: String = (0u8..0x80).map(char::from).collect();
        all.push_str("é€😀\u{7f}\u{80}\u{2028}");
        // every byte at every position in an eight-byte chunk, and runs around escapes
        for skip in 0..all.len() {
            let Some(tail) = all.get(skip..) else {
                continue;
            };
            for text in [tail.to_string(), format!("abcdefg{tail}hij\"k\\")] {
                let mut ours = String::new();
                string(&mut ours, &text);
                assert_eq!(ours, serde_json::to_string(&text).unwrap_or_default());
            }
        }
        let mut empty = String::new();
        string(&mut empty, "");
        assert_eq!(empty, "\"\"");
        // pieces escaped one by one make the literal of their concatenation
        let parts = ["tab\there ", "\"quoted\" é", "", "\\ back\u{1}"];
        let mut joined = String::new();
        string_of(&mut joined, &parts);
        assert_eq!(
            joined,
            serde_json::to_string(&parts.concat()).unwrap_or_default()
        );
    }

    #[test]
    fn one_byte_to_escape_is_found_at_any_position_of_any_length() {
        for len in 0..48 {
            let plain = "a".repeat(len);
            let mut ours = String::new();
            string(&mut ours, &plain);
            assert_eq!(ours, format!("\"{plain}\""));
            for at in 0..len {
                for c in ['"', '\\', '\n', '\u{1}', '\u{1f}'] {
                    let mut text = plain.clone();
                    text.replace_range(at..=at, &c.to_string());
                    let mut ours = String::new();
                    string(&mut ours, &text);
                    assert_eq!(ours, serde_json::to_string(&text).unwrap_or_default());
                }
            }
        }
    }

    #[test]
    fn reports_are_written_as_serde_json_pretty_prints_them() {
        let (mut report, config) = crate::test_support::fixtures_report(&["fixtures"], false);
        assert!(report.diagnostics.iter().any(|d| !d.labels.is_empty()));
        assert!(report.diagnostics.iter().any(|d| d.loc.is_none()));
        // enough findings to be written in pieces on several threads
        assert!(report.diagnostics.len() > 4 * super::super::CHUNK);
        let same = |report: &Report| {
            let serde = render_serde(report);
            assert_eq!(render(report, 1), serde);
            assert_eq!(render(report, 3), serde);
        };
        same(&report);
        report.verdict = Some(crate::verdict::compute(&report, &config));
        same(&report);
        // every kind and status, and reasons that need escaping
        use crate::discovery::FileKind;
        use crate::engine::{FileEntry, FileStatus};
        let kinds = [
            FileKind::Dockerfile,
            FileKind::Compose,
            FileKind::Kubernetes,
            FileKind::Kustomization,
            FileKind::Workflow,
            FileKind::Prometheus,
            FileKind::Doc,
            FileKind::HelmTemplate,
            FileKind::Env,
            FileKind::Other,
        ];
        let statuses = [
            FileStatus::Linted,
            FileStatus::ParseError,
            FileStatus::NotInfra,
        ];
        let reasons = [None, Some("plain"), Some("\"quoted\"\n\tand \u{1}, ü")];
        report.files = kinds
            .iter()
            .flat_map(|&kind| statuses.iter().map(move |&status| (kind, status)))
            .zip(reasons.iter().cycle())
            .map(|((kind, status), reason)| FileEntry {
                path: format!("dir/\"{}\".yaml", kind.as_str()),
                kind,
                status,
                reason: reason.map(String::from),
            })
            .collect();
        same(&report);
        report.diagnostics.clear();
        report.files.clear();
        same(&report);
        report.verdict = None;
        same(&report);
    }
}
