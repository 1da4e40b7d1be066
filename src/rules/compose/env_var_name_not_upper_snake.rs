use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Compose(&EnvVarNameNotUpperSnake);

struct EnvVarNameNotUpperSnake;

/// Lowercase by convention: curl, wget, pip and most HTTP clients read these names.
const CONVENTIONAL_LOWERCASE: &[&str] = &[
    "http_proxy",
    "https_proxy",
    "ftp_proxy",
    "no_proxy",
    "all_proxy",
];

/// Images that map dotted environment names to their configuration settings.
const DOTTED_SETTINGS_IMAGES: &[&str] = &[
    "elasticsearch",
    "opensearch",
    "logstash",
    "kibana",
    "opensearch-dashboards",
];

fn is_upper_snake(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_uppercase() || c == '_')
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

impl ComposeRule for EnvVarNameNotUpperSnake {
    fn check_service(
        &self,
        svc: &Service<'_, '_>,
        _file: &ComposeFile<'_, '_>,
        cx: &mut FileCtx<'_>,
    ) {
        let Some(env) = svc.get("environment") else {
            return;
        };
        // Elastic-stack images read dotted settings (`discovery.type`) from the environment
        let reads_dotted = svc.image_resolved().is_some_and(|i| {
            let short = crate::syntax::image::ImageRef::parse(&i)
                .short_name()
                .to_ascii_lowercase();
            DOTTED_SETTINGS_IMAGES.contains(&short.as_str())
        });
        // (name, span of the name)
        let mut names: Vec<(String, Span)> = Vec::new();
        if let Some(entries) = env.as_map() {
            for e in entries {
                if let Some(k) = e.key.as_str() {
                    names.push((k.to_string(), e.key.span));
                }
            }
        } else if let Some(items) = env.as_seq() {
            for item in items {
                let Some(s) = item.as_str() else { continue };
                let name = s.split('=').next().unwrap_or(s);
                names.push((
                    name.to_string(),
                    item.value_sub_span(&cx.file.text, 0..name.len()),
                ));
            }
        }
        for (name, span) in names {
            let trimmed = name.trim();
            if trimmed.is_empty()
                || trimmed.contains('$')
                || is_upper_snake(trimmed)
                || (reads_dotted && trimmed.contains('.'))
                || CONVENTIONAL_LOWERCASE.contains(&trimmed.to_ascii_lowercase().as_str())
            {
                continue;
            }
            cx.report(
                span,
                format!(
                    "service \"{}\" sets the environment variable `{trimmed}`, which is not UPPER_SNAKE_CASE",
                    svc.name
                ),
            )
            .help(format!(
                "rename it to `{}` (and where the application reads it): shells cannot reference names with `-` or `.`, and mixed case breaks lookups on case-insensitive platforms",
                trimmed
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' })
                    .collect::<String>()
            ));
        }
    }
}
