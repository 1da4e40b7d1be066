use std::collections::HashMap;

use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Prometheus(&DuplicateScrapeJob);

struct DuplicateScrapeJob;

impl PrometheusRule for DuplicateScrapeJob {
    fn check_config(&self, config: &ServerConfig<'_, '_>, cx: &mut FileCtx<'_>) {
        let mut seen: HashMap<&str, Span> = HashMap::new();
        for job in config.jobs() {
            let Some(n) = job.get("job_name") else {
                continue;
            };
            let Some(name) = n.as_str() else { continue };
            if let Some(first) = seen.get(name) {
                let line = cx.loc(*first).start.line;
                cx.report(n.span, format!("scrape job `{name}` is already defined on line {line}: Prometheus refuses to load this configuration"))
                    .help("give every scrape job a unique `job_name` (or merge their targets)");
            } else {
                seen.insert(name, n.span);
            }
        }
    }
}
