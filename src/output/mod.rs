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

/// Bytes of output gathered before they are written out.
const BLOCK: usize = 64 * 1024;

/// A format's output: appended to `buf` and, with a writer, written out in blocks of
/// about [`BLOCK`] bytes, so that a large report never sits whole in memory (7.5 MB of
/// JSON for the corpus's 10,000 findings: fresh pages the kernel must fault in and
/// zero, each time). Without a writer ([`Stream::text_of`]) the text is kept whole.
pub(crate) struct Stream<'w> {
    pub(crate) buf: String,
    w: Option<&'w mut dyn std::io::Write>,
    err: Option<std::io::Error>,
}

impl<'w> Stream<'w> {
    pub(crate) fn to(w: &'w mut dyn std::io::Write) -> Self {
        Stream {
            buf: String::with_capacity(BLOCK),
            w: Some(w),
            err: None,
        }
    }

    /// The whole text `write` appends to a stream without a writer.
    pub(crate) fn text_of(write: impl FnOnce(&mut Stream<'_>)) -> String {
        let mut out = Stream {
            buf: String::new(),
            w: None,
            err: None,
        };
        write(&mut out);
        out.buf
    }

    /// Writes the buffer out once it holds a block.
    pub(crate) fn spill(&mut self) {
        if self.buf.len() >= BLOCK {
            self.write_out();
        }
    }

    /// `text` after the buffer: written out as it is, not copied, when there is a writer.
    fn put(&mut self, text: &str) {
        if self.w.is_some() {
            self.write_out();
            self.write(text.as_bytes());
        } else {
            self.buf.push_str(text);
        }
    }

    /// Whether a write failed (the rest need not be rendered).
    fn failed(&self) -> bool {
        self.err.is_some()
    }

    fn write_out(&mut self) {
        if self.w.is_some() {
            let buf = std::mem::take(&mut self.buf);
            self.write(buf.as_bytes());
            self.buf = buf;
            self.buf.clear();
        }
    }

    fn write(&mut self, bytes: &[u8]) {
        if let (Some(w), None) = (self.w.as_mut(), &self.err) {
            if let Err(e) = w.write_all(bytes) {
                self.err = Some(e);
            }
        }
    }

    /// The rest written out and flushed.
    fn finish(mut self) -> std::io::Result<()> {
        self.write_out();
        if let Some(e) = self.err.take() {
            return Err(e);
        }
        match self.w.as_mut() {
            Some(w) => w.flush(),
            None => Ok(()),
        }
    }
}

/// `render` of `items` appended to `out`, in pieces of [`CHUNK`] that are appended in
/// order, joined by `sep`: the same text as `render(out, items)` when the rendering of
/// an item does not depend on the ones before it. With many items and more than one of
/// `jobs` threads (0: one per CPU), a few pieces at a time are rendered in parallel.
pub(crate) fn render_in_pieces<T: Sync>(
    out: &mut Stream<'_>,
    items: &[T],
    jobs: usize,
    sep: &str,
    render: impl Fn(&mut String, &[T]) + Sync,
) {
    use rayon::prelude::*;
    let jobs = crate::engine::threads(jobs);
    let pool = (jobs > 1 && items.len() >= 2 * CHUNK)
        .then(|| crate::engine::pool(jobs))
        .flatten();
    let Some(pool) = pool else {
        for (i, chunk) in items.chunks(CHUNK).enumerate() {
            if i > 0 {
                out.buf.push_str(sep);
            }
            render(&mut out.buf, chunk);
            out.spill();
            if out.failed() {
                return;
            }
        }
        return;
    };
    let piece = |chunk: &[T]| {
        let mut s = String::new();
        render(&mut s, chunk);
        s
    };
    // two pieces a thread at a time: the output's memory stays bounded
    for (i, group) in items.chunks(2 * jobs * CHUNK).enumerate() {
        let pieces: Vec<String> = pool.install(|| group.par_chunks(CHUNK).map(piece).collect());
        for (j, p) in pieces.iter().enumerate() {
            if i > 0 || j > 0 {
                out.buf.push_str(sep);
            }
            out.put(p);
        }
        if out.failed() {
            return;
        }
    }
}

/// The report in `format`, written to `w`.
pub fn write(
    report: &Report,
    format: Format,
    opts: &RenderOptions,
    config: &Config,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut out = Stream::to(w);
    write_to(report, format, opts, config, &mut out);
    out.finish()
}

/// The report in `format`, as one text.
pub fn render(report: &Report, format: Format, opts: &RenderOptions, config: &Config) -> String {
    Stream::text_of(|out| write_to(report, format, opts, config, out))
}

fn write_to(
    report: &Report,
    format: Format,
    opts: &RenderOptions,
    config: &Config,
    out: &mut Stream<'_>,
) {
    let verdict_text = || {
        report
            .verdict
            .as_ref()
            .map(crate::verdict::render_human)
            .unwrap_or_default()
    };
    match format {
        Format::Human => {
            human::write(report, opts, out);
            out.put(&verdict_text());
        }
        Format::Concise => out.put(&(human::render_concise(report) + &verdict_text())),
        Format::Json => json::write(report, opts.jobs, out),
        Format::Sarif => sarif::write(report, config, opts.jobs, out),
        Format::Github => github::write(report, opts.jobs, out),
        Format::Markdown => out.put(&markdown::render(report)),
    }
}

/// Whether a format shows source text (so the engine keeps file texts).
pub fn needs_sources(format: Format) -> bool {
    matches!(format, Format::Human | Format::Sarif)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records each write; fails every write from the `fail_at`-th on.
    #[derive(Default)]
    struct Recorder {
        text: Vec<u8>,
        writes: Vec<usize>,
        fail_at: Option<usize>,
        after_failure: usize,
    }

    impl std::io::Write for Recorder {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.fail_at.is_some_and(|n| self.writes.len() >= n) {
                self.after_failure += 1;
                return Err(std::io::Error::new(
                    std::io::ErrorKind::BrokenPipe,
                    "closed",
                ));
            }
            self.writes.push(buf.len());
            self.text.extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    const FORMATS: [Format; 6] = [
        Format::Human,
        Format::Concise,
        Format::Json,
        Format::Sarif,
        Format::Github,
        Format::Markdown,
    ];

    /// Written to a writer, every format is the text `render` makes, on one thread and
    /// on several, and the large ones arrive in blocks, none much larger than a piece.
    #[test]
    fn written_output_is_the_rendered_text_in_blocks() {
        let (mut report, config) = crate::test_support::fixtures_report(&["fixtures"], true);
        report.verdict = Some(crate::verdict::compute(&report, &config));
        assert!(report.diagnostics.len() > 4 * CHUNK);
        for jobs in [1, 3] {
            let opts = RenderOptions {
                color: false,
                width: 100,
                jobs,
            };
            for format in FORMATS {
                let whole = render(&report, format, &opts, &config);
                let mut w = Recorder::default();
                assert!(write(&report, format, &opts, &config, &mut w).is_ok());
                assert!(w.text == whole.as_bytes(), "{format:?}, {jobs} threads");
                if matches!(format, Format::Json | Format::Sarif | Format::Human) {
                    assert!(whole.len() > 4 * BLOCK, "{format:?}: {}", whole.len());
                    assert!(w.writes.len() > 4, "{format:?}: {:?}", w.writes);
                    // a block, plus at most the chunk that made it spill; or a piece
                    let largest = whole.len() / (report.diagnostics.len() / CHUNK);
                    assert!(
                        w.writes.iter().all(|&n| n <= BLOCK + 2 * largest),
                        "{format:?}, {jobs} threads: {:?}",
                        w.writes
                    );
                }
            }
        }
    }

    /// A failed write ends the output: it is reported, and nothing more is written.
    #[test]
    fn a_failed_write_is_reported_and_ends_the_output() {
        let (report, config) = crate::test_support::fixtures_report(&["fixtures"], true);
        for jobs in [1, 3] {
            let opts = RenderOptions {
                color: false,
                width: 100,
                jobs,
            };
            for format in [Format::Json, Format::Sarif, Format::Human] {
                let mut w = Recorder {
                    fail_at: Some(2),
                    ..Default::default()
                };
                let result = write(&report, format, &opts, &config, &mut w);
                assert!(
                    result.is_err_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe),
                    "{format:?}"
                );
                assert_eq!(w.writes.len(), 2, "{format:?}");
                assert_eq!(w.after_failure, 1, "{format:?}, {jobs} threads");
            }
        }
    }
}
