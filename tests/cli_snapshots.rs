//! Snapshots of what a user sees for one small page (tests/fixtures/cli/snapshot): a kept
//! phone number, a broken "24/7", a wrong phone number and a negated "not available 24/7".

use std::path::PathBuf;

use assert_cmd::Command;

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cli/snapshot")
}

fn vouch(args: &[&str]) -> (i32, String) {
    let out = Command::cargo_bin("vouch")
        .unwrap()
        .current_dir(fixture())
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).expect("stdout is UTF-8");
    assert!(
        !stdout.contains(env!("CARGO_MANIFEST_DIR")),
        "output must not carry absolute paths:\n{stdout}"
    );
    (out.status.code().unwrap(), stdout)
}

#[test]
fn human_output() {
    let (code, stdout) = vouch(&["check", "--color", "never"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("check_human", stdout);
}

#[test]
fn json_output() {
    let (code, stdout) = vouch(&["check", "--format", "json"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("check_json", stdout);
}

#[test]
fn claims_output() {
    let (code, stdout) = vouch(&["claims", "--color", "never"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("claims_human", stdout);
}

#[test]
fn github_output() {
    let (code, stdout) = vouch(&["check", "--format", "github"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("check_github", stdout);
}
