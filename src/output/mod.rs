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
    /// Threads for rendering many findings (0: one per CPU), as `--jobs`.
    pub jobs: usize,
}

/// Findings per piece rendered on its own thread.
const CHUNK: usize = 512;

/// `render` of `items` appended to `out`, in pieces of [`CHUNK`] on `jobs` threads (0:
/// one per CPU) that are appended in order, joined by `sep`: the same text as
/// `render(out, items)` when the rendering of an item does not depend on the ones
/// before it. Few items, or one thread, are rendered straight into `out`.
pub(crate) fn render_in_pieces<T: Sync>(
    out: &mut String,
    items: &[T],
    jobs: usize,
    sep: &str,
    render: impl Fn(&mut String, &[T]) + Sync,
) {
    use rayon::prelude::*;
    let jobs = crate::engine::threads(jobs);
    if jobs == 1 || items.len() < 2 * CHUNK {
        render(out, items);
        return;
    }
    let piece = |chunk: &[T]| {
        let mut s = String::new();
        render(&mut s, chunk);
        s
    };
    let run = || -> Vec<String> { items.par_chunks(CHUNK).map(piece).collect() };
    let pieces = match rayon::ThreadPoolBuilder::new().num_threads(jobs).build() {
        Ok(pool) => pool.install(run),
        Err(_) => items.chunks(CHUNK).map(piece).collect(),
    };
    out.reserve(pieces.iter().map(|p| p.len() + sep.len()).sum());
    for (i, p) in pieces.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(p);
    }
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
        Format::Json => json::render(report, opts.jobs),
        Format::Sarif => sarif::render(report, config, opts.jobs),
        Format::Github => github::render(report, opts.jobs),
        Format::Markdown => markdown::render(report),
    }
}

/// Whether a format shows source text (so the engine keeps file texts).
pub fn needs_sources(format: Format) -> bool {
    matches!(format, Format::Human | Format::Sarif)
}
