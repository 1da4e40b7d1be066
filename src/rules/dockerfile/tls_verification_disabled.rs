use crate::rules::dockerfile::shell_cmds::{flag_matches, named, npm, pip, posix_runs, yum};
use crate::rules::prelude::*;
use crate::syntax::dockerfile::key_values;
use crate::syntax::shell::{Cmd, Word};

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&TlsVerificationDisabled);

struct TlsVerificationDisabled;

const HELP: &str = "keep certificate verification on: install the CA certificate the server needs (`update-ca-certificates`) instead";

impl DockerfileRule for TlsVerificationDisabled {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        // ENV/ARG that turn verification off for every later command.
        for ins in &df.ast.instructions {
            let (args, legacy) = match ins {
                Instruction::Env(e) => (&e.arguments, true),
                Instruction::Arg(a) => (&a.arguments, false),
                _ => continue,
            };
            for kv in key_values(df.text, args, legacy) {
                if let Some(what) = env_disables(&kv.key, kv.value.as_deref()) {
                    cx.report(kv.key_span, format!("`{}` {what}", kv.key))
                        .help(HELP);
                }
            }
        }
        for run in posix_runs(df) {
            for cmd in &run.script.commands {
                for (k, v, w) in cmd.assignments() {
                    if let Some(what) = env_disables(k, Some(v)) {
                        cx.report(w.span, format!("`{k}` {what}")).help(HELP);
                    }
                }
                // export NAME=value
                if matches!(cmd.name(), Some("export" | "declare" | "typeset")) {
                    for w in cmd.args() {
                        let Some((k, v)) = w.text.split_once('=') else {
                            continue;
                        };
                        if let Some(what) = env_disables(k, Some(v)) {
                            cx.report(w.span, format!("`{k}` {what}")).help(HELP);
                        }
                    }
                }
                if let Some((word, msg)) = command_disables(cmd) {
                    cx.report(word.span, msg).help(HELP);
                }
            }
        }
    }
}

/// Values are already unquoted (shell words, `ENV` values).
fn falsy(v: &str) -> bool {
    matches!(
        v.to_ascii_lowercase().as_str(),
        "false" | "0" | "no" | "off"
    )
}

fn env_disables(key: &str, value: Option<&str>) -> Option<&'static str> {
    let v = value?;
    match key {
        // git checks only that the variable exists: even `GIT_SSL_NO_VERIFY=0` disables.
        "GIT_SSL_NO_VERIFY" => Some("disables TLS certificate verification for git"),
        "NODE_TLS_REJECT_UNAUTHORIZED" if v == "0" => {
            Some("disables TLS certificate verification for Node.js")
        }
        "PYTHONHTTPSVERIFY" if v == "0" => Some("disables TLS certificate verification for Python"),
        "NPM_CONFIG_STRICT_SSL" | "npm_config_strict_ssl" | "YARN_STRICT_SSL" if falsy(v) => {
            Some("disables TLS certificate verification for npm")
        }
        "PIP_TRUSTED_HOST" if !v.is_empty() => {
            Some("makes pip skip TLS verification for these hosts")
        }
        "CURL_INSECURE" if !v.is_empty() && !falsy(v) => {
            Some("disables TLS certificate verification for curl")
        }
        _ => None,
    }
}

fn command_disables(cmd: &Cmd) -> Option<(&Word, String)> {
    let name = cmd.name()?;
    let find = |flags: &[&str]| {
        cmd.args()
            .iter()
            .find(|w| flags.iter().any(|f| flag_matches(&w.text, f)))
    };
    match name {
        "curl" => find(&["-k", "--insecure"]).map(|w| {
            (
                w,
                format!("`curl {}` disables TLS certificate verification", w.text),
            )
        }),
        "wget" => find(&["--no-check-certificate"]).map(|w| {
            (
                w,
                "`wget --no-check-certificate` disables TLS certificate verification".into(),
            )
        }),
        "git" => {
            // git -c http.sslVerify=false …, git config [--global] http.sslVerify false
            let args = cmd.args();
            for (i, w) in args.iter().enumerate() {
                let t = w.text.to_ascii_lowercase();
                if let Some(v) = t.strip_prefix("http.sslverify=") {
                    if falsy(v) {
                        return Some((
                            w,
                            "`http.sslVerify=false` disables TLS certificate verification for git"
                                .into(),
                        ));
                    }
                }
                if t == "http.sslverify" && args.get(i + 1).is_some_and(|n| falsy(&n.text)) {
                    return Some((
                        w,
                        "`git config http.sslVerify false` disables TLS certificate verification"
                            .into(),
                    ));
                }
            }
            None
        }
        "apt-get" | "apt" => cmd
            .args()
            .iter()
            .find(|w| {
                let t = w.text.to_ascii_lowercase();
                (t.starts_with("acquire::https::verify-peer=")
                    || t.starts_with("acquire::https::verify-host="))
                    && t.rsplit('=').next().is_some_and(falsy)
            })
            .map(|w| {
                (
                    w,
                    format!("`{}` disables TLS certificate verification for apt", w.text),
                )
            }),
        _ => {
            if let Some(inv) = pip(cmd) {
                return inv.find_any(&["--trusted-host"]).map(|w| {
                    (w, "`pip --trusted-host` accepts the host without TLS certificate verification".into())
                });
            }
            if let Some(inv) = npm(cmd).or_else(|| named(cmd, &["yarn", "pnpm"])) {
                // npm config set strict-ssl false / npm install --strict-ssl=false
                let args = inv.args;
                for (i, w) in args.iter().enumerate() {
                    let t = w.text.to_ascii_lowercase();
                    let off = t
                        .strip_prefix("--strict-ssl=")
                        .or_else(|| t.strip_prefix("strict-ssl="))
                        .is_some_and(falsy)
                        || (args[..i]
                            .iter()
                            .any(|a| matches!(a.text.as_str(), "config" | "c" | "set"))
                            && (t == "strict-ssl" || t == "strict-ssl:")
                            && args.get(i + 1).is_some_and(|n| falsy(&n.text)));
                    if off {
                        return Some((w, format!("`{name}` with `strict-ssl` false disables TLS certificate verification")));
                    }
                }
                return None;
            }
            if let Some(inv) = yum(cmd)
                .or_else(|| named(cmd, &["yum-config-manager", "dnf-config-manager", "dnf-3"]))
            {
                return inv
                    .args
                    .iter()
                    .find(|w| {
                        let t = w.text.to_ascii_lowercase();
                        t.strip_prefix("--setopt=")
                            .and_then(|s| s.split_once('='))
                            .is_some_and(|(k, v)| k.ends_with("sslverify") && falsy(v))
                    })
                    .map(|w| {
                        (
                            w,
                            format!(
                                "`{}` disables TLS certificate verification for {name}",
                                w.text
                            ),
                        )
                    });
            }
            None
        }
    }
}
