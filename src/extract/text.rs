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

struct Line {
    /// The line without its line break.
    range: Range<usize>,
    /// The line break (`\n`, `\r\n`, or empty at the end of the file).
    newline: Range<usize>,
    class: Class,
}

pub(crate) fn extract(source: &str) -> Prose {
    let start = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let lines = split_lines(source, start);
    let last_close = source.rfind("-->");
    let mut prose = Prose::default();
    let mut cur = BlockBuilder::new(BlockKind::Paragraph);
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        match &line.class {
            Class::Blank => prose.blocks.extend(cur.take()),
            Class::Comment => {
                prose.blocks.extend(cur.take());
                let (comment, last) = comment(source, &lines, i, last_close);
                prose.comments.push(comment);
                i = last;
            }
            Class::Bullet {
                marker,
                star,
                content,
            } => {
                prose.blocks.extend(cur.take());
                if *star && !star_list(&lines, i) {
                    // A lone `* ...` line is fine print; keep its marker in the text.
                    cur.kind = BlockKind::Paragraph;
                    cur.push_exact("*", marker.start);
                    cur.push_space(marker.end..*content, stands_as_space(source, &(marker.end..*content)));
                } else {
                    cur.kind = BlockKind::ListItem;
                }
                cur.push_source(source, *content..line.range.end);
            }
            Class::Text => {
                if cur.is_empty() {
                    cur.kind = BlockKind::Paragraph;
                } else {
                    let prev = &lines[i - 1].newline;
                    cur.push_space(prev.clone(), stands_as_space(source, prev));
                }
                cur.push_source(source, line.range.clone());
            }
        }
        i += 1;
    }
    prose.blocks.extend(cur.take());
    prose
}

fn split_lines(source: &str, start: usize) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut pos = start;
    while pos < source.len() {
        let (end, next) = match source[pos..].find('\n') {
            Some(p) => (pos + p, pos + p + 1),
            None => (source.len(), source.len()),
        };
        let end_text = if source[pos..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        let range = pos..end_text;
        lines.push(Line {
            class: classify(source, range.clone()),
            range,
            newline: end_text..next,
        });
        pos = next;
    }
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
fn star_list(lines: &[Line], i: usize) -> bool {
    let is_star = |l: &Line| matches!(l.class, Class::Bullet { star: true, .. });
    let continuation = |j: usize| j > 0 && lines[j - 1].class != Class::Blank;
    for j in (0..i).rev() {
        match lines[j].class {
            Class::Blank => {}
            Class::Text if continuation(j) => {}
            _ => {
                if is_star(&lines[j]) {
                    return true;
                }
                break;
            }
        }
    }
    for (j, line) in lines.iter().enumerate().skip(i + 1) {
        match line.class {
            Class::Blank => {}
            Class::Text if continuation(j) => {}
            _ => return is_star(line),
        }
    }
    false
}

/// The comment starting at line `i`, and the index of its last line. An `<!--` comment may
/// run over several lines up to its `-->`.
fn comment(source: &str, lines: &[Line], i: usize, last_close: Option<usize>) -> (Comment, usize) {
    let range = &lines[i].range;
    let line = &source[range.clone()];
    let start = range.start + (line.len() - line.trim_start().len());
    let t = line.trim();
    // Only search for a close when one exists at all, so a file of unclosed `<!--` lines
    // is not quadratic.
    let closed = last_close.is_some_and(|c| c >= start + 4);
    if t.starts_with("<!--") && closed {
        if let Some(close) = source[start + 4..].find("-->") {
            let close = start + 4 + close;
            let last = (i..lines.len())
                .find(|&j| lines[j].newline.end > close)
                .unwrap_or(lines.len() - 1);
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
