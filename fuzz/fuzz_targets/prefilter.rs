//! The combined matcher never drops a phrasing that matches: for any text, every built-in
//! phrasing whose regex matches it is among the text's candidates. And each phrasing finds
//! what its pattern compiled by `regex` with Unicode classes finds, whichever of its own
//! engines answers (ASCII-only builds for ASCII text, PikeVM first, full regex later).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use vouch::manifest::Manifest;
use vouch::rules::{RulePack, RuleVars, REFERENCE_MANIFEST};

fn pack() -> &'static RulePack {
    static PACK: OnceLock<RulePack> = OnceLock::new();
    PACK.get_or_init(|| {
        let manifest = Manifest::parse("psp.toml", REFERENCE_MANIFEST).expect("reference manifest");
        RulePack::load(&[], &RuleVars::from_manifest(&manifest)).expect("built-in pack")
    })
}

fn unicode() -> &'static Vec<Vec<regex::Regex>> {
    static REGEXES: OnceLock<Vec<Vec<regex::Regex>>> = OnceLock::new();
    REGEXES.get_or_init(|| {
        pack()
            .rules
            .iter()
            .map(|rule| {
                rule.patterns
                    .iter()
                    .map(|p| {
                        regex::RegexBuilder::new(p.as_str())
                            .case_insensitive(true)
                            .build()
                            .expect("built-in phrasing compiles")
                    })
                    .collect()
            })
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let pack = pack();
    let candidates = pack.candidates(text);
    for (r, rule) in pack.rules.iter().enumerate() {
        for (p, phrasing) in rule.patterns.iter().enumerate() {
            let expected: Vec<_> = unicode()[r][p].find_iter(text).map(|m| m.range()).collect();
            assert_eq!(
                phrasing.find_iter(text),
                expected,
                "{:?} on {text:?}",
                phrasing.as_str()
            );
            if phrasing.is_match(text) {
                assert!(
                    candidates
                        .iter()
                        .any(|c| c.rule == r && c.patterns.contains(&p)),
                    "{:?} matches {text:?} but is not a candidate",
                    phrasing.as_str()
                );
            }
        }
    }
});
