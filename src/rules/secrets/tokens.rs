//! Known token formats: our own curated patterns (gitleaks' public rule set was the
//! reference for which formats exist). Compiled once, in bytes mode with Unicode off
//! (`(?-u)`): a large set compiles in milliseconds instead of seconds.

use std::sync::LazyLock;

use regex::bytes::{Regex, RegexSet};

/// One token format.
pub struct Format {
    /// What the message calls it (`GitHub personal access token`).
    pub what: &'static str,
    /// The pattern; capture group 1, when present, is the secret itself.
    pattern: &'static str,
}

const FORMATS: &[Format] = &[
    Format {
        what: "AWS access key id",
        pattern: r"\b((?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16})\b",
    },
    Format {
        what: "AWS secret access key",
        pattern: r#"(?i:aws_?secret_?(?:access_?)?key)["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)"#,
    },
    Format {
        what: "GitHub token",
        pattern: r"\b(gh[pousr]_[A-Za-z0-9]{36})\b",
    },
    Format {
        what: "GitHub fine-grained personal access token",
        pattern: r"\b(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})\b",
    },
    Format {
        what: "GitLab token",
        pattern: r"\b(gl(?:pat|ptt|rt|dt|oas)-[A-Za-z0-9_-]{20,})\b",
    },
    Format {
        what: "Slack token",
        pattern: r"\b(xox[baprse]-[0-9]{9,13}-[A-Za-z0-9-]{10,})",
    },
    Format {
        what: "Slack webhook URL",
        pattern: r"hooks\.slack\.com/(?:services|workflows|triggers)/(T[A-Z0-9]{6,12}/[A-Z0-9]{6,12}/[A-Za-z0-9]{20,})",
    },
    Format {
        what: "private key",
        pattern: r"-----BEGIN[ A-Z0-9_-]{0,40}PRIVATE KEY(?: BLOCK)?-----(?:\\n|\s)*([A-Za-z0-9+/=\s\\:,-]{64,}?)(?:\\n|\s)*-----END[ A-Z0-9_-]{0,40}PRIVATE KEY",
    },
    Format {
        what: "JSON Web Token",
        pattern: r"\b(eyJ[A-Za-z0-9_-]{15,}\.eyJ[A-Za-z0-9_-]{15,}\.[A-Za-z0-9_-]{20,})",
    },
    Format {
        what: "GCP service account key",
        pattern: r#""private_key_id"\s*:\s*"([a-f0-9]{40})""#,
    },
    Format {
        what: "Stripe live secret key",
        pattern: r"\b((?:sk|rk)_live_[A-Za-z0-9]{24,99})\b",
    },
    Format {
        what: "Google API key",
        pattern: r"\b(AIza[A-Za-z0-9_-]{35})(?:[^A-Za-z0-9_-]|$)",
    },
    Format {
        what: "SendGrid API key",
        pattern: r"\b(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})\b",
    },
    Format {
        what: "npm access token",
        pattern: r"\b(npm_[A-Za-z0-9]{36})\b",
    },
    Format {
        what: "PyPI upload token",
        pattern: r"\b(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,})",
    },
    Format {
        what: "OpenAI API key",
        pattern: r"\b(sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,})",
    },
    Format {
        what: "Anthropic API key",
        pattern: r"\b(sk-ant-(?:api|admin)[0-9]{2}-[A-Za-z0-9_-]{80,})",
    },
    Format {
        what: "Azure storage account key",
        pattern: r"AccountKey=([A-Za-z0-9+/]{86}==)",
    },
    Format {
        what: "DigitalOcean token",
        pattern: r"\b(do[opr]_v1_[a-f0-9]{64})\b",
    },
    Format {
        what: "Shopify access token",
        pattern: r"\b(shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})\b",
    },
    Format {
        what: "HashiCorp Vault token",
        pattern: r"\b(hv[sb]\.[A-Za-z0-9_-]{90,})",
    },
    Format {
        what: "Terraform Cloud token",
        pattern: r"\b([A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70})",
    },
    Format {
        what: "Docker Hub personal access token",
        pattern: r"\b(dckr_pat_[A-Za-z0-9_-]{27,})",
    },
    Format {
        what: "Mailchimp API key",
        pattern: r"\b([0-9a-f]{32}-us[0-9]{1,2})\b",
    },
    Format {
        what: "Telegram bot token",
        pattern: r"\b([0-9]{8,10}:AA[A-Za-z0-9_-]{33})(?:[^A-Za-z0-9_-]|$)",
    },
    Format {
        what: "Linear API key",
        pattern: r"\b(lin_api_[A-Za-z0-9]{40})\b",
    },
    Format {
        what: "Grafana service account token",
        pattern: r"\b(glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})\b",
    },
    Format {
        what: "New Relic API key",
        pattern: r"\b(NRAK-[A-Z0-9]{27})\b",
    },
    Format {
        what: "Postman API key",
        pattern: r"\b(PMAK-[a-f0-9]{24}-[a-f0-9]{34})\b",
    },
    Format {
        what: "age secret key",
        pattern: r"\b(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})\b",
    },
    Format {
        what: "password in a URL",
        pattern: r#"\b[a-z][a-z0-9+.-]{1,20}://[A-Za-z0-9._~%!$&*+;=-]{1,64}:([^\s:/?#@'"`<>{}\[\]]{3,128})@[A-Za-z0-9._-]"#,
    },
];

struct Compiled {
    set: RegexSet,
    each: Vec<Regex>,
}

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| {
    let ascii: Vec<String> = FORMATS
        .iter()
        .map(|f| format!("(?-u){}", f.pattern))
        .collect();
    Compiled {
        set: RegexSet::new(&ascii).unwrap_or_else(|_| RegexSet::empty()),
        each: ascii
            .iter()
            .map(|p| Regex::new(p).unwrap_or_else(|_| never()))
            .collect(),
    }
});

fn never() -> Regex {
    Regex::new(r"[^\x00-\xff]").unwrap_or_else(|_| unreachable!("a valid regex"))
}

/// One token found in a text: which format, and the byte range of the secret.
pub struct Found {
    pub what: &'static str,
    pub range: std::ops::Range<usize>,
}

/// Every known token in `text`, in order, without overlaps.
pub fn scan(text: &str) -> Vec<Found> {
    let c = &*COMPILED;
    let bytes = text.as_bytes();
    let mut out: Vec<Found> = Vec::new();
    for i in c.set.matches(bytes).iter() {
        for caps in c.each[i].captures_iter(bytes) {
            let Some(m) = caps.get(1).or_else(|| caps.get(0)) else {
                continue;
            };
            let secret = &text[m.start()..m.end()];
            if !plausible(FORMATS[i].what, secret) {
                continue;
            }
            out.push(Found {
                what: FORMATS[i].what,
                range: m.start()..m.end(),
            });
        }
    }
    out.sort_by_key(|f| (f.range.start, std::cmp::Reverse(f.range.end)));
    let mut kept: Vec<Found> = Vec::with_capacity(out.len());
    for f in out {
        if kept.last().is_some_and(|k| f.range.start < k.range.end) {
            continue;
        }
        kept.push(f);
    }
    kept
}

/// The format of a value that is entirely (or contains) a known token.
pub fn find(value: &str) -> Option<&'static str> {
    scan(value).first().map(|f| f.what)
}

/// Drop documentation examples and fillers: `AKIAIOSFODNN7EXAMPLE`, `ghp_xxxx…`,
/// the jwt.io sample token, `user:password@` in a URL.
fn plausible(what: &str, secret: &str) -> bool {
    let lower = secret.to_ascii_lowercase();
    if lower.contains("example") || lower.contains("xxxxx") || lower.contains("sample") {
        return false;
    }
    if what == "password in a URL" {
        return !super::common::is_placeholder(secret)
            && !matches!(
                lower.as_str(),
                "pass" | "pwd" | "pw" | "passw0rd" | "p@ssw0rd" | "pa55word" | "user" | "username"
            )
            && !lower.starts_with("%24")
            && !lower.starts_with('*');
    }
    if what == "JSON Web Token" {
        // the jwt.io sample (`{"sub":"1234567890","name":"John Doe",…}`)
        return !secret.contains("eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lI");
    }
    if what == "private key" {
        // a real key body is mostly base64 of some length
        let b64 = secret
            .bytes()
            .filter(|b| b.is_ascii_alphanumeric() || *b == b'+' || *b == b'/')
            .count();
        return b64 >= 64 && distinct(secret) >= 20;
    }
    distinct(secret) >= 8
}

fn distinct(s: &str) -> usize {
    let mut seen = [false; 256];
    s.bytes().for_each(|b| seen[b as usize] = true);
    seen.iter().filter(|b| **b).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_compiles() {
        for f in FORMATS {
            assert!(
                Regex::new(&format!("(?-u){}", f.pattern)).is_ok(),
                "{}",
                f.what
            );
        }
        assert_eq!(COMPILED.set.len(), FORMATS.len());
    }

    fn whats(text: &str) -> Vec<&'static str> {
        scan(text).into_iter().map(|f| f.what).collect()
    }

    #[test]
    fn finds_known_formats_and_skips_examples() {
        // assembled at run time so this source file holds no token-shaped literal
        let gh = format!("ghp_{}", "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF3hJ5");
        assert_eq!(whats(&format!("token: {gh}\n")), ["GitHub token"]);
        let aws = format!("AKIA{}", "QWERTYUIOPASDFGH");
        assert_eq!(whats(&format!("id={aws}")), ["AWS access key id"]);
        assert!(whats("AKIAIOSFODNN7EXAMPLE").is_empty());
        assert!(whats(&format!("ghp_{}", "x".repeat(36))).is_empty());
        assert_eq!(
            whats("url: postgres://app:Zq8vN2kLw@db:5432/app"),
            ["password in a URL"]
        );
        assert!(whats("postgres://user:password@db/app").is_empty());
        assert!(whats("postgres://user:${DB_PASSWORD}@db/app").is_empty());
        assert!(whats("see https://github.com/a/b").is_empty());
    }
}
