//! Matching document sections by meaning: each section a document must have has a
//! list of heading synonyms and, for a complete section, items its text must mention.
//! The lists are documented in each rule's doc (`rules/docs/*.md`).

use crate::rules::prelude::*;

pub struct SectionSpec {
    /// What the section is called in messages ("service overview").
    pub what: &'static str,
    /// The heading to suggest (`## Service overview`).
    pub suggest: &'static str,
    /// A heading containing one of these words or phrases is this section.
    pub synonyms: &'static [&'static str],
    /// What the section must mention: (item, words any of which counts).
    pub items: &'static [(&'static str, &'static [&'static str])],
}

pub const OVERVIEW: SectionSpec = SectionSpec {
    what: "service overview",
    suggest: "## Service overview",
    synonyms: &[
        "overview",
        "about",
        "architecture",
        "description",
        "introduction",
        "summary",
        "service information",
        "what is",
    ],
    items: &[
        (
            "endpoints",
            &["endpoint", "url", "http", "port", "api", "host", "ingress"],
        ),
        (
            "dependencies",
            &[
                "depend",
                "upstream",
                "downstream",
                "database",
                "backing service",
                "requires",
            ],
        ),
        (
            "SLA/SLO",
            &[
                "sla",
                "slo",
                "availability",
                "uptime",
                "99.",
                "error budget",
            ],
        ),
    ],
};

pub const MONITORING: SectionSpec = SectionSpec {
    what: "monitoring",
    suggest: "## Monitoring",
    synonyms: &[
        "monitoring",
        "observability",
        "dashboards",
        "dashboard",
        "alerting",
        "alerts",
        "metrics",
        "telemetry",
    ],
    items: &[
        (
            "dashboards",
            &["dashboard", "grafana", "kibana", "datadog", "console"],
        ),
        ("alerts", &["alert", "pager", "page ", "alertmanager"]),
        ("logs", &["log"]),
    ],
};

pub const COMMON_ISSUES: SectionSpec = SectionSpec {
    what: "common issues",
    suggest: "## Common issues",
    synonyms: &[
        "common issues",
        "common problems",
        "known issues",
        "troubleshooting",
        "troubleshoot",
        "failure modes",
        "incidents",
        "playbook",
        "playbooks",
        "faq",
    ],
    items: &[],
};

pub const ROLLBACK: SectionSpec = SectionSpec {
    what: "rollback",
    suggest: "## Rollback",
    synonyms: &[
        "rollback",
        "rollbacks",
        "roll back",
        "rolling back",
        "roll-back",
        "revert",
        "reverting",
        "undo",
        "downgrade",
    ],
    items: &[],
};

pub const ESCALATION: SectionSpec = SectionSpec {
    what: "escalation and contacts",
    suggest: "## Escalation",
    synonyms: &[
        "escalation",
        "escalate",
        "on-call",
        "oncall",
        "on call",
        "contacts",
        "contact",
        "owners",
        "ownership",
        "support",
        "who to call",
    ],
    items: &[(
        "who to contact",
        &[
            "@",
            "slack",
            "pagerduty",
            "opsgenie",
            "email",
            "phone",
            "team",
            "channel",
            "rotation",
            "on-call",
            "oncall",
            "#",
        ],
    )],
};

/// `a`, `a and b`, `a, b and c`.
pub fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Whether `phrase` occurs in `hay` (both lowercase) as whole words.
pub fn has_phrase(hay: &str, phrase: &str) -> bool {
    let bytes = hay.as_bytes();
    let mut from = 0;
    while let Some(i) = hay[from..].find(phrase) {
        let start = from + i;
        let end = start + phrase.len();
        let before = start == 0 || !bytes[start - 1].is_ascii_alphanumeric();
        let after = end >= bytes.len() || !bytes[end].is_ascii_alphanumeric();
        if before && after {
            return true;
        }
        from = end;
    }
    false
}

/// The first heading that names this section.
pub fn find(doc: &Markdown, spec: &SectionSpec) -> Option<usize> {
    doc.headings.iter().position(|h| {
        let t = h.text.to_lowercase();
        spec.synonyms.iter().any(|s| has_phrase(&t, s))
    })
}

/// The items of `spec` the section's text (heading included) does not mention.
pub fn missing_items(
    text: &str,
    doc: &Markdown,
    i: usize,
    spec: &SectionSpec,
) -> Vec<&'static str> {
    let h = &doc.headings[i];
    let body = doc.section(i);
    // the heading's text (not its `#` markup) and the body
    let section = format!(
        "{}\n{}",
        h.text,
        text.get(body.start..body.end).unwrap_or_default()
    )
    .to_lowercase();
    spec.items
        .iter()
        .filter(|(_, words)| !words.iter().any(|w| section.contains(w)))
        .map(|(item, _)| *item)
        .collect()
}

/// The common check of a required runbook section: missing (at the title) or missing
/// items (at its heading). Returns the section's heading index when present.
pub fn check_runbook_section(
    doc: &Markdown,
    role: DocRole,
    cx: &mut FileCtx<'_>,
    spec: &SectionSpec,
) -> Option<usize> {
    if role != DocRole::Runbook {
        return None;
    }
    let text = cx.file.text.clone();
    let Some(i) = find(doc, spec) else {
        let items: Vec<&str> = spec.items.iter().map(|(i, _)| *i).collect();
        let what = if items.is_empty() {
            String::new()
        } else {
            format!(" covering {}", items.join(", "))
        };
        cx.report(
            doc.title_span(&text),
            format!("the runbook has no {} section", spec.what),
        )
        .help(format!(
            "add a `{}` section{what} (headings recognised: {})",
            spec.suggest,
            spec.synonyms.join(", ")
        ));
        return None;
    };
    let missing = missing_items(&text, doc, i, spec);
    if !missing.is_empty() {
        cx.report(
            doc.headings[i].span,
            format!(
                "the {} section does not mention {}",
                spec.what,
                and_list(&missing)
            ),
        )
        .help(format!("add {} to this section", and_list(&missing)));
    }
    Some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_are_whole_words() {
        assert!(has_phrase("rollback procedure", "rollback"));
        assert!(has_phrase("how to roll back", "roll back"));
        assert!(!has_phrase("rollbacks", "rollback"));
        assert!(!has_phrase("supporting", "support"));
        assert!(has_phrase("on-call", "on-call"));
    }
}
