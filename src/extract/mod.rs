//! Prose extraction: from a source file to the blocks of visible copy, each with an exact
//! map back to the bytes of the file it came from.
//!
//! Every stage after this one works on `Block::text` and turns positions back into file
//! offsets with `Block::to_source`, so a finding always points at the bytes it quotes.

use std::ops::Range;

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
    /// True when `Block::text[piece] == source[src]` byte for byte, so offsets inside the
    /// piece map one to one. False for decoded entities, escapes and collapsed whitespace,
    /// whose inner offsets map to the edges of `src`.
    pub exact: bool,
}

/// One block of visible copy: a paragraph, heading, list item, table cell.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
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
