//! Output formats. Every format renders the same sorted report.

pub mod human;
pub mod json;

use crate::engine::Report;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Rich diagnostics with source snippets (miette).
    Human,
    /// One line per finding: `path:line:col: CODE severity message`.
    Concise,
    /// The JSON contract, version 1.
    Json,
}

pub struct RenderOptions {
    pub color: bool,
    pub width: usize,
}

pub fn render(report: &Report, format: Format, opts: &RenderOptions) -> String {
    match format {
        Format::Human => human::render(report, opts),
        Format::Concise => human::render_concise(report),
        Format::Json => json::render(report),
    }
}
