//! Which variables compose files interpolate (facts for `env-example-missing-var`).

use crate::rules::project::ComposeVarFact;
use crate::source::SourceFile;
use crate::syntax::yaml::{Node, Value, Yaml};

/// Set by the shell or compose itself: nobody documents these in `.env.example`.
const AMBIENT: &[&str] = &[
    "PWD", "HOME", "USER", "UID", "GID", "HOSTNAME", "PATH", "SHELL", "TMPDIR", "LANG",
];

/// One variable reference in a string: its name, byte range, and whether it works
/// unset (`${VAR:-default}`, `${VAR-default}`, `${VAR:+alt}`).
#[derive(Debug, PartialEq, Eq)]
pub struct VarRef<'s> {
    pub name: &'s str,
    pub range: std::ops::Range<usize>,
    pub optional: bool,
}

/// The variable references of `s` (`$VAR`, `${VAR}`, `${VAR:-x}`, `${VAR:?err}`; `$$`
/// is a literal dollar).
pub fn var_refs(s: &str) -> Vec<VarRef<'_>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let is_name = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    while i < b.len() {
        if b[i] != b'$' {
            i += 1;
            continue;
        }
        match b.get(i + 1) {
            Some(b'$') => i += 2,
            Some(b'{') => {
                let start = i + 2;
                let mut j = start;
                while j < b.len() && is_name(b[j]) {
                    j += 1;
                }
                // the closing brace, with nested `${…}` in the default
                let mut depth = 1;
                let mut k = j;
                while k < b.len() && depth > 0 {
                    match b[k] {
                        b'{' => depth += 1,
                        b'}' => depth -= 1,
                        _ => {}
                    }
                    k += 1;
                }
                if depth != 0 || j == start {
                    i = j.max(i + 2);
                    continue;
                }
                let op = &s[j..k - 1];
                let optional = op.starts_with(":-")
                    || op.starts_with('-')
                    || op.starts_with(":+")
                    || op.starts_with('+');
                out.push(VarRef {
                    name: &s[start..j],
                    range: i..k,
                    optional,
                });
                i = k;
            }
            Some(c) if c.is_ascii_alphabetic() || *c == b'_' => {
                let start = i + 1;
                let mut j = start;
                while j < b.len() && is_name(b[j]) {
                    j += 1;
                }
                out.push(VarRef {
                    name: &s[start..j],
                    range: i..j,
                    optional: false,
                });
                i = j;
            }
            _ => i += 1,
        }
    }
    out
}

/// The variables `yaml` (a compose file) interpolates without a default, first use of
/// each, skipping ones the shell or compose set.
pub fn compose_vars(file: &SourceFile, yaml: &Yaml<'_>) -> Vec<ComposeVarFact> {
    let mut out: Vec<ComposeVarFact> = Vec::new();
    let mut stack: Vec<&Node<'_>> = yaml.docs.iter().filter_map(|d| d.root.as_ref()).collect();
    stack.reverse();
    while let Some(node) = stack.pop() {
        match &node.value {
            Value::Scalar(s, _) => {
                for r in var_refs(s) {
                    if r.optional
                        || AMBIENT.contains(&r.name)
                        || r.name.starts_with("COMPOSE_")
                        || out.iter().any(|v| v.name == r.name)
                    {
                        continue;
                    }
                    let span = node.value_sub_span(&file.text, r.range.clone());
                    out.push(ComposeVarFact {
                        path: file.path.clone(),
                        name: r.name.to_string(),
                        loc: file.loc(span),
                    });
                }
            }
            Value::Seq(items) => stack.extend(items.iter().rev()),
            Value::Map(entries) => stack.extend(entries.iter().rev().map(|e| &e.value)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references() {
        let got: Vec<(&str, bool)> =
            var_refs("$A ${B} ${C:-x} ${D:?set D} $$E ${F-${G}} ${H:+y} $")
                .into_iter()
                .map(|r| (r.name, r.optional))
                .collect();
        assert_eq!(
            got,
            [
                ("A", false),
                ("B", false),
                ("C", true),
                ("D", false),
                ("F", true),
                ("H", true)
            ]
        );
        let s = "x${B}y";
        let r = &var_refs(s)[0];
        assert_eq!(&s[r.range.clone()], "${B}");
    }
}
