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

pub fn render(report: &Report, opts: &RenderOptions) -> String {
    let theme = if opts.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(opts.width)
        .with_links(false)
        .with_context_lines(1);
    let mut out = String::new();
    for d in &report.diagnostics {
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
        let r = Rendered {
            d,
            src,
            message,
            help,
            code: format!("{} {} [{}]", d.rule.code, d.rule.name, d.rule.gate),
            url: d.rule.url,
        };
        let _ = handler.render_report(&mut out, &r);
        out.push('\n');
    }
    out.push_str(&summary(report));
    out
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
