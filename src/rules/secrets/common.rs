//! What the secrets pack shares: which keys name a secret, which values are
//! placeholders, and the one check every "literal value under a secret-like key" rule
//! runs (compose, Kubernetes, ConfigMap, Dockerfile ENV/ARG, `.env`, workflows).
//!
//! The Dockerfile `ENV`/`ARG` check lives here as [`literal_secret`] too, so a
//! Dockerfile rule elsewhere can call the same function instead of repeating it.

use super::tokens;
use crate::source::Span;
use crate::syntax::yaml::Node;

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
/// `db.password` into words).
const SECRET_WORDS: &[&str] = &[
    "PASSWORD",
    "PASSWD",
    "PASS",
    "PASSPHRASE",
    "SECRET",
    "SECRETS",
    "TOKEN",
    "APIKEY",
    "CREDENTIALS",
    "CREDENTIAL",
    "CREDS",
    "PRIVATEKEY",
    "ACCESSKEY",
    "SECRETKEY",
    "AUTHTOKEN",
    "ACCESSTOKEN",
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
/// (`JWT_SECRET_FILE`, `TOKEN_URL`, `PASSWORD_MIN_LENGTH`, `SECRET_NAME`…).
const NOT_A_VALUE: &[&str] = &[
    "FILE",
    "PATH",
    "DIR",
    "NAME",
    "NAMES",
    "REF",
    "URL",
    "URI",
    "ENDPOINT",
    "HOST",
    "PORT",
    "TTL",
    "EXPIRY",
    "EXPIRES",
    "EXPIRATION",
    "LIFETIME",
    "LENGTH",
    "LEN",
    "TYPE",
    "HEADER",
    "ENABLED",
    "ENABLE",
    "DISABLED",
    "REQUIRED",
    "MIN",
    "MAX",
    "SIZE",
    "VERSION",
    "ALGORITHM",
    "ALG",
    "POLICY",
    "SECONDS",
    "TIMEOUT",
    "COUNT",
    "LIMIT",
    "PREFIX",
    "FORMAT",
    "MODE",
    "KIND",
    "FIELD",
    "PARAM",
    "LOCATION",
    "PROVIDER",
    "STORE",
    "ARN",
    "ROTATION",
    "AUDIENCE",
    "ISSUER",
    "SCOPE",
    "SCOPES",
    "ID",
    "USER",
    "USERNAME",
    "KEYS",
    "ENV",
    "VAR",
    "REGEX",
    "PATTERN",
    "HASH",
    "SALT",
    "METHOD",
    "STRATEGY",
    "SOURCE",
    "MOUNT",
    "VOLUME",
    "LABEL",
    "ANNOTATION",
    "GENERATOR",
    "COMMAND",
    "CMD",
    "SCRIPT",
    "BACKEND",
    "ENGINE",
    "MANAGER",
    "SERVICE",
    "SERVER",
    "CLASS",
    "RESET",
    "CHANGE",
    "POLICIES",
    "CHECK",
    "INTERVAL",
    "EXPIRE",
    "RETRY",
    "RETRIES",
    "LOGIN",
];

/// Split a key into upper-case words at `_`, `-`, `.`, `/`, spaces and camelCase humps.
pub fn key_words(key: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in key.chars() {
        if !c.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        cur.push(c.to_ascii_uppercase());
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

/// Whether `key` names a secret value: `DB_PASSWORD`, `apiKey`, `stripe.secret`,
/// `GITHUB_TOKEN`, `AWS_SECRET_ACCESS_KEY`; not `PWD`, `TOKEN_URL`, `SECRET_NAME`,
/// `PASSWORD_FILE`.
pub fn is_secret_key(key: &str) -> bool {
    let words = key_words(key);
    let Some(last) = words.last() else {
        return false;
    };
    if NOT_A_VALUE.contains(&last.as_str()) {
        return false;
    }
    // `PASS` counts only as the last word (`REDIS_PASS`, not `PASS_THROUGH`)
    let secret_word = |(i, w): (usize, &String)| {
        SECRET_WORDS.contains(&w.as_str()) && (w != "PASS" || i + 1 == words.len())
    };
    if words.iter().enumerate().any(secret_word) {
        return true;
    }
    if words
        .windows(2)
        .any(|p| SECRET_PAIRS.contains(&(p[0].as_str(), p[1].as_str())))
    {
        return true;
    }
    // one lower-case word: `dbpassword`, `adminsecret`
    words.len() == 1
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
        .any(|w| last.contains(w))
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
    fn entropy_of_strings() {
        assert!(entropy("aaaaaaaa") < 0.01);
        assert!(entropy("9f8e7d6c5b4a3f2e1d0c") > 3.5);
    }
}
