//! The copy every brand page carries besides its promises: Important Safety Information,
//! study results, dosing, the FDA's reporting line, the text-message opt-out, cookie and
//! legal footers. None of it commits the program to anything, so none of it may be a
//! finding, while a broken promise on the same page still is. (Written for this test, for
//! the example's fictional brand.)

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const MANIFEST: &str = include_str!("../examples/carebridge/psp.toml");

const SAFETY_PAGE: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Orvenza | Safety</title></head>
<body>
<div class="cookie">We use cookies. You can manage your preferences at any time in Cookie Settings.</div>
<main>
<h2>What is Orvenza?</h2>
<p>Orvenza is a prescription medicine used to treat adults with moderate-to-severe plaque psoriasis.</p>
<p>Orvenza starts working in as little as 1 week for some patients.</p>
<p>In clinical studies, most patients saw clearer skin within 16 weeks.</p>
<p>Nurses in the clinical trial monitored patients around the clock after their first dose.</p>
<h2>Important Safety Information</h2>
<p>Serious allergic reactions can happen at any time during treatment. Get medical help right away if you have trouble breathing.</p>
<p>Within 24 hours of an injection, you may notice redness or swelling where you injected.</p>
<p>Talk to your doctor anytime you have questions about your treatment.</p>
<p>Your pharmacy may be open 24 hours a day.</p>
<p>Inject Orvenza once every week, on the same day each week.</p>
<p>You are encouraged to report side effects of prescription drugs to the FDA. Visit www.fda.gov/medwatch or call 1-800-FDA-1088.</p>
<p>To report SUSPECTED ADVERSE REACTIONS, contact Halvern Therapeutics, Inc. at 1-888-555-0147.</p>
<p>If you think you have taken too much, call Poison Help at 1-800-222-1222.</p>
</main>
<footer>
<p>Text STOP to 55123 to opt out of messages. Text HELP to 55123 for help.</p>
<p>Visit www.orvenzacarebridge.com/privacy or write to carebridge@orvenzacarebridge.com about your data.</p>
<p>&copy; 2026 Halvern Therapeutics, Inc. All rights reserved. For US residents only.</p>
</footer>
</body></html>
"#;

/// The same page with one promise the program cannot keep in the middle of it.
fn with_broken_promise() -> String {
    SAFETY_PAGE.replace(
        "<h2>Important Safety Information</h2>",
        "<p>Our nurses are available 24/7 to answer your questions.</p>\n<h2>Important Safety Information</h2>",
    )
}

fn claims(page: &str) -> (i32, Vec<Value>) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("psp.toml"), MANIFEST).unwrap();
    fs::create_dir(root.join("copy")).unwrap();
    fs::write(root.join("copy/safety.html"), page).unwrap();
    let out = vouch(
        root,
        &[
            "claims",
            "--format",
            "json",
            "--manifest",
            "psp.toml",
            "copy",
        ],
    );
    let doc: Value = serde_json::from_slice(&out.stdout).expect("claims prints JSON");
    let claims = doc["claims"].as_array().cloned().unwrap_or_default();
    let check = vouch(root, &["check", "--manifest", "psp.toml", "copy"]);
    (check.status.code().expect("exit code"), claims)
}

fn vouch(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("vouch")
        .unwrap()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap()
}

fn describe(claims: &[Value]) -> String {
    claims
        .iter()
        .map(|c| format!("{} {} {:?}", c["verdict"], c["rule"], c["text"]))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn safety_study_and_legal_copy_is_no_finding() {
    let (code, claims) = claims(SAFETY_PAGE);
    let findings: Vec<Value> = claims
        .iter()
        .filter(|c| c["verdict"] != "supported")
        .cloned()
        .collect();
    assert!(findings.is_empty(), "{}", describe(&findings));
    assert_eq!(code, 0);
    // What it does hold is the program's own short code and keyword, and nothing about
    // availability or turnarounds.
    assert!(
        claims.iter().all(|c| {
            let rule = c["rule"].as_str().unwrap_or_default();
            !rule.starts_with("availability.") && !rule.starts_with("timeliness.")
        }),
        "{}",
        describe(&claims)
    );
}

#[test]
fn a_broken_promise_among_safety_copy_still_fails_the_check() {
    let (code, claims) = claims(&with_broken_promise());
    let broken: Vec<&Value> = claims
        .iter()
        .filter(|c| c["verdict"] == "unsupported")
        .collect();
    assert_eq!(broken.len(), 1, "{}", describe(&claims));
    assert_eq!(broken[0]["rule"], "availability.always");
    assert_eq!(code, 1);
}
