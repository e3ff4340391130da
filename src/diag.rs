//! Errors about the run itself (a manifest, config or rule file that does not load), each
//! pointing at the place in its file, rendered like a compiler error.

use std::ops::Range;
use std::sync::Arc;

use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor::WriteColor};

/// Longest source line an error quotes.
pub(crate) const MAX_QUOTED_LINE: usize = 400;

/// One problem in a file vouch was told to load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceError {
    /// The file as the user named it.
    pub path: String,
    /// The file's full text, so the error can quote it; shared by every error in one file
    /// (a manifest with thousands of mistakes held a copy of itself for each).
    pub source: Arc<str>,
    /// Where in `source` the problem is; `None` for whole-file problems.
    pub span: Option<Range<usize>>,
    /// One line: what is wrong.
    pub message: String,
    /// Short text under the span.
    pub label: String,
    /// "did you mean `caseload`?" and similar.
    pub help: Option<String>,
}

impl SourceError {
    pub fn new(
        path: impl Into<String>,
        source: impl Into<Arc<str>>,
        message: impl Into<String>,
    ) -> Self {
        SourceError {
            path: path.into(),
            source: source.into(),
            span: None,
            message: message.into(),
            label: String::new(),
            help: None,
        }
    }

    pub fn at(mut self, span: Range<usize>, label: impl Into<String>) -> Self {
        self.span = Some(span);
        self.label = label.into();
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// 1-based line of the span's start, for plain-text renderings.
    pub fn line(&self) -> Option<usize> {
        let start = self.span.as_ref()?.start.min(self.source.len());
        Some(self.source[..start].matches('\n').count() + 1)
    }

    pub fn render(&self, out: &mut dyn WriteColor) -> std::io::Result<()> {
        self.render_in(&SimpleFile::new(self.path.as_str(), &self.source), out)
    }

    /// Renders every error, indexing the lines of each file once for its run of errors, not
    /// once per error: a manifest with thousands of mistakes took seconds to list them.
    pub fn render_all(errors: &[SourceError], out: &mut dyn WriteColor) -> std::io::Result<()> {
        let mut file: Option<(&SourceError, SimpleFile<&str, &str>)> = None;
        for e in errors {
            let same = file.as_ref().is_some_and(|(first, _)| {
                first.path == e.path && Arc::ptr_eq(&first.source, &e.source)
            });
            if !same {
                file = Some((e, SimpleFile::new(e.path.as_str(), &e.source)));
            }
            let (_, indexed) = file.as_ref().expect("set above");
            e.render_in(indexed, out)?;
        }
        Ok(())
    }

    /// Renders against `file`, this error's own path and text with its lines indexed.
    fn render_in(
        &self,
        file: &SimpleFile<&str, &str>,
        out: &mut dyn WriteColor,
    ) -> std::io::Result<()> {
        let mut diagnostic = Diagnostic::error().with_message(&self.message);
        if let Some(span) = &self.span {
            let span = clamp(span, &self.source);
            let line_start = self.source[..span.start].rfind('\n').map_or(0, |i| i + 1);
            let line_end = self.source[span.start..]
                .find('\n')
                .map_or(self.source.len(), |i| span.start + i);
            if line_end - line_start > MAX_QUOTED_LINE {
                // A machine-made line (a minified file, thousands of nested brackets) would
                // flood the terminal: name the place instead of quoting it.
                let column = self.source[line_start..span.start].chars().count() + 1;
                diagnostic = diagnostic.with_notes(vec![format!(
                    "at {}:{}:{column}{}{} (a line of {} bytes, not quoted)",
                    self.path,
                    self.line().unwrap_or(1),
                    if self.label.is_empty() { "" } else { ": " },
                    self.label,
                    line_end - line_start
                )]);
            } else {
                diagnostic = diagnostic
                    .with_labels(vec![Label::primary((), span).with_message(&self.label)]);
            }
        } else {
            diagnostic = diagnostic.with_notes(vec![format!("in {}", self.path)]);
        }
        if let Some(help) = &self.help {
            diagnostic.notes.push(format!("help: {help}"));
        }
        term::emit(out, &term::Config::default(), file, &diagnostic)
            .map_err(|e| std::io::Error::other(e.to_string()))
    }
}

impl std::fmt::Display for SourceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line() {
            Some(line) => write!(f, "{}:{}: {}", self.path, line, self.message)?,
            None => write!(f, "{}: {}", self.path, self.message)?,
        }
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        Ok(())
    }
}

/// Keeps a span inside the text and on char boundaries, so rendering never panics.
pub fn clamp(span: &Range<usize>, text: &str) -> Range<usize> {
    let start = floor_boundary(text, span.start);
    let mut end = span.end.min(text.len()).max(start);
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// The char boundary at or before `at`, within the text.
pub fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The closest known name to `name`, when it is close enough to be a typo.
pub fn did_you_mean<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (strsim::jaro_winkler(name, k), k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}
