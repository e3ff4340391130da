//! Markdown/HTML/text extraction with the span property as the oracle: exact pieces are
//! copies of their source bytes (a space may stand for one whitespace byte), pieces tile each block's text, and every sentence maps
//! back to an in-bounds, char-boundary source range.
#![no_main]
use libfuzzer_sys::fuzz_target;
use vouch::extract::{extract, sentences, Format};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(source) = std::str::from_utf8(rest) else {
        return;
    };
    let format = match selector % 3 {
        0 => Format::Markdown,
        1 => Format::Html,
        _ => Format::Text,
    };
    let prose = extract(format, source);
    for block in &prose.blocks {
        let mut next = 0;
        for p in &block.pieces {
            assert_eq!(p.text_start, next, "pieces must tile the text");
            assert!(p.text_len > 0);
            next += p.text_len;
            assert!(p.src.start <= p.src.end && p.src.end <= source.len());
            assert!(source.is_char_boundary(p.src.start) && source.is_char_boundary(p.src.end));
            if p.exact {
                // A space in the text may stand for one whitespace byte of the source.
                let (text, src) = (
                    &block.text[p.text_start..p.text_start + p.text_len],
                    &source[p.src.clone()],
                );
                assert!(
                    text.len() == src.len()
                        && text
                            .bytes()
                            .zip(src.bytes())
                            .all(|(t, s)| t == s || t == b' ' && s.is_ascii_whitespace()),
                    "exact piece differs from its source"
                );
            }
        }
        assert_eq!(next, block.text.len(), "pieces must cover the text");
        for s in sentences(&block.text) {
            assert!(block.text.is_char_boundary(s.start) && block.text.is_char_boundary(s.end));
            let src = block.to_source(s);
            assert!(src.start <= src.end && src.end <= source.len());
            assert!(source.is_char_boundary(src.start) && source.is_char_boundary(src.end));
        }
    }
    for c in &prose.comments {
        assert!(c.src.start <= c.src.end && c.src.end <= source.len());
        assert!(source.is_char_boundary(c.src.start) && source.is_char_boundary(c.src.end));
    }
});
