//! Precision, recall and verdict accuracy on the annotated evaluation sets.
//!
//! Each set is a folder with a `vouch.toml`, a `psp.toml`, copy, and an `expected.json`
//! written by a reviewer: every promise with its category and verdict, and look-alikes that
//! are not promises. vouch's `claims` are matched to the reviewer's rows by file, category
//! and overlapping span. Print the per-category table with
//! `cargo test --test eval -- --nocapture`.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

const SETS: &[&str] = &["examples/carebridge", "tests/corpus", "tests/eval/savings"];

/// Overall floors the issue sets; per-category figures are printed, not enforced.
const MIN_PRECISION: f64 = 0.90;
const MIN_RECALL: f64 = 0.90;

#[derive(Default, Clone, Copy)]
struct Tally {
    expected: usize,
    found: usize,
    verdict_right: usize,
    claims: usize,
    claims_matched: usize,
    category_right: usize,
}

struct Row {
    path: String,
    start: usize,
    end: usize,
    category: String,
    verdict: String,
}

fn rows(list: &Value) -> Vec<Row> {
    list.as_array()
        .map(|a| {
            a.iter()
                .filter(|r| r["suppressed"].as_bool() != Some(true))
                .map(|r| Row {
                    path: r["path"].as_str().unwrap_or_default().to_string(),
                    start: r["start"].as_u64().unwrap_or(0) as usize,
                    end: r["end"].as_u64().unwrap_or(0) as usize,
                    category: r["category"].as_str().unwrap_or_default().to_string(),
                    verdict: r["verdict"].as_str().unwrap_or_default().to_string(),
                })
                .collect()
        })
        .unwrap_or_default()
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

fn evaluate(set: &str, tally: &mut BTreeMap<String, Tally>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(set);
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("expected.json")).expect("expected.json"),
    )
    .expect("expected.json parses");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vouch"))
        .args(["claims", "--format", "json", "."])
        .current_dir(&root)
        .output()
        .expect("vouch runs");
    assert!(
        out.status.code() != Some(2),
        "{set}: run failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let found: Value = serde_json::from_slice(&out.stdout).expect("claims JSON");
    let claims: Vec<Row> = rows(&found["claims"])
        .into_iter()
        // The convention of the sets: correct spellings of the program's name are not itemised.
        .filter(|c| {
            !(c.category == "contact"
                && c.verdict == "supported"
                && !matches_any(c, &rows(&expected["claims"])))
        })
        .collect();
    let promises = rows(&expected["claims"]);
    // Only files the reviewer annotated count; copy added later has no answer key yet.
    let annotated: std::collections::BTreeSet<String> = rows(&expected["claims"])
        .into_iter()
        .chain(rows(&expected["not_promises"]))
        .map(|r| r.path)
        .collect();
    let claims: Vec<Row> = claims
        .into_iter()
        .filter(|c| annotated.contains(&c.path))
        .collect();
    for e in &promises {
        let t = tally.entry(e.category.clone()).or_default();
        t.expected += 1;
        let hits: Vec<&Row> = claims
            .iter()
            .filter(|c| c.path == e.path && overlaps((c.start, c.end), (e.start, e.end)))
            .collect();
        if !hits.is_empty() {
            t.found += 1;
            // The verdict counts when a claim of the reviewer's category carries it.
            if hits
                .iter()
                .any(|c| c.verdict == e.verdict && c.category == e.category)
            {
                t.verdict_right += 1;
            }
            if hits.iter().any(|c| c.category == e.category) {
                t.category_right += 1;
            }
        } else if std::env::var_os("VOUCH_EVAL_VERBOSE").is_some() {
            eprintln!(
                "missed  {set}/{} {}..{} {} {}",
                e.path, e.start, e.end, e.category, e.verdict
            );
        }
    }
    for c in &claims {
        let t = tally.entry(c.category.clone()).or_default();
        t.claims += 1;
        if matches_any(c, &promises) {
            t.claims_matched += 1;
        } else if std::env::var_os("VOUCH_EVAL_VERBOSE").is_some() {
            eprintln!(
                "extra   {set}/{} {}..{} {} {}",
                c.path, c.start, c.end, c.category, c.verdict
            );
        }
    }
}

/// A promise is found where vouch marks a promise inside the reviewer's span, whatever
/// category either gives it; category and verdict agreement are measured separately.
fn matches_any(c: &Row, promises: &[Row]) -> bool {
    promises
        .iter()
        .any(|e| e.path == c.path && overlaps((c.start, c.end), (e.start, e.end)))
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

#[test]
fn precision_and_recall_on_the_evaluation_sets() {
    let mut tally = BTreeMap::new();
    let sets: Vec<&str> = SETS
        .iter()
        .copied()
        .filter(|s| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(s)
                .join("expected.json")
                .is_file()
        })
        .collect();
    for set in &sets {
        evaluate(set, &mut tally);
    }
    println!("sets: {}", sets.join(", "));
    println!(
        "{:<16} {:>8} {:>8} {:>9} {:>8} {:>9} {:>9}",
        "category", "promises", "recall", "precision", "claims", "category", "verdicts"
    );
    let mut total = Tally::default();
    for (category, t) in &tally {
        println!(
            "{category:<16} {:>8} {:>8.2} {:>9.2} {:>8} {:>9.2} {:>9.2}",
            t.expected,
            ratio(t.found, t.expected),
            ratio(t.claims_matched, t.claims),
            t.claims,
            ratio(t.category_right, t.found),
            ratio(t.verdict_right, t.found)
        );
        total.expected += t.expected;
        total.found += t.found;
        total.verdict_right += t.verdict_right;
        total.claims += t.claims;
        total.claims_matched += t.claims_matched;
        total.category_right += t.category_right;
    }
    let (recall, precision, verdicts) = (
        ratio(total.found, total.expected),
        ratio(total.claims_matched, total.claims),
        ratio(total.verdict_right, total.found),
    );
    let categories = ratio(total.category_right, total.found);
    println!(
        "{:<16} {:>8} {recall:>8.2} {precision:>9.2} {:>8} {categories:>9.2} {verdicts:>9.2}",
        "overall", total.expected, total.claims
    );
    assert!(
        precision >= MIN_PRECISION,
        "precision {precision:.2} below {MIN_PRECISION}"
    );
    assert!(
        recall >= MIN_RECALL,
        "recall {recall:.2} below {MIN_RECALL}"
    );
}
