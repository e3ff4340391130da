//! Prose extraction: from a source file to the blocks of visible copy, each with an exact
//! map back to the bytes of the file it came from.
//!
//! Every stage after this one works on `Block::text` and turns positions back into file
//! offsets with `Block::to_source`, so a finding always points at the bytes it quotes.

use std::ops::Range;

mod html;
mod markdown;
mod sentences;
mod text;

pub use sentences::{sentences, MAX_SENTENCE};

/// The kind of a block of prose, as a reader of the page would see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Heading,
    Paragraph,
    ListItem,
    TableCell,
    /// Image alt text, link titles and similar text a reader meets outside the flow.
    AltText,
    /// A Word footnote or endnote (`[^1]: text`): fine print for the promise that cites
    /// it, and copy in its own right, so its sentences are scanned for promises too.
    Footnote,
}

/// A contiguous run of the block's text that came from one contiguous range of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Start of this piece in `Block::text` (bytes).
    pub text_start: usize,
    /// Length of this piece in `Block::text` (bytes).
    pub text_len: usize,
    /// Where the piece came from in the source file (bytes).
    pub src: Range<usize>,
    /// True when offsets inside the piece map one to one: `Block::text[piece]` is
    /// `source[src]` byte for byte, except that a one-byte whitespace (a line break, a tab)
    /// may stand as a space. Such a space does not break a piece, so a paragraph of many
    /// short lines is one piece, not two per line. False for decoded entities, escapes and
    /// collapsed whitespace runs, whose inner offsets map to the edges of `src`.
    pub exact: bool,
}

/// One block of visible copy: a paragraph, heading, list item, table cell.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    /// For a table cell, which row of the file it is in (rows are numbered in reading
    /// order): a cell's subject is looked for in the cells before it in its own row only.
    /// `None` outside tables, and for a cell whose row the reader cannot tell.
    pub row: Option<usize>,
    /// The visible text: markup removed, entities decoded, soft line breaks as spaces.
    pub text: String,
    /// Ordered, non-overlapping, covering every byte of `text`.
    pub pieces: Vec<Piece>,
}

/// A comment in the source (HTML comment, or a comment line in plain text). Suppressions
/// (`vouch-ignore ...`) are read from these; comments are never copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// The comment's inner text, without `<!--`/`-->`.
    pub text: String,
    /// The whole comment in the source.
    pub src: Range<usize>,
}

/// Everything extracted from one file.
#[derive(Debug, Clone, Default)]
pub struct Prose {
    pub blocks: Vec<Block>,
    pub comments: Vec<Comment>,
    /// `audience:` from Markdown front matter (or `<meta name="audience">` in HTML).
    pub audience: Option<String>,
}

/// Source formats vouch reads as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
    Text,
}

/// Extracts the visible copy of `source`, read as `format`.
pub fn extract(format: Format, source: &str) -> Prose {
    let mut prose = match format {
        Format::Markdown => markdown::extract(source),
        Format::Html => html::extract(source),
        Format::Text => text::extract(source),
    };
    // Blocks come out when they close (an image's alt text before its paragraph); readers
    // and later stages expect document order.
    prose
        .blocks
        .sort_by_key(|b| b.pieces.first().map_or(0, |p| p.src.start));
    prose.comments.sort_by_key(|c| c.src.start);
    prose
}

/// Whether `source[src]` is one whitespace byte (a space, line break or tab), which a
/// collapsed space in the text maps to one to one.
pub(crate) fn stands_as_space(source: &str, src: &Range<usize>) -> bool {
    src.len() == 1
        && source
            .as_bytes()
            .get(src.start)
            .is_some_and(u8::is_ascii_whitespace)
}

impl Block {
    /// Maps a byte range of `self.text` to the range of the source it came from.
    ///
    /// Start and end are mapped independently: inside an exact piece one to one, inside a
    /// non-exact piece to the piece's source start (for `range.start`) or end (for
    /// `range.end`). Out-of-range positions are clamped to the text.
    pub fn to_source(&self, range: Range<usize>) -> Range<usize> {
        let Some(last) = self.pieces.last() else {
            return 0..0;
        };
        let len = self.text.len();
        let (start, end) = (range.start.min(len), range.end.min(len));
        if start >= end {
            let at = if start >= len {
                last.src.end
            } else {
                self.map_start(start)
            };
            return at..at;
        }
        let (s, e) = (self.map_start(start), self.map_end(end));
        // Non-exact pieces can share one source range; never hand out a reversed range.
        if e < s {
            s..s
        } else {
            s..e
        }
    }

    /// The source range the whole block came from.
    pub fn span(&self) -> Range<usize> {
        self.to_source(0..self.text.len())
    }

    fn map_start(&self, pos: usize) -> usize {
        // The piece holding byte `pos`.
        let i = self
            .pieces
            .partition_point(|p| p.text_start + p.text_len <= pos);
        let p = &self.pieces[i.min(self.pieces.len() - 1)];
        if p.exact {
            p.src.start + pos.saturating_sub(p.text_start).min(p.text_len)
        } else {
            p.src.start
        }
    }

    fn map_end(&self, pos: usize) -> usize {
        // The piece holding byte `pos - 1`, the last byte of the range.
        let i = self
            .pieces
            .partition_point(|p| p.text_start + p.text_len < pos);
        let p = &self.pieces[i.min(self.pieces.len() - 1)];
        if p.exact {
            p.src.start + pos.saturating_sub(p.text_start).min(p.text_len)
        } else {
            p.src.end
        }
    }
}

/// Builds one block's text and piece map, collapsing whitespace as it goes: a whitespace
/// run becomes one space, none at the start, and `take` trims the end.
#[derive(Debug)]
pub(crate) struct BlockBuilder {
    pub kind: BlockKind,
    /// The table row the blocks built next are in (see [`Block::row`]).
    pub row: Option<usize>,
    text: String,
    pieces: Vec<Piece>,
}

impl BlockBuilder {
    pub fn new(kind: BlockKind) -> Self {
        BlockBuilder {
            kind,
            row: None,
            text: String::new(),
            pieces: Vec::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    fn ends_with_space(&self) -> bool {
        self.text.is_empty() || self.text.ends_with(char::is_whitespace)
    }

    fn push_piece(&mut self, s: &str, src: Range<usize>, exact: bool) {
        if s.is_empty() {
            return;
        }
        let text_start = self.text.len();
        self.text.push_str(s);
        if let Some(last) = self.pieces.last_mut() {
            let contiguous = last.text_start + last.text_len == text_start;
            // Merge neighbours so a plain run of words stays one piece.
            if contiguous && exact && last.exact && last.src.end == src.start {
                last.text_len += s.len();
                last.src.end = src.end;
                return;
            }
            if contiguous && !exact && !last.exact && last.src == src {
                last.text_len += s.len();
                return;
            }
        }
        self.pieces.push(Piece {
            text_start,
            text_len: s.len(),
            src,
            exact,
        });
    }

    /// Text copied verbatim from the source at `src_start`.
    pub fn push_exact(&mut self, s: &str, src_start: usize) {
        self.push_piece(s, src_start..src_start + s.len(), true);
    }

    /// One collapsed space standing for the source bytes `src`; dropped at the start of
    /// the block or after another space. `exact` when the source is one whitespace byte
    /// ([`stands_as_space`]).
    pub fn push_space(&mut self, src: Range<usize>, exact: bool) {
        if !self.ends_with_space() {
            self.push_piece(" ", src, exact);
        }
    }

    /// Source text `source[range]` as is, with its whitespace runs collapsed.
    pub fn push_source(&mut self, source: &str, range: Range<usize>) {
        let s = &source[range.clone()];
        // Most text is words and single spaces: one exact piece, as the runs below would
        // merge into anyway.
        let plain = !s.contains("  ")
            && if s.is_ascii() {
                s.bytes().all(|b| b == b' ' || !b.is_ascii_whitespace())
            } else {
                s.chars().all(|c| c == ' ' || !c.is_whitespace())
            }
            && (!s.starts_with(' ') || !self.ends_with_space());
        if plain {
            self.push_exact(s, range.start);
            return;
        }
        let mut run_start = 0;
        let mut in_space = None;
        for (i, c) in s.char_indices() {
            let space = c.is_whitespace();
            if in_space != Some(space) {
                if let Some(was_space) = in_space {
                    self.push_run(source, range.start + run_start..range.start + i, was_space);
                }
                in_space = Some(space);
                run_start = i;
            }
        }
        if let Some(was_space) = in_space {
            self.push_run(source, range.start + run_start..range.end, was_space);
        }
    }

    fn push_run(&mut self, source: &str, src: Range<usize>, space: bool) {
        if space {
            let exact = stands_as_space(source, &src);
            self.push_space(src, exact);
        } else {
            self.push_exact(&source[src.clone()], src.start);
        }
    }

    /// Text that stands for `src` but is not a copy of it (a decoded entity, a
    /// normalized label). Whitespace in it is collapsed like source whitespace.
    pub fn push_decoded(&mut self, s: &str, src: Range<usize>) {
        let mut rest = s;
        while let Some(c) = rest.chars().next() {
            let space = c.is_whitespace();
            let end = rest
                .find(|c: char| c.is_whitespace() != space)
                .unwrap_or(rest.len());
            if space {
                self.push_space(src.clone(), false);
            } else {
                self.push_piece(&rest[..end], src.clone(), false);
            }
            rest = &rest[end..];
        }
    }

    /// Finishes the current block (trimmed; `None` when blank) and starts an empty one of
    /// the same kind.
    pub fn take(&mut self) -> Option<Block> {
        while let Some(c) = self.text.chars().next_back().filter(|c| c.is_whitespace()) {
            let n = c.len_utf8();
            self.text.truncate(self.text.len() - n);
            let last = self.pieces.last_mut().expect("text has pieces");
            last.text_len -= n;
            if last.exact {
                last.src.end -= n;
            }
            if last.text_len == 0 {
                self.pieces.pop();
            }
        }
        if self.text.is_empty() {
            self.pieces.clear();
            return None;
        }
        Some(Block {
            kind: self.kind,
            row: self.row,
            text: std::mem::take(&mut self.text),
            pieces: std::mem::take(&mut self.pieces),
        })
    }
}

/// Byte offset to 1-based line and column (columns count chars), in O(log n).
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset where each line starts.
    line_starts: Vec<usize>,
    /// Offsets of UTF-8 continuation bytes: a column is bytes minus these.
    continuation: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(source: &str) -> Self {
        let bytes = source.as_bytes();
        let line_starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1))
            .collect();
        // Copy is mostly ASCII even when it is not all ASCII: eight bytes at a time, and
        // only those with a high bit are looked at one by one.
        let mut continuation = Vec::new();
        let mut chunks = bytes.chunks_exact(8);
        let mut at = 0;
        for chunk in &mut chunks {
            let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            if word & 0x8080_8080_8080_8080 != 0 {
                continuation.extend((at..at + 8).filter(|&i| bytes[i] & 0xC0 == 0x80));
            }
            at += 8;
        }
        continuation.extend((at..bytes.len()).filter(|&i| bytes[i] & 0xC0 == 0x80));
        LineIndex {
            line_starts,
            continuation,
            len: source.len(),
        }
    }

    /// 1-based (line, column) of `offset`; offsets past the end clamp to the end.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.len);
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let cont = self.continuation.partition_point(|&c| c < offset)
            - self.continuation.partition_point(|&c| c < start);
        (line + 1, offset - start - cont + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_collapses_and_trims() {
        let src = "  Call\n\n us &amp; ";
        let mut b = BlockBuilder::new(BlockKind::Paragraph);
        b.push_source(src, 0..12);
        b.push_decoded("&", 12..17);
        b.push_source(src, 17..src.len());
        let block = b.take().unwrap();
        assert_eq!(block.text, "Call us &");
        assert_eq!(block.pieces.len(), 4);
        assert!(b.take().is_none());
    }

    #[test]
    fn to_source_maps_exact_and_non_exact_edges() {
        // "A&amp;B" -> "A&B"
        let block = Block {
            row: None,
            kind: BlockKind::Paragraph,
            text: "A&B".into(),
            pieces: vec![
                Piece {
                    text_start: 0,
                    text_len: 1,
                    src: 0..1,
                    exact: true,
                },
                Piece {
                    text_start: 1,
                    text_len: 1,
                    src: 1..6,
                    exact: false,
                },
                Piece {
                    text_start: 2,
                    text_len: 1,
                    src: 6..7,
                    exact: true,
                },
            ],
        };
        assert_eq!(block.to_source(0..1), 0..1);
        assert_eq!(block.to_source(1..2), 1..6);
        assert_eq!(block.to_source(0..3), 0..7);
        assert_eq!(block.to_source(2..3), 6..7);
        assert_eq!(block.to_source(3..3), 7..7);
        assert_eq!(block.to_source(1..1), 1..1);
        assert_eq!(block.to_source(0..99), 0..7);
        assert_eq!(block.span(), 0..7);
    }
}
