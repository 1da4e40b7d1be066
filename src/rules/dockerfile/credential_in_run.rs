use crate::rules::dockerfile::shell_cmds::posix_runs;
use crate::rules::prelude::*;
use crate::syntax::shell::{Cmd, Word};

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&CredentialInRun);

struct CredentialInRun;

const HELP: &str = "pass credentials with `RUN --mount=type=secret,id=…` (read from /run/secrets/…) instead of writing them in the Dockerfile";

impl DockerfileRule for CredentialInRun {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        for run in posix_runs(df) {
            for cmd in &run.script.commands {
                let mut seen = Vec::new();
                for (word, what) in findings(cmd) {
                    if seen.contains(&word.span) {
                        continue;
                    }
                    seen.push(word.span);
                    cx.report(
                        word.span,
                        format!(
                            "{what} is written in the RUN and stays readable in the image history"
                        ),
                    )
                    .help(HELP)
                    .secret(word.span);
                }
            }
        }
    }
}

/// A value with no expansion: the secret itself is in the file.
fn literal(s: &str) -> bool {
    !s.is_empty() && !s.contains('$') && !s.contains('`')
}

/// A literal credential value: not an expansion, not a placeholder, not a known token
/// format (token-in-file reports those, in every file).
fn credential(v: &str) -> bool {
    literal(v)
        && v.len() >= 4
        && !v.starts_with('-')
        && !crate::rules::secrets::common::is_placeholder(v)
        && crate::rules::secrets::tokens::find(v).is_none()
}

fn findings(cmd: &Cmd) -> Vec<(&Word, &'static str)> {
    let mut out = Vec::new();
    let args = cmd.args();
    let name = cmd.name().unwrap_or("");
    for (i, w) in args.iter().enumerate() {
        let t = w.text.as_str();
        let next = args.get(i + 1);
        // a long flag with a secret-like name: --db-password=x, --api-key x
        // (passwords in URLs are token-in-file's, in every file)
        if let Some(flag) = t.strip_prefix("--").filter(|f| !f.is_empty()) {
            let (flag, inline) = match flag.split_once('=') {
                Some((f, v)) => (f, Some(v)),
                None => (flag, None),
            };
            let value = inline.or_else(|| next.map(|n| n.text.as_str()));
            if let Some(v) = value.filter(|v| credential(v)) {
                if crate::rules::secrets::password_in_command::secret_flag(flag, v) {
                    match (inline, next) {
                        (Some(_), _) => out.push((w, "a credential flag's value")),
                        (None, Some(n)) => out.push((n, "a credential flag's value")),
                        (None, None) => {}
                    }
                    continue;
                }
            }
        }
        match name {
            "curl" => {
                // -u user:password / --user user:password (a user alone prompts)
                if (t == "-u" || t == "--user")
                    && next.is_some_and(|n| n.text.split_once(':').is_some_and(|(_, p)| literal(p)))
                {
                    if let Some(n) = next {
                        out.push((n, "a curl `--user` password"));
                    }
                }
                if (t == "-H" || t == "--header") && next.is_some_and(|n| auth_header(&n.text)) {
                    if let Some(n) = next {
                        out.push((n, "an Authorization header"));
                    }
                }
            }
            "wget" => {
                if let Some(pw) = t
                    .strip_prefix("--password=")
                    .or_else(|| t.strip_prefix("--http-password="))
                {
                    if literal(pw) {
                        out.push((w, "a wget password"));
                    }
                }
                if let Some(h) = t.strip_prefix("--header=") {
                    if auth_header(h) {
                        out.push((w, "an Authorization header"));
                    }
                }
            }
            "mysql" | "mysqladmin" | "mysqldump" | "mariadb" => {
                // -pSECRET / --password=SECRET (a bare -p prompts)
                let pw = t
                    .strip_prefix("--password=")
                    .or_else(|| t.strip_prefix("-p").filter(|p| !p.is_empty()));
                if pw.is_some_and(literal) {
                    out.push((w, "a database password"));
                }
            }
            "docker" | "podman" | "helm" | "oras" | "skopeo" => {
                if (t == "-p" || t == "--password") && next.is_some_and(|n| literal(&n.text)) {
                    if let Some(n) = next {
                        out.push((n, "a registry password"));
                    }
                }
                if t.strip_prefix("--password=").is_some_and(literal) {
                    out.push((w, "a registry password"));
                }
            }
            "sshpass" => {
                // sshpass -p secret / -psecret (-f file and -e env are the right way)
                let pw = if t == "-p" {
                    next.filter(|n| credential(&n.text))
                } else {
                    t.strip_prefix("-p").filter(|p| credential(p)).map(|_| w)
                };
                if let Some(n) = pw {
                    out.push((n, "an sshpass password"));
                }
            }
            _ => {}
        }
    }
    out
}

fn auth_header(h: &str) -> bool {
    let lower = h.to_ascii_lowercase();
    let Some(value) = lower
        .strip_prefix("authorization:")
        .or_else(|| lower.strip_prefix("private-token:"))
        .or_else(|| lower.strip_prefix("x-api-key:"))
    else {
        return false;
    };
    let token = value.trim().rsplit(' ').next().unwrap_or("");
    literal(token) && token.len() >= 8
}
