use std::sync::{LazyLock, OnceLock};

use regex::bytes::Regex;

use crate::rules::prelude::*;
use crate::rules::secrets::common::{is_placeholder, is_secret_key};
use crate::rules::secrets::tokens;

pub static RULE: RuleImpl = RuleImpl::Text(&PasswordInCommand);

struct PasswordInCommand;

/// Command lines that carry a credential; group 1 is the flag or command (for the
/// message), group 2 the value.
const PATTERNS: &[&str] = &[
    // --password=x, --db-password x, --api-key=x, --token x (the flag name decides)
    // (`"--password", "x"` in exec-form arrays too)
    r#"(?:^|[\s"'\[,(])(--[A-Za-z][A-Za-z0-9.-]{1,40})(?:=|["']?[ \t]*,[ \t]*["']?|[ \t]+["']?)["']?([^\s"'$<>{}()\[\],;|&`\\]{4,})"#,
    // docker login -u user -p x / --password x is the flag rule
    r#"\b(docker[ \t]+login)\b[^\n]*?[ \t]-p[ \t]+["']?([^\s"'$<>{}()\\]{4,})"#,
    // curl -u user:x / --user user:x
    r#"\b(curl)\b[^\n]*?[ \t](?:-u|--user)[ \t]+["']?[^\s:"'$]+:([^\s"'$<>{}()@\\]{4,})"#,
    // mysql -px (no space), sshpass -p x
    r#"\b(mysql(?:dump|admin)?)\b[^\n]*?[ \t]-p([^\s"'$<>{}()\\]{4,})"#,
    r#"\b(sshpass)[ \t]+-p[ \t]*["']?([^\s"'$<>{}()\\]{4,})"#,
];

/// Each pattern, compiled the first time a line holds its word.
static EACH: [OnceLock<Option<Regex>>; PATTERNS.len()] =
    [const { OnceLock::new() }; PATTERNS.len()];

fn pattern(i: usize) -> Option<&'static Regex> {
    EACH.get(i)?
        .get_or_init(|| Regex::new(&format!("(?-u)(?m){}", PATTERNS.get(i)?)).ok())
        .as_ref()
}

/// The word each pattern needs on its line (pattern `i` needs word `i`), found with a
/// SIMD literal search (leftmost-first, so the packed searcher applies).
static PREFILTER: LazyLock<Option<aho_corasick::AhoCorasick>> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostFirst)
        .build(["--", "docker", "curl", "mysql", "sshpass"])
        .ok()
});

/// The lines (byte ranges, without the newline) that can hold a match, each with the
/// set of patterns (bit `i` for pattern `i`) that can match on it. Every pattern
/// matches within one line (the class before a long flag may be the previous newline,
/// which `^` stands for on the line itself) and needs its word there: a long flag
/// `--` and a letter after the start of the line or one of `\s"'[,(`; `docker` then
/// blanks and `login`. Without the prefilter every line is a candidate for every
/// pattern.
fn candidate_lines(bytes: &[u8]) -> Vec<(std::ops::Range<usize>, u8)> {
    let line_of = |at: usize| {
        let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        start..end
    };
    let mut out: Vec<(std::ops::Range<usize>, u8)> = Vec::new();
    let Some(ac) = PREFILTER.as_ref() else {
        let mut at = 0;
        while at < bytes.len() {
            let line = line_of(at);
            at = line.end + 1;
            out.push((line, u8::MAX));
        }
        return out;
    };
    // one leftmost-first pass: a match it steps over (one starting inside an earlier
    // one) is a `--` right after a `-`, which the flag test below never needs, since
    // no word holds a `-` and no two words overlap
    for m in ac.find_iter(bytes) {
        let (p, i) = (m.start(), m.pattern().as_usize());
        let needed = match i {
            // the flag's name is the whole run of name bytes after `--` (the pattern
            // needs a separator after it), so a line whose flags are none secret-like
            // cannot give a finding
            0 => {
                (p == 0
                    || matches!(
                        bytes[p - 1],
                        b' ' | b'\t'
                            | b'\n'
                            | b'\x0B'
                            | b'\x0C'
                            | b'\r'
                            | b'"'
                            | b'\''
                            | b'['
                            | b','
                            | b'('
                    ))
                    && bytes.get(p + 2).is_some_and(u8::is_ascii_alphabetic)
                    && secret_flag_name(flag_name(&bytes[p + 2..]))
            }
            1 => {
                let rest = &bytes[m.end()..];
                let blanks = rest
                    .iter()
                    .take_while(|&&b| b == b' ' || b == b'\t')
                    .count();
                blanks > 0 && rest[blanks..].starts_with(b"login")
            }
            _ => true,
        };
        if !needed {
            continue;
        }
        match out.last_mut() {
            Some((line, mask)) if line.start <= p && p <= line.end => *mask |= 1 << i,
            _ => out.push((line_of(p), 1 << i)),
        }
    }
    out
}

/// Flags that look secret but are not: etcd's cluster token is an identifier.
const NOT_SECRET_FLAGS: &[&str] = &["initial-cluster-token"];

/// The name of a long flag at the start of `rest` (after its `--`): the run of bytes
/// the pattern allows in a name, empty when longer than the pattern's 41.
fn flag_name(rest: &[u8]) -> &str {
    let len = rest
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-'))
        .count();
    if len > 41 {
        return "";
    }
    // ASCII bytes only
    std::str::from_utf8(&rest[..len]).unwrap_or_default()
}

/// Whether a long flag's name is secret-like, whatever its value.
fn secret_flag_name(flag: &str) -> bool {
    is_secret_key(flag) && !NOT_SECRET_FLAGS.contains(&flag)
}

/// Whether `--flag value` passes a credential: a secret-like flag name, and for
/// `--…-secret` flags a value that is not a Kubernetes object name
/// (`--webhook-ca-secret=app-webhook-ca` names a Secret).
pub(crate) fn secret_flag(flag: &str, value: &str) -> bool {
    if !secret_flag_name(flag) {
        return false;
    }
    let names_an_object = value.contains('-')
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.');
    !(flag.to_ascii_lowercase().ends_with("secret") && names_an_object)
}

impl TextRule for PasswordInCommand {
    fn check(&self, text: &str, kind: FileKind, cx: &mut FileCtx<'_>) {
        // Dockerfile RUN lines are read word by word by credential-in-run (DF056)
        if kind == FileKind::Dockerfile {
            return;
        }
        // every pattern needs its word on its line: most files and most lines have none
        let lines = candidate_lines(text.as_bytes());
        if lines.is_empty() {
            return;
        }
        let bytes = text.as_bytes();
        let mut seen = std::collections::HashSet::new();
        // pattern by pattern, each in text order
        for i in 0..PATTERNS.len() {
            for (line, mask) in &lines {
                if mask & (1 << i) == 0 {
                    continue;
                }
                let Some(re) = pattern(i) else { continue };
                let base = line.start;
                for caps in re.captures_iter(&bytes[line.clone()]) {
                    let (Some(what), Some(value)) = (caps.get(1), caps.get(2)) else {
                        continue;
                    };
                    let (what, value) = (
                        base + what.start()..base + what.end(),
                        base + value.start()..base + value.end(),
                    );
                    let what = &text[what];
                    let v = &text[value.clone()];
                    // a long flag counts only when its name is secret-like
                    if what.starts_with("--") && !secret_flag(what.trim_start_matches('-'), v) {
                        continue;
                    }
                    if is_placeholder(v) || tokens::find(v).is_some() || v.starts_with('-') {
                        continue;
                    }
                    let span = Span::new(value.start, value.end);
                    if !seen.insert(span) {
                        continue;
                    }
                    cx.report(
                        span,
                        format!("`{what}` is given a plaintext credential on the command line"),
                    )
                    .secret(span);
                }
            }
        }
    }
}
