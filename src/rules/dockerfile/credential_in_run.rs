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
                for (word, what) in findings(cmd) {
                    cx.report(
                        word.span,
                        format!(
                            "{what} is written in the RUN and stays readable in the image history"
                        ),
                    )
                    .help(HELP);
                }
            }
        }
    }
}

/// A value with no expansion: the secret itself is in the file.
fn literal(s: &str) -> bool {
    !s.is_empty() && !s.contains('$') && !s.contains('`')
}

/// `https://user:secret@host/…` with a literal secret.
fn url_with_password(t: &str) -> bool {
    let Some(rest) = t.split_once("://").map(|(_, r)| r) else {
        return false;
    };
    let authority = rest.split('/').next().unwrap_or("");
    let Some((userinfo, _host)) = authority.rsplit_once('@') else {
        return false;
    };
    userinfo.split_once(':').is_some_and(|(_, pw)| literal(pw))
}

fn findings(cmd: &Cmd) -> Vec<(&Word, &'static str)> {
    let mut out = Vec::new();
    let args = cmd.args();
    let name = cmd.name().unwrap_or("");
    for (i, w) in args.iter().enumerate() {
        let t = w.text.as_str();
        let next = args.get(i + 1);
        if url_with_password(t) {
            out.push((w, "a password in a URL"));
            continue;
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
