//! Broken runs exit 2 and say why; suppressions, `vouch init` and baselines, in temp dirs.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

const REFERENCE: &str = include_str!("../rules/reference-psp.toml");

fn vouch(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("vouch").unwrap();
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(dir: &Path, args: &[&str]) -> Out {
    let out = vouch(dir).args(args).output().unwrap();
    Out {
        code: out.status.code().expect("vouch exited by a signal"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A project: vouch.toml, the reference psp.toml, and copy/ with the given files.
fn project(files: &[(&str, &[u8])]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("vouch.toml"),
        "manifest = \"psp.toml\"\ninclude = [\"copy/**\"]\n",
    )
    .unwrap();
    fs::write(dir.path().join("psp.toml"), REFERENCE).unwrap();
    fs::create_dir(dir.path().join("copy")).unwrap();
    for (name, bytes) in files {
        let path = dir.path().join("copy").join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
    dir
}

fn with_manifest(edit: impl Fn(&str) -> String) -> TempDir {
    let dir = project(&[("a.md", b"Call 1-800-555-0100 for help.\n")]);
    let edited = edit(REFERENCE);
    assert_ne!(edited, REFERENCE, "the edit must change the manifest");
    fs::write(dir.path().join("psp.toml"), edited).unwrap();
    dir
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not in text"))
        + 1
}

fn assert_untrusted(out: &Out) {
    assert_eq!(
        out.code, 2,
        "expected exit 2\nstdout:\n{}\nstderr:\n{}",
        out.stdout, out.stderr
    );
}

#[test]
fn typo_in_manifest_key_exits_2_with_did_you_mean() {
    let dir = with_manifest(|m| m.replacen("caseload = 220", "caselod = 220", 1));
    let text = fs::read_to_string(dir.path().join("psp.toml")).unwrap();
    let line = line_of(&text, "caselod = 220");
    let out = run(dir.path(), &["check"]);
    assert_untrusted(&out);
    assert!(
        out.stderr.contains(&format!("psp.toml:{line}:")),
        "stderr names psp.toml:{line}:\n{}",
        out.stderr
    );
    assert!(out.stderr.contains("caselod"), "{}", out.stderr);
    assert!(
        out.stderr.contains("did you mean `caseload`"),
        "{}",
        out.stderr
    );
    // Nothing is checked against a manifest that did not load.
    assert!(!out.stdout.contains("error["), "{}", out.stdout);
}

#[test]
fn unknown_manifest_section_exits_2() {
    let dir = with_manifest(|m| format!("{m}\n[chanels.fax]\nnumber = \"1-800-555-0111\"\n"));
    let out = run(dir.path(), &["check"]);
    assert_untrusted(&out);
    assert!(out.stderr.contains("psp.toml:"), "{}", out.stderr);
    assert!(out.stderr.contains("chanels"), "{}", out.stderr);
    assert!(
        out.stderr.contains("did you mean `channels`"),
        "{}",
        out.stderr
    );
}

#[test]
fn bad_hours_string_exits_2() {
    let dir = with_manifest(|m| {
        m.replacen(
            "hours = \"Mon-Fri 08:00-20:00\"",
            "hours = \"Mon-Fry 8-25\"",
            1,
        )
    });
    let text = fs::read_to_string(dir.path().join("psp.toml")).unwrap();
    let line = line_of(&text, "Mon-Fry");
    let out = run(dir.path(), &["check"]);
    assert_untrusted(&out);
    assert!(
        out.stderr.contains(&format!("psp.toml:{line}:")),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("Fry"), "{}", out.stderr);
}

#[test]
fn manifest_check_reports_the_same_errors() {
    let dir = with_manifest(|m| m.replacen("caseload = 220", "caselod = 220", 1));
    let out = run(dir.path(), &["manifest", "check"]);
    assert_untrusted(&out);
    assert!(
        out.stderr.contains("did you mean `caseload`"),
        "{}",
        out.stderr
    );
    let good = project(&[]);
    let out = run(good.path(), &["manifest", "check"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("valid"), "{}", out.stdout);
}

#[test]
fn invalid_utf8_input_exits_2_and_names_the_file() {
    let dir = project(&[("copy.md", b"ok \xc3\x28 bad\n")]);
    let out = run(dir.path(), &["check"]);
    assert_untrusted(&out);
    assert!(out.stderr.contains("copy/copy.md"), "{}", out.stderr);
}

#[test]
fn missing_path_argument_exits_2() {
    let dir = project(&[("a.md", b"Call 1-800-555-0100.\n")]);
    let out = run(dir.path(), &["check", "does-not-exist"]);
    assert_untrusted(&out);
    assert!(out.stderr.contains("does-not-exist"), "{}", out.stderr);
}

#[test]
fn config_naming_a_missing_manifest_exits_2() {
    let dir = project(&[("a.md", b"Call 1-800-555-0100.\n")]);
    fs::write(
        dir.path().join("vouch.toml"),
        "manifest = \"nope.toml\"\ninclude = [\"copy/**\"]\n",
    )
    .unwrap();
    let out = run(dir.path(), &["check"]);
    assert_untrusted(&out);
    assert!(out.stderr.contains("nope.toml"), "{}", out.stderr);
}

#[test]
fn exit_2_wins_over_1() {
    let dir = project(&[
        ("good.md", b"Our nurses are available 24/7.\n"),
        ("bad.md", b"ok \xc3\x28 bad\n"),
    ]);
    let out = run(dir.path(), &["check"]);
    assert_untrusted(&out);
    assert!(out.stderr.contains("copy/bad.md"), "{}", out.stderr);
    // Without the undecodable file the same project fails with 1.
    fs::remove_file(dir.path().join("copy/bad.md")).unwrap();
    assert_eq!(run(dir.path(), &["check"]).code, 1);
}

#[test]
fn bad_flag_value_exits_2() {
    let dir = project(&[("a.md", b"Call 1-800-555-0100.\n")]);
    let out = run(dir.path(), &["check", "--fail-on", "sometimes"]);
    assert_untrusted(&out);
    assert!(out.stderr.contains("sometimes"), "{}", out.stderr);
    let out = run(dir.path(), &["check", "--select", "availability.alwayz"]);
    assert_untrusted(&out);
    assert!(
        out.stderr.contains("did you mean `availability.always`"),
        "{}",
        out.stderr
    );
}

#[test]
fn explain_unknown_rule_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["explain", "nope"]);
    assert_untrusted(&out);
    assert!(out.stderr.contains("nope"), "{}", out.stderr);
    let out = run(dir.path(), &["explain", "availability.alway"]);
    assert_untrusted(&out);
    assert!(
        out.stderr.contains("did you mean `availability.always`"),
        "{}",
        out.stderr
    );
    let out = run(dir.path(), &["explain", "availability.always"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.starts_with("availability.always"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_misspelt_suppression_is_a_finding_and_hides_nothing() {
    let dir = project(&[(
        "a.md",
        b"# Support\n\n<!-- VOUCH-IGNORE availability.always: reason=\"launch\" -->\nOur nurses are available 24/7.\n\n<!-- we vouch for this page: legal, May -->\nCall us.\n",
    )]);
    let out = run(dir.path(), &["check", "--format", "json"]);
    let doc: Value = serde_json::from_str(&out.stdout).expect("JSON");
    let mut rules: Vec<(u64, &str)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["line"].as_u64().unwrap(), f["rule"].as_str().unwrap()))
        .collect();
    rules.sort();
    assert_eq!(
        rules,
        [(3, "suppression.malformed"), (4, "availability.always")],
        "{}",
        out.stdout
    );
    assert_eq!(out.code, 1);
    let out = run(dir.path(), &["explain", "suppression.malformed"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("How to fix it"), "{}", out.stdout);
}

#[test]
fn suppression_without_reason_is_a_finding() {
    let dir = project(&[(
        "a.md",
        b"# Support\n\n<!-- vouch-ignore availability.always -->\nOur nurses are available 24/7.\n",
    )]);
    let out = run(
        dir.path(),
        &["check", "--format", "json", "--fail-on", "warning"],
    );
    let doc: Value = serde_json::from_str(&out.stdout).expect("JSON");
    let fs = doc["findings"].as_array().unwrap();
    let missing: Vec<&Value> = fs
        .iter()
        .filter(|f| f["rule"] == "suppression.missing_reason")
        .collect();
    assert_eq!(missing.len(), 1, "{}", out.stdout);
    assert_eq!(missing[0]["path"], "copy/a.md");
    assert_eq!(missing[0]["line"], 3);
    assert_eq!(out.code, 1, "a warning fails --fail-on warning");

    // With a reason, nothing is reported.
    fs::write(
        dir.path().join("copy/a.md"),
        "# Support\n\n<!-- vouch-ignore availability.always: reason=\"launches 2027\" -->\nOur nurses are available 24/7.\n",
    )
    .unwrap();
    let out = run(
        dir.path(),
        &["check", "--format", "json", "--fail-on", "info"],
    );
    assert_eq!(out.code, 0, "{}", out.stdout);
}

#[test]
fn init_writes_a_working_project_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["init", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(dir.path().join("vouch.toml").is_file());
    assert!(dir.path().join("psp.toml").is_file());

    fs::write(
        dir.path().join("page.md"),
        "Call us at 1-800-555-0100. Our nurses are available 24/7.\n",
    )
    .unwrap();
    let out = run(dir.path(), &["check"]);
    assert!(
        out.code == 0 || out.code == 1,
        "the starter project must load\nstdout:\n{}\nstderr:\n{}",
        out.stdout,
        out.stderr
    );
    assert!(out.stdout.contains("1 file checked"), "{}", out.stdout);
    let out = run(dir.path(), &["manifest", "check"]);
    assert_eq!(out.code, 0, "{}", out.stderr);

    let marker = "\n# marker: edited by the brand team\n";
    let mut config = fs::read_to_string(dir.path().join("vouch.toml")).unwrap();
    config.push_str(marker);
    fs::write(dir.path().join("vouch.toml"), &config).unwrap();
    let psp = fs::read_to_string(dir.path().join("psp.toml")).unwrap();
    let out = run(dir.path(), &["init", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        fs::read_to_string(dir.path().join("vouch.toml")).unwrap(),
        config
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("psp.toml")).unwrap(),
        psp
    );
}

#[test]
fn init_in_a_named_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["init", "brand/copy"]);
    // The folder does not exist yet: vouch creates it, like `cargo new`.
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(dir.path().join("brand/copy/vouch.toml").is_file());
    assert!(dir.path().join("brand/copy/psp.toml").is_file());
    assert!(
        out.stdout.contains("wrote brand/copy/vouch.toml"),
        "{}",
        out.stdout
    );
    let out = run(dir.path(), &["init"]);
    assert!(out.stdout.contains("wrote vouch.toml"), "{}", out.stdout);
}

/// How pre-commit calls the hook: from the repository root, with relative paths of the
/// staged files from several folders, excluded ones among them.
#[test]
fn files_from_several_folders_find_the_config_at_the_root() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(run(dir.path(), &["init"]).code, 0);
    fs::create_dir_all(dir.path().join("dtc")).unwrap();
    fs::create_dir_all(dir.path().join("hcp/deep")).unwrap();
    fs::write(
        dir.path().join("hcp/deep/office.txt"),
        "Call CareBridge at 1-800-555-0100, Monday to Friday, 8 AM to 8 PM ET.\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("dtc/brochure.md"),
        "Our nurses are available 24/7.\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("README.md"),
        "Our nurses are available 24/7.\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("notes.md"),
        "Our nurses are available 24/7.\n",
    )
    .unwrap();
    let kept = ["check", "hcp/deep/office.txt", "README.md"];
    let out = run(dir.path(), &kept);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("1 file checked"), "{}", out.stdout);
    let broken = [
        "check",
        "hcp/deep/office.txt",
        "dtc/brochure.md",
        "README.md",
    ];
    let out = run(dir.path(), &broken);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("dtc/brochure.md"), "{}", out.stdout);
    assert!(out.stdout.contains("2 files checked"), "{}", out.stdout);
    // A file at the root, first: its parent is "", which must mean the working folder.
    let out = run(dir.path(), &["check", "notes.md", "hcp/deep/office.txt"]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains("channels.phone.hours"),
        "{}",
        out.stdout
    );
}

fn json_findings(dir: &Path, args: &[&str]) -> (i32, Vec<Value>) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = run(dir, &all);
    let doc: Value = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}\n{}\n{}", out.stdout, out.stderr));
    (out.code, doc["findings"].as_array().unwrap().clone())
}

const PAGE: &str = "# Support\n\n\
Get personalized support around the clock.\n\n\
Call 1-800-555-0199 for help.\n\n\
Our Nurse Educators answer Monday to Friday.\n";

#[test]
fn baseline_hides_old_findings_and_reports_new_ones() {
    let dir = project(&[("a.md", PAGE.as_bytes())]);
    let (code, before) = json_findings(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(before.len(), 2, "{before:?}");

    let out = run(dir.path(), &["check", "--write-baseline", "b.json"]);
    assert_eq!(
        out.code, 1,
        "writing a baseline still reports today's findings"
    );
    assert!(dir.path().join("b.json").is_file());

    let (code, after) = json_findings(dir.path(), &["--baseline", "b.json"]);
    assert_eq!(code, 0, "{after:?}");
    assert!(after.is_empty());

    // Moving a paragraph does not resurrect baselined findings.
    let moved = "# Support\n\n\
Call 1-800-555-0199 for help.\n\n\
Our Nurse Educators answer Monday to Friday.\n\n\
Get personalized support around the clock.\n";
    fs::write(dir.path().join("copy/a.md"), moved).unwrap();
    let (code, after) = json_findings(dir.path(), &["--baseline", "b.json"]);
    assert_eq!(code, 0, "{after:?}");

    // A new broken promise is reported, alone.
    fs::write(
        dir.path().join("copy/a.md"),
        format!("{moved}\nOur nurses are available 24/7.\n"),
    )
    .unwrap();
    let (code, after) = json_findings(dir.path(), &["--baseline", "b.json"]);
    assert_eq!(code, 1);
    assert_eq!(after.len(), 1, "{after:?}");
    assert_eq!(after[0]["rule"], "availability.always");
    assert_eq!(after[0]["text"], "24/7");
    assert_eq!(after[0]["line"], 9);
    // The terminal shows it, and none of the baselined ones before it in the file.
    let out = run(dir.path(), &["check", "--baseline", "b.json"]);
    assert_eq!(out.stdout.matches("error[").count(), 1, "{}", out.stdout);
    assert!(
        out.stdout.contains("error[availability.always]"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("Our nurses are available 24/7."),
        "{}",
        out.stdout
    );
}

#[test]
fn a_repeated_broken_promise_is_not_hidden_by_the_baseline() {
    let dir = project(&[("a.md", b"Our nurses are available 24/7.\n")]);
    assert_eq!(
        run(dir.path(), &["check", "--write-baseline", "b.json"]).code,
        1
    );
    fs::write(
        dir.path().join("copy/a.md"),
        "Our nurses are available 24/7.\n\nOur pharmacists are available 24/7.\n",
    )
    .unwrap();
    let (code, after) = json_findings(dir.path(), &["--baseline", "b.json"]);
    assert_eq!(code, 1, "{after:?}");
    assert!(
        after.iter().any(|f| f["rule"] == "availability.always"),
        "{after:?}"
    );
}

#[test]
fn unreadable_baseline_exits_2() {
    let dir = project(&[("a.md", b"Our nurses are available 24/7.\n")]);
    fs::write(dir.path().join("b.json"), "not json").unwrap();
    let out = run(dir.path(), &["check", "--baseline", "b.json"]);
    assert_untrusted(&out);
    assert!(out.stderr.contains("b.json"), "{}", out.stderr);
    let out = run(dir.path(), &["check", "--baseline", "missing.json"]);
    assert_untrusted(&out);
}

/// Without a vouch.toml, `--manifest`'s documented default is `./psp.toml`; naming a
/// folder of copy must not move it to `<folder>/psp.toml`.
#[test]
fn manifest_defaults_to_the_working_folder_without_a_config() {
    let dir = project(&[("a.md", b"Our nurses are available 24/7.\n")]);
    fs::remove_file(dir.path().join("vouch.toml")).unwrap();
    let out = run(dir.path(), &["check", "copy"]);
    assert_eq!(
        out.code, 1,
        "stdout:\n{}\nstderr:\n{}",
        out.stdout, out.stderr
    );
}
