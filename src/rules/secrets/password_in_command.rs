use std::sync::LazyLock;

use regex::bytes::{Regex, RegexSet};

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

static SET: LazyLock<(RegexSet, Vec<Regex>)> = LazyLock::new(|| {
    let ascii: Vec<String> = PATTERNS.iter().map(|p| format!("(?-u)(?m){p}")).collect();
    (
        RegexSet::new(&ascii).unwrap_or_else(|_| RegexSet::empty()),
        ascii.iter().filter_map(|p| Regex::new(p).ok()).collect(),
    )
});

/// Flags that look secret but are not: etcd's cluster token is an identifier.
const NOT_SECRET_FLAGS: &[&str] = &["initial-cluster-token"];

/// Whether `--flag value` passes a credential: a secret-like flag name, and for
/// `--…-secret` flags a value that is not a Kubernetes object name
/// (`--webhook-ca-secret=app-webhook-ca` names a Secret).
fn secret_flag(flag: &str, value: &str) -> bool {
    if !is_secret_key(flag) || NOT_SECRET_FLAGS.contains(&flag) {
        return false;
    }
    let names_an_object = value.contains('-')
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.');
    !(flag.to_ascii_lowercase().ends_with("secret") && names_an_object)
}

impl TextRule for PasswordInCommand {
    fn check(&self, text: &str, _kind: FileKind, cx: &mut FileCtx<'_>) {
        let (set, each) = &*SET;
        let bytes = text.as_bytes();
        let mut seen = std::collections::HashSet::new();
        for i in set.matches(bytes).iter() {
            let Some(re) = each.get(i) else { continue };
            for caps in re.captures_iter(bytes) {
                let (Some(what), Some(value)) = (caps.get(1), caps.get(2)) else {
                    continue;
                };
                let what = &text[what.start()..what.end()];
                let v = &text[value.start()..value.end()];
                // a long flag counts only when its name is secret-like
                if what.starts_with("--") && !secret_flag(what.trim_start_matches('-'), v) {
                    continue;
                }
                if is_placeholder(v) || tokens::find(v).is_some() || v.starts_with('-') {
                    continue;
                }
                let span = Span::new(value.start(), value.end());
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
