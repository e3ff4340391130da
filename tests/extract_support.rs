//! Shared checks for the extraction tests (included by the `extract_*` test files).
#![allow(dead_code)]

use vouch::extract::{extract, sentences, Format, Prose};

/// Extracts and asserts the span property: every exact piece is a copy of its source
/// bytes, pieces tile the text, and every sentence maps to a char-boundary source range
/// that, when the sentence lies in exact pieces, is the sentence itself.
pub fn checked(format: Format, source: &str) -> Prose {
    let prose = extract(format, source);
    assert_spans(source, &prose);
    prose
}

pub fn assert_spans(source: &str, prose: &Prose) {
    for block in &prose.blocks {
        assert!(!block.text.is_empty(), "empty block");
        assert_eq!(
            block.text,
            block.text.trim(),
            "block not trimmed: {:?}",
            block.text
        );
        let mut next = 0;
        for p in &block.pieces {
            assert_eq!(p.text_start, next, "pieces must tile the text: {block:?}");
            assert!(p.text_len > 0);
            next += p.text_len;
            assert!(
                p.src.start <= p.src.end && p.src.end <= source.len(),
                "{p:?}"
            );
            assert!(source.is_char_boundary(p.src.start) && source.is_char_boundary(p.src.end));
            let text = &block.text[p.text_start..p.text_start + p.text_len];
            if p.exact {
                assert!(
                    same_but_spaces(text, &source[p.src.clone()]),
                    "exact piece differs: {text:?} vs {:?} in {block:?}",
                    &source[p.src.clone()]
                );
            }
        }
        assert_eq!(
            next,
            block.text.len(),
            "pieces must cover the text: {block:?}"
        );
        for s in sentences(&block.text) {
            assert!(
                s.start < s.end
                    && block.text.is_char_boundary(s.start)
                    && block.text.is_char_boundary(s.end)
            );
            let src = block.to_source(s.clone());
            assert!(src.start <= src.end && src.end <= source.len(), "{src:?}");
            assert!(source.is_char_boundary(src.start) && source.is_char_boundary(src.end));
            if within_exact(block, &s) {
                assert!(
                    same_but_spaces(&block.text[s.clone()], &source[src.clone()]),
                    "{:?} vs {:?}",
                    &block.text[s],
                    &source[src]
                );
            }
        }
    }
    for c in &prose.comments {
        assert!(c.src.end <= source.len() && source.is_char_boundary(c.src.start));
    }
}

/// Whether `text` is `source` byte for byte, except where a space in `text` stands for one
/// whitespace byte (a line break, a tab) in `source`: what an exact piece promises.
pub fn same_but_spaces(text: &str, source: &str) -> bool {
    text.len() == source.len()
        && text
            .bytes()
            .zip(source.bytes())
            .all(|(t, s)| t == s || t == b' ' && s.is_ascii_whitespace())
}

/// Whether `range` lies in exact pieces that follow each other in the source too.
fn within_exact(block: &vouch::extract::Block, range: &std::ops::Range<usize>) -> bool {
    let overlapping: Vec<_> = block
        .pieces
        .iter()
        .filter(|p| p.text_start < range.end && range.start < p.text_start + p.text_len)
        .collect();
    overlapping.iter().all(|p| p.exact)
        && overlapping
            .windows(2)
            .all(|w| w[0].src.end == w[1].src.start)
}

pub fn texts(prose: &Prose) -> Vec<&str> {
    prose.blocks.iter().map(|b| b.text.as_str()).collect()
}

/// The source bytes a substring of a block's text maps back to.
pub fn source_of<'a>(source: &'a str, prose: &Prose, needle: &str) -> &'a str {
    for b in &prose.blocks {
        if let Some(at) = b.text.find(needle) {
            return &source[b.to_source(at..at + needle.len())];
        }
    }
    panic!("{needle:?} not in any block: {:?}", texts(prose));
}
