//! What the secrets pack shares: which keys name a secret, which values are
//! placeholders, and the one check every "literal value under a secret-like key" rule
//! runs (compose, Kubernetes, ConfigMap, `.env`, workflows). Dockerfile `ENV`/`ARG`
//! values are secret-in-env-arg's (DF024), which also answers to `SEC006`.

use super::tokens;
use crate::source::Span;
use crate::syntax::yaml::Node;

/// Whether an env file name is a template meant to be committed (`.env.example`,
/// `.env.sample`, `.env.template`, `.env.dist`, `.env.defaults`).
pub fn is_env_template(file_name: &str) -> bool {
    let lower = file_name.to_ascii_lowercase();
    [
        "example", "sample", "template", "dist", "default", "tmpl", "tpl", "schema",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// One `KEY=value` setting with the spans of its key and value.
pub struct Setting<'n> {
    pub key: &'n str,
    pub key_span: Span,
    pub value: &'n str,
    pub value_span: Span,
}

/// The settings of an environment block written as a map (`KEY: value`) or a list
/// (`- KEY=value`), as compose `environment`/`build.args` and workflow `env` are.
/// Keys without a value (`KEY:`, `- KEY`) pass the value through and are skipped.
pub fn yaml_settings<'n>(node: &'n Node<'_>, text: &str) -> Vec<Setting<'n>> {
    let mut out = Vec::new();
    if let Some(entries) = node.as_map() {
        for e in entries {
            let (Some(key), Some(value)) = (e.key.as_str(), e.value.as_str()) else {
                continue;
            };
            if e.value.is_null() {
                continue;
            }
            out.push(Setting {
                key,
                key_span: e.key.span,
                value,
                value_span: e.value.value_sub_span(text, 0..value.len()),
            });
        }
    } else if let Some(items) = node.as_seq() {
        for item in items {
            let Some(s) = item.as_str() else { continue };
            let Some(eq) = s.find('=') else { continue };
            out.push(Setting {
                key: s[..eq].trim(),
                key_span: item.value_sub_span(text, 0..eq),
                value: &s[eq + 1..],
                value_span: item.value_sub_span(text, eq + 1..s.len()),
            });
        }
    }
    out
}

/// Words that make a key secret-like (after splitting `DB_PASSWORD`, `dbPassword`,
/// `db.password` into words). Sorted: looked up by binary search.
const SECRET_WORDS: &[&str; 16] = &[
    "ACCESSKEY",
    "ACCESSTOKEN",
    "APIKEY",
    "AUTHTOKEN",
    "CREDENTIAL",
    "CREDENTIALS",
    "CREDS",
    "PASS",
    "PASSPHRASE",
    "PASSWD",
    "PASSWORD",
    "PRIVATEKEY",
    "SECRET",
    "SECRETKEY",
    "SECRETS",
    "TOKEN",
];

/// Word pairs that make a key secret-like: `API_KEY`, `PRIVATE_KEY`, `ACCESS_KEY`…
const SECRET_PAIRS: &[(&str, &str)] = &[
    ("API", "KEY"),
    ("PRIVATE", "KEY"),
    ("ACCESS", "KEY"),
    ("SECRET", "KEY"),
    ("AUTH", "KEY"),
    ("ENCRYPTION", "KEY"),
    ("SIGNING", "KEY"),
    ("MASTER", "KEY"),
    ("CLIENT", "KEY"),
    ("LICENSE", "KEY"),
];

/// A last word that says the value is not the secret itself but something about it
/// (`JWT_SECRET_FILE`, `TOKEN_URL`, `PASSWORD_MIN_LENGTH`, `SECRET_NAME`…). Sorted:
/// looked up by binary search.
const NOT_A_VALUE: &[&str; 87] = &[
    "ALG",
    "ALGORITHM",
    "ANNOTATION",
    "ARN",
    "AUDIENCE",
    "BACKEND",
    "CHANGE",
    "CHECK",
    "CLASS",
    "CMD",
    "COMMAND",
    "COUNT",
    "DIR",
    "DISABLED",
    "ENABLE",
    "ENABLED",
    "ENDPOINT",
    "ENGINE",
    "ENV",
    "EXPIRATION",
    "EXPIRE",
    "EXPIRES",
    "EXPIRY",
    "FIELD",
    "FILE",
    "FORMAT",
    "GENERATOR",
    "HASH",
    "HEADER",
    "HOST",
    "ID",
    "INTERVAL",
    "ISSUER",
    "KEYS",
    "KIND",
    "LABEL",
    "LEN",
    "LENGTH",
    "LIFETIME",
    "LIMIT",
    "LOCATION",
    "LOGIN",
    "MANAGER",
    "MAX",
    "METHOD",
    "MIN",
    "MODE",
    "MOUNT",
    "NAME",
    "NAMES",
    "PARAM",
    "PATH",
    "PATTERN",
    "POLICIES",
    "POLICY",
    "PORT",
    "PREFIX",
    "PROVIDER",
    "REF",
    "REGEX",
    "REQUIRED",
    "RESET",
    "RETRIES",
    "RETRY",
    "ROTATION",
    "SALT",
    "SCOPE",
    "SCOPES",
    "SCRIPT",
    "SECONDS",
    "SERVER",
    "SERVICE",
    "SIZE",
    "SOURCE",
    "STDIN",
    "STORE",
    "STRATEGY",
    "TIMEOUT",
    "TTL",
    "TYPE",
    "URI",
    "URL",
    "USER",
    "USERNAME",
    "VAR",
    "VERSION",
    "VOLUME",
];

/// The words of a key, split at `_`, `-`, `.`, `/`, spaces and camelCase humps: slices
/// of `key`, compared ASCII case-insensitively (no word is copied).
pub fn key_words(key: &str) -> impl Iterator<Item = &str> {
    let bytes = key.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        // the next word's first byte
        while at < bytes.len() && !bytes[at].is_ascii_alphanumeric() {
            at += 1;
        }
        if at >= bytes.len() {
            return None;
        }
        let start = at;
        let mut prev_lower = false;
        while at < bytes.len() && bytes[at].is_ascii_alphanumeric() {
            // a hump: an upper-case letter after a lower-case letter or a digit
            if bytes[at].is_ascii_uppercase() && prev_lower {
                break;
            }
            prev_lower = bytes[at].is_ascii_lowercase() || bytes[at].is_ascii_digit();
            at += 1;
        }
        Some(&key[start..at])
    })
}

/// `word` upper-cased and zero-padded into a number, big-endian, so that numbers sort as
/// the words do; `None` when longer than 16 bytes.
const fn pack(word: &[u8]) -> Option<u128> {
    if word.len() > 16 {
        return None;
    }
    let mut n: u128 = 0;
    let mut i = 0;
    while i < 16 {
        let b = if i < word.len() {
            word[i].to_ascii_uppercase()
        } else {
            0
        };
        n = (n << 8) | b as u128;
        i += 1;
    }
    Some(n)
}

/// Each word of `list` packed by [`pack`] (a word too long to pack is a build error).
const fn pack_all<const N: usize>(list: &[&str; N]) -> [u128; N] {
    let mut out = [0u128; N];
    let mut i = 0;
    while i < N {
        out[i] = match pack(list[i].as_bytes()) {
            Some(n) => n,
            None => panic!("a listed word is longer than 16 bytes"),
        };
        i += 1;
    }
    out
}

const SECRET_WORDS_PACKED: [u128; SECRET_WORDS.len()] = pack_all(SECRET_WORDS);
const NOT_A_VALUE_PACKED: [u128; NOT_A_VALUE.len()] = pack_all(NOT_A_VALUE);

/// Whether `word` is one of the `packed` words (sorted), ASCII case-insensitively:
/// packed as [`pack`] does, with a copy and a vectorised upper-casing.
fn word_in(packed: &[u128], word: &str) -> bool {
    let mut buf = [0u8; 16];
    let Some(head) = buf.get_mut(..word.len()) else {
        return false;
    };
    head.copy_from_slice(word.as_bytes());
    buf.make_ascii_uppercase();
    packed.binary_search(&u128::from_be_bytes(buf)).is_ok()
}

/// Whether `hay` contains `needle` (upper-case), ASCII case-insensitively.
fn contains_ignore_case(hay: &str, needle: &str) -> bool {
    hay.as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Every secret word, the second word of every secret pair and every one-word secret
/// of [`is_secret_key`] holds one of these, lower-cased. Words are runs of the key's
/// bytes, so a key without any of them is not secret-like.
const SECRET_STEMS: &[&[u8]] = &[b"pass", b"secret", b"token", b"key", b"cred"];

/// Whether `key` holds one of [`SECRET_STEMS`], ASCII case-insensitively.
fn has_secret_stem(key: &str) -> bool {
    let bytes = key.as_bytes();
    bytes.iter().enumerate().any(|(i, b)| {
        matches!(b.to_ascii_lowercase(), b'p' | b's' | b't' | b'k' | b'c')
            && SECRET_STEMS.iter().any(|stem| {
                bytes
                    .get(i..i + stem.len())
                    .is_some_and(|w| w.eq_ignore_ascii_case(stem))
            })
    })
}

/// Whether `key` names a secret value: `DB_PASSWORD`, `apiKey`, `stripe.secret`,
/// `GITHUB_TOKEN`, `AWS_SECRET_ACCESS_KEY`; not `PWD`, `TOKEN_URL`, `SECRET_NAME`,
/// `PASSWORD_FILE`.
pub fn is_secret_key(key: &str) -> bool {
    // most keys hold no secret stem: decided without splitting them into words
    if !has_secret_stem(key) {
        return false;
    }
    // one pass over the words: whether one is a secret word (`PASS` only as the last
    // word: `REDIS_PASS`, not `PASS_THROUGH`), whether two make a secret pair
    let mut count = 0;
    let mut last: Option<&str> = None;
    let mut secret = false;
    for w in key_words(key) {
        if let Some(prev) = last {
            secret |= SECRET_PAIRS
                .iter()
                .any(|(a, b)| a.eq_ignore_ascii_case(prev) && b.eq_ignore_ascii_case(w));
        }
        secret |= !w.eq_ignore_ascii_case("PASS") && word_in(&SECRET_WORDS_PACKED, w);
        count += 1;
        last = Some(w);
    }
    let Some(last) = last else {
        return false;
    };
    if word_in(&NOT_A_VALUE_PACKED, last) {
        return false;
    }
    if secret || last.eq_ignore_ascii_case("PASS") {
        return true;
    }
    // one lower-case word: `dbpassword`, `adminsecret`
    count == 1
        && [
            "PASSWORD",
            "PASSWD",
            "SECRET",
            "APIKEY",
            "ACCESSKEY",
            "PRIVATEKEY",
            "AUTHTOKEN",
        ]
        .iter()
        .any(|w| contains_ignore_case(last, w))
}

/// One `key = value` / `key: value` / `"key": "value",` assignment on a line of
/// embedded configuration (a ConfigMap's `application.properties: |`, a doc's code
/// block): the key, and the byte range of the value in `text`.
pub struct Assignment<'t> {
    pub key: &'t str,
    pub value: &'t str,
    pub range: std::ops::Range<usize>,
}

/// The assignments of `text`, line by line (quotes around keys and values dropped).
pub fn assignments(text: &str) -> Vec<Assignment<'_>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    // an assignment needs its `=` or `:` on the line: only the lines holding one are
    // looked at, found by a SIMD search of the whole text
    let mut done = 0;
    for hit in memchr::memchr2_iter(b'=', b':', bytes) {
        if hit < done {
            continue;
        }
        let start = memchr::memrchr(b'\n', &bytes[..hit]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &bytes[hit..]).map_or(bytes.len(), |i| hit + i);
        done = end + 1;
        let body = text[start..end].trim_end_matches('\r');
        let rest = body.trim_start().trim_start_matches(['-', ' ']);
        let rest = rest.strip_prefix("export ").unwrap_or(rest);
        let lead = body.len() - rest.len();
        let (kq, rest_k) = match rest.as_bytes().first() {
            Some(q @ (b'"' | b'\'')) => (Some(*q as char), &rest[1..]),
            _ => (None, rest),
        };
        let key_len = rest_k
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
            .count();
        if key_len == 0 {
            continue;
        }
        let key = &rest_k[..key_len];
        let mut i = key_len;
        if let Some(q) = kq {
            if !rest_k[i..].starts_with(q) {
                continue;
            }
            i += 1;
        }
        let after = &rest_k[i..];
        let sep_ws = after.len() - after.trim_start().len();
        let after = &after[sep_ws..];
        let Some(sep) = after.chars().next().filter(|c| *c == '=' || *c == ':') else {
            continue;
        };
        let value_raw = &after[1..];
        let vws = value_raw.len() - value_raw.trim_start().len();
        let mut v = value_raw[vws..].trim_end();
        if sep == ':' && v.is_empty() {
            continue;
        }
        v = v.strip_suffix(',').unwrap_or(v).trim_end();
        let mut vstart = start + lead + usize::from(kq.is_some()) + i + sep_ws + 1 + vws;
        if let Some(q @ ('"' | '\'')) = v.chars().next() {
            match v[1..].find(q) {
                Some(end) => {
                    v = &v[1..1 + end];
                    vstart += 1;
                }
                None => continue,
            }
        } else if let Some(c) = v.find(" #") {
            v = v[..c].trim_end();
        }
        if v.is_empty() {
            continue;
        }
        out.push(Assignment {
            key,
            value: v,
            range: vstart..vstart + v.len(),
        });
    }
    out
}

/// Words that, as the whole value or its core, mark a placeholder.
const PLACEHOLDER_WORDS: &[&str] = &[
    "changeme",
    "changeit",
    "change_me",
    "change-me",
    "replaceme",
    "replace_me",
    "replace-me",
    "example",
    "placeholder",
    "dummy",
    "redacted",
    "notset",
    "not-set",
    "none",
    "null",
    "nil",
    "undefined",
    "todo",
    "tbd",
    "fixme",
    "secret",
    "password",
    "passwd",
    "token",
    "xxx",
    "true",
    "false",
    "yes",
    "no",
    "on",
    "off",
];

/// Whether a value is not a real secret: empty, interpolated (`${VAR}`, `$VAR`,
/// `${{ secrets.X }}`, `{{ .Values.x }}`), a placeholder (`changeme`, `<password>`,
/// `your-token-here`, `xxxx`, `example`…), a file path, or a reference to a secret store.
pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    if v.is_empty() {
        return true;
    }
    if v.contains("${") || v.contains("{{") || v.contains("$(") || v.starts_with('$') {
        return true;
    }
    if v.contains('<') && v.contains('>') || v.starts_with('[') && v.ends_with(']') {
        return true;
    }
    // a path to a mounted secret, not the secret
    if v.starts_with('/') || v.starts_with("./") || v.starts_with("~/") {
        return true;
    }
    let lower = v.to_ascii_lowercase();
    for r in [
        "vault:",
        "ref+",
        "op://",
        "arn:aws:",
        "sm://",
        "gcp:secretmanager",
        "secretsmanager:",
        "@microsoft.keyvault",
        "awssecretsmanager",
        "file://",
    ] {
        if lower.starts_with(r) {
            return true;
        }
    }
    let core: String = lower
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect();
    if core.is_empty() || PLACEHOLDER_WORDS.contains(&core.as_str()) {
        return true;
    }
    for w in [
        "changeme",
        "change_me",
        "change-me",
        "changeit",
        "replace",
        "example",
        "placeholder",
        "dummy",
        "redacted",
        "xxxx",
        "****",
        "...",
        "your_",
        "your-",
        "yourpassword",
        "yoursecret",
        "yourtoken",
        "fill_in",
        "fill-in",
        "insert_",
        "insert-",
        "put_your",
        "not_a_real",
        "not-a-real",
        "fake",
    ] {
        if lower.contains(w) {
            return true;
        }
    }
    if lower.starts_with("your") {
        return true;
    }
    // metasyntactic test values: `foo`, `foo/system:masters`, `foobar`
    for w in ["foo", "bar", "baz"] {
        if lower.strip_prefix(w).is_some_and(|r| {
            r.is_empty() || r.starts_with(['/', '-', '_', ':', '.']) || r.starts_with("bar")
        }) {
            return true;
        }
    }
    // `mypass`, `mysecret`, `my-token`
    if lower.starts_with("my")
        && ["pass", "secret", "token", "key"]
            .iter()
            .any(|w| lower.contains(w))
    {
        return true;
    }
    // one character repeated (`****`, `0000`)
    let mut chars = v.chars();
    if let Some(first) = chars.next() {
        if chars.all(|c| c == first) {
            return true;
        }
    }
    // the name of another variable (`DB_PASSWORD`): a reference, not a value
    if v.len() > 3
        && v.contains('_')
        && v.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
    {
        return true;
    }
    false
}

/// Shannon entropy of `s` in bits per character.
pub fn entropy(s: &str) -> f64 {
    let mut counts = [0u32; 256];
    let mut n = 0u32;
    for b in s.bytes() {
        counts[b as usize] += 1;
        n += 1;
    }
    if n == 0 {
        return 0.0;
    }
    let n = f64::from(n);
    counts
        .iter()
        .filter(|c| **c > 0)
        .map(|c| {
            let p = f64::from(*c) / n;
            -p * p.log2()
        })
        .sum()
}

/// Whether `value` under `key` is a plaintext secret: the key is secret-like, the value
/// a literal (no placeholder, no interpolation), and not a known token format (the
/// token rule, `token-in-file`, reports those under a more precise name).
pub fn literal_secret(key: &str, value: &str) -> bool {
    is_secret_key(key) && !is_placeholder(value) && tokens::find(value).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_keys() {
        for k in [
            "DB_PASSWORD",
            "POSTGRES_PASSWORD",
            "password",
            "dbPassword",
            "spring.datasource.password",
            "API_KEY",
            "apiKey",
            "STRIPE_SECRET_KEY",
            "AWS_SECRET_ACCESS_KEY",
            "GITHUB_TOKEN",
            "JWT_SECRET",
            "REDIS_PASS",
            "GOOGLE_APPLICATION_CREDENTIALS_JSON",
            "adminsecret",
            "PRIVATE_KEY",
            "client_secret",
        ] {
            assert!(is_secret_key(k), "{k}");
        }
        for k in [
            "PWD",
            "TOKEN_URL",
            "SECRET_NAME",
            "PASSWORD_FILE",
            "POSTGRES_PASSWORD_FILE",
            "PASSWORD_MIN_LENGTH",
            "KEY",
            "MONKEY",
            "PASS_THROUGH",
            "TOKENIZER",
            "SECRET_KEY_REF",
            "DB_USER",
            "PUBLIC_KEY",
            "CACHE_KEY",
        ] {
            assert!(!is_secret_key(k), "{k}");
        }
    }

    #[test]
    fn word_lists_are_sorted_and_upper_case() {
        for (list, packed) in [
            (&SECRET_WORDS[..], &SECRET_WORDS_PACKED[..]),
            (&NOT_A_VALUE[..], &NOT_A_VALUE_PACKED[..]),
        ] {
            assert!(list.windows(2).all(|p| p[0] < p[1]), "{list:?}");
            assert!(packed.windows(2).all(|p| p[0] < p[1]));
            for w in list {
                assert_eq!(*w, w.to_ascii_uppercase());
                assert!(word_in(packed, &w.to_ascii_lowercase()), "{w}");
                assert!(!word_in(packed, &format!("{w}X")), "{w}");
            }
        }
        assert!(!word_in(
            &NOT_A_VALUE_PACKED,
            "a_word_longer_than_sixteen_bytes"
        ));
    }

    #[test]
    fn secret_stems_cover_every_secret_word() {
        for w in SECRET_WORDS
            .iter()
            .chain(SECRET_PAIRS.iter().map(|(_, k)| k))
        {
            assert!(has_secret_stem(w), "{w}");
        }
    }

    #[test]
    fn placeholders() {
        for v in [
            "",
            "${DB_PASSWORD}",
            "$DB_PASSWORD",
            "${{ secrets.TOKEN }}",
            "{{ .Values.password }}",
            "changeme",
            "<password>",
            "your-api-key-here",
            "example",
            "xxxxxxxx",
            "********",
            "/run/secrets/db_password",
            "DB_PASSWORD",
            "vault:secret/data/db#password",
            "true",
        ] {
            assert!(is_placeholder(v), "{v}");
        }
        for v in ["s3cr3t-P4ss", "postgres", "hunter2", "9f8e7d6c5b4a"] {
            assert!(!is_placeholder(v), "{v}");
        }
    }

    #[test]
    fn assignments_in_embedded_files() {
        let t = "spring.datasource.password=s3cr3t\n  \"apiKey\": \"abc123\",\n  token: 'q1w2' # c\nexport A_TOKEN=zz\nnot an assignment\n";
        let got: Vec<(&str, &str)> = assignments(t).iter().map(|a| (a.key, a.value)).collect();
        assert_eq!(
            got,
            [
                ("spring.datasource.password", "s3cr3t"),
                ("apiKey", "abc123"),
                ("token", "q1w2"),
                ("A_TOKEN", "zz")
            ]
        );
        for a in assignments(t) {
            assert_eq!(&t[a.range.clone()], a.value);
        }
    }

    #[test]
    fn entropy_of_strings() {
        assert!(entropy("aaaaaaaa") < 0.01);
        assert!(entropy("9f8e7d6c5b4a3f2e1d0c") > 3.5);
    }
}
