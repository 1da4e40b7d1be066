#![no_main]
//! The full single-file lint path (classification, parse, every rule of the pack,
//! facts, suppressions) as a Dockerfile, compose file, generic YAML or workflow.
use libfuzzer_sys::fuzz_target;
use shipgate::config::Config;
use shipgate::discovery::Candidate;
use shipgate::source::SourceFile;

fuzz_target!(|data: &[u8]| {
    let Some((&kind, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let candidate = match kind % 5 {
        0 => Candidate::Dockerfile,
        1 => Candidate::Compose,
        2 => Candidate::Workflow,
        3 => Candidate::Kustomization,
        _ => Candidate::Yaml,
    };
    thread_local! {
        static CONFIG: Config = {
            let all = shipgate::config::CliOverrides { select: Some(vec!["ALL".into()]), ..Default::default() };
            Config::from_str("", None, &all).expect("valid")
        };
    }
    CONFIG.with(|config| {
        let file = SourceFile::new("fuzz".into(), text.to_string());
        let out = shipgate::engine::lint_one(file, candidate, config, ".");
        for d in &out.diagnostics {
            assert_ne!(d.rule.code, "SG005", "a rule crashed: {}", d.message);
            if let Some(l) = d.loc {
                assert!(l.span.end <= text.len());
            }
        }
    });
});
