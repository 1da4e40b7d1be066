use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&UntrustedRegistry);

struct UntrustedRegistry;

/// `nginx` → `docker.io/library/nginx`, `acme/app` → `docker.io/acme/app`.
fn qualified(r: &ImageRef<'_>) -> String {
    match r.registry() {
        Some(_) => r.name.to_string(),
        None if r.name.contains('/') => format!("docker.io/{}", r.name),
        None => format!("docker.io/library/{}", r.name),
    }
}

/// Whether `name` (qualified, or as written) is `entry` or below it.
fn allowed_by(name: &str, entry: &str) -> bool {
    let entry = entry.trim_end_matches('/');
    !entry.is_empty()
        && (name == entry || name.strip_prefix(entry).is_some_and(|r| r.starts_with('/')))
}

impl DockerfileRule for UntrustedRegistry {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        let allowed = cx.option_strings("allowed");
        if allowed.is_empty() {
            return; // off until an allow-list is configured
        }
        for stage in &df.stages {
            if df.base_is_stage_or_scratch(stage) || stage.image.unresolved {
                continue;
            }
            let image = ImageRef::parse(&stage.image.value);
            let full = qualified(&image);
            let ok = allowed.iter().any(|e| {
                let e = e.to_ascii_lowercase();
                allowed_by(&full.to_ascii_lowercase(), &e)
                    || allowed_by(&image.name.to_ascii_lowercase(), &e)
            });
            if ok {
                continue;
            }
            let span = match image.registry() {
                Some(reg) if !stage.image.had_vars => stage.image_span.sub(0, reg.len()),
                _ => stage.image_span,
            };
            cx.report(
                span,
                format!(
                    "base image `{}` does not come from an allowed registry",
                    stage.image.value
                ),
            )
            .help(format!(
                "pull base images from an allowed registry ({}), or add this one to `[rules.untrusted-registry] allowed`",
                allowed.join(", ")
            ));
        }
    }
}
