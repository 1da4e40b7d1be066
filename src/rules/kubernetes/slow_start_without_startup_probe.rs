use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&SlowStartWithoutStartupProbe);

struct SlowStartWithoutStartupProbe;

/// Image name fragments of runtimes and servers known to take tens of seconds to start.
const SLOW_IMAGES: &[&str] = &[
    "java",
    "jdk",
    "jre",
    "temurin",
    "corretto",
    "zulu",
    "tomcat",
    "jetty",
    "wildfly",
    "jboss",
    "keycloak",
    "elasticsearch",
    "opensearch",
    "logstash",
    "kafka",
    "zookeeper",
    "cassandra",
    "solr",
    "sonarqube",
    "jenkins",
    "nexus",
    "spring",
    "neo4j",
    "spark",
    "flink",
    "trino",
    "presto",
    "nifi",
    "artifactory",
    "confluence",
    "jira",
    "mssql",
    "oracle",
    "weblogic",
    "websphere",
    "liberty",
];

/// Any of [`SLOW_IMAGES`] in an image name, ASCII case-insensitively, in one pass.
static SLOW_MATCHER: std::sync::LazyLock<Option<aho_corasick::AhoCorasick>> =
    std::sync::LazyLock::new(|| {
        // an NFA: image names are short, and building a DFA cost more than all searches
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
            .prefilter(false)
            .build(SLOW_IMAGES)
            .ok()
    });

/// Environment variables that mark a JVM.
const JVM_ENV: &[&str] = &[
    "JAVA_OPTS",
    "JAVA_TOOL_OPTIONS",
    "_JAVA_OPTIONS",
    "JVM_OPTS",
];

/// Seconds a container has to start before liveness may kill it (Kubernetes' defaults:
/// no initial delay, a probe every 10 s, 3 failures).
const MIN_BUDGET: i64 = 60;

impl K8sRule for SlowStartWithoutStartupProbe {
    fn scope(&self) -> K8sScope {
        K8sScope::LongRunning
    }

    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(pod) = obj.pod_spec() else { return };
        let extra = cx.option_strings("slow-images");
        for c in pod
            .containers()
            .filter(|c| c.kind == ContainerKind::Container)
        {
            if c.node.get("startupProbe").is_some() {
                continue;
            }
            let Some(live) = c.node.entry("livenessProbe") else {
                continue;
            };
            let Some(why) = slow_reason(&c, &extra) else {
                continue;
            };
            let num = |k: &str, d: i64| live.value.get(k).and_then(Node::as_i64).unwrap_or(d);
            let budget = num("initialDelaySeconds", 0)
                + num("periodSeconds", 10).max(1) * num("failureThreshold", 3).max(1);
            if budget >= MIN_BUDGET {
                continue;
            }
            cx.report(
                live.key.span,
                format!(
                    "{} ({why}) is a slow starter with no startup probe: liveness may kill it {budget}s after start",
                    c.describe()
                ),
            )
            .help("add a `startupProbe` (e.g. the liveness check with `failureThreshold: 30`) or give the liveness probe an `initialDelaySeconds`");
        }
    }
}

fn slow_reason(c: &Container<'_, '_>, extra: &[String]) -> Option<String> {
    if let Some(img) = c.image().and_then(Node::as_str) {
        let r = ImageRef::parse(img.trim());
        // lower-cased once, and only when a substring search needs it
        let lower = std::cell::OnceCell::new();
        let name = || lower.get_or_init(|| r.name.to_ascii_lowercase());
        let slow = match SLOW_MATCHER.as_ref() {
            Some(m) => m.is_match(r.name),
            None => SLOW_IMAGES.iter().any(|s| name().contains(s)),
        } || extra
            .iter()
            .any(|s| !s.is_empty() && name().contains(&s.to_ascii_lowercase()));
        if slow {
            return Some(format!("image `{}`", r.name));
        }
    }
    c.node
        .seq_items("env")
        .iter()
        .filter_map(|e| e.get_str("name"))
        .find(|n| JVM_ENV.contains(n))
        .map(|n| format!("a JVM: `{n}` is set"))
}
