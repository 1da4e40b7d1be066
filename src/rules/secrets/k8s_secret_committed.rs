use crate::rules::prelude::*;
use crate::rules::secrets::common::{entropy, is_placeholder, is_secret_key};

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&K8sSecretCommitted);

struct K8sSecretCommitted;

impl K8sRule for K8sSecretCommitted {
    fn scope(&self) -> K8sScope {
        K8sScope::Kinds(&["Secret"])
    }

    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let name = obj.name().unwrap_or("");
        for field in ["data", "stringData"] {
            for e in obj.node.map_entries(field) {
                let (Some(key), Some(value)) = (e.key.as_str(), e.value.as_str()) else {
                    continue;
                };
                let plain = if field == "data" {
                    match decode_base64(value) {
                        // a value that is not base64 is reported as it is
                        Some(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
                        None => value.to_string(),
                    }
                } else {
                    value.to_string()
                };
                if e.value.is_null() || is_placeholder(value) || is_placeholder(&plain) {
                    continue;
                }
                // the credential itself, not its user name, address or certificate
                if !is_secret_key(key) && !key_material(key, &plain) {
                    continue;
                }
                let span = e.value.value_sub_span(&cx.file.text, 0..value.len());
                cx.report(
                    span,
                    format!(
                        "committed Secret \"{name}\" holds a real value for `{key}` in `{field}`"
                    ),
                )
                .secret(span);
            }
        }
    }
}

/// Key material under a neutral name: a private key (`tls.key`), registry
/// credentials, or a long random string.
fn key_material(key: &str, plain: &str) -> bool {
    plain.contains("PRIVATE KEY")
        || key.contains("dockerconfig")
        || key.contains("dockercfg")
        || (plain.len() >= 20 && !plain.contains("CERTIFICATE") && entropy(plain) >= 4.0)
}

/// Standard base64 (padding optional, whitespace ignored); `None` when not base64.
fn decode_base64(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for b in s.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' | b' ' | b'\n' | b'\r' | b'\t' => continue,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::decode_base64;

    #[test]
    fn base64() {
        assert_eq!(
            decode_base64("Y2hhbmdlbWU=").as_deref(),
            Some(&b"changeme"[..])
        );
        assert_eq!(decode_base64("YWRtaW4").as_deref(), Some(&b"admin"[..]));
        assert!(decode_base64("not base64!").is_none());
    }
}
