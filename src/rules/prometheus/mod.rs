//! Prometheus rules (G8: alerts that page someone are actionable; the server config
//! loads what the repository defines). Rule files and `PrometheusRule` objects are
//! linted by the same rules; this module also holds the pack's dispatch and the facts
//! it contributes to the project phase.

use std::collections::BTreeMap;

use crate::config::Config;
use crate::engine::FileOutcome;
use crate::engine::{rel_dir_of, run_pack_rules};
use crate::rules::{ImplKind, RuleImpl};
use crate::source::{Loc, SourceFile};
use crate::syntax::k8s::K8sObject;
use crate::syntax::prometheus::{rule_file, rule_object, RuleSet, ServerConfig};
use crate::syntax::yaml::{Node, Yaml};

/// An alerting rule (for coverage checks: alert → runbook).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct AlertFact {
    pub path: String,
    pub name: String,
    pub runbook_url: Option<String>,
    pub severity: Option<String>,
    /// The alert name.
    pub loc: Loc,
}

/// A server configuration's references the project phase resolves.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct PromConfigFact {
    pub path: String,
    /// Directory of the config relative to the project root (`rule_files` are relative to it).
    pub dir: String,
    pub rule_files: Vec<(String, Loc)>,
    /// Some job discovers Kubernetes targets (`kubernetes_sd_configs`).
    pub kubernetes_sd: bool,
    /// Hosts of `static_configs` targets (`web:9090` → `web`).
    pub static_hosts: Vec<String>,
}

/// A workload that asks to be scraped: `prometheus.io/scrape: "true"` or a port named
/// `metrics`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ScrapeTargetFact {
    pub path: String,
    pub kind: String,
    pub name: Option<String>,
    pub pod_labels: BTreeMap<String, String>,
    /// Annotated `prometheus.io/scrape: "true"` (else only a metrics port).
    pub annotated: bool,
    /// The annotation or the port name.
    pub loc: Loc,
}

/// A ServiceMonitor or PodMonitor: what it selects.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct MonitorFact {
    pub kind: String,
    pub match_labels: BTreeMap<String, String>,
    /// The selector uses `matchExpressions` (not evaluated: counts as selecting).
    pub has_expressions: bool,
}

/// A Service: its labels (what ServiceMonitors select) and its pod selector.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ServiceFact {
    pub name: Option<String>,
    pub labels: BTreeMap<String, String>,
    pub selector: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct PrometheusFacts {
    pub alerts: Vec<AlertFact>,
    pub configs: Vec<PromConfigFact>,
    pub scrape_targets: Vec<ScrapeTargetFact>,
    pub monitors: Vec<MonitorFact>,
    pub services: Vec<ServiceFact>,
}

impl PrometheusFacts {
    pub fn extend(&mut self, other: PrometheusFacts) {
        self.alerts.extend(other.alerts);
        self.configs.extend(other.configs);
        self.scrape_targets.extend(other.scrape_targets);
        self.monitors.extend(other.monitors);
        self.services.extend(other.services);
    }
}

fn run_rule_sets(
    file: &SourceFile,
    sets: &[RuleSet<'_, '_>],
    config: &Config,
    o: &mut FileOutcome,
) {
    if sets.is_empty() {
        return;
    }
    run_pack_rules(
        file,
        config,
        &mut o.diagnostics,
        ImplKind::Prometheus,
        |imp, cx| {
            if let RuleImpl::Prometheus(r) = imp {
                for s in sets {
                    r.check_rules(s, cx);
                }
            }
        },
    );
    for s in sets {
        for rule in s.groups.iter().flat_map(|g| &g.rules) {
            let Some(alert) = rule.alert() else { continue };
            let Some(name) = alert.value.as_str() else {
                continue;
            };
            o.facts.prometheus.alerts.push(AlertFact {
                path: file.path.clone(),
                name: name.to_string(),
                runbook_url: rule
                    .annotation("runbook_url")
                    .and_then(Node::as_str)
                    .map(str::to_owned),
                severity: rule.severity(),
                loc: file.loc(alert.value.span),
            });
        }
    }
}

/// A rule file or a server configuration.
pub fn lint_file(
    file: &SourceFile,
    yaml: &Yaml<'_>,
    config: &Config,
    root: &str,
    o: &mut FileOutcome,
) {
    if let Some(set) = rule_file(yaml) {
        run_rule_sets(file, std::slice::from_ref(&set), config, o);
    }
    let name = file.path.rsplit('/').next().unwrap_or(&file.path);
    let Some(server) = ServerConfig::from_yaml(yaml, name) else {
        return;
    };
    run_pack_rules(
        file,
        config,
        &mut o.diagnostics,
        ImplKind::Prometheus,
        |imp, cx| {
            if let RuleImpl::Prometheus(r) = imp {
                r.check_config(&server, cx);
            }
        },
    );
    let jobs = server.jobs();
    o.facts.prometheus.configs.push(PromConfigFact {
        path: file.path.clone(),
        dir: rel_dir_of(&file.path, root),
        rule_files: server
            .rule_files()
            .into_iter()
            .filter_map(|n| Some((n.as_str()?.to_string(), file.loc(n.span))))
            .collect(),
        kubernetes_sd: jobs
            .iter()
            .any(|j| j.get("kubernetes_sd_configs").is_some()),
        static_hosts: jobs
            .iter()
            .flat_map(|j| j.seq_items("static_configs"))
            .flat_map(|s| s.seq_items("targets"))
            .filter_map(|t| t.as_str())
            .map(|t| {
                let t = t.split_once("://").map_or(t, |(_, r)| r);
                t.split([':', '/']).next().unwrap_or(t).to_string()
            })
            .collect(),
    });
}

fn string_map(node: Option<&Node<'_>>) -> BTreeMap<String, String> {
    node.and_then(Node::as_map)
        .unwrap_or(&[])
        .iter()
        .filter_map(|e| Some((e.key.as_str()?.to_string(), e.value.as_str()?.to_string())))
        .collect()
}

/// A port name that says it serves metrics (`metrics`, `http-metrics`, `metrics-tls`).
pub fn is_metrics_port(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n == "metrics" || n.ends_with("-metrics") || n.starts_with("metrics-")
}

/// `PrometheusRule` objects, and the facts of Kubernetes objects the project rules use.
pub fn lint_objects(
    file: &SourceFile,
    objects: &[K8sObject<'_, '_>],
    config: &Config,
    o: &mut FileOutcome,
) {
    let sets: Vec<RuleSet<'_, '_>> = objects.iter().filter_map(rule_object).collect();
    run_rule_sets(file, &sets, config, o);
    for obj in objects {
        match obj.kind {
            "ServiceMonitor" | "PodMonitor" => {
                let sel = obj.node.path(&["spec", "selector"]);
                o.facts.prometheus.monitors.push(MonitorFact {
                    kind: obj.kind.to_string(),
                    match_labels: string_map(sel.and_then(|s| s.get("matchLabels"))),
                    has_expressions: sel.is_some_and(|s| {
                        s.get("matchExpressions")
                            .and_then(Node::as_seq)
                            .is_some_and(|e| !e.is_empty())
                    }),
                });
            }
            "Service" => o.facts.prometheus.services.push(ServiceFact {
                name: obj.name().map(str::to_owned),
                labels: string_map(obj.node.path(&["metadata", "labels"])),
                selector: string_map(obj.node.path(&["spec", "selector"])),
            }),
            _ => {}
        }
        let Some(pod) = obj.pod_spec() else { continue };
        let scrape = pod
            .metadata
            .and_then(|m| m.path(&["annotations", "prometheus.io/scrape"]))
            .or_else(|| {
                obj.node
                    .path(&["metadata", "annotations", "prometheus.io/scrape"])
            })
            .filter(|n| n.as_str().is_some_and(|s| s.eq_ignore_ascii_case("true")));
        let port = pod
            .containers()
            .flat_map(|c| c.node.seq_items("ports"))
            .filter_map(|p| p.get("name"))
            .find(|n| n.as_str().is_some_and(is_metrics_port));
        let Some(at) = scrape.or(port) else { continue };
        o.facts.prometheus.scrape_targets.push(ScrapeTargetFact {
            path: file.path.clone(),
            kind: obj.kind.to_string(),
            name: obj.name().map(str::to_owned),
            pod_labels: string_map(pod.metadata.and_then(|m| m.get("labels"))),
            annotated: scrape.is_some(),
            loc: file.loc(at.span),
        });
    }
}

pub mod alert_missing_runbook_url;
pub mod alert_missing_severity;
pub mod alert_missing_summary;
pub mod config_missing_scrape_configs;
pub mod critical_alert_missing_for;
pub mod duplicate_alert_name;
pub mod duplicate_group_name;
pub mod duplicate_scrape_job;
pub mod invalid_duration;
pub mod invalid_promql;
pub mod metrics_workload_not_scraped;
pub mod missing_alert_rules;
pub mod recording_rule_name;
pub mod rule_files_missing;
