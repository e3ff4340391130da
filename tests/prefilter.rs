//! The combined matcher may select more phrasings than match, never fewer: every phrasing
//! that matches a line of real copy must be among the line's candidates, or a promise
//! would silently go unchecked.

use std::path::Path;

use vouch::manifest::Manifest;
use vouch::rules::{RulePack, RuleVars, REFERENCE_MANIFEST};

fn lines_of_copy() -> Vec<String> {
    let mut out = Vec::new();
    for root in ["examples", "tests/corpus", "tests/eval"] {
        for entry in walkdir::WalkDir::new(Path::new(env!("CARGO_MANIFEST_DIR")).join(root)) {
            let entry = entry.expect("readable test folder");
            if !entry.file_type().is_file() {
                continue;
            }
            if let Ok(text) = std::fs::read_to_string(entry.path()) {
                out.extend(text.lines().map(str::to_string));
            }
        }
    }
    out
}

#[test]
fn candidates_include_every_matching_phrasing() {
    let manifest = Manifest::parse("psp.toml", REFERENCE_MANIFEST).expect("reference manifest");
    let pack = RulePack::load(&[], &RuleVars::from_manifest(&manifest)).expect("built-in pack");
    let mut lines = lines_of_copy();
    for rule in &pack.rules {
        lines.extend(rule.examples.flag.iter().cloned());
        lines.extend(rule.examples.pass.iter().cloned());
    }
    // Case must not hide a promise: shouted copy, and the Unicode case folds the regexes
    // honour (Kelvin sign for k, long s for s).
    let variants: Vec<String> = lines
        .iter()
        .flat_map(|l| {
            [
                l.to_uppercase(),
                l.replace('k', "\u{212A}").replace('s', "\u{17F}"),
            ]
        })
        .collect();
    lines.extend(variants);
    assert!(lines.len() > 1000, "only {} lines of copy", lines.len());
    let mut matched = 0;
    for line in &lines {
        let candidates = pack.candidates(line);
        for (r, rule) in pack.rules.iter().enumerate() {
            for (p, phrasing) in rule.patterns.iter().enumerate() {
                // Every built-in phrasing compiles (they are compiled on first use).
                if !phrasing.is_match(line) {
                    continue;
                }
                matched += 1;
                assert!(
                    candidates
                        .iter()
                        .any(|c| c.rule == r && c.patterns.contains(&p)),
                    "phrasing {:?} of `{}` matches {line:?} but was not a candidate",
                    phrasing.as_str(),
                    rule.id
                );
            }
        }
    }
    assert!(matched > 500, "only {matched} phrasing matches to check");
}

#[test]
fn few_phrasings_escape_the_filter() {
    let manifest = Manifest::parse("psp.toml", REFERENCE_MANIFEST).expect("reference manifest");
    let pack = RulePack::load(&[], &RuleVars::from_manifest(&manifest)).expect("built-in pack");
    // A phrasing with no required literal runs on every sentence; keep those rare.
    assert!(
        pack.unfiltered() <= 5,
        "{} phrasings have no literal to filter on",
        pack.unfiltered()
    );
}
