//! Content-based classification of YAML files that the path alone cannot decide.

use std::sync::OnceLock;

use regex::Regex;

use crate::syntax::yaml::Yaml;

/// Go-template actions Helm charts use (`{{ .Values.x }}`, `{{- include "…" }}`), as
/// opposed to `{{ $labels.x }}` in Prometheus annotations or `${{ }}` in workflows.
pub fn looks_like_helm(text: &str) -> bool {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    if !text.contains("{{") {
        return false;
    }
    RE.get_or_init(|| {
        Regex::new(
            r"\{\{-?\s*(?:\.Values|\.Release|\.Chart|\.Capabilities|\.Files|\$\.Values|include\s|template\s|toYaml|tpl\s|if\s|else|range\s|with\s|end\b|define\s|/\*)",
        )
        .ok()
    })
    .as_ref()
    .is_some_and(|re| re.is_match(text) && !prometheus_alert_templates(text))
}

/// Prometheus alert rules use Go templates too (`{{ with $labels.cluster }}…{{ end }}`
/// in annotations): in a rule file or a `PrometheusRule` object, only Helm's own names
/// (`.Values`, `include`, …) mark a Helm template.
fn prometheus_alert_templates(text: &str) -> bool {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let rules =
        text.contains("kind: PrometheusRule") || text.lines().any(|l| l.starts_with("groups:"));
    if !rules {
        return false;
    }
    let helm_names = RE
        .get_or_init(|| {
            Regex::new(
                r"\{\{[^}]*(?:\.Values|\.Release|\.Chart|\.Capabilities|\.Files)|\{\{-?\s*(?:include|template|toYaml|tpl|define)\s",
            )
            .ok()
        })
        .as_ref()
        .is_some_and(|re| re.is_match(text));
    !helm_names
}

/// A YAML text that failed to parse but is evidently meant as a Kubernetes manifest.
pub fn text_looks_like_k8s(text: &str) -> bool {
    let mut api = false;
    let mut kind = false;
    for line in text.lines() {
        api |= line.starts_with("apiVersion:");
        kind |= line.starts_with("kind:");
        if api && kind {
            return true;
        }
    }
    false
}

/// Prometheus rule files (`groups:` of `rules:`) and server configs (`scrape_configs:`).
pub fn looks_like_prometheus(yaml: &Yaml<'_>) -> bool {
    let Some(root) = yaml.docs.first().and_then(|d| d.root.as_ref()) else {
        return false;
    };
    if root.get("scrape_configs").is_some() {
        return true;
    }
    root.seq_items("groups")
        .first()
        .is_some_and(|g| g.get("rules").is_some() && g.get("name").is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helm_vs_prometheus_templates() {
        assert!(looks_like_helm("image: {{ .Values.image }}"));
        assert!(looks_like_helm("{{- include \"x\" . }}"));
        assert!(!looks_like_helm("summary: '{{ $labels.instance }} down'"));
        assert!(!looks_like_helm("run: echo ${{ github.sha }}"));
        let rule = "kind: PrometheusRule\n  description: x {{ with $labels.cluster -}} on {{ . }} {{- end }}";
        assert!(!looks_like_helm(rule));
        assert!(looks_like_helm(
            "kind: PrometheusRule\n{{- if .Values.rules }}\n  x: {{ with $labels.a }}{{ end }}"
        ));
    }
}
