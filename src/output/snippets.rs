//! codespan-reporting's rich layout, written a run of text at a time, for the shape nearly
//! every vouch diagnostic has: each label on one line, no two labels on the same line.
//!
//! codespan writes every quoted character through `write!` and asks each label about it:
//! about 130,000 instructions a finding, which made human output twice the cost of JSON.
//! [`emit`] writes the same bytes, colours included (it makes the same `set_color` and
//! `reset` calls in the same order), and hands any other shape to codespan itself. The
//! tests compare the two on every shape and character class they could think of.

use std::io;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic, LabelStyle, Severity};
use codespan_reporting::files::Files;
use codespan_reporting::term::termcolor::WriteColor;
use codespan_reporting::term::{self, Config};
use unicode_width::UnicodeWidthChar;

use crate::diag::clamp;

/// Renders `diagnostic` as `term::emit` does with `config`.
pub fn emit<'f, W, F>(
    out: &mut W,
    config: &Config,
    files: &'f F,
    diagnostic: &Diagnostic<F::FileId>,
) -> Result<(), codespan_reporting::files::Error>
where
    W: WriteColor + ?Sized,
    F: Files<'f, Source = &'f str>,
    F::FileId: Copy + PartialEq,
{
    match layout(config, files, diagnostic) {
        Some(layout) => Ok(write_layout(out, config, diagnostic, &layout)?),
        None => term::emit(&mut &mut *out, config, files, diagnostic),
    }
}

/// One labelled line of a file's snippet.
struct Line<'d, 's> {
    index: usize,
    number: usize,
    /// The line as codespan quotes it: line breaks and NULs trimmed off its end.
    text: &'s str,
    style: LabelStyle,
    /// The label's bytes within the line, at least one wide.
    range: Range<usize>,
    message: &'d str,
    /// The next labelled line is two lines on: the one between is quoted bare.
    between: Option<(usize, &'s str)>,
}

/// A file's labels while they are gathered: the label its locus points at, and its lines.
struct Group<'d, 's, Id> {
    file: Id,
    locus_start: usize,
    locus_style: LabelStyle,
    lines: Vec<Line<'d, 's>>,
}

/// A file's snippet: its locus and its labelled lines, in line order.
struct Snippet<'d, 's> {
    locus: String,
    lines: Vec<Line<'d, 's>>,
}

struct Layout<'d, 's> {
    snippets: Vec<Snippet<'d, 's>>,
    /// Width of the widest line number.
    padding: usize,
}

/// The snippets of `diagnostic`, or `None` when it has a shape this module does not write
/// (a label over several lines, two labels on one line, a config other than the default)
/// or a file cannot answer.
fn layout<'d, 'f, F>(
    config: &Config,
    files: &'f F,
    diagnostic: &'d Diagnostic<F::FileId>,
) -> Option<Layout<'d, 'f>>
where
    F: Files<'f, Source = &'f str>,
    F::FileId: Copy + PartialEq,
{
    if !is_default(config) {
        return None;
    }
    // Grouped by file in the order files first appear, as codespan groups them; the locus
    // is the file's primary label if it has one, else its earliest label.
    let mut groups: Vec<Group<'d, 'f, F::FileId>> = Vec::new();
    let mut padding = 0;
    for label in &diagnostic.labels {
        let file = label.file_id;
        let index = files.line_index(file, label.range.start).ok()?;
        if files.line_index(file, label.range.end).ok()? != index {
            return None;
        }
        let number = files.line_number(file, index).ok()?;
        padding = padding.max(count_digits(number));
        let line_range = files.line_range(file, index).ok()?;
        let text = files
            .source(file)
            .ok()?
            .get(line_range.clone())?
            .trim_end_matches(['\n', '\r', '\0']);
        let start = label.range.start.checked_sub(line_range.start)?;
        let end = (label.range.end.checked_sub(line_range.start)?).max(start + 1);
        let line = Line {
            index,
            number,
            text,
            style: label.style,
            range: start..end,
            message: &label.message,
            between: None,
        };
        match groups.iter_mut().find(|g| g.file == file) {
            Some(group) => {
                if group.lines.iter().any(|l| l.index == index) {
                    return None;
                }
                if group.locus_style > label.style
                    || (group.locus_style == label.style && group.locus_start > label.range.start)
                {
                    group.locus_start = label.range.start;
                    group.locus_style = label.style;
                }
                group.lines.push(line);
            }
            None => groups.push(Group {
                file,
                locus_start: label.range.start,
                locus_style: label.style,
                lines: vec![line],
            }),
        }
    }
    let mut snippets = Vec::with_capacity(groups.len());
    for Group {
        file,
        locus_start,
        mut lines,
        ..
    } in groups
    {
        lines.sort_by_key(|l| l.index);
        for i in 1..lines.len() {
            let before = lines[i - 1].index;
            if lines[i].index - before == 2 {
                let number = files.line_number(file, before + 1).ok()?;
                let range = files.line_range(file, before + 1).ok()?;
                let text = files.source(file).ok()?.get(range)?;
                lines[i - 1].between = Some((number, text));
            }
        }
        let location = files.location(file, locus_start).ok()?;
        let locus = format!(
            "{}:{}:{}",
            files.name(file).ok()?,
            location.line_number,
            location.column_number
        );
        snippets.push(Snippet { locus, lines });
    }
    Some(Layout { snippets, padding })
}

/// Whether `config` is `Config::default()` in everything the layout depends on.
fn is_default(config: &Config) -> bool {
    let chars = &config.chars;
    matches!(config.display_style, term::DisplayStyle::Rich)
        && config.tab_width == TAB_WIDTH
        && chars.snippet_start == "┌─"
        && chars.source_border_left == '│'
        && chars.source_border_left_break == '·'
        && chars.note_bullet == '='
        && chars.single_primary_caret == '^'
        && chars.single_secondary_caret == '-'
}

const TAB_WIDTH: usize = 4;

fn count_digits(mut n: usize) -> usize {
    let mut count = 0;
    while n != 0 {
        count += 1;
        n /= 10;
    }
    count
}

/// Writes the layout with the same text and the same colour calls as codespan's renderer.
fn write_layout<W: WriteColor + ?Sized, Id>(
    out: &mut W,
    config: &Config,
    diagnostic: &Diagnostic<Id>,
    layout: &Layout,
) -> io::Result<()> {
    let mut w = Writer {
        out,
        styles: &config.styles,
        severity: diagnostic.severity,
        pad: layout.padding,
        run: String::new(),
    };
    w.header(diagnostic.code.as_deref(), &diagnostic.message)?;
    for (i, snippet) in layout.snippets.iter().enumerate() {
        w.gutter()?;
        w.border("┌─")?;
        writeln!(w.out, " {}", snippet.locus)?;
        w.empty_line()?;
        for (l, line) in snippet.lines.iter().enumerate() {
            let primary = match line.style {
                LabelStyle::Primary => clamp(&line.range, line.text),
                LabelStyle::Secondary => 0..0,
            };
            w.source_line(line.number, line.text, primary)?;
            w.caret_line(line)?;
            let Some(next) = snippet.lines.get(l + 1) else {
                continue;
            };
            match line.between {
                Some((number, between)) => {
                    let between = between.trim_end_matches(['\n', '\r', '\0']);
                    w.source_line(number, between, 0..0)?;
                }
                None if next.index == line.index + 1 => {}
                None => {
                    w.gutter()?;
                    w.border("·")?;
                    w.out.write_all(b"\n")?;
                }
            }
        }
        if i + 1 < layout.snippets.len() || !diagnostic.notes.is_empty() {
            w.empty_line()?;
        }
    }
    for note in &diagnostic.notes {
        for (n, line) in note.lines().enumerate() {
            w.gutter()?;
            if n == 0 {
                w.out.set_color(&w.styles.note_bullet)?;
                w.out.write_all(b"=")?;
                w.out.reset()?;
            } else {
                w.out.write_all(b" ")?;
            }
            writeln!(w.out, " {line}")?;
        }
    }
    w.out.write_all(b"\n")
}

/// The output and what every line of one diagnostic shares.
struct Writer<'w, W: ?Sized> {
    out: &'w mut W,
    styles: &'w term::Styles,
    severity: Severity,
    /// Width of the line-number gutter.
    pad: usize,
    /// A line with its tabs expanded.
    run: String,
}

impl<W: WriteColor + ?Sized> Writer<'_, W> {
    /// `error[rule.id]: message`
    fn header(&mut self, code: Option<&str>, message: &str) -> io::Result<()> {
        self.out.set_color(self.styles.header(self.severity))?;
        self.out.write_all(match self.severity {
            Severity::Bug => b"bug",
            Severity::Error => b"error",
            Severity::Warning => b"warning",
            Severity::Help => b"help",
            Severity::Note => b"note",
        })?;
        if let Some(code) = code.filter(|c| !c.is_empty()) {
            write!(self.out, "[{code}]")?;
        }
        self.out.set_color(&self.styles.header_message)?;
        write!(self.out, ": {message}")?;
        self.out.reset()?;
        self.out.write_all(b"\n")
    }

    /// The blank gutter where a line number would go.
    fn gutter(&mut self) -> io::Result<()> {
        self.spaces(self.pad + 1)
    }

    fn spaces(&mut self, count: usize) -> io::Result<()> {
        const SPACES: &[u8; 32] = b"                                ";
        let mut left = count;
        while left > 0 {
            let now = left.min(SPACES.len());
            self.out.write_all(&SPACES[..now])?;
            left -= now;
        }
        Ok(())
    }

    fn border(&mut self, border: &str) -> io::Result<()> {
        self.out.set_color(&self.styles.source_border)?;
        self.out.write_all(border.as_bytes())?;
        self.out.reset()
    }

    /// `   │`
    fn empty_line(&mut self) -> io::Result<()> {
        self.gutter()?;
        self.border("│")?;
        self.out.write_all(b"\n")
    }

    /// `12 │ the quoted line`, the bytes `primary` touches in the primary label's colour.
    fn source_line(&mut self, number: usize, line: &str, primary: Range<usize>) -> io::Result<()> {
        self.out.set_color(&self.styles.line_number)?;
        let mut digits = itoa::Buffer::new();
        let digits = digits.format(number);
        self.spaces(self.pad.saturating_sub(digits.len()))?;
        self.out.write_all(digits.as_bytes())?;
        self.out.reset()?;
        self.out.write_all(b" ")?;
        self.border("│")?;
        self.out.write_all(b" ")?;
        if primary.is_empty() {
            self.quote(line, 0..line.len())?;
        } else {
            self.quote(line, 0..primary.start)?;
            self.out
                .set_color(self.styles.label(self.severity, LabelStyle::Primary))?;
            self.quote(line, primary.clone())?;
            self.out.reset()?;
            self.quote(line, primary.end..line.len())?;
        }
        self.out.write_all(b"\n")
    }

    /// `line[part]` as quoted: a tab stands for the spaces up to the line's next tab stop.
    fn quote(&mut self, line: &str, part: Range<usize>) -> io::Result<()> {
        let text = &line[part.clone()];
        if !text.contains('\t') {
            return self.out.write_all(text.as_bytes());
        }
        let mut at = columns(&line[..part.start], 0);
        self.run.clear();
        for ch in text.chars() {
            let width = width(ch, at);
            match ch {
                '\t' => self.run.extend(std::iter::repeat_n(' ', width)),
                _ => self.run.push(ch),
            }
            at += width;
        }
        self.out.write_all(self.run.as_bytes())
    }

    /// `   │     ^^^^^ message` under a labelled line.
    fn caret_line(&mut self, line: &Line) -> io::Result<()> {
        self.gutter()?;
        self.border("│")?;
        self.out.write_all(b" ")?;
        let text = line.text;
        let range = &line.range;
        let touched = clamp(range, text);
        let before = columns(&text[..touched.start], 0);
        // codespan measures one column past the line's end too, so a label at the end of
        // its line (on its line break, say) still gets a caret.
        let past_end = range.start <= text.len() && text.len() < range.end;
        self.spaces(before + usize::from(range.start > text.len()))?;
        let style = self.styles.label(self.severity, line.style);
        if !touched.is_empty() || past_end {
            let carets = columns(&text[touched.clone()], before) + usize::from(past_end);
            let caret = match line.style {
                LabelStyle::Primary => "^",
                LabelStyle::Secondary => "-",
            };
            self.out.set_color(style)?;
            self.out.write_all(caret.repeat(carets).as_bytes())?;
            self.out.reset()?;
        }
        if !line.message.is_empty() {
            self.out.write_all(b" ")?;
            self.out.set_color(style)?;
            self.out.write_all(line.message.as_bytes())?;
            self.out.reset()?;
        }
        self.out.write_all(b"\n")
    }
}

/// Columns `text` takes when it starts at column `from`, measured as codespan measures
/// them: a tab runs to the next multiple of four, a control character takes none.
fn columns(text: &str, from: usize) -> usize {
    if text.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        return text.len();
    }
    text.chars().fold(from, |at, ch| at + width(ch, at)) - from
}

fn width(ch: char, column: usize) -> usize {
    match ch {
        '\t' => TAB_WIDTH - column % TAB_WIDTH,
        _ => ch.width().unwrap_or(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use codespan_reporting::diagnostic::Label;
    use codespan_reporting::files::SimpleFiles;
    use codespan_reporting::term::termcolor::Buffer;

    /// Both renderings of `diagnostic`, plain and in colour: codespan's, then this module's.
    fn both(
        files: &SimpleFiles<String, String>,
        diagnostic: &Diagnostic<usize>,
    ) -> [(Vec<u8>, Vec<u8>); 2] {
        let config = Config::default();
        [Buffer::no_color, Buffer::ansi].map(|make| {
            let mut theirs = make();
            term::emit(&mut theirs, &config, files, diagnostic).unwrap();
            let mut ours = make();
            emit(&mut ours, &config, files, diagnostic).unwrap();
            (theirs.into_inner(), ours.into_inner())
        })
    }

    fn assert_same(files: &SimpleFiles<String, String>, diagnostic: &Diagnostic<usize>) {
        for (theirs, ours) in both(files, diagnostic) {
            assert_eq!(
                String::from_utf8_lossy(&ours),
                String::from_utf8_lossy(&theirs),
                "{diagnostic:?}"
            );
        }
    }

    const COPY: &str = "Call our nurses 24/7 — day or night.\n\
        \tTabbed\tline with\ttabs.\r\n\
        Wide: 看護師が24時間対応します。\n\
        Combining: cafe\u{301} and emoji 👩‍⚕️ here.\n\
        Control: a\u{1}b\u{7f}c and NUL\0 end\0\n\
        \n\
        Last line without a break";

    const PSP: &str = "[channels.phone]\nnumber = \"1-844-555-2273\"\nhours = \"Mon-Fri 08:00-20:00\"\n\
        after_hours = \"voicemail\"\nstaffed_by = [\"nurse\"]\n\n[staff.nurse]\nassignment = \"pooled\"\n\
        count = 30\ncaseload = 220\n";

    fn files() -> SimpleFiles<String, String> {
        let mut files = SimpleFiles::new();
        files.add("copy/page.md".to_string(), COPY.to_string());
        files.add("psp.toml".to_string(), PSP.to_string());
        files
    }

    /// Byte offsets of every line of `text`, with and without its break.
    fn spans_within_lines(text: &str) -> Vec<Range<usize>> {
        let mut spans = Vec::new();
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            let bounds: Vec<usize> = line
                .char_indices()
                .map(|(i, _)| start + i)
                .chain([start + line.len()])
                .collect();
            for (a, &s) in bounds.iter().enumerate() {
                for &e in &bounds[a..] {
                    // Every start; a few ends from each, to keep the test quick.
                    if e - s <= 3 || e == *bounds.last().unwrap() || (e - s) % 7 == 0 {
                        spans.push(s..e);
                    }
                }
            }
            start += line.len();
        }
        spans
    }

    #[test]
    fn every_span_of_every_line_renders_as_codespan_renders_it() {
        let files = files();
        // Values on lines 1, 2, 3, 4 and 8 of the manifest: neighbours, a gap of one, a break.
        let psp_lines = [
            "channels.phone",
            "1-844-555-2273",
            "Mon-Fri 08:00-20:00",
            "voicemail",
            "pooled",
        ]
        .map(|value| {
            let at = PSP.find(value).unwrap();
            at..at + value.len()
        });
        let (mut fast, mut all) = (0, 0);
        for span in spans_within_lines(COPY) {
            for (severity, message) in [(Severity::Error, "cannot keep"), (Severity::Note, "")] {
                let mut labels = vec![Label::primary(0, span.clone()).with_message(message)];
                for psp in &psp_lines[..span.start % psp_lines.len()] {
                    labels.push(Label::secondary(1, psp.clone()).with_message("declared here"));
                }
                let diagnostic = Diagnostic::new(severity)
                    .with_code(if span.len() % 2 == 0 { "rule.id" } else { "" })
                    .with_message("copy promises round-the-clock care")
                    .with_labels(labels)
                    .with_notes(match span.start % 3 {
                        0 => vec![],
                        1 => vec!["suggestion: say weekdays".into()],
                        _ => vec!["in table row 2".into(), "two\nlines".into()],
                    });
                fast += usize::from(layout(&Config::default(), &files, &diagnostic).is_some());
                all += 1;
                assert_same(&files, &diagnostic);
            }
        }
        // Most spans stay on their line and take the fast path: the test must exercise it.
        assert!(
            fast * 4 > all * 3,
            "{fast} of {all} diagnostics took the fast path"
        );
    }

    #[test]
    fn shapes_it_does_not_write_are_left_to_codespan() {
        let files = files();
        let over_two_lines = Diagnostic::error().with_labels(vec![Label::primary(0, 30..45)]);
        let two_on_one_line = Diagnostic::warning()
            .with_labels(vec![Label::primary(0, 5..8), Label::secondary(0, 16..20)]);
        let psp_twice_on_a_line = Diagnostic::error().with_labels(vec![
            Label::primary(0, 5..8),
            Label::secondary(1, 27..33),
            Label::secondary(1, 36..40),
        ]);
        for diagnostic in [over_two_lines, two_on_one_line, psp_twice_on_a_line] {
            assert!(layout(&Config::default(), &files, &diagnostic).is_none());
            assert_same(&files, &diagnostic);
        }
    }

    #[test]
    fn line_numbers_of_different_widths_share_one_gutter() {
        let mut files = SimpleFiles::new();
        let long: String = (1..=120)
            .map(|i| format!("line {i} of the copy\n"))
            .collect();
        files.add("long.md".to_string(), long.clone());
        files.add("psp.toml".to_string(), PSP.to_string());
        let at = |n: usize| {
            let start: usize = long.lines().take(n - 1).map(|l| l.len() + 1).sum();
            start + 5..start + 8
        };
        for lines in [[3, 5, 9], [8, 10, 100], [99, 100, 101], [1, 2, 120]] {
            let labels = lines
                .iter()
                .map(|&n| Label::secondary(0, at(n)).with_message("here"))
                .chain([Label::primary(1, 60..71).with_message("declared")])
                .collect();
            let diagnostic = Diagnostic::warning()
                .with_message("m")
                .with_labels(labels)
                .with_notes(vec!["note".into()]);
            assert!(layout(&Config::default(), &files, &diagnostic).is_some());
            assert_same(&files, &diagnostic);
        }
    }
}
