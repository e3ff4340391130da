//! `vouch check --format junit` on the bundled example, read back with a JUnit XML consumer
//! (the `junit-parser` crate) and compared with `--format json`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/carebridge")
}

fn check(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::cargo_bin("vouch")
        .unwrap()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .arg("check")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().expect("vouch exited by a signal"),
        String::from_utf8(out.stdout).expect("stdout is UTF-8"),
    )
}

fn parse(xml: &str) -> junit_parser::TestSuites {
    junit_parser::from_reader(std::io::Cursor::new(xml.as_bytes()))
        .unwrap_or_else(|e| panic!("not JUnit XML ({e}):\n{xml}"))
}

/// `--format json`: the number of files checked, and per path its (severity, rule) findings.
fn json_findings(dir: &Path, args: &[&str]) -> (usize, BTreeMap<String, Vec<(String, String)>>) {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let (_, out) = check(dir, &all);
    let doc: Value = serde_json::from_str(&out).unwrap();
    let mut by_path: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for f in doc["findings"].as_array().unwrap() {
        by_path
            .entry(f["path"].as_str().unwrap().into())
            .or_default()
            .push((
                f["severity"].as_str().unwrap().into(),
                f["rule"].as_str().unwrap().into(),
            ));
    }
    let files = doc["summary"]["files"].as_u64().unwrap() as usize;
    (files, by_path)
}

/// Lines of a failure or system-out body that start a finding (`path:line:col: ...`).
fn finding_lines<'a>(body: &'a str, path: &str) -> Vec<&'a str> {
    body.lines()
        .filter(|l| l.starts_with(&format!("{path}:")))
        .collect()
}

fn assert_matches_json(dir: &Path, fail_on: &str, failing: &[&str]) {
    let (code, xml) = check(dir, &["--format", "junit", "--fail-on", fail_on]);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
    let (files, expected) = json_findings(dir, &["--fail-on", fail_on]);
    let suites = parse(&xml);
    assert_eq!(suites.name, "vouch");
    assert_eq!(suites.suites.len(), 1);
    let suite = &suites.suites[0];
    assert_eq!(suite.name, "vouch");

    assert_eq!(suite.cases.len(), files, "one testcase per checked file");
    assert_eq!(suite.tests as usize, files);
    assert_eq!(suites.tests as usize, files);

    let mut failed_cases = 0;
    let mut failing_findings = 0;
    let mut other_findings = 0;
    for case in &suite.cases {
        let path = &case.original_name;
        assert_eq!(case.classname.as_deref(), Some("vouch"));
        let mine = expected.get(path).cloned().unwrap_or_default();
        let (fails, rest): (Vec<_>, Vec<_>) = mine
            .iter()
            .partition(|(severity, _)| failing.contains(&severity.as_str()));
        if fails.is_empty() {
            assert!(case.status.is_success(), "{path} passes");
        } else {
            failed_cases += 1;
            assert!(case.status.is_failure(), "{path} fails");
            let failure = case.status.failure_as_ref();
            let first = &fails[0].1;
            assert!(
                failure.message.starts_with(&format!("{first}: ")),
                "message starts with the first rule: {}",
                failure.message
            );
            assert!(failure.failure_type.split(',').any(|t| t == first));
            let lines = finding_lines(&failure.text, path);
            assert_eq!(lines.len(), fails.len(), "{path}: every failing finding");
            for (line, (severity, rule)) in lines.iter().zip(&fails) {
                assert!(line.contains(&format!(": {severity} {rule}: ")), "{line}");
            }
            failing_findings += lines.len();
        }
        let out = case.system_out.as_deref().unwrap_or("");
        let lines = finding_lines(out, path);
        assert_eq!(lines.len(), rest.len(), "{path}: findings below --fail-on");
        other_findings += lines.len();
    }
    // `failures` counts failed test cases, as JUnit consumers read it.
    assert_eq!(suite.failures as usize, failed_cases);
    assert_eq!(suites.failures as usize, failed_cases);
    let expected_failing: usize = expected
        .values()
        .flatten()
        .filter(|(s, _)| failing.contains(&s.as_str()))
        .count();
    let total: usize = expected.values().map(Vec::len).sum();
    assert_eq!(failing_findings, expected_failing);
    assert_eq!(failing_findings + other_findings, total);
    assert_eq!(code, if failed_cases > 0 { 1 } else { 0 });
}

#[test]
fn junit_counts_match_the_json_findings() {
    assert_matches_json(&example(), "error", &["error"]);
}

#[test]
fn junit_follows_fail_on() {
    assert_matches_json(&example(), "warning", &["error", "warning"]);
    assert_matches_json(&example(), "never", &[]);
}

/// Enough files for several of the engine's windows and a spool past its write buffer: the
/// test cases, held in a scratch file until the header's counts are known, all come back.
#[test]
fn junit_streams_a_large_run_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::copy(example().join("psp.toml"), dir.join("psp.toml")).unwrap();
    std::fs::write(dir.join("vouch.toml"), "manifest = \"psp.toml\"\n").unwrap();
    let mut pages = 0;
    for entry in std::fs::read_dir(example().join("copy/dtc")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "docx") {
            continue;
        }
        for copy in 0..40 {
            let folder = dir.join(format!("copy{copy:02}"));
            std::fs::create_dir_all(&folder).unwrap();
            std::fs::copy(&path, folder.join(path.file_name().unwrap())).unwrap();
            pages += 1;
        }
    }
    assert!(pages > 200, "{pages}");
    let (_, xml) = check(dir, &["--format", "junit", "--fail-on", "never"]);
    assert!(xml.len() > 64 * 1024, "{}", xml.len());
    assert_eq!(parse(&xml).suites[0].cases.len(), pages);
    assert_matches_json(dir, "error", &["error"]);
}

/// A scratch file that cannot be made is the run's failure, said plainly, not a panic.
#[cfg(unix)]
#[test]
fn junit_reports_a_spool_it_cannot_create() {
    let missing = tempfile::tempdir().unwrap().path().join("gone");
    let out = Command::cargo_bin("vouch")
        .unwrap()
        .current_dir(example())
        .env("NO_COLOR", "1")
        .env("TMPDIR", &missing)
        .args(["check", "--format", "junit"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot spool the JUnit test cases to a temporary file"),
        "{stderr}"
    );
}

#[test]
fn junit_escapes_what_it_quotes() {
    let (_, xml) = check(&example(), &["--format", "junit"]);
    let suites = parse(&xml);
    let failures: Vec<_> = suites.suites[0]
        .cases
        .iter()
        .filter(|c| c.status.is_failure())
        .map(|c| c.status.failure_as_ref())
        .collect();
    // The example's messages quote with apostrophes and double quotes; they arrive intact.
    let messages: String = failures.iter().map(|f| f.message.as_str()).collect();
    assert!(messages.contains("program's"), "{messages}");
    assert!(messages.contains("\"Care Bridge\""), "{messages}");
    let bodies: String = failures.iter().map(|f| f.text.as_str()).collect();
    assert!(bodies.contains("\"Care Bridge\""), "{bodies}");
}

#[test]
fn junit_escapes_markup_in_file_names_and_text() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::copy(example().join("psp.toml"), dir.join("psp.toml")).unwrap();
    std::fs::write(dir.join("vouch.toml"), "manifest = \"psp.toml\"\n").unwrap();
    let name = "a&b <\"x\"> ]]>.md";
    std::fs::write(
        dir.join(name),
        "Call our nurses 24/7 at 1-800-555-0000 & <ask> for \"help\".\n",
    )
    .unwrap();
    let (code, xml) = check(dir, &["--format", "junit"]);
    assert_eq!(code, 1, "{xml}");
    let suites = parse(&xml);
    let case = &suites.suites[0].cases[0];
    assert_eq!(case.original_name, name);
    assert!(case.status.is_failure());
    let failure = case.status.failure_as_ref();
    assert!(failure.text.contains("a&b <\"x\"> ]]"), "{}", failure.text);
    assert!(failure.text.contains(":1:"), "{}", failure.text);
}
