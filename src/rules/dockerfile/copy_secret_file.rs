use crate::rules::prelude::*;
use parse_dockerfile::Source;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&CopySecretFile);

struct CopySecretFile;

/// What kind of secret a source path names, if any.
fn secret_kind(path: &str) -> Option<&'static str> {
    let p = path.trim_end_matches('/').replace('\\', "/");
    let base = p.rsplit('/').next().unwrap_or(&p).to_ascii_lowercase();
    let lower = p.to_ascii_lowercase();
    if matches!(
        base.as_str(),
        "id_rsa" | "id_dsa" | "id_ecdsa" | "id_ed25519" | "id_ecdsa_sk" | "id_ed25519_sk"
    ) {
        return Some("an SSH private key");
    }
    if base == ".ssh" {
        return Some("an SSH directory");
    }
    if base == ".env"
        || (base.starts_with(".env.")
            && !matches!(
                &base[5..],
                "example" | "sample" | "template" | "dist" | "defaults" | "schema"
            ))
    {
        return Some("an environment file");
    }
    if base.ends_with(".key") || base.ends_with(".p12") || base.ends_with(".pfx") {
        return Some("a private key or keystore");
    }
    if base.ends_with(".pem")
        && ![
            "cert", "chain", "pub", "ca.", "ca-", "ca_", "bundle", "root",
        ]
        .iter()
        .any(|w| base.contains(w))
    {
        return Some("a PEM file (often a private key)");
    }
    if matches!(
        base.as_str(),
        ".npmrc" | ".pypirc" | ".netrc" | ".git-credentials" | ".dockercfg" | ".htpasswd"
    ) {
        return Some("a credentials file");
    }
    if lower.ends_with(".aws/credentials") || base == ".aws" {
        return Some("AWS credentials");
    }
    if lower.ends_with(".docker/config.json") {
        return Some("registry credentials");
    }
    None
}

impl DockerfileRule for CopySecretFile {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        for ins in df.ast.instructions.iter().map(super::onbuild::unwrap) {
            let (keyword, src) = match ins {
                Instruction::Copy(c) => ("COPY", &c.src),
                Instruction::Add(a) => ("ADD", &a.src),
                _ => continue,
            };
            for s in src {
                let Source::Path(p) = s else { continue };
                let Some(kind) = secret_kind(&p.value) else {
                    continue;
                };
                cx.report(
                    p.span.clone().into(),
                    format!("`{keyword}` puts `{}`, {kind}, into the image", p.value),
                )
                .help("use `RUN --mount=type=secret` (or `--mount=type=ssh`) for build-time credentials, and mount run-time secrets into the container");
            }
        }
    }
}
