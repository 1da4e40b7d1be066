use std::collections::BTreeMap;

use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Project(&MetricsWorkloadNotScraped);

struct MetricsWorkloadNotScraped;

/// Every `selector` pair is among `labels` (an empty selector selects everything).
fn selects(selector: &BTreeMap<String, String>, labels: &BTreeMap<String, String>) -> bool {
    selector.iter().all(|(k, v)| labels.get(k) == Some(v))
}

impl ProjectRule for MetricsWorkloadNotScraped {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        if project.files_only {
            return;
        }
        let p = &project.prometheus;
        let k8s_sd = p.configs.iter().any(|c| c.kubernetes_sd);
        // Services by the first label of their selector: a target's candidates are the
        // Services whose first selector label it carries
        let mut by_first: std::collections::HashMap<(&str, &str), Vec<usize>> =
            std::collections::HashMap::new();
        for (i, s) in p.services.iter().enumerate() {
            if let Some((k, v)) = s.selector.iter().next() {
                by_first
                    .entry((k.as_str(), v.as_str()))
                    .or_default()
                    .push(i);
            }
        }
        for t in &p.scrape_targets {
            // annotation-driven discovery (`kubernetes_sd_configs` + relabeling) scrapes it
            if t.annotated && k8s_sd {
                continue;
            }
            let mut candidates: Vec<usize> = t
                .pod_labels
                .iter()
                .filter_map(|(k, v)| by_first.get(&(k.as_str(), v.as_str())))
                .flatten()
                .copied()
                .collect();
            candidates.sort_unstable();
            candidates.dedup();
            let services: Vec<_> = candidates
                .iter()
                .filter_map(|&i| p.services.get(i))
                .filter(|s| !s.selector.is_empty() && selects(&s.selector, &t.pod_labels))
                .collect();
            let by_pod_monitor = p.monitors.iter().any(|m| {
                m.kind == "PodMonitor"
                    && (m.has_expressions || selects(&m.match_labels, &t.pod_labels))
            });
            let by_service_monitor = p.monitors.iter().any(|m| {
                m.kind == "ServiceMonitor"
                    && services
                        .iter()
                        .any(|s| m.has_expressions || selects(&m.match_labels, &s.labels))
            });
            let by_static = p.configs.iter().flat_map(|c| &c.static_hosts).any(|h| {
                t.name.as_deref() == Some(h.as_str())
                    || services
                        .iter()
                        .any(|s| s.name.as_deref() == Some(h.as_str()))
            });
            if by_pod_monitor || by_service_monitor || by_static {
                continue;
            }
            let why = if t.annotated {
                "is annotated `prometheus.io/scrape: \"true\"`"
            } else {
                "exposes a `metrics` port"
            };
            let name = t.name.as_deref().unwrap_or("(unnamed)");
            cx.report_at(
                &t.path,
                t.loc,
                format!("{} `{name}` {why} but no scrape job, ServiceMonitor or PodMonitor in the repository selects it", t.kind.to_ascii_lowercase()),
            )
            .help("add a ServiceMonitor/PodMonitor selecting its labels, or a scrape job for it; if Prometheus is configured in another repository, suppress with that reason");
        }
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::K8S
    }
}
