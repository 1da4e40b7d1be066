use crate::rules::prelude::*;
use crate::syntax::dockerfile::key_values;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&SecretInEnvArg);

struct SecretInEnvArg;

/// Name segments (split on `_`, `-`, `.`) that mark a credential.
const SECRET_WORDS: &[&str] = &[
    "PASSWORD",
    "PASSWD",
    "PASS",
    "PWD",
    "SECRET",
    "TOKEN",
    "APIKEY",
    "CREDENTIALS",
    "PRIVATEKEY",
];
/// Two-segment markers (`API_KEY`, `ACCESS_KEY`, `PRIVATE_KEY`…).
const SECRET_PAIRS: &[(&str, &str)] = &[
    ("API", "KEY"),
    ("ACCESS", "KEY"),
    ("PRIVATE", "KEY"),
    ("SECRET", "KEY"),
    ("AUTH", "KEY"),
    ("ENCRYPTION", "KEY"),
    ("SIGNING", "KEY"),
    ("CLIENT", "SECRET"),
];
/// A last segment that says the variable holds something else than the secret itself.
const NOT_THE_SECRET: &[&str] = &[
    "FILE", "PATH", "DIR", "NAME", "URL", "URI", "HOST", "PORT", "USER", "USERNAME", "ID",
    "ENABLED", "ENABLE", "DISABLED", "LENGTH", "LEN", "TTL", "EXPIRY", "EXPIRES", "TIMEOUT",
    "HEADER", "TYPE", "MODE", "POLICY", "REQUIRED", "ROTATION", "ENDPOINT", "REF", "KEYRING",
];
/// Values that are placeholders, not credentials.
const PLACEHOLDERS: &[&str] = &[
    "changeme",
    "change_me",
    "change-me",
    "changeit",
    "placeholder",
    "secret",
    "password",
    "dummy",
    "example",
    "none",
    "null",
    "nil",
    "true",
    "false",
    "yes",
    "no",
    "todo",
    "tbd",
    "your_password",
    "your-password",
    "redacted",
];

pub fn secret_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    let segs: Vec<&str> = upper
        .split(['_', '-', '.'])
        .filter(|s| !s.is_empty())
        .collect();
    let Some(last) = segs.last() else {
        return false;
    };
    if NOT_THE_SECRET.contains(last) {
        return false;
    }
    // `PWD` alone is the shell's working directory
    if segs.len() == 1 && segs[0] == "PWD" {
        return false;
    }
    segs.iter().any(|s| {
        SECRET_WORDS.contains(s)
            // run-together names: PGPASSWORD, GITHUBTOKEN, APPSECRET
            || ["PASSWORD", "PASSWD", "SECRET", "TOKEN"]
                .iter()
                .any(|w| s.len() > w.len() && s.ends_with(w))
    }) || segs
        .windows(2)
        .any(|w| SECRET_PAIRS.contains(&(w[0], w[1])))
}

pub fn literal_secret_value(value: &str) -> bool {
    let v = value.trim();
    if v.is_empty() || v.contains('$') {
        return false;
    }
    let lower = v.to_ascii_lowercase();
    if PLACEHOLDERS.contains(&lower.as_str()) {
        return false;
    }
    // <your-token>, xxx, ***, ...
    if (v.starts_with('<') && v.ends_with('>'))
        || v.chars()
            .all(|c| matches!(c, 'x' | 'X' | '*' | '.' | '-' | '_'))
    {
        return false;
    }
    true
}

impl DockerfileRule for SecretInEnvArg {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        for ins in df.ast.instructions.iter().map(super::onbuild::unwrap) {
            let (keyword, kvs) = match ins {
                Instruction::Env(e) => ("ENV", key_values(df.text, &e.arguments, true)),
                Instruction::Arg(a) => ("ARG", key_values(df.text, &a.arguments, false)),
                _ => continue,
            };
            for kv in kvs {
                let (Some(value), Some(span)) = (&kv.value, kv.value_span) else {
                    continue;
                };
                if !secret_name(&kv.key) || !literal_secret_value(value) {
                    continue;
                }
                let why = if keyword == "ENV" {
                    "it is stored in the image and visible to anyone who can pull it"
                } else {
                    "build arguments are recorded in the image history"
                };
                cx.report(
                    span,
                    format!("`{keyword} {}` has a literal secret value: {why}", kv.key),
                )
                .help("pass secrets at run time (orchestrator secrets, env files) or at build time with `RUN --mount=type=secret`");
            }
        }
    }
}
