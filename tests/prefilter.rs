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

/// The built-in pack against the reference manifest, and the bundled copy with every
/// rule's examples.
fn pack_and_copy() -> (RulePack, Vec<String>) {
    let manifest = Manifest::parse("psp.toml", REFERENCE_MANIFEST).expect("reference manifest");
    let pack = RulePack::load(&[], &RuleVars::from_manifest(&manifest)).expect("built-in pack");
    let mut lines = lines_of_copy();
    for rule in &pack.rules {
        lines.extend(rule.examples.flag.iter().cloned());
        lines.extend(rule.examples.pass.iter().cloned());
    }
    (pack, lines)
}

#[test]
fn candidates_include_every_matching_phrasing() {
    let (pack, mut lines) = pack_and_copy();
    // Case must not hide a promise: shouted copy, and the Unicode case folds the regexes
    // honour (Kelvin sign for k, long s for s). Nor the characters around a word: a word
    // boundary between a literal and a character outside ASCII, or the sentence's own
    // start and end.
    let variants: Vec<String> = lines
        .iter()
        .flat_map(|l| {
            [
                l.to_uppercase(),
                l.replace('k', "\u{212A}").replace('s', "\u{17F}"),
                l.replace(' ', "\u{b7}"),
                l.replace(' ', "\u{2014}"),
                l.split_whitespace().last().unwrap_or_default().to_string(),
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

/// A phrasing held to whole words (`\bapps?\b`) is not a candidate where its literal sits
/// inside another word: short literals are in most sentences of prose.
#[test]
fn a_literal_inside_a_word_does_not_make_a_candidate() {
    let (pack, _) = pack_and_copy();
    let rules_of = |text: &str| -> Vec<&str> {
        pack.candidates(text)
            .iter()
            .map(|c| pack.rules[c.rule].id.as_str())
            .collect()
    };
    for inside in [
        "Learn about a happy return to your appointment.",
        "Apply by phone (code 21800).",
    ] {
        let found = rules_of(inside);
        for rule in ["channel.app", "staff_role.nurse", "contact.phone"] {
            assert!(!found.contains(&rule), "{rule} for {inside:?}: {found:?}");
        }
    }
    for (words, rule) in [
        ("Get the app.", "channel.app"),
        ("Apps: ask us", "channel.app"),
        ("An RN calls you", "staff_role.nurse"),
        ("Call 1-800-555-0100", "contact.phone"),
        ("appel\u{b7}app", "channel.app"),
    ] {
        assert!(rules_of(words).contains(&rule), "{rule} for {words:?}");
    }
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

/// Every phrasing answers as its pattern compiled by `regex` with Unicode classes would,
/// through every engine a run uses: ASCII lines go to ASCII-only engines, and each
/// phrasing moves from the PikeVM to the full regex after its first few dozen searches.
#[test]
fn phrasings_match_as_their_unicode_regex_does() {
    let (pack, mut lines) = pack_and_copy();
    let shouted: Vec<String> = lines.iter().map(|l| l.to_uppercase()).collect();
    lines.extend(shouted);
    let ascii = lines.iter().filter(|l| l.is_ascii()).count();
    assert!(ascii > 1000 && ascii < lines.len(), "{ascii} ASCII lines");
    let mut matched = 0;
    for rule in &pack.rules {
        for phrasing in rule.patterns.iter().chain(&rule.unless) {
            let unicode = regex::RegexBuilder::new(phrasing.as_str())
                .case_insensitive(true)
                .build()
                .expect("built-in phrasing compiles");
            for line in &lines {
                let expected: Vec<Vec<Option<std::ops::Range<usize>>>> = unicode
                    .captures_iter(line)
                    .map(|c| c.iter().map(|g| g.map(|m| m.range())).collect())
                    .collect();
                matched += expected.len();
                assert_eq!(
                    phrasing.captures_iter(line),
                    expected,
                    "{:?} of `{}` on {line:?}",
                    phrasing.as_str(),
                    rule.id
                );
                let spans: Vec<_> = expected.iter().map(|g| g[0].clone().unwrap()).collect();
                assert_eq!(phrasing.find_iter(line), spans);
                assert_eq!(phrasing.is_match(line), !spans.is_empty());
            }
        }
    }
    assert!(matched > 500, "only {matched} matches to compare");
}
