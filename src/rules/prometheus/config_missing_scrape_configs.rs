use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Prometheus(&ConfigMissingScrapeConfigs);

struct ConfigMissingScrapeConfigs;

impl PrometheusRule for ConfigMissingScrapeConfigs {
    fn check_config(&self, config: &ServerConfig<'_, '_>, cx: &mut FileCtx<'_>) {
        // scrape jobs may come from separate files
        if config.root.get("scrape_config_files").is_some() {
            return;
        }
        match config.scrape_configs() {
            None => {
                cx.report(
                    config.anchor_span(),
                    "the Prometheus configuration has no `scrape_configs`: it scrapes nothing",
                )
                .help("add `scrape_configs:` with a job per target (or `scrape_config_files:`)");
            }
            Some(e) if config.jobs().is_empty() => {
                cx.report(e.key.span, "`scrape_configs` is empty: Prometheus scrapes nothing")
                    .help("add a job per target (`- job_name: app` with `static_configs` or a service discovery)");
            }
            Some(_) => {}
        }
    }
}
