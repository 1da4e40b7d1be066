//! `.env` files: `KEY=value` lines (optionally `export KEY=value`), `#` comments,
//! single- or double-quoted values, with the span of every key and value.

use crate::source::Span;

#[derive(Debug, Clone)]
pub struct EnvEntry<'a> {
    pub key: &'a str,
    pub key_span: Span,
    /// The value without its quotes (escapes are not processed).
    pub value: &'a str,
    pub value_span: Span,
    pub quoted: bool,
}

#[derive(Debug, Clone, Default)]
pub struct DotEnv<'a> {
    pub entries: Vec<EnvEntry<'a>>,
}

impl<'a> DotEnv<'a> {
    pub fn parse(text: &'a str) -> DotEnv<'a> {
        let mut entries = Vec::new();
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let start = offset;
            offset += line.len();
            let body = line.trim_end_matches(['\n', '\r']);
            let lead = body.len() - body.trim_start().len();
            let mut rest = &body[lead..];
            let mut pos = start + lead;
            if rest.starts_with('#') || rest.is_empty() {
                continue;
            }
            if let Some(r) = rest.strip_prefix("export ") {
                let skip = rest.len() - r.trim_start().len();
                rest = &rest[skip..];
                pos += skip;
            }
            let Some(eq) = rest.find('=') else { continue };
            let key = rest[..eq].trim_end();
            if key.is_empty()
                || !key
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'-')
            {
                continue;
            }
            let key_span = Span::new(pos, pos + key.len());
            let raw = &rest[eq + 1..];
            let ws = raw.len() - raw.trim_start().len();
            let raw_trim = &raw[ws..];
            let vpos = pos + eq + 1 + ws;
            let (value, vstart, quoted) = match raw_trim.as_bytes().first() {
                Some(q @ (b'"' | b'\'')) => {
                    let inner = &raw_trim[1..];
                    // the closing quote (a value spanning lines is cut at the line end)
                    let close = inner.find(*q as char).unwrap_or(inner.len());
                    (&inner[..close], vpos + 1, true)
                }
                _ => {
                    // an unquoted value ends at ` #` (an inline comment)
                    let end = raw_trim
                        .find(" #")
                        .or_else(|| raw_trim.find("\t#"))
                        .unwrap_or(raw_trim.len());
                    (raw_trim[..end].trim_end(), vpos, false)
                }
            };
            entries.push(EnvEntry {
                key,
                key_span,
                value,
                value_span: Span::new(vstart, vstart + value.len()),
                quoted,
            });
        }
        DotEnv { entries }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_keys_values_and_spans() {
        let t =
            "# c\nA=1\nexport B = \"two words\" \nC='x' # note\nD=plain # note\n\nbad line\n=x\n";
        let e = DotEnv::parse(t);
        let got: Vec<(&str, &str)> = e.entries.iter().map(|e| (e.key, e.value)).collect();
        assert_eq!(
            got,
            [("A", "1"), ("B", "two words"), ("C", "x"), ("D", "plain")]
        );
        for en in &e.entries {
            assert_eq!(&t[en.key_span.start..en.key_span.end], en.key);
            assert_eq!(&t[en.value_span.start..en.value_span.end], en.value);
        }
    }
}
