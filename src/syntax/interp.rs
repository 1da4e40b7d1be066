//! Shell-style variable interpolation as Dockerfile `ARG`/`ENV` and compose files use it:
//! `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:+alt}`, `${VAR:?err}`, `$$`.

/// Result of expanding a string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expanded {
    pub value: String,
    /// Some variable had neither a value nor a default.
    pub unresolved: bool,
    /// The string contained at least one variable reference.
    pub had_vars: bool,
}

/// Expand variables with `lookup`; unknown variables without default expand to "".
pub fn expand(s: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Expanded {
    let mut out = String::with_capacity(s.len());
    let mut unresolved = false;
    let mut had_vars = false;
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c != b'$' {
            // the run up to the next `$` (a char boundary: it is ASCII), copied whole
            let end = memchr::memchr(b'$', &bytes[i..]).map_or(bytes.len(), |n| i + n);
            out.push_str(&s[i..end]);
            i = end;
            continue;
        }
        match bytes.get(i + 1) {
            Some(b'$') => {
                out.push('$');
                i += 2;
            }
            Some(b'{') => {
                let Some(close) = find_close(s, i + 2) else {
                    out.push_str(&s[i..]);
                    break;
                };
                had_vars = true;
                let inner = &s[i + 2..close];
                let (name, op, word) = split_op(inner);
                let val = lookup(name);
                let set = val.as_deref().is_some_and(|v| !v.is_empty());
                let defined = val.is_some();
                let word_exp = || expand(word, lookup);
                match op {
                    ":-" | "-" => {
                        let use_default = if op == ":-" { !set } else { !defined };
                        if use_default {
                            let w = word_exp();
                            unresolved |= w.unresolved;
                            out.push_str(&w.value);
                        } else {
                            out.push_str(val.as_deref().unwrap_or(""));
                        }
                    }
                    ":+" | "+" => {
                        let use_alt = if op == ":+" { set } else { defined };
                        if use_alt {
                            out.push_str(&word_exp().value);
                        }
                    }
                    _ => match val {
                        Some(v) => out.push_str(&v),
                        None => unresolved = true,
                    },
                }
                i = close + 1;
            }
            Some(&n) if n == b'_' || n.is_ascii_alphabetic() => {
                let start = i + 1;
                let mut end = start;
                while end < bytes.len()
                    && (bytes[end] == b'_' || bytes[end].is_ascii_alphanumeric())
                {
                    end += 1;
                }
                had_vars = true;
                match lookup(&s[start..end]) {
                    Some(v) => out.push_str(&v),
                    None => unresolved = true,
                }
                i = end;
            }
            _ => {
                out.push('$');
                i += 1;
            }
        }
    }
    Expanded {
        value: out,
        unresolved,
        had_vars,
    }
}

fn find_close(s: &str, from: usize) -> Option<usize> {
    let mut depth = 1;
    for (i, b) in s.as_bytes().iter().enumerate().skip(from) {
        match b {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

fn split_op(inner: &str) -> (&str, &str, &str) {
    let name_end = inner
        .find(|c: char| !(c == '_' || c.is_ascii_alphanumeric()))
        .unwrap_or(inner.len());
    let name = &inner[..name_end];
    let rest = &inner[name_end..];
    for op in [":-", ":+", ":?", "-", "+", "?"] {
        if let Some(word) = rest.strip_prefix(op) {
            return (name, op, word);
        }
    }
    (name, "", "")
}

/// True when the string contains a variable reference (`$X` or `${…}`, not `$$`).
pub fn has_vars(s: &str) -> bool {
    // every reference starts with `$`: most strings are decided without expanding
    s.contains('$') && expand(s, &|_| None).had_vars
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        match name {
            "TAG" => Some("1.2".into()),
            "EMPTY" => Some(String::new()),
            _ => None,
        }
    }

    #[test]
    fn forms() {
        assert_eq!(expand("img:${TAG}", &env).value, "img:1.2");
        assert_eq!(expand("img:$TAG", &env).value, "img:1.2");
        assert_eq!(expand("img:${NOPE:-3}", &env).value, "img:3");
        assert_eq!(expand("img:${EMPTY:-3}", &env).value, "img:3");
        assert_eq!(expand("img:${EMPTY-3}", &env).value, "img:");
        let e = expand("img:${NOPE}", &env);
        assert!(e.unresolved);
        assert_eq!(expand("a$$b", &env).value, "a$b");
        assert!(!has_vars("a$$b"));
        assert!(has_vars("${X}"));
    }
}
