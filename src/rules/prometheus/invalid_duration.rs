use std::sync::OnceLock;

use regex::Regex;

use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Prometheus(&InvalidDuration);

struct InvalidDuration;

/// Prometheus's `<duration>`: `((([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?|0)`,
/// units in that order, each at most once.
pub fn is_duration(s: &str) -> bool {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    if s == "0" {
        return true;
    }
    !s.is_empty()
        && RE
            .get_or_init(|| {
                Regex::new(r"^(?:[0-9]+y)?(?:[0-9]+w)?(?:[0-9]+d)?(?:[0-9]+h)?(?:[0-9]+m)?(?:[0-9]+s)?(?:[0-9]+ms)?$").ok()
            })
            .as_ref()
            .is_some_and(|re| re.is_match(s))
}

fn check(node: Option<&Node<'_>>, key: &str, cx: &mut FileCtx<'_>) {
    let Some(n) = node else { return };
    // an expression of a templating tool, or a non-scalar (reported by other tools)
    let Some(v) = n.as_str() else { return };
    if is_duration(v) {
        return;
    }
    cx.report(
        n.span,
        format!("`{key}: {v}` is not a Prometheus duration: the file does not load"),
    )
    .help("write a duration like `30s`, `5m`, `1h30m` (units y, w, d, h, m, s, ms, largest first)");
}

impl PrometheusRule for InvalidDuration {
    fn check_rules(&self, rules: &RuleSet<'_, '_>, cx: &mut FileCtx<'_>) {
        for g in &rules.groups {
            check(g.node.get("interval"), "interval", cx);
            for r in &g.rules {
                check(r.for_(), "for", cx);
                check(r.node.get("keep_firing_for"), "keep_firing_for", cx);
            }
        }
    }

    fn check_config(&self, config: &ServerConfig<'_, '_>, cx: &mut FileCtx<'_>) {
        for key in ["scrape_interval", "scrape_timeout", "evaluation_interval"] {
            check(config.root.path(&["global", key]), key, cx);
        }
        for job in config.jobs() {
            for key in ["scrape_interval", "scrape_timeout"] {
                check(job.get(key), key, cx);
            }
        }
    }
}
