//! Suppression parsing: directives in any comment text never panic, every suppression
//! found in a document points inside it, and no comment is both a directive and a near miss.
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
        let directives = suppress::parse(&prose, text);
        for s in &directives {
            assert!(s.src.start <= s.src.end && s.src.end <= text.len());
            assert!(s.covers.start <= s.covers.end && s.covers.end <= text.len());
        }
        // A near miss is a comment that is not a directive: never both.
        for miss in suppress::near_misses(&prose) {
            assert!(miss.start <= miss.end && miss.end <= text.len());
            assert!(directives.iter().all(|d| d.src != miss));
        }
    }
});
