//! Suppression parsing: directives in any comment text never panic, and every suppression
//! found in a document points inside it.
#![no_main]
use libfuzzer_sys::fuzz_target;
use vouch::extract::{extract, Format};
use vouch::suppress;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = suppress::parse_directive(text);
    for format in [Format::Html, Format::Markdown, Format::Text] {
        let prose = extract(format, text);
        for s in suppress::parse(&prose, text) {
            assert!(s.src.start <= s.src.end && s.src.end <= text.len());
            assert!(s.covers.start <= s.covers.end && s.covers.end <= text.len());
        }
    }
});
