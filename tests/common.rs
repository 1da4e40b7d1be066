//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use shipgate::config::{CliOverrides, Config};
use shipgate::engine::{self, CheckRequest, Report};
use shipgate::output::{self, Format, RenderOptions};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Lint `paths` with only `select` enabled, paths shown relative to the crate root.
pub fn lint(paths: &[PathBuf], select: &[String]) -> Report {
    let cli = CliOverrides {
        select: Some(select.to_vec()),
        ..Default::default()
    };
    // a directory fixture (or doc example) may carry its rule options in `shipgate.toml`
    let toml = paths
        .iter()
        .find_map(|p| std::fs::read_to_string(p.join("shipgate.toml")).ok())
        .unwrap_or_default();
    let config = Config::from_str(&toml, None, &cli).expect("valid selection");
    lint_with(paths, &config)
}

/// Lint `paths` with the configuration `toml` and only `select` enabled.
pub fn lint_with_toml(paths: &[PathBuf], toml: &str, select: &[String]) -> Report {
    let cli = CliOverrides {
        select: Some(select.to_vec()),
        ..Default::default()
    };
    let config = Config::from_str(toml, None, &cli).expect("valid test configuration");
    lint_with(paths, &config)
}

pub fn lint_with(paths: &[PathBuf], config: &Config) -> Report {
    let req = CheckRequest {
        paths: paths.to_vec(),
        cwd: root(),
        jobs: 1,
        keep_sources: true,
        stdin: None,
        repo: false,
        context: false,
        cache_dir: None,
        context_root: None,
    };
    engine::check(&req, config)
}

pub fn render(report: &Report, format: Format) -> String {
    let config = Config::default_config();
    let opts = RenderOptions {
        color: false,
        width: 100,
        jobs: 0,
    };
    output::render(report, format, &opts, &config)
}

pub fn human(report: &Report) -> String {
    render(report, Format::Human)
}

pub fn concise(report: &Report) -> String {
    render(report, Format::Concise)
}

/// Codes named in `shipgate: ignore[...]` comments and `shipgate.io/ignore` annotations
/// under `path`.
pub fn suppressed_codes(path: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut files = vec![path.to_path_buf()];
    while let Some(p) = files.pop() {
        if p.is_dir() {
            for e in std::fs::read_dir(&p).into_iter().flatten().flatten() {
                files.push(e.path());
            }
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&p) else {
            continue;
        };
        for line in text.lines() {
            if let Some(i) = line.find("shipgate: ignore") {
                let rest = &line[i..];
                if let (Some(a), Some(b)) = (rest.find('['), rest.find(']')) {
                    out.extend(rest[a + 1..b].split(',').map(|c| c.trim().to_string()));
                }
            }
            // Kubernetes annotation: `shipgate.io/ignore: "CODE[,CODE]: reason"`
            if let Some(i) = line.find("shipgate.io/ignore:") {
                let value = line[i + "shipgate.io/ignore:".len()..]
                    .trim()
                    .trim_matches('"');
                let codes = value.split_once(':').map_or(value, |(c, _)| c);
                out.extend(codes.split(',').map(|c| c.trim().to_string()));
            }
        }
    }
    out
}

/// Copy the directory tree `from` to `to` (created).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// Write `text` to `dir/rel`, making the directories on the way.
pub fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}
