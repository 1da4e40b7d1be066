//! Typed view over located YAML for docker-compose files.

use super::yaml::{Node, Yaml};
use crate::source::Span;

pub struct ComposeFile<'t, 'a> {
    pub root: &'t Node<'a>,
    pub services: Vec<Service<'t, 'a>>,
}

#[derive(Clone, Copy)]
pub struct Service<'t, 'a> {
    pub name: &'t str,
    pub key: &'t Node<'a>,
    pub body: &'t Node<'a>,
}

impl<'t, 'a> ComposeFile<'t, 'a> {
    /// The compose model of the first document, if it is a mapping.
    pub fn from_yaml(yaml: &'t Yaml<'a>) -> Option<ComposeFile<'t, 'a>> {
        let root = yaml.docs.first()?.root.as_ref()?;
        if !root.is_map() {
            return None;
        }
        let services = root
            .map_entries("services")
            .iter()
            .filter_map(|e| {
                Some(Service {
                    name: e.key.as_str()?,
                    key: &e.key,
                    body: &e.value,
                })
            })
            .collect();
        Some(ComposeFile { root, services })
    }

    pub fn service(&self, name: &str) -> Option<&Service<'t, 'a>> {
        self.services.iter().find(|s| s.name == name)
    }
}

impl<'t, 'a> Service<'t, 'a> {
    pub fn get(&self, key: &str) -> Option<&'t Node<'a>> {
        self.body.get(key)
    }

    /// The span findings about this service point at: its name key.
    pub fn anchor_span(&self) -> Span {
        self.key.span
    }

    pub fn image(&self) -> Option<&'t Node<'a>> {
        self.get("image")
    }

    /// `build:` as a string context or `build.context`.
    pub fn build_context(&self) -> Option<&'t str> {
        let b = self.get("build")?;
        match b.as_str() {
            Some(s) => Some(s),
            None => b.get_str("context").or(Some(".")),
        }
    }

    /// `build.dockerfile`, if set.
    pub fn build_dockerfile(&self) -> Option<&'t str> {
        self.get("build")?.get_str("dockerfile")
    }

    pub fn has_healthcheck(&self) -> bool {
        self.get("healthcheck").is_some_and(|h| !h.is_null())
    }

    /// `healthcheck: {disable: true}` or `test: ["NONE"]`.
    pub fn healthcheck_disabled(&self) -> bool {
        let Some(h) = self.get("healthcheck") else {
            return false;
        };
        if h.get("disable").and_then(Node::as_bool) == Some(true) {
            return true;
        }
        match h.get("test") {
            Some(t) => {
                t.as_str() == Some("NONE")
                    || t.as_seq().and_then(|s| s.first()).and_then(Node::as_str) == Some("NONE")
            }
            None => false,
        }
    }
}

/// One `depends_on` entry.
pub struct Dependency<'t, 'a> {
    pub name: &'t str,
    /// The service name as written (list item or mapping key).
    pub name_node: &'t Node<'a>,
    /// `condition:` of the long form.
    pub condition: Option<&'t Node<'a>>,
}

/// One published or exposed port of `ports:`.
#[derive(Debug, Clone)]
pub struct PortMapping<'t, 'a> {
    /// The item: the short-syntax string or the long-syntax mapping.
    pub node: &'t Node<'a>,
    /// Where the host binding is written: the short-syntax string, or `published:`.
    pub span: Span,
    /// `host_ip` (unset: all interfaces).
    pub host_ip: Option<String>,
    /// Host port or range (`8080`, `8000-8010`), `None` when compose picks one.
    pub published: Option<(u32, u32)>,
    pub target: String,
    pub protocol: String,
}

impl PortMapping<'_, '_> {
    /// The port listens on every host interface (`0.0.0.0` / `::` / no IP).
    pub fn all_interfaces(&self) -> bool {
        matches!(
            self.host_ip.as_deref(),
            None | Some("0.0.0.0") | Some("::") | Some("[::]") | Some("")
        )
    }
}

/// Expand `${VAR:-default}` with no environment: the value compose uses when the
/// variable is unset. `None` when a variable has no default.
pub fn resolve_default(s: &str) -> Option<String> {
    if !super::interp::has_vars(s) {
        return Some(s.to_string());
    }
    let e = super::interp::expand(s, &|_| None);
    (!e.unresolved).then_some(e.value)
}

fn parse_range(s: &str) -> Option<(u32, u32)> {
    let s = s.trim();
    match s.split_once('-') {
        Some((a, b)) => {
            let a: u32 = a.trim().parse().ok()?;
            let b: u32 = b.trim().parse().ok()?;
            (a <= b).then_some((a, b))
        }
        None => s.parse().ok().map(|p| (p, p)),
    }
}

/// A parsed short-syntax port: host IP, host port range, container port, protocol.
pub type ShortPort = (Option<String>, Option<(u32, u32)>, String, String);

/// Parse a short-syntax port (`[HOST_IP:][HOST:]CONTAINER[/PROTO]`), variables resolved
/// to their defaults. `None` when it cannot be read.
pub fn parse_short_port(raw: &str) -> Option<ShortPort> {
    let s = resolve_default(raw)?;
    let s = s.trim();
    let (body, proto) = match s.rsplit_once('/') {
        Some((b, p)) => (b, p.to_ascii_lowercase()),
        None => (s, "tcp".to_string()),
    };
    // bracketed IPv6 host IP
    let (ip, rest) = if let Some(r) = body.strip_prefix('[') {
        let (ip, rest) = r.split_once(']')?;
        (Some(ip.to_string()), rest.strip_prefix(':')?)
    } else {
        (None, body)
    };
    let parts: Vec<&str> = rest.split(':').collect();
    let (ip, host, target) = match (ip, parts.as_slice()) {
        (None, [t]) => (None, None, *t),
        (None, [h, t]) => (None, Some(*h), *t),
        (None, [i, h, t]) => (Some(i.to_string()), Some(*h), *t),
        (Some(ip), [h, t]) => (Some(ip), Some(*h), *t),
        (Some(ip), [t]) => (Some(ip), None, *t),
        // unbracketed IPv6 (`::1:8080:80`): the last two parts are the ports
        (None, [.., h, t]) if parts.len() > 3 => {
            let ip_len = rest.len() - h.len() - t.len() - 2;
            (Some(rest[..ip_len].to_string()), Some(*h), *t)
        }
        _ => return None,
    };
    parse_range(target)?;
    let published = match host {
        Some(h) if !h.trim().is_empty() => Some(parse_range(h)?),
        _ => None,
    };
    Some((ip, published, target.trim().to_string(), proto))
}

/// Image names of databases, caches and brokers, with their native readiness check.
pub const DATA_STORES: &[(&str, &str)] = &[
    ("postgres", "pg_isready"),
    ("postgis", "pg_isready"),
    ("timescaledb", "pg_isready"),
    ("mysql", "mysqladmin ping"),
    ("mariadb", "healthcheck.sh"),
    ("percona", "mysqladmin ping"),
    ("redis", "redis-cli ping"),
    ("valkey", "valkey-cli ping"),
    ("keydb", "keydb-cli ping"),
    ("mongo", "mongosh --eval \"db.adminCommand('ping')\""),
    ("rabbitmq", "rabbitmq-diagnostics ping"),
    ("memcached", "an `nc`/`echo stats` probe"),
    (
        "elasticsearch",
        "curl -f http://localhost:9200/_cluster/health",
    ),
    (
        "opensearch",
        "curl -f http://localhost:9200/_cluster/health",
    ),
    ("cassandra", "nodetool status"),
    ("mssql", "sqlcmd -Q \"SELECT 1\""),
    ("cockroach", "curl -f http://localhost:8080/health?ready=1"),
    ("zookeeper", "echo ruok | nc localhost 2181"),
    ("kafka", "kafka-broker-api-versions.sh"),
    ("nats", "wget http://localhost:8222/healthz"),
    ("etcd", "etcdctl endpoint health"),
    ("influxdb", "influx ping"),
    ("clickhouse", "clickhouse-client --query 'SELECT 1'"),
    ("couchdb", "curl -f http://localhost:5984/_up"),
    ("neo4j", "wget http://localhost:7474"),
];

/// The data store an image is, by its last path component (`bitnami/postgresql:16`
/// → `postgres`), and its native check.
pub fn data_store(image: &str) -> Option<(&'static str, &'static str)> {
    let r = super::image::ImageRef::parse(image);
    let short = r.short_name().to_ascii_lowercase();
    DATA_STORES
        .iter()
        .find(|(name, _)| {
            short == *name
                || short.strip_prefix(name).is_some_and(|rest| {
                    matches!(rest, "ql" | "-server" | "db" | "-alpine" | "-stack")
                })
                || (*name == "mssql" && r.name.to_ascii_lowercase().contains("mssql"))
        })
        .copied()
}

impl<'t, 'a> Service<'t, 'a> {
    /// A memory or CPU limit: `deploy.resources.limits.{memory,cpus}`, `mem_limit`,
    /// `cpus` or `cpu_quota`.
    pub fn has_limits(&self) -> bool {
        let limits = self.body.path(&["deploy", "resources", "limits"]);
        let has_deploy_limit =
            limits.is_some_and(|l| l.get("memory").is_some() || l.get("cpus").is_some());
        has_deploy_limit
            || ["mem_limit", "cpus", "cpu_quota"]
                .iter()
                .any(|k| self.get(k).is_some())
    }

    /// Where a missing-limits finding points: the narrowest existing parent,
    /// `resources:`, else `deploy:`, else the service name.
    pub fn limits_anchor(&self) -> Span {
        let deploy = self.body.entry("deploy");
        let resources = deploy.and_then(|d| d.value.entry("resources"));
        resources
            .or(deploy)
            .map_or(self.anchor_span(), |e| e.key.span)
    }

    /// `security_opt` holds `no-new-privileges` or `no-new-privileges:true`.
    pub fn no_new_privileges(&self) -> bool {
        self.body.seq_items("security_opt").iter().any(|n| {
            n.as_str().is_some_and(|v| {
                let v = v.trim().to_ascii_lowercase();
                v == "no-new-privileges"
                    || v == "no-new-privileges:true"
                    || v == "no-new-privileges=true"
            })
        })
    }

    /// The healthcheck `test` as one string (list items joined with spaces).
    pub fn healthcheck_test(&self) -> Option<String> {
        let t = self.get("healthcheck")?.get("test")?;
        if let Some(s) = t.as_str() {
            return Some(s.to_string());
        }
        let parts: Vec<&str> = t.as_seq()?.iter().filter_map(Node::as_str).collect();
        Some(parts.join(" "))
    }

    /// `depends_on` in its list or mapping form.
    pub fn depends_on(&self) -> Vec<Dependency<'t, 'a>> {
        let Some(d) = self.get("depends_on") else {
            return Vec::new();
        };
        if let Some(items) = d.as_seq() {
            return items
                .iter()
                .filter_map(|n| {
                    Some(Dependency {
                        name: n.as_str()?,
                        name_node: n,
                        condition: None,
                    })
                })
                .collect();
        }
        d.as_map()
            .unwrap_or(&[])
            .iter()
            .filter_map(|e| {
                Some(Dependency {
                    name: e.key.as_str()?,
                    name_node: &e.key,
                    condition: e.value.get("condition"),
                })
            })
            .collect()
    }

    /// `profiles:` names (empty: the service always starts).
    pub fn profiles(&self) -> Vec<&'t str> {
        self.get("profiles")
            .and_then(Node::as_seq)
            .unwrap_or(&[])
            .iter()
            .filter_map(Node::as_str)
            .collect()
    }

    /// `image:` with `${VAR:-default}` resolved to the default.
    pub fn image_resolved(&self) -> Option<String> {
        resolve_default(self.image()?.as_str()?)
    }

    /// Entries of `ports:`, parsed; unreadable items are skipped.
    pub fn ports(&self) -> Vec<PortMapping<'t, 'a>> {
        let mut out = Vec::new();
        for item in self.body.seq_items("ports") {
            if let Some(raw) = item.as_str() {
                if let Some((host_ip, published, target, protocol)) = parse_short_port(raw) {
                    out.push(PortMapping {
                        node: item,
                        span: item.span,
                        host_ip,
                        published,
                        target,
                        protocol,
                    });
                }
            } else if item.is_map() {
                let Some(target) = item.get("target").and_then(Node::as_str) else {
                    continue;
                };
                let pub_node = item.get("published");
                let published = match pub_node.and_then(Node::as_str) {
                    Some(p) => match resolve_default(p).and_then(|p| parse_range(&p)) {
                        Some(r) => Some(r),
                        None => continue,
                    },
                    None => None,
                };
                out.push(PortMapping {
                    node: item,
                    span: pub_node.map_or(item.span, |n| n.span),
                    host_ip: item
                        .get("host_ip")
                        .and_then(Node::as_str)
                        .and_then(resolve_default),
                    published,
                    target: target.to_string(),
                    protocol: item
                        .get("protocol")
                        .and_then(Node::as_str)
                        .unwrap_or("tcp")
                        .to_ascii_lowercase(),
                });
            }
        }
        out
    }

    /// A service that runs to completion rather than serving: a migration, seeder or
    /// init job. Signals: `restart: "no"`/`on-failure` or `deploy.restart_policy.condition`
    /// `none`/`on-failure`; another service waits for it with
    /// `condition: service_completed_successfully`; or a name like `migrate`, `seed`,
    /// `init`, `setup`.
    pub fn is_one_shot(&self, file: &ComposeFile<'_, '_>) -> bool {
        let restart = self.get("restart").and_then(Node::as_str);
        if matches!(restart, Some("no") | Some("on-failure"))
            || restart.is_some_and(|r| r.starts_with("on-failure:"))
        {
            return true;
        }
        if self.get("restart").and_then(Node::as_bool) == Some(false) {
            return true;
        }
        let cond = self
            .body
            .path(&["deploy", "restart_policy", "condition"])
            .and_then(Node::as_str);
        if matches!(cond, Some("none") | Some("on-failure")) {
            return true;
        }
        let awaited = file.services.iter().any(|s| {
            s.depends_on().iter().any(|d| {
                d.name == self.name
                    && d.condition.and_then(Node::as_str) == Some("service_completed_successfully")
            })
        });
        if awaited {
            return true;
        }
        let name = self.name.to_ascii_lowercase();
        [
            "migrate",
            "migration",
            "seed",
            "setup",
            "bootstrap",
            "provision",
            "init",
        ]
        .iter()
        .any(|w| {
            name.split(['-', '_', '.'])
                .any(|part| part == *w || (part.starts_with(w) && part.len() <= w.len() + 3))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_ports() {
        let p = |s| parse_short_port(s);
        assert_eq!(p("80"), Some((None, None, "80".into(), "tcp".into())));
        assert_eq!(
            p("8080:80/udp"),
            Some((None, Some((8080, 8080)), "80".into(), "udp".into()))
        );
        assert_eq!(
            p("127.0.0.1:5432:5432"),
            Some((
                Some("127.0.0.1".into()),
                Some((5432, 5432)),
                "5432".into(),
                "tcp".into()
            ))
        );
        assert_eq!(p("[::1]:80:80").and_then(|x| x.0), Some("::1".to_string()));
        assert_eq!(
            p("${PORT:-3000}:3000").and_then(|x| x.1),
            Some((3000, 3000))
        );
        assert_eq!(p("${PORT}:3000"), None);
        assert_eq!(
            p("8000-8010:8000-8010").and_then(|x| x.1),
            Some((8000, 8010))
        );
        assert_eq!(p("127.0.0.1::80").and_then(|x| x.1), None);
        assert_eq!(p("abc"), None);
    }

    #[test]
    fn data_stores() {
        assert_eq!(data_store("postgres:16").map(|d| d.0), Some("postgres"));
        assert_eq!(
            data_store("bitnami/postgresql:16").map(|d| d.0),
            Some("postgres")
        );
        assert_eq!(data_store("mongo").map(|d| d.0), Some("mongo"));
        assert_eq!(
            data_store("mcr.microsoft.com/mssql/server:2022-latest").map(|d| d.0),
            Some("mssql")
        );
        assert_eq!(data_store("nginx:1.27"), None);
        assert_eq!(data_store("redis-commander:1"), None);
    }
}
