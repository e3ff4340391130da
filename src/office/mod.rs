//! Word, PowerPoint and PDF: a reader turns the document into a synthetic text (the
//! visible text in reading order, one paragraph per line; for PDF, the page's lines) plus
//! the `Prose` whose blocks map into that text, and a place for every line, so a finding
//! can name "paragraph 12 (table)", "slide 3 (notes)" or "page 2".
//!
//! Every later stage works on the synthetic text as it does on a Markdown file: a
//! finding's `start`/`end` are byte offsets into it, and `line` becomes the paragraph,
//! slide or page number.

use std::path::Path;

use crate::check::{Engine, FileReport, Finding, Keep};
use crate::diag::SourceError;
use crate::extract::{Block, BlockKind, Comment, LineIndex, Piece, Prose};
use crate::inputs::{FileFormat, InputFile};
use crate::model::{Category, Severity, Verdict};

mod docx;
pub mod package;
pub mod pdf;
mod pptx;

/// The largest document file vouch reads.
pub const MAX_FILE: u64 = 512 * 1024 * 1024;

/// Where a line of the synthetic text is in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// Paragraph, slide or page number (the finding's `line`).
    pub number: usize,
    /// "paragraph 12 (table)", "slide 3 (notes)", "page 2".
    pub label: String,
}

/// A document turned into text.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// The visible text, one paragraph per line.
    pub source: String,
    pub prose: Prose,
    /// One place per line of `source`.
    pub places: Vec<Place>,
    /// Pages without a text layer (PDF), 1-based.
    pub pages_without_text: Vec<usize>,
    pub pages: usize,
}

impl Document {
    /// The place of a byte offset of `source`.
    pub fn place(&self, lines: &LineIndex, offset: usize) -> Option<&Place> {
        let (line, _) = lines.line_col(offset);
        self.places.get(line - 1).or_else(|| self.places.last())
    }
}

/// The table rows open while a part is read (a table in a cell nests them), numbered in
/// reading order within the part (see `Block::row`).
#[derive(Default)]
pub(crate) struct TableRows {
    open: Vec<usize>,
    seen: usize,
}

impl TableRows {
    pub fn start(&mut self) {
        self.seen += 1;
        self.open.push(self.seen);
    }

    pub fn end(&mut self) {
        self.open.pop();
    }

    /// The row of a paragraph starting now, if it is in a table.
    pub fn current(&self, in_table: bool) -> Option<usize> {
        self.open.last().copied().filter(|_| in_table)
    }
}

/// Builds the synthetic text paragraph by paragraph.
#[derive(Default)]
pub(crate) struct Builder {
    doc: Document,
}

impl Builder {
    /// Adds one paragraph on its own line, preceded by the comments anchored to it (as
    /// `<!-- ... -->`, so a `vouch-ignore` comment covers this paragraph). Whitespace runs
    /// collapse to one space; a blank paragraph without comments adds nothing.
    pub fn paragraph(&mut self, kind: BlockKind, text: &str, comments: &[String], place: Place) {
        self.paragraph_in_row(kind, None, text, comments, place);
    }

    /// [`Builder::paragraph`] for a table cell's paragraph, with its row (see `Block::row`).
    pub fn paragraph_in_row(
        &mut self,
        kind: BlockKind,
        row: Option<usize>,
        text: &str,
        comments: &[String],
        place: Place,
    ) {
        let text = collapse(text);
        let comments: Vec<String> = comments
            .iter()
            .map(|c| collapse(&straight_quotes(c)).replace("-->", "--"))
            .filter(|c| !c.is_empty())
            .collect();
        if text.is_empty() && comments.is_empty() {
            return;
        }
        let source = &mut self.doc.source;
        for c in comments {
            let start = source.len();
            source.push_str("<!-- ");
            source.push_str(&c);
            source.push_str(" -->");
            self.doc.prose.comments.push(Comment {
                text: c,
                src: start..source.len(),
            });
            source.push(' ');
        }
        if !text.is_empty() {
            let start = source.len();
            source.push_str(&text);
            self.doc.prose.blocks.push(Block {
                kind,
                row,
                pieces: vec![Piece {
                    text_start: 0,
                    text_len: text.len(),
                    src: start..start + text.len(),
                    exact: true,
                }],
                text,
            });
        }
        source.push('\n');
        self.doc.places.push(place);
    }

    pub fn finish(self) -> Document {
        self.doc
    }
}

/// Whitespace runs (tabs, breaks, non-breaking spaces) to one space, trimmed.
pub(crate) fn collapse(text: &str) -> String {
    // One allocation per paragraph: every paragraph of every document comes through here.
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Word turns typed quotes into curly ones; a suppression's `reason="..."` needs straight.
fn straight_quotes(text: &str) -> String {
    text.replace(['\u{201C}', '\u{201D}', '\u{201E}'], "\"")
        .replace(['\u{2018}', '\u{2019}'], "'")
}

/// Reads a Word, PowerPoint or PDF file into text. Every failure is an error naming the
/// file; a panic inside a parser is caught and reported the same way.
pub fn read(path: &Path, shown: &str, format: FileFormat) -> Result<Document, SourceError> {
    let fail = |message: String| SourceError::new(shown, "", format!("`{shown}` {message}"));
    let meta = std::fs::metadata(path)
        .map_err(|e| SourceError::new(shown, "", format!("cannot read `{shown}`: {e}")))?;
    if meta.len() > MAX_FILE {
        return Err(fail(format!(
            "is {} MB; vouch reads documents up to {} MB",
            meta.len() / (1024 * 1024),
            MAX_FILE / (1024 * 1024)
        )));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| SourceError::new(shown, "", format!("cannot read `{shown}`: {e}")))?;
    let result = std::panic::catch_unwind(move || match format {
        FileFormat::Docx => docx::read(bytes),
        FileFormat::Pptx => pptx::read(bytes),
        FileFormat::Pdf => pdf::read(path, bytes),
        _ => Err("is not a document format".to_string()),
    });
    match result {
        Ok(Ok(doc)) => Ok(doc),
        Ok(Err(message)) => Err(fail(message)),
        Err(_) => Err(fail(
            "could not be read: the document parser failed on it (damaged or unsupported file)"
                .to_string(),
        )),
    }
}

/// Reads one document and checks it: findings name the paragraph, slide or page.
pub fn check(
    engine: &Engine,
    file: &InputFile,
    keep: Keep,
) -> Result<Option<FileReport>, SourceError> {
    let doc = read(&file.path, &file.display, file.format)?;
    let Some(mut report) = engine.check_extracted(file, doc.source.clone(), &doc.prose, keep)?
    else {
        return Ok(None);
    };
    let lines = LineIndex::new(&doc.source);
    if let Some(notice) = no_text_notice(engine, file, &doc, &report) {
        report.directive_findings.push(notice);
    }
    for f in report
        .claims
        .iter_mut()
        .chain(report.directive_findings.iter_mut())
    {
        locate(&doc, &lines, f);
    }
    report.line_numbers = doc.places.iter().map(|p| p.number).collect();
    Ok(Some(report))
}

/// Turns a finding's line into the paragraph, slide or page number and names the place.
pub fn locate(doc: &Document, lines: &LineIndex, f: &mut Finding) {
    if let Some(place) = doc.place(lines, f.start) {
        f.line = place.number;
        f.location = Some(place.label.clone());
    }
    let end = f.end.saturating_sub(1).max(f.start);
    if let Some(place) = doc.place(lines, end) {
        f.end_line = place.number.max(f.line);
    }
}

/// The rule reported for a PDF page without a text layer, or a document without text.
pub const NO_TEXT_RULE: &str = "input.no_text";
pub const NO_TEXT_WHY: &str = "A scanned PDF carries its copy as an image, and a Word document or PowerPoint deck with no text at all keeps it in pictures or embedded objects: vouch cannot read it, and a gate that passed it silently would vouch for promises nobody checked. A warning when the whole document has no text, info when only some PDF pages lack it.";
pub const NO_TEXT_FIX: &str = "Lint the source document (Word, PowerPoint) or a PDF exported with its text, or review the scanned pages, pictures or objects by hand. Make it fail the gate with `[rules.severity] \"input.no_text\" = \"error\"`.";
pub const NO_TEXT_SUMMARY: &str =
    "A PDF page without a text layer (a scan), or a Word or PowerPoint file without text: its copy cannot be checked";

/// A PDF whose pages carry no text, or a Word or PowerPoint file with none, is reported,
/// never passed silently.
fn no_text_notice(
    engine: &Engine,
    file: &InputFile,
    doc: &Document,
    report: &FileReport,
) -> Option<Finding> {
    if !engine.enabled(NO_TEXT_RULE) {
        return None;
    }
    // A Word or PowerPoint file with no text at all keeps its copy in pictures or embedded
    // objects vouch does not read; one page or slide of pictures is only design.
    let kind = match file.format {
        FileFormat::Docx => Some("Word document"),
        FileFormat::Pptx => Some("PowerPoint deck"),
        _ => None,
    };
    if let Some(kind) = kind.filter(|_| doc.source.trim().is_empty()) {
        let severity = engine.settings.severity.get(NO_TEXT_RULE).copied();
        let message = format!("this {kind} has no text vouch can read (its copy is in pictures or embedded objects?): check it by hand");
        let mut notice = no_text_finding(file, report, message, 1, 0, String::new());
        notice.severity = severity.unwrap_or(Severity::Warning);
        return Some(notice);
    }
    if doc.pages_without_text.is_empty() {
        return None;
    }
    let all = doc.pages_without_text.len() == doc.pages;
    let pages = doc
        .pages_without_text
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let message = if all {
        "this PDF has no text layer (a scanned image?): vouch cannot read its copy; check it by hand or lint the source document".to_string()
    } else {
        format!("page(s) {pages} of this PDF have no text layer (scanned images?): vouch cannot read their copy")
    };
    let severity = engine
        .settings
        .severity
        .get(NO_TEXT_RULE)
        .copied()
        .unwrap_or(if all {
            Severity::Warning
        } else {
            Severity::Info
        });
    let first = doc.pages_without_text[0];
    let start = doc
        .source
        .split_inclusive('\n')
        .zip(&doc.places)
        .take_while(|(_, p)| p.number < first)
        .map(|(l, _)| l.len())
        .sum::<usize>()
        .min(doc.source.len());
    let mut notice = no_text_finding(file, report, message, first, start, pages);
    notice.severity = severity;
    notice.location = Some(format!("page {first}"));
    notice.column = LineIndex::new(&doc.source).line_col(start).1;
    notice.end_column = notice.column;
    Some(notice)
}

/// An `input.no_text` finding at `line` (a page number; 1 for a whole document).
fn no_text_finding(
    file: &InputFile,
    report: &FileReport,
    message: String,
    line: usize,
    start: usize,
    pages: String,
) -> Finding {
    Finding {
        rule: NO_TEXT_RULE.to_string(),
        category: Category::Input,
        verdict: Verdict::Unverifiable,
        severity: Severity::Warning,
        path: report.path.clone(),
        audience: report.audience.clone(),
        start,
        end: start,
        line,
        column: 1,
        end_line: line,
        end_column: 1,
        text: String::new(),
        message,
        evidence: Vec::new(),
        suggestion: None,
        fingerprint: crate::check::fingerprint(NO_TEXT_RULE, &file.display, &pages),
        sentence: String::new(),
        location: None,
    }
}
