//! Remembering what a sentence promises must not change any promise: the same sentence in
//! another document may have other footnotes, another sentence after it or another table
//! row around it, and each must still come out as if read for the first time.

use std::path::Path;

use vouch::check::Engine;
use vouch::extract::{self, Format, Prose};
use vouch::inputs::FileFormat;
use vouch::manifest::Manifest;
use vouch::promises::{self, ScanContext};
use vouch::rules::{RulePack, RuleVars, REFERENCE_MANIFEST};

fn engine() -> Engine {
    let manifest = Manifest::parse("psp.toml", REFERENCE_MANIFEST).expect("reference manifest");
    let pack = RulePack::load(&[], &RuleVars::from_manifest(&manifest)).expect("built-in pack");
    Engine::new(manifest, pack, Default::default())
}

/// The copy in the repository, and the same sentences in contexts that change what they
/// promise: a footnote defined or not, fine print after them or not, a table row or not.
/// Each document with its source text.
fn documents() -> Vec<(String, Prose)> {
    let mut out = Vec::new();
    for root in ["examples", "tests/corpus", "tests/eval"] {
        for entry in walkdir::WalkDir::new(Path::new(env!("CARGO_MANIFEST_DIR")).join(root)) {
            let entry = entry.expect("readable test folder");
            let Some(format) = FileFormat::of(entry.path()).filter(|f| !f.is_document()) else {
                continue;
            };
            if let Ok(text) = std::fs::read_to_string(entry.path()) {
                let prose = extract::extract(format.prose_format(), &text);
                out.push((text, prose));
            }
        }
    }
    let promise = "Get 24/7 support from your dedicated nurse1 for as little as $0 per fill*.";
    let contexts = [
        format!("{promise}\n\n1 Nurses are available on weekdays only.\n\n* Restrictions apply."),
        format!("{promise}\n\n* Eligibility rules apply to the savings offer."),
        format!("{promise} Terms and conditions apply."),
        promise.to_string(),
        format!("| Benefits investigation | {promise} |\n|---|---|\n| Nurse line | {promise} |"),
        format!("| Welcome call | Results in 2 business days. |\n|---|---|\n| x | {promise} |"),
        // A table row names what the turnaround is for; the same sentence alone does not.
        "Decisions within 2 business days.\n\n| Service | Timing |\n|---|---|\n\
         | Patient assistance | Decisions within 2 business days. |\n\
         | Benefits investigation | Decisions within 2 business days. |\n\n\
         Decisions within 2 business days.\n"
            .to_string(),
    ];
    for text in contexts.iter().chain(contexts.iter().rev()) {
        out.push((text.clone(), extract::extract(Format::Markdown, text)));
    }
    out
}

#[test]
fn remembered_sentences_give_the_same_promises() {
    let engine = engine();
    let forgetful: ScanContext = engine.ctx.clone().forgetful();
    let docs = documents();
    assert!(docs.len() > 20, "only {} documents", docs.len());
    let fresh: Vec<String> = docs
        .iter()
        .map(|(_, d)| format!("{:?}", promises::scan(d, &engine.pack, &forgetful)))
        .collect();
    let promises_found: usize = docs
        .iter()
        .map(|(_, d)| promises::scan(d, &engine.pack, &forgetful).map_or(0, |p| p.len()))
        .sum();
    assert!(promises_found > 200, "only {promises_found} promises");
    // Twice through with one memo: the second pass answers every sentence from it.
    for pass in 0..2 {
        for ((_, doc), expected) in docs.iter().zip(&fresh) {
            let remembered = format!("{:?}", promises::scan(doc, &engine.pack, &engine.ctx));
            assert_eq!(&remembered, expected, "pass {pass}");
        }
    }
}

#[test]
fn remembered_sentences_get_the_same_verdicts() {
    let remembering = engine();
    let mut forgetting = engine();
    forgetting.ctx = forgetting.ctx.clone().forgetful();
    let docs = documents();
    let findings = |engine: &Engine, (source, prose): &(String, Prose)| {
        let report = engine
            .check_prose("copy/page.md", None, source.clone(), prose)
            .expect("under the promise cap");
        format!("{:?}", report.claims)
    };
    let fresh: Vec<String> = docs.iter().map(|d| findings(&forgetting, d)).collect();
    assert!(fresh.iter().any(|f| f.contains("Unsupported")));
    for pass in 0..3 {
        for (doc, expected) in docs.iter().zip(&fresh) {
            assert_eq!(&findings(&remembering, doc), expected, "pass {pass}");
        }
    }
}
