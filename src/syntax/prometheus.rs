//! Prometheus files: rule files (`groups:` → `rules:`), the same groups inside
//! `PrometheusRule` objects (`spec.groups`), and server configs (`prometheus.yml`).
//! Typed views over the located YAML tree; every accessor returns tree nodes.

use crate::source::Span;
use crate::syntax::k8s::K8sObject;
use crate::syntax::yaml::{Entry, Node, Yaml};

/// Where a set of rule groups comes from.
#[derive(Clone, Copy)]
pub enum RulesSource<'t> {
    /// A rule file loaded by `rule_files:`.
    File,
    /// A `PrometheusRule` object (prometheus-operator), by name.
    Object(Option<&'t str>),
}

/// The rule groups of one rule file or one `PrometheusRule` object.
pub struct RuleSet<'t, 'a> {
    pub source: RulesSource<'t>,
    pub groups: Vec<Group<'t, 'a>>,
}

pub struct Group<'t, 'a> {
    pub node: &'t Node<'a>,
    pub name: Option<&'t str>,
    pub rules: Vec<PromRule<'t, 'a>>,
}

/// One alerting or recording rule.
pub struct PromRule<'t, 'a> {
    pub node: &'t Node<'a>,
}

impl<'t, 'a> PromRule<'t, 'a> {
    /// `alert:` entry (key and name) of an alerting rule.
    pub fn alert(&self) -> Option<&'t Entry<'a>> {
        self.node.entry("alert")
    }

    /// The alert's name (`None` for a recording rule or an empty `alert:`).
    pub fn alert_name(&self) -> Option<&'t str> {
        self.alert()?.value.as_str().filter(|s| !s.is_empty())
    }

    pub fn record(&self) -> Option<&'t Entry<'a>> {
        self.node.entry("record")
    }

    pub fn expr(&self) -> Option<&'t Node<'a>> {
        self.node.get("expr")
    }

    pub fn for_(&self) -> Option<&'t Node<'a>> {
        self.node.get("for")
    }

    pub fn labels(&self) -> Option<&'t Node<'a>> {
        self.node.get("labels")
    }

    pub fn label(&self, key: &str) -> Option<&'t Node<'a>> {
        self.labels()?.get(key)
    }

    pub fn annotations(&self) -> Option<&'t Node<'a>> {
        self.node.get("annotations")
    }

    pub fn annotation(&self, key: &str) -> Option<&'t Node<'a>> {
        self.annotations()?.get(key)
    }

    /// Where findings about the rule point: the alert or record name.
    pub fn anchor_span(&self) -> Span {
        self.alert()
            .or_else(|| self.record())
            .map_or(self.node.span, |e| {
                // `alert:` with no name: point at the key
                if e.value.span.is_empty() {
                    e.key.span
                } else {
                    e.value.span
                }
            })
    }

    /// `severity` label value, lowercased.
    pub fn severity(&self) -> Option<String> {
        Some(self.label("severity")?.as_str()?.to_ascii_lowercase())
    }
}

fn groups_of<'t, 'a>(node: &'t Node<'a>) -> Vec<Group<'t, 'a>> {
    node.seq_items("groups")
        .iter()
        .filter(|g| g.is_map())
        .map(|g| Group {
            node: g,
            name: g.get_str("name"),
            rules: g
                .seq_items("rules")
                .iter()
                .filter(|r| r.is_map())
                .map(|node| PromRule { node })
                .collect(),
        })
        .collect()
}

/// The rule groups of a rule file (first document with `groups:` of `rules:`).
pub fn rule_file<'t, 'a>(yaml: &'t Yaml<'a>) -> Option<RuleSet<'t, 'a>> {
    let root = yaml.docs.first()?.root.as_ref()?;
    root.get("groups").and_then(Node::as_seq)?;
    Some(RuleSet {
        source: RulesSource::File,
        groups: groups_of(root),
    })
}

/// The rule groups of a `PrometheusRule` object (`spec.groups`).
pub fn rule_object<'t, 'a>(obj: &K8sObject<'t, 'a>) -> Option<RuleSet<'t, 'a>> {
    if obj.kind != "PrometheusRule" {
        return None;
    }
    let spec = obj.node.get("spec")?;
    Some(RuleSet {
        source: RulesSource::Object(obj.name()),
        groups: groups_of(spec),
    })
}

/// A Prometheus server configuration (`prometheus.yml`).
pub struct ServerConfig<'t, 'a> {
    pub root: &'t Node<'a>,
}

/// Top-level keys only a server configuration has.
const SERVER_KEYS: &[&str] = &[
    "global",
    "scrape_configs",
    "scrape_config_files",
    "rule_files",
    "alerting",
    "remote_write",
    "remote_read",
    "storage",
    "tracing",
];

impl<'t, 'a> ServerConfig<'t, 'a> {
    /// A server configuration: `scrape_configs:` at the top, or a file named like one
    /// (`prometheus.yml`, `prometheus-*.yaml`) whose top-level keys are all server keys.
    pub fn from_yaml(yaml: &'t Yaml<'a>, file_name: &str) -> Option<ServerConfig<'t, 'a>> {
        let root = yaml.docs.first()?.root.as_ref()?;
        let entries = root.as_map()?;
        if root.get("scrape_configs").is_some() {
            return Some(ServerConfig { root });
        }
        let lower = file_name.to_ascii_lowercase();
        let named = lower.starts_with("prometheus") && !lower.contains("rule");
        let all_server_keys = !entries.is_empty()
            && entries
                .iter()
                .all(|e| e.key.as_str().is_some_and(|k| SERVER_KEYS.contains(&k)));
        (named && all_server_keys).then_some(ServerConfig { root })
    }

    pub fn scrape_configs(&self) -> Option<&'t Entry<'a>> {
        self.root.entry("scrape_configs")
    }

    /// The scrape jobs (`scrape_configs:` items that are mappings).
    pub fn jobs(&self) -> Vec<&'t Node<'a>> {
        self.root
            .seq_items("scrape_configs")
            .iter()
            .filter(|n| n.is_map())
            .collect()
    }

    /// `rule_files:` patterns with their nodes.
    pub fn rule_files(&self) -> Vec<&'t Node<'a>> {
        self.root
            .seq_items("rule_files")
            .iter()
            .filter(|n| n.as_str().is_some_and(|s| !s.is_empty()))
            .collect()
    }

    /// Where file-level findings point: the first top-level key.
    pub fn anchor_span(&self) -> Span {
        self.root
            .as_map()
            .and_then(|m| m.first())
            .map_or(self.root.span, |e| e.key.span)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{k8s, yaml};

    #[test]
    fn rule_files_and_objects() {
        let text = "groups:\n  - name: g\n    rules:\n      - alert: Down\n        expr: up == 0\n        labels: {severity: critical}\n      - record: job:up:sum\n        expr: sum by (job) (up)\n";
        let y = yaml::parse(text);
        let rs = rule_file(&y).unwrap();
        assert_eq!(rs.groups[0].rules.len(), 2);
        let a = &rs.groups[0].rules[0];
        assert_eq!(a.alert_name(), Some("Down"));
        assert_eq!(a.severity().as_deref(), Some("critical"));
        let obj = "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: {name: r}\nspec:\n  groups:\n    - name: g\n      rules:\n        - alert: X\n          expr: up\n";
        let y = yaml::parse(obj);
        let objs = k8s::objects(&y);
        let rs = rule_object(&objs[0]).unwrap();
        assert_eq!(rs.groups[0].rules[0].alert_name(), Some("X"));
    }

    #[test]
    fn server_configs() {
        let y = yaml::parse("global: {scrape_interval: 15s}\nrule_files: [a.yml]\n");
        assert!(ServerConfig::from_yaml(&y, "prometheus.yml").is_some());
        assert!(ServerConfig::from_yaml(&y, "values.yml").is_none());
        let y = yaml::parse("scrape_configs:\n  - job_name: a\n");
        let c = ServerConfig::from_yaml(&y, "x.yml").unwrap();
        assert_eq!(c.jobs().len(), 1);
    }
}
