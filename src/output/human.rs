//! Human diagnostics: the copy span and the manifest line that decided it, side by side,
//! rendered like a compiler error.

use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic, Label, Severity as CodespanSeverity};
use codespan_reporting::files::{Files, SimpleFile};
use codespan_reporting::term::{self, termcolor::WriteColor};

use crate::check::{FileReport, Finding};
use crate::diag::{clamp, floor_boundary, MAX_QUOTED_LINE};
use crate::manifest::{Citation, Manifest};
use crate::model::{Severity, Verdict};

/// Renders findings of one file; `manifest` supplies the evidence lines.
pub fn render_file(
    out: &mut dyn WriteColor,
    file: &FileReport,
    findings: &[&Finding],
    manifest: &Manifest,
) -> std::io::Result<()> {
    let sources = Sources::of(file, manifest);
    for f in findings {
        render_one(out, &sources, f, manifest)?;
    }
    Ok(())
}

/// Whether diagnostics rendered apart from the terminal carry its colors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Palette {
    Plain,
    Ansi,
}

/// Each of `findings` of `file` rendered on its own, as [`render_file`] renders it: a run
/// renders them where the file was checked, in parallel, and writes out only the bytes.
pub fn render_each<'f>(
    file: &FileReport,
    findings: impl Iterator<Item = &'f Finding>,
    manifest: &Manifest,
    palette: Palette,
) -> Vec<Vec<u8>> {
    let sources = Sources::of(file, manifest);
    findings
        .map(|f| {
            let mut out = match palette {
                Palette::Plain => term::termcolor::Buffer::no_color(),
                Palette::Ansi => term::termcolor::Buffer::ansi(),
            };
            // Writes into memory cannot fail.
            let _ = render_one(&mut out, &sources, f, manifest);
            out.into_inner()
        })
        .collect()
}

/// codespan's defaults, built once: they are a dozen colour specs and strings.
static CONFIG: std::sync::LazyLock<term::Config> = std::sync::LazyLock::new(term::Config::default);

fn render_one<W: WriteColor + ?Sized>(
    out: &mut W,
    sources: &Sources,
    f: &Finding,
    manifest: &Manifest,
) -> std::io::Result<()> {
    let config = &*CONFIG;
    let severity = match f.severity {
        Severity::Error => CodespanSeverity::Error,
        Severity::Warning => CodespanSeverity::Warning,
        Severity::Info => CodespanSeverity::Note,
    };
    let label = match f.verdict {
        _ if f.category == crate::model::Category::Input => "no text to check here",
        _ if f.category == crate::model::Category::Suppression => "in this suppression",
        Verdict::Unsupported => "the program cannot keep this",
        Verdict::Unverifiable => "psp.toml is silent on this",
        Verdict::Qualified => "kept only by its fine print",
        Verdict::Supported => "kept",
    };
    let view = sources.view(&clamp(&(f.start..f.end), sources.copy.source()));
    let mut labels = vec![Label::primary(view.copy_id(), view.span.clone()).with_message(label)];
    for ev in &f.evidence {
        if let Some(span) = evidence_span(&sources.psp, manifest, ev) {
            labels.push(
                Label::secondary(FileId::Psp, span)
                    .with_message(format!("{} declared here", ev.key)),
            );
        }
    }
    let mut notes = Vec::new();
    if let Some(at) = &f.location {
        notes.push(format!("in {at}"));
    }
    if let Some(s) = &f.suggestion {
        notes.push(format!("suggestion: {s}"));
    }
    let diagnostic = Diagnostic::new(severity)
        .with_code(&f.rule)
        .with_message(&f.message)
        .with_labels(labels)
        .with_notes(notes);
    super::snippets::emit(out, config, &view, &diagnostic)
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(())
}

impl<'a> Sources<'a> {
    /// Borrowed, not cloned: a file may be hundreds of megabytes.
    fn of(file: &'a FileReport, manifest: &'a Manifest) -> Sources<'a> {
        Sources {
            copy: SimpleFile::new(&file.path, &file.source),
            psp: SimpleFile::new(&manifest.path, &manifest.source),
            numbers: &file.line_numbers,
        }
    }
}

/// The manifest span a citation points at: its value on its line, else the whole line.
fn evidence_span(
    psp: &SimpleFile<&str, &str>,
    manifest: &Manifest,
    ev: &Citation,
) -> Option<Range<usize>> {
    if ev.path != manifest.path {
        return None;
    }
    let source = &manifest.source;
    let line_start = psp.line_range((), ev.line.saturating_sub(1)).ok()?.start;
    let line = source[line_start..].lines().next()?;
    let within = line
        .find(ev.value.as_str())
        .filter(|_| !ev.value.is_empty());
    Some(match within {
        Some(at) => line_start + at..line_start + at + ev.value.len(),
        None => {
            let trimmed = line.trim_end();
            let lead = trimmed.len() - trimmed.trim_start().len();
            line_start + lead..line_start + trimmed.len()
        }
    })
}

/// Bytes of a long line quoted on each side of a finding.
const EXCERPT_CONTEXT: usize = 60;
/// Longest span a finding on a long line underlines; the rest is elided.
const EXCERPT_SPAN: usize = 240;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileId {
    Copy,
    Psp,
    /// The part of one long copy line around a finding.
    Excerpt,
}

/// The copy and the manifest, each with its line starts, built once per file.
struct Sources<'a> {
    copy: SimpleFile<&'a str, &'a str>,
    psp: SimpleFile<&'a str, &'a str>,
    /// Paragraph, slide or page numbers that stand for the copy's line numbers (the
    /// synthetic text of a Word, PowerPoint or PDF file), so `path:LINE` agrees with JSON.
    numbers: &'a [usize],
}

/// A long copy line, cut down to the finding and some context either side.
struct Excerpt {
    text: String,
    line_index: usize,
    /// Where the copy line starts, and where the quoted part of it starts, in the copy.
    line_start: usize,
    quoted_start: usize,
    /// Bytes of the leading ellipsis.
    lead: usize,
}

/// What one finding renders: the sources, and an excerpt when its line is too long to quote.
struct View<'s, 'a> {
    sources: &'s Sources<'a>,
    excerpt: Option<Excerpt>,
    /// The finding's span, in the excerpt when there is one, else in the copy.
    span: Range<usize>,
}

impl<'a> Sources<'a> {
    /// Quoting a machine-made line (a minified HTML email, a generated dump) whole would
    /// flood the terminal: past [`MAX_QUOTED_LINE`] the finding gets an excerpt instead.
    fn view(&self, span: &Range<usize>) -> View<'_, 'a> {
        let source = *self.copy.source();
        let whole = |span: Range<usize>| View {
            sources: self,
            excerpt: None,
            span,
        };
        let Ok(line_index) = self.copy.line_index((), span.start) else {
            return whole(span.clone());
        };
        let Ok(line) = self.copy.line_range((), line_index) else {
            return whole(span.clone());
        };
        let text = source[line.clone()].trim_end_matches(['\n', '\r']);
        let line_end = line.start + text.len();
        if text.len() <= MAX_QUOTED_LINE {
            // A span running on into a long line would quote that line whole: underline up
            // to the end of this one.
            let next_is_long = span.end > line.end
                && source[line.end..]
                    .split('\n')
                    .next()
                    .is_some_and(|next| next.len() > MAX_QUOTED_LINE);
            return whole(if next_is_long {
                span.start..line_end.max(span.start)
            } else {
                span.clone()
            });
        }
        let span_end = floor_boundary(
            source,
            span.end.min(line_end).min(span.start + EXCERPT_SPAN),
        )
        .max(span.start);
        let quoted = clamp(
            &(span.start.saturating_sub(EXCERPT_CONTEXT).max(line.start)
                ..(span_end + EXCERPT_CONTEXT).min(line_end)),
            source,
        );
        let (quoted_start, quoted_end) = (quoted.start, quoted.end);
        let lead = if quoted_start > line.start { "…" } else { "" };
        let trail = if quoted_end < line_end { "…" } else { "" };
        let text = format!("{lead}{}{trail}", &source[quoted_start..quoted_end]);
        let shift = |at: usize| at - quoted_start + lead.len();
        View {
            sources: self,
            span: shift(span.start)..shift(span_end),
            excerpt: Some(Excerpt {
                text,
                line_index,
                line_start: line.start,
                quoted_start,
                lead: lead.len(),
            }),
        }
    }
}

impl View<'_, '_> {
    fn copy_id(&self) -> FileId {
        match self.excerpt {
            Some(_) => FileId::Excerpt,
            None => FileId::Copy,
        }
    }

    fn file(
        &self,
        id: FileId,
    ) -> Result<&SimpleFile<&str, &str>, codespan_reporting::files::Error> {
        match id {
            FileId::Psp => Ok(&self.sources.psp),
            FileId::Copy | FileId::Excerpt => Ok(&self.sources.copy),
        }
    }
}

impl<'v> codespan_reporting::files::Files<'v> for View<'_, '_> {
    type FileId = FileId;
    type Name = &'v str;
    type Source = &'v str;

    fn name(&'v self, id: FileId) -> Result<&'v str, codespan_reporting::files::Error> {
        Ok(self.file(id)?.name())
    }

    fn source(&'v self, id: FileId) -> Result<&'v str, codespan_reporting::files::Error> {
        match (id, &self.excerpt) {
            (FileId::Excerpt, Some(ex)) => Ok(&ex.text),
            _ => Ok(self.file(id)?.source()),
        }
    }

    fn line_index(
        &'v self,
        id: FileId,
        byte: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        match (id, &self.excerpt) {
            (FileId::Excerpt, Some(ex)) => Ok(ex.line_index),
            _ => self.file(id)?.line_index((), byte),
        }
    }

    fn line_number(
        &'v self,
        id: FileId,
        line_index: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        match self.sources.numbers.get(line_index) {
            Some(&n) if id != FileId::Psp => Ok(n),
            _ => Ok(line_index + 1),
        }
    }

    fn column_number(
        &'v self,
        id: FileId,
        line_index: usize,
        byte: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        match (id, &self.excerpt) {
            // The column in the whole line, not in the excerpt.
            (FileId::Excerpt, Some(ex)) => {
                let at = ex.quoted_start + byte.saturating_sub(ex.lead);
                let at = at.min(ex.quoted_start + ex.text.len() - ex.lead);
                let source = *self.sources.copy.source();
                let at = floor_boundary(source, at);
                Ok(source[ex.line_start..at].chars().count() + 1)
            }
            _ => {
                let file = self.file(id)?;
                let range = file.line_range((), line_index)?;
                Ok(codespan_reporting::files::column_index(file.source(), range, byte) + 1)
            }
        }
    }

    fn line_range(
        &'v self,
        id: FileId,
        line_index: usize,
    ) -> Result<Range<usize>, codespan_reporting::files::Error> {
        match (id, &self.excerpt) {
            (FileId::Excerpt, Some(ex)) => Ok(0..ex.text.len()),
            _ => self.file(id)?.line_range((), line_index),
        }
    }
}
