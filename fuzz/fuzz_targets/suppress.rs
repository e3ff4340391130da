//! Suppression parsing: a directive is read as the regex that once read it reads it,
//! every suppression found in a document points inside it, and no comment is both a
//! directive and a near miss.
#![no_main]
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use vouch::extract::{extract, Format};
use vouch::suppress;

/// The directive grammar as a regex: the selectors and the text after the colon, if any.
fn by_regex(text: &str) -> Option<(&str, Option<&str>)> {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(
            r#"^\s*(?:#|//)?\s*vouch-ignore\b\s*(?P<selectors>[^:]*?)\s*(?::\s*(?P<rest>.*?))?\s*$"#,
        )
        .unwrap()
    });
    let caps = re.captures(text.trim())?;
    Some((
        caps.name("selectors").unwrap().as_str(),
        caps.name("rest").map(|r| r.as_str()),
    ))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    assert_eq!(suppress::directive_parts(text), by_regex(text), "{text:?}");
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
