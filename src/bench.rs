//! `shipgate bench`: the parse floor against the full check on the same files, on given
//! paths and on a generated synthetic monorepo at several sizes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::config::{CliOverrides, Config};
use crate::engine::{self, CheckRequest};
use crate::output;

pub struct Measurement {
    pub files: usize,
    pub bytes: u64,
    pub findings: usize,
    pub floor_s: f64,
    pub check_s: f64,
}

fn fastest(runs: usize, f: &dyn Fn()) -> f64 {
    (0..runs.max(1))
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

/// Every rule selected, and a request to check `paths`.
fn all_rules(paths: Vec<PathBuf>, jobs: usize) -> Result<(Config, CheckRequest), String> {
    let cwd = std::env::current_dir().map_err(|e| e.to_string())?;
    let all = CliOverrides {
        select: Some(vec!["ALL".into()]),
        ..Default::default()
    };
    let config = Config::from_str("", None, &all).map_err(|e| e.to_string())?;
    let req = CheckRequest {
        paths,
        cwd,
        jobs,
        ..Default::default()
    };
    Ok((config, req))
}

/// One side of the benchmark.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Side {
    /// Read and parse every file (the floor).
    Floor,
    /// The check with every rule, and its JSON.
    Check,
}

/// Run one side `runs` times, exactly as [`measure`] times it, untimed: what a profiler
/// attributes to it is what the benchmark measures.
pub fn run_side(side: Side, paths: Vec<PathBuf>, runs: usize, jobs: usize) -> Result<(), String> {
    let (config, req) = all_rules(paths, jobs)?;
    for _ in 0..runs.max(1) {
        match side {
            Side::Floor => floor_once(&req, &config),
            Side::Check => check_once(&req, &config, jobs),
        }
    }
    Ok(())
}

fn floor_once(req: &CheckRequest, config: &Config) {
    std::hint::black_box(engine::parse_floor(req, config).files);
}

fn check_once(req: &CheckRequest, config: &Config, jobs: usize) {
    let report = engine::check(req, config);
    // written as `check --format json` writes it to stdout: in blocks, as rendered
    std::hint::black_box(output::write(
        &report,
        output::Format::Json,
        &output::RenderOptions {
            color: false,
            width: 100,
            jobs,
        },
        config,
        &mut std::io::sink(),
    ))
    .ok();
}

/// Time (a) read + parse and (b) check with every rule + JSON over `paths`.
pub fn measure(paths: Vec<PathBuf>, runs: usize, jobs: usize) -> Result<Measurement, String> {
    let (config, req) = all_rules(paths, jobs)?;
    let floor = engine::parse_floor(&req, &config);
    let floor_s = fastest(runs, &|| floor_once(&req, &config));
    let check_s = fastest(runs, &|| check_once(&req, &config, jobs));
    let findings = engine::check(&req, &config).diagnostics.len();
    Ok(Measurement {
        files: floor.files,
        bytes: floor.bytes,
        findings,
        floor_s,
        check_s,
    })
}

/// The time each output format takes to render the findings on `paths` (the check
/// itself not included): what the format adds to a run.
pub fn render_times(
    paths: Vec<PathBuf>,
    runs: usize,
    jobs: usize,
) -> Result<Vec<(&'static str, f64)>, String> {
    let (config, mut req) = all_rules(paths, jobs)?;
    // snippets of human output and SARIF fingerprints read the sources
    req.keep_sources = true;
    let report = engine::check(&req, &config);
    let opts = output::RenderOptions {
        color: false,
        width: 100,
        jobs,
    };
    let formats = [
        ("json", output::Format::Json),
        ("sarif", output::Format::Sarif),
        ("human", output::Format::Human),
    ];
    Ok(formats
        .into_iter()
        .map(|(name, format)| {
            let s = fastest(runs, &|| {
                std::hint::black_box(output::write(
                    &report,
                    format,
                    &opts,
                    &config,
                    &mut std::io::sink(),
                ))
                .ok();
            });
            (name, s)
        })
        .collect())
}

pub fn table_header() -> String {
    format!(
        "{:<22} {:>7} {:>8} {:>9} {:>10} {:>10} {:>11} {:>9} {:>6}\n",
        "input", "files", "MB", "findings", "floor ms", "check ms", "files/s", "MB/s", "ratio"
    )
}

pub fn table_row(name: &str, m: &Measurement) -> String {
    let mb = m.bytes as f64 / 1_048_576.0;
    format!(
        "{:<22} {:>7} {:>8.2} {:>9} {:>10.1} {:>10.1} {:>11.0} {:>9.1} {:>6.2}\n",
        name,
        m.files,
        mb,
        m.findings,
        m.floor_s * 1000.0,
        m.check_s * 1000.0,
        m.files as f64 / m.check_s,
        mb / m.check_s,
        m.check_s / m.floor_s
    )
}

/// Write a synthetic monorepo: per unit of `scale`, 1,250 manifests, 125 Dockerfiles,
/// 32 compose files and one large multi-document file (250 documents), with realistic
/// content and a realistic share of problems.
pub fn generate(dir: &Path, scale: usize) -> std::io::Result<()> {
    for i in 0..1250 * scale {
        let svc = format!("svc{:05}", i / 5);
        let d = dir.join(format!("services/{svc}/k8s"));
        std::fs::create_dir_all(&d)?;
        let body = match i % 5 {
            0 => deployment(&svc, i),
            1 => service(&svc),
            2 => configmap(&svc, i),
            3 => cronjob(&svc, i),
            _ => statefulset(&svc, i),
        };
        std::fs::write(d.join(format!("{}.yaml", i % 5)), body)?;
    }
    for i in 0..125 * scale {
        let d = dir.join(format!("services/svc{:05}", i * 2));
        std::fs::create_dir_all(&d)?;
        std::fs::write(d.join("Dockerfile"), dockerfile(i))?;
    }
    for i in 0..32 * scale {
        let d = dir.join(format!("stacks/stack{i:04}"));
        std::fs::create_dir_all(&d)?;
        std::fs::write(d.join("docker-compose.yml"), compose(i))?;
    }
    for i in 0..scale {
        let mut big = String::new();
        for j in 0..250 {
            big.push_str(&deployment(&format!("bulk{i}-{j}"), j));
            big.push_str("---\n");
        }
        std::fs::write(dir.join(format!("bulk-{i}.yaml")), big)?;
    }
    Ok(())
}

fn deployment(name: &str, i: usize) -> String {
    let tag = if i % 17 == 0 {
        "latest".to_string()
    } else {
        format!("1.{}.{}", i % 9, i % 31)
    };
    let probes = if i % 7 == 0 {
        String::new()
    } else {
        "          readinessProbe:\n            httpGet: {path: /ready, port: http}\n          livenessProbe:\n            httpGet: {path: /healthz, port: http}\n            initialDelaySeconds: 10\n".to_string()
    };
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\n  labels:\n    app.kubernetes.io/name: {name}\n    app.kubernetes.io/part-of: shop\nspec:\n  replicas: {}\n  revisionHistoryLimit: 5\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: {name}\n  strategy:\n    type: RollingUpdate\n    rollingUpdate: {{maxUnavailable: 0, maxSurge: 1}}\n  template:\n    metadata:\n      labels:\n        app.kubernetes.io/name: {name}\n      annotations:\n        prometheus.io/scrape: \"true\"\n    spec:\n      securityContext:\n        runAsNonRoot: true\n        runAsUser: 10001\n      containers:\n        - name: app\n          image: registry.example.com/shop/{name}:{tag}\n          ports:\n            - name: http\n              containerPort: 8080\n          env:\n            - name: LOG_LEVEL\n              value: info\n            - name: DB_PASSWORD\n              valueFrom:\n                secretKeyRef: {{name: {name}-db, key: password}}\n{probes}          resources:\n            requests: {{cpu: 100m, memory: 128Mi}}\n            limits: {{cpu: 500m, memory: 256Mi}}\n          securityContext:\n            allowPrivilegeEscalation: false\n            readOnlyRootFilesystem: true\n            capabilities: {{drop: [ALL]}}\n",
        2 + i % 3
    )
}

fn service(name: &str) -> String {
    format!("apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n  selector:\n    app.kubernetes.io/name: {name}\n  ports:\n    - name: http\n      port: 80\n      targetPort: http\n")
}

fn configmap(name: &str, i: usize) -> String {
    let mut s =
        format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}-config\ndata:\n");
    for k in 0..(5 + i % 20) {
        let _ = writeln!(s, "  key_{k}: \"value-{k}-{i}\"");
    }
    s.push_str("  app.properties: |\n    server.port=8080\n    feature.flags=a,b,c\n");
    s
}

fn cronjob(name: &str, i: usize) -> String {
    format!("apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: {name}-report\nspec:\n  schedule: \"{} 3 * * *\"\n  concurrencyPolicy: Forbid\n  jobTemplate:\n    spec:\n      backoffLimit: 2\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n            - name: report\n              image: registry.example.com/shop/{name}-report:2.{}\n              args: [\"--since\", \"24h\"]\n              resources:\n                requests: {{cpu: 50m, memory: 64Mi}}\n                limits: {{memory: 128Mi}}\n", i % 60, i % 13)
}

fn statefulset(name: &str, i: usize) -> String {
    let image = if i % 11 == 0 {
        "postgres".to_string()
    } else {
        "postgres:16.4".to_string()
    };
    format!("apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: {name}-db\nspec:\n  serviceName: {name}-db\n  replicas: 3\n  selector:\n    matchLabels: {{app: {name}-db}}\n  template:\n    metadata:\n      labels: {{app: {name}-db}}\n    spec:\n      containers:\n        - name: postgres\n          image: {image}\n          ports:\n            - containerPort: 5432\n          readinessProbe:\n            exec: {{command: [pg_isready]}}\n          resources:\n            requests: {{cpu: 250m, memory: 512Mi}}\n            limits: {{memory: 1Gi}}\n          volumeMounts:\n            - {{name: data, mountPath: /var/lib/postgresql/data}}\n  volumeClaimTemplates:\n    - metadata: {{name: data}}\n      spec:\n        accessModes: [ReadWriteOnce]\n        resources: {{requests: {{storage: 10Gi}}}}\n")
}

fn dockerfile(i: usize) -> String {
    let user = if i % 6 == 0 { "" } else { "USER 10001\n" };
    format!("# syntax=docker/dockerfile:1.7\nARG GO=golang:1.22\nFROM ${{GO}} AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN --mount=type=cache,target=/root/go/pkg go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app ./cmd/app\n\nFROM gcr.io/distroless/static-debian12:{}\nCOPY --from=build /out/app /app\nEXPOSE 8080\n{user}HEALTHCHECK CMD [\"/app\", \"healthcheck\"]\nENTRYPOINT [\"/app\"]\n", if i % 9 == 0 { "latest" } else { "nonroot" })
}

fn compose(i: usize) -> String {
    format!("x-defaults: &defaults\n  restart: unless-stopped\n  deploy:\n    resources:\n      limits: {{memory: 512M, cpus: \"1.0\"}}\nservices:\n  api:\n    <<: *defaults\n    image: registry.example.com/shop/api:${{TAG:-1.{i}}}\n    ports: [\"127.0.0.1:8080:8080\"]\n    depends_on:\n      db: {{condition: service_healthy}}\n    healthcheck:\n      test: [\"CMD\", \"wget\", \"-qO-\", \"http://localhost:8080/healthz\"]\n  worker:\n    <<: *defaults\n    image: registry.example.com/shop/worker:1.{i}\n  db:\n    <<: *defaults\n    image: postgres{}\n    environment:\n      POSTGRES_PASSWORD: ${{POSTGRES_PASSWORD}}\n    healthcheck:\n      test: [\"CMD-SHELL\", \"pg_isready -U postgres\"]\n", if i % 4 == 0 { "" } else { ":16.4" })
}

/// Peak resident set size of this process (Linux), in bytes.
pub fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}
