//! Content-based classification of YAML files that the path alone cannot decide.

use crate::source::is_word_char;
use crate::syntax::yaml::Yaml;

/// Go-template actions Helm charts use (`{{ .Values.x }}`, `{{- include "…" }}`), as
/// opposed to `{{ $labels.x }}` in Prometheus annotations or `${{ }}` in workflows.
pub fn looks_like_helm(text: &str) -> bool {
    if !text.contains("{{") {
        return false;
    }
    helm_action(text) && !prometheus_alert_templates(text)
}

/// Whether `text` matches `\{\{-?\s*(?:\.Values|\.Release|\.Chart|\.Capabilities|\.Files|\$\.Values|include\s|template\s|toYaml|tpl\s|if\s|else|range\s|with\s|end\b|define\s|/\*)`
/// (Unicode `\s` and `\b`), decided at each `{{` without compiling the regex: `-` and
/// the blanks after it are skipped whole (no name starts with either).
fn helm_action(text: &str) -> bool {
    const NAMES: &[&str] = &[
        ".Values",
        ".Release",
        ".Chart",
        ".Capabilities",
        ".Files",
        "$.Values",
        "toYaml",
        "else",
        "/*",
    ];
    const BEFORE_BLANK: &[&str] = &[
        "include", "template", "tpl", "if", "range", "with", "define",
    ];
    let mut at = 0;
    // every `{{`, overlapping ones (`{{{`) included
    while let Some(i) = text.get(at..).and_then(|t| t.find("{{")) {
        let open = at + i;
        at = open + 1;
        let rest = &text[open + 2..];
        let rest = rest.strip_prefix('-').unwrap_or(rest);
        let rest = rest.trim_start_matches(char::is_whitespace);
        let followed = |word: &str, then: &dyn Fn(Option<char>) -> bool| {
            rest.strip_prefix(word)
                .is_some_and(|after| then(after.chars().next()))
        };
        if NAMES.iter().any(|n| rest.starts_with(n))
            || BEFORE_BLANK
                .iter()
                .any(|w| followed(w, &|c| c.is_some_and(char::is_whitespace)))
            || followed("end", &|c| !c.is_some_and(is_word_char))
        {
            return true;
        }
    }
    false
}

/// Prometheus alert rules use Go templates too (`{{ with $labels.cluster }}…{{ end }}`
/// in annotations): in a rule file or a `PrometheusRule` object, only Helm's own names
/// (`.Values`, `include`, …) mark a Helm template.
fn prometheus_alert_templates(text: &str) -> bool {
    let rules =
        text.contains("kind: PrometheusRule") || text.lines().any(|l| l.starts_with("groups:"));
    if !rules {
        return false;
    }
    !helm_names(text)
}

/// Whether `text` matches `\{\{[^}]*(?:\.Values|\.Release|\.Chart|\.Capabilities|\.Files)|\{\{-?\s*(?:include|template|toYaml|tpl|define)\s`
/// (Unicode `\s`), decided at each `{{`: a name before the next `}` (no name holds
/// one), or a function name right after the `-` and blanks.
fn helm_names(text: &str) -> bool {
    const NAMES: &[&str] = &[".Values", ".Release", ".Chart", ".Capabilities", ".Files"];
    const FUNCTIONS: &[&str] = &["include", "template", "toYaml", "tpl", "define"];
    let mut at = 0;
    while let Some(i) = text.get(at..).and_then(|t| t.find("{{")) {
        let open = at + i;
        at = open + 1;
        let rest = &text[open + 2..];
        let action = &rest[..rest.find('}').unwrap_or(rest.len())];
        if NAMES.iter().any(|n| action.contains(n)) {
            return true;
        }
        let rest = rest.strip_prefix('-').unwrap_or(rest);
        let rest = rest.trim_start_matches(char::is_whitespace);
        if FUNCTIONS.iter().any(|f| {
            rest.strip_prefix(f)
                .is_some_and(|after| after.chars().next().is_some_and(char::is_whitespace))
        }) {
            return true;
        }
    }
    false
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
    use regex::Regex;

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

    #[test]
    fn helm_action_as_the_regex_decides() {
        let re = Regex::new(
            r"\{\{-?\s*(?:\.Values|\.Release|\.Chart|\.Capabilities|\.Files|\$\.Values|include\s|template\s|toYaml|tpl\s|if\s|else|range\s|with\s|end\b|define\s|/\*)",
        )
        .expect("valid regex");
        let parts = [
            "{{",
            "{",
            "}}",
            "-",
            "--",
            " ",
            "\t",
            "\n",
            "\u{a0}",
            "\u{2003}",
            "x",
            "é",
            "_",
            ".Values",
            ".Value",
            "$.Values",
            "$",
            ".Release",
            ".Chart",
            ".Capabilities",
            ".Files",
            "include",
            "template",
            "toYaml",
            "tpl",
            "if",
            "else",
            "range",
            "with",
            "end",
            "ends",
            "define",
            "/*",
            "/",
            "$labels",
            "\u{300}",
        ];
        let matched = crate::test_support::assert_decides_as(
            &re,
            &parts,
            8,
            40_000,
            0x1234_5678_9ABC_DEF1,
            helm_action,
        );
        assert!(matched > 1000, "{matched}");
    }

    #[test]
    fn helm_names_as_the_regex_decides() {
        let re = Regex::new(
            r"\{\{[^}]*(?:\.Values|\.Release|\.Chart|\.Capabilities|\.Files)|\{\{-?\s*(?:include|template|toYaml|tpl|define)\s",
        )
        .expect("valid regex");
        let parts = [
            "{{",
            "{",
            "}",
            "}}",
            "-",
            " ",
            "\n",
            "\u{a0}",
            "x",
            "é",
            ".Values",
            ".Value",
            ".Release",
            ".Chart",
            ".Capabilities",
            ".Files",
            "include",
            "template",
            "toYaml",
            "tpl",
            "define",
            "$labels",
            "end",
        ];
        let matched = crate::test_support::assert_decides_as(
            &re,
            &parts,
            8,
            30_000,
            0x5555_AAAA_1234_4321,
            helm_names,
        );
        assert!(matched > 1000, "{matched}");
    }
}
