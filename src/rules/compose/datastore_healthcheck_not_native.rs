use crate::rules::prelude::*;
use crate::syntax::compose::{data_store, resolve_default};

pub static RULE: RuleImpl = RuleImpl::Project(&DatastoreHealthcheckNotNative);

struct DatastoreHealthcheckNotNative;

/// Words whose presence in a healthcheck `test` shows the store's own readiness check.
fn native_words(store: &str) -> &'static [&'static str] {
    match store {
        "postgres" | "postgis" | "timescaledb" => &["pg_isready", "psql"],
        "mysql" | "percona" | "mariadb" => &[
            "mysqladmin",
            "mariadb-admin",
            "healthcheck.sh",
            "mysql ",
            "mariadb ",
        ],
        "redis" => &["redis-cli"],
        "valkey" => &["valkey-cli", "redis-cli"],
        "keydb" => &["keydb-cli", "redis-cli"],
        "mongo" => &["mongosh", "mongo "],
        "rabbitmq" => &["rabbitmq-diagnostics", "rabbitmqctl"],
        "elasticsearch" | "opensearch" => &["_cluster/health", "_cat/health"],
        "cassandra" => &["nodetool", "cqlsh"],
        "mssql" => &["sqlcmd"],
        "cockroach" => &["/health", "cockroach node status"],
        "zookeeper" => &["ruok", "zkserver.sh"],
        "kafka" => &["kafka-broker-api-versions", "kafka-topics", "kafka-cluster"],
        "nats" => &["healthz"],
        "etcd" => &["etcdctl", "/health"],
        "influxdb" => &["influx ping", "/ping", "/health"],
        "clickhouse" => &["clickhouse-client", "/ping"],
        "couchdb" => &["/_up"],
        "neo4j" => &["cypher-shell", "7474"],
        _ => &[],
    }
}

impl ProjectRule for DatastoreHealthcheckNotNative {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        for (svc, merged) in project.compose_merged_services() {
            let Some(image) = merged
                .iter()
                .rev()
                .find_map(|m| m.image.as_deref().and_then(resolve_default))
            else {
                continue;
            };
            let Some((store, native)) = data_store(&image) else {
                continue;
            };
            // the healthcheck compose runs: the override's, else the base's
            let Some(test) = merged.iter().rev().find_map(|m| m.healthcheck_test.clone()) else {
                continue; // no healthcheck at all: service-missing-healthcheck reports it
            };
            if merged.iter().any(|m| m.healthcheck_disabled) {
                continue;
            }
            let t = format!("{} ", test.to_ascii_lowercase());
            if native_words(store).iter().any(|w| t.contains(w)) {
                continue;
            }
            cx.report_at(
                &svc.path,
                svc.name_loc,
                format!(
                    "service \"{}\" runs {store} but its healthcheck does not use the native check (`{native}`)",
                    svc.name
                ),
            )
            .help(format!(
                "use `{native}` as the healthcheck `test`: an open port or a running process does not mean the store accepts queries"
            ));
        }
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::COMPOSE
    }
}
