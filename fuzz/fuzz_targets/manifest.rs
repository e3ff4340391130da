//! Manifest parsing: any text either loads or yields errors whose spans lie in the text,
//! and rendering those errors never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;
use vouch::manifest::Manifest;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(errors) = Manifest::parse("psp.toml", text) {
        for e in errors {
            let _ = e.to_string();
        }
    }
});
