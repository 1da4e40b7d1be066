#![no_main]
//! The full single-file lint path (classification, parse, every rule of the pack,
//! facts, suppressions) as a Dockerfile, compose file, workflow, kustomization, generic
//! or Prometheus YAML, Markdown runbook/DR plan/migration guide, `.env` or Helm template.
use libfuzzer_sys::fuzz_target;
use shipgate::config::Config;
use shipgate::discovery::Candidate;
use shipgate::source::SourceFile;

fuzz_target!(|data: &[u8]| {
    let Some((&kind, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    // the candidate kind and a path that gives it its role (Prometheus server config,
    // runbook, DR plan, migration guide)
    let (candidate, path) = match kind % 12 {
        0 => (Candidate::Dockerfile, "Dockerfile"),
        1 => (Candidate::Compose, "compose.yaml"),
        2 => (Candidate::Workflow, ".github/workflows/ci.yml"),
        3 => (Candidate::Kustomization, "kustomization.yaml"),
        4 => (Candidate::Yaml, "deploy.yaml"),
        5 => (Candidate::Yaml, "prometheus.yml"),
        6 => (Candidate::Markdown, "RUNBOOK.md"),
        7 => (Candidate::Markdown, "docs/dr.md"),
        8 => (Candidate::Markdown, "docs/migration.md"),
        9 => (Candidate::Markdown, "README.md"),
        10 => (Candidate::Env, ".env"),
        _ => (Candidate::HelmTemplate, "chart/templates/deploy.yaml"),
    };
    thread_local! {
        static CONFIG: Config = {
            let all = shipgate::config::CliOverrides { select: Some(vec!["ALL".into()]), ..Default::default() };
            Config::from_str("", None, &all).expect("valid")
        };
    }
    CONFIG.with(|config| {
        let file = SourceFile::new(path.into(), text.to_string());
        let out = shipgate::engine::lint_one(file, candidate, config, ".");
        for d in &out.diagnostics {
            assert_ne!(d.rule.code, "SG005", "a rule crashed: {}", d.message);
            if let Some(l) = d.loc {
                assert!(l.span.end <= text.len());
            }
        }
    });
});
