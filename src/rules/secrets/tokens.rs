//! Known token formats: our own curated patterns (gitleaks' public rule set was the
//! reference for which formats exist). Each compiled the first time a text holds one of
//! its literals, in bytes mode with Unicode off (`(?-u)`): a large set compiles in
//! milliseconds instead of seconds.

use std::sync::{LazyLock, OnceLock};

use aho_corasick::AhoCorasick;
use regex::bytes::Regex;

/// One token format.
pub struct Format {
    /// What the message calls it (`GitHub personal access token`).
    pub what: &'static str,
    /// The pattern; capture group 1, when present, is the secret itself.
    pattern: &'static str,
    /// Literals one of which every match contains, as written (the AWS secret key's
    /// `aws` in every spelling of its `(?i:…)`): the pattern runs only on texts that
    /// contain one.
    lits: &'static [&'static str],
}

const FORMATS: &[Format] = &[
    Format {
        what: "AWS access key id",
        lits: &["AKIA", "ASIA", "ABIA", "ACCA", "A3T"],
        pattern: r"\b((?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16})\b",
    },
    Format {
        what: "AWS secret access key",
        lits: &AWS,
        pattern: r#"(?i:aws_?secret_?(?:access_?)?key)["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)"#,
    },
    Format {
        what: "GitHub token",
        lits: &["ghp_", "gho_", "ghu_", "ghs_", "ghr_"],
        pattern: r"\b(gh[pousr]_[A-Za-z0-9]{36})\b",
    },
    Format {
        what: "GitHub fine-grained personal access token",
        lits: &["github_pat_"],
        pattern: r"\b(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})\b",
    },
    Format {
        what: "GitLab token",
        lits: &["glpat-", "glptt-", "glrt-", "gldt-", "gloas-"],
        pattern: r"\b(gl(?:pat|ptt|rt|dt|oas)-[A-Za-z0-9_-]{20,})\b",
    },
    Format {
        what: "Slack token",
        lits: &["xox"],
        pattern: r"\b(xox[baprse]-[0-9]{9,13}-[A-Za-z0-9-]{10,})",
    },
    Format {
        what: "Slack webhook URL",
        lits: &["hooks.slack.com/"],
        pattern: r"hooks\.slack\.com/(?:services|workflows|triggers)/(T[A-Z0-9]{6,12}/[A-Z0-9]{6,12}/[A-Za-z0-9]{20,})",
    },
    Format {
        what: "private key",
        lits: &["PRIVATE KEY"],
        pattern: r"-----BEGIN[ A-Z0-9_-]{0,40}PRIVATE KEY(?: BLOCK)?-----(?:\\n|\s)*([A-Za-z0-9+/=\s\\:,-]{64,}?)(?:\\n|\s)*-----END[ A-Z0-9_-]{0,40}PRIVATE KEY",
    },
    Format {
        what: "JSON Web Token",
        lits: &["eyJ"],
        pattern: r"\b(eyJ[A-Za-z0-9_-]{15,}\.eyJ[A-Za-z0-9_-]{15,}\.[A-Za-z0-9_-]{20,})",
    },
    Format {
        what: "GCP service account key",
        lits: &["\"private_key_id\""],
        pattern: r#""private_key_id"\s*:\s*"([a-f0-9]{40})""#,
    },
    Format {
        what: "Stripe live secret key",
        lits: &["_live_"],
        pattern: r"\b((?:sk|rk)_live_[A-Za-z0-9]{24,99})\b",
    },
    Format {
        what: "Google API key",
        lits: &["AIza"],
        pattern: r"\b(AIza[A-Za-z0-9_-]{35})(?:[^A-Za-z0-9_-]|$)",
    },
    Format {
        what: "SendGrid API key",
        lits: &["SG."],
        pattern: r"\b(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})\b",
    },
    Format {
        what: "npm access token",
        lits: &["npm_"],
        pattern: r"\b(npm_[A-Za-z0-9]{36})\b",
    },
    Format {
        what: "PyPI upload token",
        lits: &["pypi-AgEIcHlwaS5vcmc"],
        pattern: r"\b(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,})",
    },
    Format {
        what: "OpenAI API key",
        lits: &["T3BlbkFJ"],
        pattern: r"\b(sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,})",
    },
    Format {
        what: "Anthropic API key",
        lits: &["sk-ant-"],
        pattern: r"\b(sk-ant-(?:api|admin)[0-9]{2}-[A-Za-z0-9_-]{80,})",
    },
    Format {
        what: "Azure storage account key",
        lits: &["AccountKey="],
        pattern: r"AccountKey=([A-Za-z0-9+/]{86}==)",
    },
    Format {
        what: "DigitalOcean token",
        lits: &["_v1_"],
        pattern: r"\b(do[opr]_v1_[a-f0-9]{64})\b",
    },
    Format {
        what: "Shopify access token",
        lits: &["shpat_", "shpca_", "shppa_", "shpss_"],
        pattern: r"\b(shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})\b",
    },
    Format {
        what: "HashiCorp Vault token",
        lits: &["hvs.", "hvb."],
        pattern: r"\b(hv[sb]\.[A-Za-z0-9_-]{90,})",
    },
    Format {
        what: "Terraform Cloud token",
        lits: &[".atlasv1."],
        pattern: r"\b([A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70})",
    },
    Format {
        what: "Docker Hub personal access token",
        lits: &["dckr_pat_"],
        pattern: r"\b(dckr_pat_[A-Za-z0-9_-]{27,})",
    },
    Format {
        what: "Mailchimp API key",
        lits: &["-us"],
        pattern: r"\b([0-9a-f]{32}-us[0-9]{1,2})\b",
    },
    Format {
        what: "Telegram bot token",
        lits: &[":AA"],
        pattern: r"\b([0-9]{8,10}:AA[A-Za-z0-9_-]{33})(?:[^A-Za-z0-9_-]|$)",
    },
    Format {
        what: "Linear API key",
        lits: &["lin_api_"],
        pattern: r"\b(lin_api_[A-Za-z0-9]{40})\b",
    },
    Format {
        what: "Grafana service account token",
        lits: &["glsa_"],
        pattern: r"\b(glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})\b",
    },
    Format {
        what: "New Relic API key",
        lits: &["NRAK-"],
        pattern: r"\b(NRAK-[A-Z0-9]{27})\b",
    },
    Format {
        what: "Postman API key",
        lits: &["PMAK-"],
        pattern: r"\b(PMAK-[a-f0-9]{24}-[a-f0-9]{34})\b",
    },
    Format {
        what: "age secret key",
        lits: &["AGE-SECRET-KEY-1"],
        pattern: r"\b(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})\b",
    },
    Format {
        what: "password in a URL",
        lits: &["://"],
        pattern: r#"\b[a-z][a-z0-9+.-]{1,20}://[A-Za-z0-9._~%!$&*+;=-]{1,64}:([^\s:/?#@'"`<>{}\[\]]{3,128})@[A-Za-z0-9._-]"#,
    },
];

/// The AWS secret key's pattern starts `(?i:aws_?secret`: its literals are the eight
/// spellings of `aws`, a candidate only when `_secret` or `secret` (in any case)
/// follows.
const AWS_SECRET: usize = 1;
const AWS: [&str; 8] = ["aws", "awS", "aWs", "aWS", "Aws", "AwS", "AWs", "AWS"];

/// Every format's literals, with the format of each, in two searches: the literals of
/// three bytes and the longer ones (a SIMD search with four-byte fingerprints has far
/// fewer false candidates, and the three-byte set alone is small). No literal is a
/// prefix of another format's literal, so at any position the one a leftmost-first
/// search reports names every format with a literal there.
struct Prefilter {
    searches: Vec<(Search, Vec<usize>)>,
}

/// A leftmost-first multi-literal search: the packed SIMD searcher (Teddy) where the
/// CPU has one, else Aho-Corasick.
enum Search {
    Packed(aho_corasick::packed::Searcher),
    Automaton(AhoCorasick),
}

impl Search {
    fn new(lits: &[&str]) -> Option<Search> {
        let packed = aho_corasick::packed::Config::new()
            .match_kind(aho_corasick::packed::MatchKind::LeftmostFirst)
            .builder()
            .extend(lits)
            .build();
        match packed {
            Some(p) => Some(Search::Packed(p)),
            None => AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostFirst)
                .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
                .build(lits)
                .ok()
                .map(Search::Automaton),
        }
    }

    /// The first literal at or after `at`: its start and index.
    fn find(&self, bytes: &[u8], at: usize) -> Option<(usize, usize, usize)> {
        let m = match self {
            Search::Packed(p) => p.find_in(bytes, aho_corasick::Span::from(at..bytes.len()))?,
            Search::Automaton(ac) => {
                ac.find(aho_corasick::Input::new(bytes).span(at..bytes.len()))?
            }
        };
        Some((m.start(), m.end(), m.pattern().as_usize()))
    }
}

static PREFILTER: LazyLock<Option<Prefilter>> = LazyLock::new(|| {
    let mut searches = Vec::new();
    for short in [true, false] {
        let mut lits: Vec<&str> = Vec::new();
        let mut lit_format = Vec::new();
        for (i, f) in FORMATS.iter().enumerate() {
            for l in f.lits.iter().filter(|l| (l.len() <= 3) == short) {
                lits.push(l);
                lit_format.push(i);
            }
        }
        searches.push((Search::new(&lits)?, lit_format));
    }
    Some(Prefilter { searches })
});

/// Each format's regex, compiled the first time a text holds one of its literals.
static EACH: [OnceLock<Option<Regex>>; FORMATS.len()] = [const { OnceLock::new() }; FORMATS.len()];

/// The password in a URL is found by [`url_passwords`], not by its pattern (whose
/// bounded repetitions made it the costliest to compile).
const URL_PASSWORD: usize = FORMATS.len() - 1;

/// The capture group of every match of the "password in a URL" pattern, in order:
/// `\b[a-z][a-z0-9+.-]{1,20}://[A-Za-z0-9._~%!$&*+;=-]{1,64}:([^\s:/?#@'"`<>{}\[\]]{3,128})@[A-Za-z0-9._-]`
/// in bytes mode. None of the classes holds the byte that ends its run (`:` after the
/// scheme and the user, `@` after the password), so each run is the whole run of its
/// class and a match is decided by its `://`; its start is the leftmost scheme start
/// (`\b`, a lowercase letter, 2 to 21 bytes before the `://`). The search resumes after
/// each match, as the regex's iterator does.
fn url_passwords(bytes: &[u8]) -> Vec<std::ops::Range<usize>> {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let scheme =
        |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'+' | b'.' | b'-');
    let user = |b: u8| {
        b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'.' | b'_' | b'~' | b'%' | b'!' | b'$' | b'&' | b'*' | b'+' | b';' | b'=' | b'-'
            )
    };
    let password = |b: u8| {
        !matches!(
            b,
            b'\t'
                | b'\n'
                | b'\x0B'
                | b'\x0C'
                | b'\r'
                | b' '
                | b':'
                | b'/'
                | b'?'
                | b'#'
                | b'@'
                | b'\''
                | b'"'
                | b'`'
                | b'<'
                | b'>'
                | b'{'
                | b'}'
                | b'['
                | b']'
        )
    };
    let host = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-');
    // the end of the run of `class` from `from`
    let run = |from: usize, class: &dyn Fn(u8) -> bool| {
        bytes[from..]
            .iter()
            .position(|&b| !class(b))
            .map_or(bytes.len(), |n| from + n)
    };
    let mut out = Vec::new();
    let mut at = 0;
    for c in memchr::memmem::find_iter(bytes, b"://") {
        if c < at + 2 {
            continue;
        }
        // the tail: user, `:`, password, `@`, one host byte
        let user_start = c + 3;
        let user_end = run(user_start, &user);
        if !(1..=64).contains(&(user_end - user_start)) || bytes.get(user_end) != Some(&b':') {
            continue;
        }
        let pass_start = user_end + 1;
        let pass_end = run(pass_start, &password);
        if !(3..=128).contains(&(pass_end - pass_start))
            || bytes.get(pass_end) != Some(&b'@')
            || !bytes.get(pass_end + 1).is_some_and(|&b| host(b))
        {
            continue;
        }
        // the leftmost scheme start: its bytes up to the `://` are scheme bytes
        let floor = at.max(c.saturating_sub(21));
        let lowest = bytes[floor..c]
            .iter()
            .rposition(|&b| !scheme(b))
            .map_or(floor, |i| floor + i + 1);
        let start = (lowest..=c - 2)
            .find(|&s| bytes[s].is_ascii_lowercase() && (s == 0 || !word(bytes[s - 1])));
        if start.is_some() {
            out.push(pass_start..pass_end);
            at = pass_end + 2;
        }
    }
    out
}

fn regex(i: usize) -> Option<&'static Regex> {
    EACH.get(i)?
        .get_or_init(|| {
            let f = FORMATS.get(i)?;
            Regex::new(&format!("(?-u){}", f.pattern)).ok()
        })
        .as_ref()
}

/// The formats whose literals `bytes` holds (every format when the prefilter could not
/// be built): no other format can match.
fn candidates(bytes: &[u8]) -> [bool; FORMATS.len()] {
    let Some(p) = &*PREFILTER else {
        return [true; FORMATS.len()];
    };
    let mut out = [false; FORMATS.len()];
    for (search, lit_format) in &p.searches {
        let mut at = 0;
        while let Some((start, end, lit)) = search.find(bytes, at) {
            // every position holding a literal, including those inside an earlier match
            at = start + 1;
            let Some(&i) = lit_format.get(lit) else {
                continue;
            };
            if i == AWS_SECRET {
                let rest = &bytes[end..];
                let secret = |tail: &[u8]| {
                    rest.get(..tail.len())
                        .is_some_and(|r| r.eq_ignore_ascii_case(tail))
                };
                if !secret(b"_secret") && !secret(b"secret") {
                    continue;
                }
            }
            out[i] = true;
        }
    }
    out
}

/// One token found in a text: which format, and the byte range of the secret.
pub struct Found {
    pub what: &'static str,
    pub range: std::ops::Range<usize>,
}

/// Every known token in `text`, in order, without overlaps.
pub fn scan(text: &str) -> Vec<Found> {
    scan_formats(text, candidates(text.as_bytes()))
}

/// The tokens of the formats marked in `candidates`.
fn scan_formats(text: &str, candidates: [bool; FORMATS.len()]) -> Vec<Found> {
    let bytes = text.as_bytes();
    let mut out: Vec<Found> = Vec::new();
    for i in (0..FORMATS.len()).filter(|&i| candidates[i]) {
        let found = if i == URL_PASSWORD {
            url_passwords(bytes)
        } else {
            let Some(re) = regex(i) else { continue };
            re.captures_iter(bytes)
                .filter_map(|caps| caps.get(1).or_else(|| caps.get(0)))
                .map(|m| m.range())
                .collect()
        };
        for range in found {
            let Some(secret) = text.get(range.clone()) else {
                continue;
            };
            if !plausible(FORMATS[i].what, secret) {
                continue;
            }
            out.push(Found {
                what: FORMATS[i].what,
                range,
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
        assert!((0..FORMATS.len()).all(|i| regex(i).is_some()));
        assert!(PREFILTER.is_some());
        // every format has a prefilter literal
        assert!(FORMATS.iter().all(|f| !f.lits.is_empty()));
        assert!(FORMATS[AWS_SECRET].pattern.starts_with("(?i:aws_?secret_?"));
        // at a position, the literal a leftmost-first search reports is the only
        // format with a literal there
        for (i, f) in FORMATS.iter().enumerate() {
            for (_, g) in FORMATS.iter().enumerate().filter(|(j, _)| *j != i) {
                for a in f.lits {
                    assert!(
                        g.lits.iter().all(|b| !b.starts_with(a)),
                        "{a} ({}) starts a literal of {}",
                        f.what,
                        g.what
                    );
                }
            }
        }
    }

    fn pairs(found: Vec<Found>) -> Vec<(&'static str, std::ops::Range<usize>)> {
        found.into_iter().map(|f| (f.what, f.range)).collect()
    }

    /// The literal search drops no token: the same as every pattern on the whole text.
    fn same_as_every_pattern(text: &str) {
        assert_eq!(
            pairs(scan(text)),
            pairs(scan_formats(text, [true; FORMATS.len()])),
            "{text}"
        );
    }

    #[test]
    fn url_passwords_as_the_pattern_finds_them() {
        let re = Regex::new(&format!("(?-u){}", FORMATS[URL_PASSWORD].pattern)).expect("valid");
        assert_eq!(FORMATS[URL_PASSWORD].what, "password in a URL");
        let check = |text: &[u8]| {
            let want: Vec<_> = re
                .captures_iter(text)
                .filter_map(|c| c.get(1))
                .map(|m| m.range())
                .collect();
            assert_eq!(
                url_passwords(text),
                want,
                "{:?}",
                String::from_utf8_lossy(text)
            );
            want.len()
        };
        for text in [
            "postgres://app:Zq8vN2kLw@db:5432/app",
            "x postgres://app:Zq8vN2kLw@db/a https://u:pw123@h.example",
            "Xpostgres://app:secret@db",
            "_a://u:abc@h",
            "a-b.c+d://u:abc@h",
            "1a://u:abc@h",
            "://u:abc@h",
            "a://:abc@h",
            "a://u:ab@h",
            "a://u:abc@",
            "a://u:abc@/",
            "a://u:a b@h",
            "a://u:ab\u{e9}@h",
            "a://u:abc@ha://u:def@h",
            "abcdefghijklmnopqrstuvwxyz://u:abc@h",
            "x-abcdefghijklmnopqrst://u:abc@h",
        ] {
            check(text.as_bytes());
        }
        // random texts of URL-like pieces: each part the valid first option half the
        // time, else any option
        let choices: [&[&str]; 8] = [
            &[
                "", " ", "x", "_", "-", ".", "\n", "é", "Ab", "s://u:p@", "://",
            ],
            &[
                "http",
                "a",
                "postgres",
                "git+ssh",
                "X",
                "1",
                "a.b-c",
                "abcdefghijklmnopqrstu",
                "",
            ],
            &["://", ":/", ":", "//", "://://"],
            &["user", "u", "a.b~c%d", "", "u:v", "u@v", "us er", "é"],
            &[":", "", "@", "::"],
            &[
                "secret",
                "abc",
                "ab",
                "p4ss/w",
                "p@ss",
                "pässword",
                "s3cr3t!#",
                "x y",
                "{x}",
            ],
            &["@", "", ":", "@@"],
            &["h", "", "/", "db.local", "-", "é"],
        ];
        let mut rng = crate::test_support::Rng::new(0x2545_F491_4F6C_DD1D);
        let mut next = |n: usize| rng.below(n);
        let mut found = 0;
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..1 + next(4) {
                for options in choices {
                    let pick = if next(2) == 0 { 0 } else { next(options.len()) };
                    text.push_str(options[pick]);
                }
            }
            found += check(text.as_bytes());
        }
        for n in [1, 2, 19, 20, 21, 22, 63, 64, 65, 127, 128, 129] {
            let run = "a".repeat(n);
            for text in [
                format!("{run}://u:abc@h"),
                format!("ss://{run}:abc@h"),
                format!("ss://u:{run}@h"),
                format!("ss://u:{run}@h ss://u:{run}@h"),
            ] {
                found += check(text.as_bytes());
            }
        }
        assert!(found > 1000, "{found}");
    }

    #[test]
    fn prefilter_keeps_every_token() {
        let files = crate::test_support::fixture_texts();
        for (_, text) in &files {
            same_as_every_pattern(text);
        }
        assert!(files.len() > 100);
        // assembled at run time so this source file holds no token-shaped literal
        let key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ8vN2kLw3";
        for name in [
            "aws_secret_access_key",
            "AWS_SECRET_ACCESS_KEY",
            "AwS_sEcReT_KeY",
            "awssecretkey",
            "aWSSecret_Access_Key",
        ] {
            let text = format!("x: 1\n{name}: \"{key}\"\n");
            same_as_every_pattern(&text);
            assert_eq!(whats(&text), ["AWS secret access key"], "{name}");
        }
        let gh = format!("ghp_{}", "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF3hJ5");
        let aws = format!("AKIA{}", "QWERTYUIOPASDFGH");
        let glsa = format!("glsa_{}_{}", "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF", "0a1b2c3d");
        for text in [
            format!("{gh}{aws} postgres://app:Zq8vN2kLw@db/{glsa}"),
            format!("aws\n{aws}\nAWS secret {gh}"),
            "awsaws_secretaws".to_string(),
        ] {
            same_as_every_pattern(&text);
        }
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
