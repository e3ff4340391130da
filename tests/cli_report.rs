//! `vouch report` end to end on the bundled example: HTML and Markdown written, their
//! counts equal to `vouch claims --format json`, exit codes, determinism.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/carebridge")
}

fn vouch() -> Command {
    let mut cmd = Command::cargo_bin("vouch").unwrap();
    cmd.current_dir(example()).env("NO_COLOR", "1");
    cmd
}

/// Promises per verdict, as `vouch claims --format json` counts them.
fn claim_counts(extra: &[&str]) -> BTreeMap<String, usize> {
    let mut args = vec!["claims", "--format", "json"];
    args.extend_from_slice(extra);
    let out = vouch().args(&args).output().unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).expect("claims JSON");
    let mut counts: BTreeMap<String, usize> =
        ["supported", "unsupported", "qualified", "unverifiable"]
            .iter()
            .map(|v| (v.to_string(), 0))
            .collect();
    for c in doc["claims"].as_array().unwrap() {
        *counts.get_mut(c["verdict"].as_str().unwrap()).unwrap() += 1;
    }
    counts
}

fn report(args: &[&str]) -> (i32, String, String) {
    let out = vouch().args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The value of `name="…"` in an HTML start tag.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    Some(&tag[start..start + tag[start..].find('"')?])
}

/// Places per verdict summed over the HTML ledger rows, and the headline counts.
fn html_counts(html: &str) -> (BTreeMap<String, usize>, BTreeMap<String, usize>, usize) {
    let mut rows = BTreeMap::new();
    let mut n_rows = 0;
    for tag in html.split("<tr class=\"promise").skip(1) {
        let tag = &tag[..tag.find('>').unwrap()];
        let verdict = attr(tag, "data-verdict").unwrap().to_string();
        let places: usize = attr(tag, "data-places").unwrap().parse().unwrap();
        *rows.entry(verdict).or_insert(0) += places;
        n_rows += 1;
    }
    let mut headline = BTreeMap::new();
    for tag in html.split("<span class=\"n\"").skip(1) {
        let open = &tag[..tag.find('>').unwrap()];
        let count = &tag[tag.find('>').unwrap() + 1..tag.find('<').unwrap()];
        headline.insert(
            attr(open, "data-count").unwrap().to_string(),
            count.parse().unwrap(),
        );
    }
    (rows, headline, n_rows)
}

#[test]
fn html_report_counts_match_claims() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.html");
    let (code, stdout, stderr) = report(&[
        "report",
        ".",
        "--format",
        "html",
        "-o",
        path.to_str().unwrap(),
    ]);
    // The example has broken promises, but a report is not a gate.
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("vouch: wrote"), "{stdout}");
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    let expected = claim_counts(&[]);
    let total: usize = expected.values().sum();
    let (rows, headline, n_rows) = html_counts(&html);
    let rows: BTreeMap<String, usize> = expected
        .keys()
        .map(|k| (k.clone(), rows.get(k).copied().unwrap_or(0)))
        .collect();
    assert_eq!(rows, expected, "ledger places per verdict");
    assert!(
        n_rows > 10 && n_rows < total,
        "duplicates grouped: {n_rows} rows"
    );
    assert_eq!(headline["total"], total);
    for (v, n) in &expected {
        assert_eq!(headline[v], *n, "headline {v}");
    }
    // Named, dated, self-contained.
    assert!(html.contains("Promise ledger: CareBridge for Orvenza"));
    assert!(html.contains("Delivery as declared by patient services on 2026-09-15"));
    assert!(html.contains("default-src 'none'"));
    for needle in [
        "src=\"http",
        "href=\"http",
        "src=\"//",
        "href=\"//",
        "@import",
        "url(",
    ] {
        assert!(!html.contains(needle), "{needle}");
    }
    // The sections a council reads, with the example's facts.
    assert!(html.contains("id=\"chart-audience\"") && html.contains("id=\"chart-category\""));
    assert!(
        html.contains("specialty pharmacy coordination"),
        "never promised"
    );
    assert!(
        html.contains("1-844-555-2237") && html.contains("Care Bridge"),
        "contact variants"
    );
    assert!(
        html.contains("exceeded in <strong>16 months</strong>"),
        "campaign months"
    );
}

#[test]
fn markdown_report_counts_match_claims() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.md");
    let (code, _, stderr) = report(&[
        "report",
        ".",
        "--format",
        "markdown",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let md = std::fs::read_to_string(&path).unwrap();
    let expected = claim_counts(&[]);
    let total: usize = expected.values().sum();
    assert!(md.contains(&format!("**{total} promises**")));
    assert!(md.contains(&format!("**{} broken**", expected["unsupported"])));
    // Ledger rows: "| **verdict** | … | N: places |".
    let ledger =
        &md[md.find("## The ledger").unwrap()..md.find("## Said to one audience").unwrap()];
    let mut sums: BTreeMap<String, usize> = expected.keys().map(|k| (k.clone(), 0)).collect();
    let label = |v: &str| {
        match v {
            "broken" => "unsupported",
            "kept" => "supported",
            other => other,
        }
        .to_string()
    };
    for line in ledger.lines().filter(|l| l.starts_with("| **")) {
        let cells: Vec<&str> = line.split(" | ").collect();
        let verdict = label(cells[0].trim_start_matches("| **").trim_end_matches("**"));
        let n: usize = cells[3].split(':').next().unwrap().parse().unwrap();
        *sums.get_mut(&verdict).unwrap() += n;
    }
    assert_eq!(sums, expected);
    for h in [
        "## Headline",
        "## Said to one audience, not the other",
        "## Delivered but never promised",
        "## Capacity",
    ] {
        assert!(md.contains(h), "{h}");
    }
    assert!(md.contains("_Delivery as declared by patient services on 2026-09-15"));
}

#[test]
fn report_honours_the_audience_flag() {
    let (code, html, _) = report(&["report", ".", "--audience", "hcp"]);
    assert_eq!(code, 0);
    let expected = claim_counts(&["--audience", "hcp"]);
    let (rows, _, _) = html_counts(&html);
    for (v, n) in &expected {
        assert_eq!(rows.get(v).copied().unwrap_or(0), *n, "{v}");
    }
    assert!(!html.contains("data-audiences=\"consumer"));
}

#[test]
fn report_is_deterministic_and_goes_to_stdout_without_o() {
    let (a, first, _) = report(&["report", "--format", "markdown"]);
    let (b, second, _) = report(&["report", "--format", "markdown"]);
    assert_eq!((a, b), (0, 0));
    assert!(first.starts_with("# Promise ledger"));
    assert_eq!(first, second);
}

#[test]
fn an_untrusted_run_exits_2() {
    let (code, _, stderr) = report(&["report", ".", "--manifest", "missing.toml"]);
    assert_eq!(code, 2, "{stderr}");
    let (code, _, _) = report(&["report", ".", "--format", "json"]);
    assert_eq!(code, 2, "report formats are html and markdown");
    let (code, _, _) = report(&["report", "no-such-folder"]);
    assert_eq!(code, 2);
}

#[test]
fn report_file_is_written_atomically_and_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.html");
    std::fs::write(&path, "old").unwrap();
    let (code, _, _) = report(&["report", ".", "-q", "-o", path.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .contains("<!DOCTYPE html>"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}
