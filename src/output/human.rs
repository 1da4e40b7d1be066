//! Human output: miette's graphical reports, fed a line-windowed source so each
//! diagnostic costs a binary search instead of a scan of the whole file.

use std::fmt::{self, Write as _};

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use super::RenderOptions;
use crate::diagnostics::{Diagnostic, Severity};
use crate::engine::Report;
use crate::source::SourceFile;

/// A [`SourceCode`] that reads only the lines around a span.
struct Windowed<'a>(&'a SourceFile);

impl SourceCode for Windowed<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let f = self.0;
        let text = &f.text;
        let start = span.offset().min(text.len());
        let end = (start + span.len()).min(text.len());
        let first = f.index.line_of(start).saturating_sub(before);
        let last_line = f
            .index
            .line_of(end.saturating_sub(usize::from(end > start)));
        let last = (last_line + after).min(f.index.line_count().saturating_sub(1));
        let w_start = f.index.line_start(first).unwrap_or(0);
        let w_end = f
            .index
            .line_start(last + 1)
            .map_or(text.len(), |s| s.saturating_sub(1))
            .max(w_start);
        let w_end = w_end.min(text.len());
        let data = &text.as_bytes()[w_start..w_end];
        // miette's header shows line/column of the span read without context: make it
        // the finding's own position
        let lc = f.index.line_col(text, start);
        let (line, column) = if before == 0 {
            (lc.line as usize - 1, lc.column as usize - 1)
        } else {
            (first, 0)
        };
        Ok(Box::new(MietteSpanContents::new_named(
            f.path.clone(),
            data,
            SourceSpan::new(w_start.into(), w_end - w_start),
            line,
            column,
            last - first + 1,
        )))
    }
}

struct Rendered<'a> {
    d: &'a Diagnostic,
    src: Option<Windowed<'a>>,
    message: String,
    help: String,
    code: String,
    url: &'static str,
}

impl fmt::Debug for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Rendered<'_> {}

impl miette::Diagnostic for Rendered<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.code))
    }

    fn url<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.url))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.help))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.src.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let loc = self.d.loc?;
        self.src.as_ref()?;
        let mut spans = vec![LabeledSpan::new_primary_with_span(
            Some(self.d.rule.name.to_string()),
            SourceSpan::new(loc.span.start.into(), loc.span.len().max(1)),
        )];
        for l in self.d.labels.iter().filter(|l| l.path.is_none()) {
            spans.push(LabeledSpan::new_with_span(
                Some(l.message.clone()),
                SourceSpan::new(l.loc.span.start.into(), l.loc.span.len().max(1)),
            ));
        }
        Some(Box::new(spans.into_iter()))
    }
}

fn summary(report: &Report) -> String {
    let n = report.diagnostics.len();
    let linted = report
        .files
        .iter()
        .filter(|f| f.status != crate::engine::FileStatus::NotInfra)
        .count();
    format!(
        "{} finding{} ({} error{}, {} warning{}, {} info) in {} infrastructure file{} ({} files seen)\n",
        n,
        plural(n),
        report.count(Severity::Error),
        plural(report.count(Severity::Error)),
        report.count(Severity::Warning),
        plural(report.count(Severity::Warning)),
        report.count(Severity::Info),
        linted,
        plural(linted),
        report.files.len(),
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Lines broken as miette breaks them (textwrap, the handler's options), given to a
/// handler that does not wrap again: the same output, with each distinct help text
/// wrapped once instead of once per finding.
struct Prewrap {
    width: usize,
    cause_first: String,
    cause_rest: String,
    help_first: String,
    help_rest: String,
}

impl Prewrap {
    fn new(theme: &GraphicalTheme, severity: Severity, width: usize) -> Self {
        let c = &theme.characters;
        let icon = match severity {
            Severity::Error => &c.error,
            Severity::Warning => &c.warning,
            Severity::Info => &c.advice,
        };
        // indents of the same display width as miette's (colours take no columns)
        let blank = |s: String| " ".repeat(textwrap::core::display_width(&s));
        Prewrap {
            width: width.saturating_sub(2),
            cause_first: blank(format!("  {icon} ")),
            cause_rest: blank(format!("  {} ", c.vbar)),
            help_first: blank("  help: ".into()),
            help_rest: blank("        ".into()),
        }
    }

    /// `text` wrapped without its indents; `None` when miette's unwrapped layout would
    /// differ (a blank line, a trailing newline): such text is left to miette.
    fn wrap(&self, text: &str, first: &str, rest: &str) -> Option<String> {
        if text.ends_with('\n') || text.split('\n').any(|l| l.trim().is_empty()) {
            return None;
        }
        // one line that fits: first-fit wrapping keeps it whole, less trailing spaces
        let one_line = text.trim_end_matches(' ');
        let first_width = textwrap::core::display_width(first);
        if !text.contains('\n')
            && first_width == textwrap::core::display_width(rest)
            && first_width + textwrap::core::display_width(one_line) <= self.width
        {
            return Some(one_line.to_string());
        }
        let opts = textwrap::Options::new(self.width)
            .initial_indent(first)
            .subsequent_indent(rest)
            .word_separator(WORD_SEPARATOR)
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        let mut out = String::with_capacity(text.len() + 16);
        for (i, line) in textwrap::wrap(text, opts).iter().enumerate() {
            let indent = if i == 0 { first } else { rest };
            let line = line.strip_prefix(indent)?;
            if line.trim().is_empty() {
                return None;
            }
            if i > 0 {
                out.push('\n');
            }
            out.push_str(line);
        }
        Some(out)
    }
}

/// Lines break at spaces only: paths, keys and rule names stay whole (and the
/// Unicode line-breaking pass cost more than the rest of the rendering).
const WORD_SEPARATOR: textwrap::WordSeparator = textwrap::WordSeparator::AsciiSpace;

pub fn render(report: &Report, opts: &RenderOptions) -> String {
    render_with(report, opts, true)
}

/// [`render`], into `out`.
pub(crate) fn write(report: &Report, opts: &RenderOptions, out: &mut super::Stream<'_>) {
    write_with(report, opts, true, out)
}

fn render_with(report: &Report, opts: &RenderOptions, prewrap: bool) -> String {
    super::Stream::text_of(|out| write_with(report, opts, prewrap, out))
}

/// Human output; `prewrap`: lines broken here (see [`Prewrap`]) rather than by miette.
fn write_with(report: &Report, opts: &RenderOptions, prewrap: bool, out: &mut super::Stream<'_>) {
    let theme = if opts.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let prewraps: Vec<(Severity, Prewrap)> = [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .filter(|_| prewrap)
        .map(|s| (s, Prewrap::new(&theme, s, opts.width)))
        .collect();
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(opts.width)
        .with_links(false)
        .with_context_lines(1)
        .with_word_separator(WORD_SEPARATOR)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation);
    let unwrapped = handler.clone().with_wrap_lines(false);
    super::render_in_pieces(out, &report.diagnostics, opts.jobs, "", |out, piece| {
        // each help text wrapped once (most are a rule's default)
        let mut helps: rustc_hash::FxHashMap<String, Option<String>> = Default::default();
        for d in piece {
            let src = report.sources.get(&d.path).map(|s| Windowed(s));
            let message = match (d.loc, &src) {
                (Some(l), None) => format!(
                    "{}:{}:{}: {}",
                    d.path, l.start.line, l.start.column, d.message
                ),
                (None, _) => format!("{}: {}", d.path, d.message),
                _ => d.message.clone(),
            };
            let mut help = d.help_text().to_string();
            for l in d.labels.iter().filter(|l| l.path.is_some()) {
                let _ = write!(
                    help,
                    "\n{}:{}:{}: {}",
                    l.path.as_deref().unwrap_or(""),
                    l.loc.start.line,
                    l.loc.start.column,
                    l.message
                );
            }
            let p = prewraps
                .iter()
                .find(|(s, _)| *s == d.severity)
                .map(|(_, p)| p);
            let wrapped = p.and_then(|p| {
                let help = match helps.get(&help) {
                    Some(w) => w.clone(),
                    None => {
                        let w = p.wrap(&help, &p.help_first, &p.help_rest);
                        helps.insert(help.clone(), w.clone());
                        w
                    }
                }?;
                Some((p.wrap(&message, &p.cause_first, &p.cause_rest)?, help))
            });
            let (message, help, handler) = match wrapped {
                Some((m, h)) => (m, h, &unwrapped),
                None => (message, help, &handler),
            };
            let r = Rendered {
                d,
                src,
                message,
                help,
                code: format!("{} {} [{}]", d.rule.code, d.rule.name, d.rule.gate),
                url: d.rule.url,
            };
            let _ = handler.render_report(out, &r);
            out.push('\n');
        }
    });
    out.buf.push_str(&summary(report));
}

pub fn render_concise(report: &Report) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        match d.loc {
            Some(l) => {
                let _ = writeln!(
                    out,
                    "{}:{}:{}: {} {} [{}] {}",
                    d.path,
                    l.start.line,
                    l.start.column,
                    d.rule.code,
                    d.severity,
                    d.rule.gate,
                    d.message
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "{}: {} {} [{}] {}",
                    d.path, d.rule.code, d.severity, d.rule.gate, d.message
                );
            }
        }
    }
    out.push_str(&summary(report));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines broken before miette sees them come out as miette breaks them, in colour
    /// and without, at several widths, written in pieces or not.
    #[test]
    fn prewrapped_lines_are_miettes() {
        let (mut report, _) = crate::test_support::fixtures_report(
            &[
                "fixtures/kubernetes",
                "fixtures/projects",
                "fixtures/workflow",
            ],
            true,
        );
        assert!(report.diagnostics.len() > 2 * super::super::CHUNK);
        // a blank line and a trailing newline: left to miette
        report.diagnostics[0]
            .message
            .push_str("\n\nsecond paragraph");
        report.diagnostics[1].help = Some("ends with a newline\n".into());
        // at the width's edge (94 and 95 columns after a 4-column indent at width 100),
        // with trailing spaces, and one word longer than a line
        report.diagnostics[2].message = format!("{} end", "x".repeat(90));
        report.diagnostics[3].message = format!("{} end  ", "x".repeat(91));
        report.diagnostics[4].message = format!("word {}", "y".repeat(120));
        for (color, width, jobs) in [
            (false, 100, 1),
            (true, 100, 3),
            (false, 48, 1),
            (true, 160, 1),
        ] {
            let opts = RenderOptions { color, width, jobs };
            let ours = render_with(&report, &opts, true);
            assert_eq!(ours, render_with(&report, &opts, false), "{color} {width}");
            assert!(ours.contains("second paragraph"));
        }
    }
}
