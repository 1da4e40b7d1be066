use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&PullAlwaysMutableTag);

struct PullAlwaysMutableTag;

/// A tag that names one build: a full `x.y.z` version, a commit hash or a date stamp.
/// Anything else (`1.25`, `3.12-slim`, `stable`, `main`) is moved by its publisher.
pub(super) fn is_fixed_tag(tag: &str) -> bool {
    let b = tag.as_bytes();
    // x.y.z anywhere (v1.2.3, 1.2.3-alpine, release-2.4.10)
    for i in 0..b.len() {
        if i > 0 && b[i - 1].is_ascii_digit() {
            continue;
        }
        let mut j = i;
        let mut groups = 0;
        loop {
            let start = j;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            if j == start {
                break;
            }
            groups += 1;
            if j < b.len() && b[j] == b'.' {
                j += 1;
            } else {
                break;
            }
        }
        if groups >= 3 {
            return true;
        }
    }
    // a commit hash (7+ hex digits, some letter-free runs allowed) or a date (20YYMMDD)
    tag.split(['-', '_', '.']).any(|part| {
        let hex = part.len() >= 7
            && part.bytes().all(|c| c.is_ascii_hexdigit())
            && part.bytes().any(|c| c.is_ascii_digit());
        let date =
            part.len() >= 8 && part.starts_with("20") && part.bytes().all(|c| c.is_ascii_digit());
        hex || date
    })
}

impl K8sRule for PullAlwaysMutableTag {
    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(pod) = obj.pod_spec() else { return };
        for c in pod.containers() {
            let Some(policy) = c.node.get("imagePullPolicy") else {
                continue;
            };
            if policy.as_str() != Some("Always") {
                continue;
            }
            let Some(img) = c.image() else { continue };
            let Some(raw) = img.as_str() else { continue };
            if raw.contains('$') || raw.contains("{{") {
                continue;
            }
            let r = ImageRef::parse(raw.trim());
            // latest and untagged images are K8S008/K8S009's findings
            if r.has_digest() || r.is_latest() || r.is_untagged() {
                continue;
            }
            let (Some(tag), Some(range)) = (r.tag, r.tag_range.clone()) else {
                continue;
            };
            if is_fixed_tag(tag) {
                continue;
            }
            let span = if raw.trim().len() == raw.len() {
                img.value_sub_span(&cx.file.text, range)
            } else {
                img.span
            };
            cx.report(
                span,
                format!(
                    "{} pulls the mutable tag `{tag}` with `imagePullPolicy: Always`: every restart may run a different image",
                    c.describe()
                ),
            )
            .help("pin a full version or a digest (`@sha256:…`); then `imagePullPolicy: IfNotPresent` suffices");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_fixed_tag;

    #[test]
    fn fixed_tags() {
        for t in [
            "1.2.3",
            "v1.25.3",
            "3.12.4-slim",
            "release-2.4.10",
            "sha-4f9c2a1",
            "20240131",
            "a1b2c3d4e5",
        ] {
            assert!(is_fixed_tag(t), "{t}");
        }
        for t in [
            "1.25",
            "3.12-slim",
            "stable",
            "main",
            "v2",
            "alpine",
            "beef",
        ] {
            assert!(!is_fixed_tag(t), "{t}");
        }
    }
}
