use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&UntrustedImageRegistry);

struct UntrustedImageRegistry;

/// `registry/repository` with Docker Hub's implicit parts written out
/// (`nginx` → `docker.io/library/nginx`).
pub(super) fn full_name(r: &ImageRef<'_>) -> String {
    match r.registry() {
        Some("index.docker.io" | "registry-1.docker.io") => {
            let rest = r.name.split_once('/').map_or(r.name, |(_, rest)| rest);
            format!("docker.io/{rest}")
        }
        Some(_) => r.name.to_string(),
        None if r.name.contains('/') => format!("docker.io/{}", r.name),
        None => format!("docker.io/library/{}", r.name),
    }
}

fn allowed(full: &str, prefixes: &[String]) -> bool {
    prefixes.iter().any(|p| {
        let p = p.trim().trim_end_matches('/');
        !p.is_empty()
            && (full == p
                || full
                    .strip_prefix(p)
                    .is_some_and(|rest| rest.starts_with('/')))
    })
}

impl K8sRule for UntrustedImageRegistry {
    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let prefixes = cx.option_strings("allowed-registries");
        if prefixes.is_empty() {
            return;
        }
        let Some(pod) = obj.pod_spec() else { return };
        for c in pod.containers() {
            let Some(img) = c.image() else { continue };
            let Some(raw) = img.as_str() else { continue };
            if raw.trim().is_empty() || raw.contains('$') || raw.contains("{{") {
                continue;
            }
            let r = ImageRef::parse(raw.trim());
            let full = full_name(&r);
            if allowed(&full, &prefixes) {
                continue;
            }
            // the repository (with its registry), without tag or digest
            let span = if raw.trim().len() == raw.len() {
                img.value_sub_span(&cx.file.text, 0..r.name.len())
            } else {
                img.span
            };
            cx.report(
                span,
                format!(
                    "{} pulls `{full}`, which is not from an allowed registry",
                    c.describe()
                ),
            )
            .help(format!(
                "mirror the image into an allowed registry ({}) and reference it there",
                prefixes.join(", ")
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{allowed, full_name};
    use crate::syntax::image::ImageRef;

    #[test]
    fn names_and_prefixes() {
        let f = |s| full_name(&ImageRef::parse(s));
        assert_eq!(f("nginx:1.25"), "docker.io/library/nginx");
        assert_eq!(f("bitnami/redis"), "docker.io/bitnami/redis");
        assert_eq!(f("ghcr.io/acme/web:1"), "ghcr.io/acme/web");
        assert_eq!(
            f("index.docker.io/library/nginx"),
            "docker.io/library/nginx"
        );
        let p = vec!["ghcr.io/acme/".to_string(), "docker.io/library".to_string()];
        assert!(allowed("ghcr.io/acme/web", &p));
        assert!(allowed("docker.io/library/nginx", &p));
        assert!(!allowed("ghcr.io/acmeevil/web", &p));
        assert!(!allowed("docker.io/bitnami/redis", &p));
    }
}
