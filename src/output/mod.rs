//! Output formats. Every format renders the same sorted report.

pub mod github;
pub mod human;
pub mod json;
pub mod markdown;
pub mod sarif;

use crate::config::Config;
use crate::engine::Report;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Rich diagnostics with source snippets (miette).
    Human,
    /// One line per finding: `path:line:col: CODE severity message`.
    Concise,
    /// The JSON contract, version 1.
    Json,
    /// SARIF 2.1.0 (GitHub code scanning).
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// A Markdown table (job summary, PR comment).
    Markdown,
}

pub struct RenderOptions {
    pub color: bool,
    pub width: usize,
}

pub fn render(report: &Report, format: Format, opts: &RenderOptions, config: &Config) -> String {
    let verdict_text = || {
        report
            .verdict
            .as_ref()
            .map(crate::verdict::render_human)
            .unwrap_or_default()
    };
    match format {
        Format::Human => human::render(report, opts) + &verdict_text(),
        Format::Concise => human::render_concise(report) + &verdict_text(),
        Format::Json => json::render(report),
        Format::Sarif => sarif::render(report, config),
        Format::Github => github::render(report),
        Format::Markdown => markdown::render(report),
    }
}

/// Whether a format shows source text (so the engine keeps file texts).
pub fn needs_sources(format: Format) -> bool {
    matches!(format, Format::Human | Format::Sarif)
}
