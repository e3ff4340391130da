//! Human diagnostics: the copy span and the manifest line that decided it, side by side,
//! rendered like a compiler error.

use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic, Label, Severity as CodespanSeverity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor::WriteColor};

use crate::check::{FileReport, Finding};
use crate::diag::clamp;
use crate::manifest::{Citation, Manifest};
use crate::model::{Severity, Verdict};

/// Renders findings of one file; `manifest` supplies the evidence lines.
pub fn render_file(
    out: &mut dyn WriteColor,
    file: &FileReport,
    findings: &[&Finding],
    manifest: &Manifest,
) -> std::io::Result<()> {
    let mut inner = SimpleFiles::new();
    let copy = inner.add(file.path.clone(), file.source.clone());
    let psp = inner.add(manifest.path.clone(), manifest.source.clone());
    let files = Numbered {
        inner,
        copy,
        numbers: &file.line_numbers,
    };
    let config = term::Config::default();
    for f in findings {
        let severity = match f.severity {
            Severity::Error => CodespanSeverity::Error,
            Severity::Warning => CodespanSeverity::Warning,
            Severity::Info => CodespanSeverity::Note,
        };
        let label = match f.verdict {
            _ if f.category == crate::model::Category::Input => "no text to check here",
            Verdict::Unsupported => "the program cannot keep this",
            Verdict::Unverifiable => "psp.toml is silent on this",
            Verdict::Qualified => "kept only by its fine print",
            Verdict::Supported => "kept",
        };
        let mut labels =
            vec![Label::primary(copy, clamp(&(f.start..f.end), &file.source)).with_message(label)];
        for ev in &f.evidence {
            if let Some(span) = evidence_span(manifest, ev) {
                labels.push(
                    Label::secondary(psp, span).with_message(format!("{} declared here", ev.key)),
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
        term::emit(out, &config, &files, &diagnostic)
            .map_err(|e| std::io::Error::other(e.to_string()))?;
    }
    Ok(())
}

/// The manifest span a citation points at: its value on its line, else the whole line.
fn evidence_span(manifest: &Manifest, ev: &Citation) -> Option<Range<usize>> {
    if ev.path != manifest.path {
        return None;
    }
    let source = &manifest.source;
    let line_start: usize = source
        .split_inclusive('\n')
        .take(ev.line.saturating_sub(1))
        .map(str::len)
        .sum();
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

/// Files whose copy shows paragraph, slide or page numbers instead of line numbers (the
/// synthetic text of a Word, PowerPoint or PDF file), so `path:LINE` agrees with JSON.
struct Numbered<'a> {
    inner: SimpleFiles<String, String>,
    copy: usize,
    numbers: &'a [usize],
}

impl<'a> codespan_reporting::files::Files<'a> for Numbered<'_> {
    type FileId = usize;
    type Name = String;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<String, codespan_reporting::files::Error> {
        self.inner.name(id)
    }

    fn source(&'a self, id: usize) -> Result<&'a str, codespan_reporting::files::Error> {
        self.inner.source(id)
    }

    fn line_index(
        &'a self,
        id: usize,
        byte: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        self.inner.line_index(id, byte)
    }

    fn line_number(
        &'a self,
        id: usize,
        line_index: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        match self.numbers.get(line_index) {
            Some(&n) if id == self.copy => Ok(n),
            _ => Ok(line_index + 1),
        }
    }

    fn line_range(
        &'a self,
        id: usize,
        line_index: usize,
    ) -> Result<Range<usize>, codespan_reporting::files::Error> {
        self.inner.line_range(id, line_index)
    }
}
