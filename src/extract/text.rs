//! Plain text: paragraphs separated by blank lines, bullet lines as list items, comment
//! lines (`<!-- -->`, `vouch-ignore`) as comments.

use std::ops::Range;

use super::{stands_as_space, BlockBuilder, BlockKind, Comment, Prose};

#[derive(Debug, Clone, PartialEq)]
enum Class {
    Blank,
    Comment,
    /// A bullet line: its marker's range and where the item text starts.
    Bullet {
        marker: Range<usize>,
        star: bool,
        content: usize,
    },
    Text,
}

/// A line's class without a bullet's ranges, which [`classify`] gives again when needed:
/// one byte a line, where the whole class took forty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Blank,
    Comment,
    Bullet { star: bool },
    Text,
}

impl From<&Class> for Kind {
    fn from(class: &Class) -> Kind {
        match class {
            Class::Blank => Kind::Blank,
            Class::Comment => Kind::Comment,
            Class::Bullet { star, .. } => Kind::Bullet { star: *star },
            Class::Text => Kind::Text,
        }
    }
}

/// The lines of a file: where each starts and its kind, nine bytes a line. A 100 MB file
/// of short lines held 72 bytes a line as ranges and classes.
struct Lines<'s> {
    source: &'s str,
    starts: Vec<usize>,
    kinds: Vec<Kind>,
}

impl Lines<'_> {
    fn len(&self) -> usize {
        self.starts.len()
    }

    /// Line `i` without its line break.
    fn range(&self, i: usize) -> Range<usize> {
        let newline = self.newline(i);
        self.starts[i]..newline.start
    }

    /// Line `i`'s line break (`\n`, `\r\n`, or empty at the end of the file).
    fn newline(&self, i: usize) -> Range<usize> {
        let next = self.starts.get(i + 1).copied().unwrap_or(self.source.len());
        let line = &self.source.as_bytes()[self.starts[i]..next];
        let len = if line.ends_with(b"\r\n") {
            2
        } else {
            usize::from(line.ends_with(b"\n") || line.ends_with(b"\r"))
        };
        next - len..next
    }

    fn class(&self, i: usize) -> Class {
        classify(self.source, self.range(i))
    }
}

pub(crate) fn extract(source: &str) -> Prose {
    let start = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let lines = split_lines(source, start);
    let last_close = source.rfind("-->");
    let mut prose = Prose::default();
    let mut cur = BlockBuilder::new(BlockKind::Paragraph);
    let mut i = 0;
    while i < lines.len() {
        match lines.kinds[i] {
            Kind::Blank => prose.blocks.extend(cur.take()),
            Kind::Comment => {
                prose.blocks.extend(cur.take());
                let (comment, last) = comment(&lines, i, last_close);
                prose.comments.push(comment);
                i = last;
            }
            Kind::Bullet { star } => {
                let Class::Bullet {
                    marker, content, ..
                } = lines.class(i)
                else {
                    unreachable!("a line of kind Bullet classifies as a bullet again");
                };
                prose.blocks.extend(cur.take());
                if star && !star_list(&lines.kinds, i) {
                    // A lone `* ...` line is fine print; keep its marker in the text.
                    cur.kind = BlockKind::Paragraph;
                    cur.push_exact("*", marker.start);
                    let gap = marker.end..content;
                    cur.push_space(gap.clone(), stands_as_space(source, &gap));
                } else {
                    cur.kind = BlockKind::ListItem;
                }
                cur.push_source(source, content..lines.range(i).end);
            }
            Kind::Text => {
                if cur.is_empty() {
                    cur.kind = BlockKind::Paragraph;
                } else {
                    let prev = lines.newline(i - 1);
                    cur.push_space(prev.clone(), stands_as_space(source, &prev));
                }
                cur.push_source(source, lines.range(i));
            }
        }
        i += 1;
    }
    prose.blocks.extend(cur.take());
    prose
}

fn split_lines(source: &str, start: usize) -> Lines<'_> {
    let mut lines = Lines {
        source,
        starts: Vec::new(),
        kinds: Vec::new(),
    };
    let mut pos = start;
    while pos < source.len() {
        let next =
            memchr::memchr(b'\n', &source.as_bytes()[pos..]).map_or(source.len(), |p| pos + p + 1);
        lines.starts.push(pos);
        pos = next;
    }
    lines.kinds = (0..lines.len())
        .map(|i| Kind::from(&lines.class(i)))
        .collect();
    lines
}

fn classify(source: &str, range: Range<usize>) -> Class {
    let line = &source[range.clone()];
    let t = line.trim();
    if t.is_empty() {
        return Class::Blank;
    }
    if t.starts_with("<!--")
        || ["vouch-ignore", "# vouch-ignore", "// vouch-ignore"]
            .iter()
            .any(|p| t.starts_with(p))
    {
        return Class::Comment;
    }
    let indent = line.len() - line.trim_start().len();
    let at = range.start + indent;
    let rest = &source[at..range.end];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let marker_len =
        if (1..=3).contains(&digits) && matches!(rest.as_bytes().get(digits), Some(b'.' | b')')) {
            digits + 1
        } else if let Some(c) = rest
            .chars()
            .next()
            .filter(|c| matches!(c, '-' | '*' | '•' | '–'))
        {
            c.len_utf8()
        } else {
            return Class::Text;
        };
    let after = &rest[marker_len..];
    // A bullet needs a space after it ("-5%" and "*Terms" are text); `•` may touch its text.
    let spaced = after.starts_with([' ', '\t']);
    if !(spaced || rest.starts_with('•') && !after.is_empty()) {
        return Class::Text;
    }
    let content = at + marker_len + (after.len() - after.trim_start().len());
    Class::Bullet {
        marker: at..at + marker_len,
        star: rest.starts_with('*'),
        content,
    }
}

/// Whether the `*` bullet at line `i` has another `*` bullet as its neighbouring item (with
/// only blank lines or continuation lines between): then it is a bullet list, not fine print.
fn star_list(kinds: &[Kind], i: usize) -> bool {
    let is_star = |k: Kind| k == Kind::Bullet { star: true };
    let continuation = |j: usize| j > 0 && kinds[j - 1] != Kind::Blank;
    for j in (0..i).rev() {
        match kinds[j] {
            Kind::Blank => {}
            Kind::Text if continuation(j) => {}
            kind => {
                if is_star(kind) {
                    return true;
                }
                break;
            }
        }
    }
    for (j, &kind) in kinds.iter().enumerate().skip(i + 1) {
        match kind {
            Kind::Blank => {}
            Kind::Text if continuation(j) => {}
            _ => return is_star(kind),
        }
    }
    false
}

/// The comment starting at line `i`, and the index of its last line. An `<!--` comment may
/// run over several lines up to its `-->`.
fn comment(lines: &Lines, i: usize, last_close: Option<usize>) -> (Comment, usize) {
    let source = lines.source;
    let range = lines.range(i);
    let line = &source[range.clone()];
    let start = range.start + (line.len() - line.trim_start().len());
    let t = line.trim();
    // Only search for a close when one exists at all, so a file of unclosed `<!--` lines
    // is not quadratic.
    let closed = last_close.is_some_and(|c| c >= start + 4);
    if t.starts_with("<!--") && closed {
        if let Some(close) = source[start + 4..].find("-->") {
            let close = start + 4 + close;
            // The line holding the close: the last whose start is at or before it.
            let last = lines.starts.partition_point(|&start| start <= close) - 1;
            return (
                Comment {
                    text: source[start + 4..close].to_string(),
                    src: start..close + 3,
                },
                last,
            );
        }
    }
    if t.starts_with("<!--") {
        let end = start + t.len();
        return (
            Comment {
                text: source[start + 4..end].to_string(),
                src: start..end,
            },
            i,
        );
    }
    let text = t.trim_start_matches('#').trim_start_matches("//").trim();
    (
        Comment {
            text: text.to_string(),
            src: start..start + t.len(),
        },
        i,
    )
}
