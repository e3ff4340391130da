//! Every rule's examples: the built-in pack against the reference manifest, and a custom
//! rule folder through `vouch rules test DIR`.

use std::fs;
use std::path::Path;

use assert_cmd::Command;

const REFERENCE: &str = include_str!("../rules/reference-psp.toml");

#[test]
fn builtin_rule_examples_pass() {
    let (count, failures) = match vouch::ruletest::failures(None) {
        Ok(r) => r,
        Err(errors) => panic!(
            "the built-in pack does not load:\n{}",
            errors
                .iter()
                .map(|e| format!("{e:?}"))
                .collect::<Vec<_>>()
                .join("\n")
        ),
    };
    assert!(count > 50, "only {count} examples in the built-in pack");
    for f in &failures {
        let want = if f.expected_flag {
            "should be flagged"
        } else {
            "should pass"
        };
        eprintln!("FAIL {}: {want}: {:?}", f.rule, f.example);
        for g in &f.got {
            eprintln!("     found: {g}");
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} rule examples failed (see stderr)",
        failures.len()
    );
}

#[test]
fn vouch_rules_test_passes_for_the_builtin_pack() {
    let out = Command::cargo_bin("vouch")
        .unwrap()
        .args(["rules", "test"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains(" 0 failed"), "{stdout}");
}

#[test]
fn every_builtin_rule_is_listed_and_explained() {
    let out = Command::cargo_bin("vouch")
        .unwrap()
        .arg("rules")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let listing = String::from_utf8(out.stdout).unwrap();
    let ids: Vec<&str> = listing
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    for id in [
        "availability.always",
        "contact.phone",
        "dedicated_staff.assigned",
    ] {
        assert!(ids.contains(&id), "`vouch rules` misses {id}:\n{listing}");
    }
    for id in ids.iter().filter(|id| !id.starts_with("suppression")) {
        let out = Command::cargo_bin("vouch")
            .unwrap()
            .args(["explain", id])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "vouch explain {id}");
        assert!(text.starts_with(id), "{text}");
        assert!(text.contains("## How to fix it"), "{text}");
    }
}

/// Two custom rules that need manifest facts: one the manifest declares (true), one it does
/// not declare at all.
const CUSTOM_RULES: &str = r#"
[[rule]]
id = "service.spanish_print"
category = "service"
summary = "Promises printed materials in Spanish"
patterns = ['\bprinted (?:guides?|materials?) in Spanish\b', '\bSpanish[- ]language (?:brochures?|print)\b']
requires = ["capabilities.spanish_print_materials"]
message = "copy promises printed materials in Spanish"
why = "Patients who ask for them must get them."
fix = "Only promise printed Spanish materials when patient services stocks them."
examples.flag = []
examples.pass = ["Ask for our printed guides in Spanish."]

[[rule]]
id = "service.braille"
category = "service"
summary = "Promises materials in Braille"
patterns = ['\bin Braille\b']
requires = ["capabilities.braille_materials"]
message = "copy promises materials in Braille"
why = "Patients who ask for them must get them."
fix = "Remove the promise until patient services declares `capabilities.braille_materials`."
examples.flag = ["Request our guides in Braille."]
examples.pass = ["Our guides are not available in Braille."]
"#;

fn rule_dir(rules: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    assert!(REFERENCE.contains("spanish_print_materials = true"));
    assert!(!REFERENCE.contains("braille"));
    fs::write(dir.path().join("psp.toml"), REFERENCE).unwrap();
    fs::write(dir.path().join("brand.toml"), rules).unwrap();
    dir
}

fn rules_test(dir: &Path) -> (i32, String, String) {
    let out = Command::cargo_bin("vouch")
        .unwrap()
        .args(["rules", "test"])
        .arg(dir)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn custom_rule_folder_passes_its_examples() {
    let dir = rule_dir(CUSTOM_RULES);
    let (code, stdout, stderr) = rules_test(dir.path());
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    // Only the folder's own rules run: 1 + 2 examples.
    assert!(
        stdout.contains("3 examples, 3 passed, 0 failed"),
        "{stdout}"
    );
    let (count, failures) = vouch::ruletest::failures(Some(dir.path())).unwrap();
    assert_eq!((count, failures.len()), (3, 0), "{failures:?}");
}

#[test]
fn a_wrong_custom_example_fails_naming_the_rule() {
    // The manifest declares Spanish print materials, so this "flag" example is kept.
    let wrong = CUSTOM_RULES.replace(
        "examples.flag = []",
        "examples.flag = [\"Ask for our printed guides in Spanish.\"]",
    );
    assert_ne!(wrong, CUSTOM_RULES);
    let dir = rule_dir(&wrong);
    let (code, stdout, stderr) = rules_test(dir.path());
    assert_eq!(code, 1, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(
        stdout.contains("FAIL service.spanish_print"),
        "the failure names the rule:\n{stdout}"
    );
    assert!(!stdout.contains("FAIL service.braille"), "{stdout}");
    assert!(stdout.contains("1 failed"), "{stdout}");

    // And when the manifest turns the fact off, the promise is flagged.
    fs::write(
        dir.path().join("psp.toml"),
        REFERENCE.replace(
            "spanish_print_materials = true",
            "spanish_print_materials = false",
        ),
    )
    .unwrap();
    let (count, failures) = vouch::ruletest::failures(Some(dir.path())).unwrap();
    assert_eq!(count, 4);
    let rules: Vec<&str> = failures.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(rules, ["service.spanish_print"], "{failures:?}");
    assert!(
        !failures[0].expected_flag,
        "now the pass example is the one flagged"
    );
}

#[test]
fn a_broken_custom_rule_file_exits_2() {
    let broken = CUSTOM_RULES.replacen("id = \"service.braille\"", "id = \"cost.braille\"", 1);
    let dir = rule_dir(&broken);
    let (code, stdout, stderr) = rules_test(dir.path());
    assert_eq!(code, 2, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(stderr.contains("brand.toml"), "{stderr}");
}

#[test]
fn a_phone_number_ends_where_its_digits_do() {
    use vouch::extract::{extract, Format};
    let manifest = vouch::manifest::Manifest::parse("psp.toml", REFERENCE).expect("reference");
    let vars = vouch::rules::RuleVars::from_manifest(&manifest);
    let pack = vouch::rules::RulePack::load(&[], &vars).expect("built-in pack");
    let engine = vouch::check::Engine::new(manifest, pack, Default::default());
    // The word after a number is not part of it, in any language or case; a vanity
    // number's capitals are.
    for (copy, number) in [
        ("Call 1-800-555-0199 to enroll.", "1-800-555-0199"),
        (
            "Llame al 1-800-555-0199 para recibir apoyo.",
            "1-800-555-0199",
        ),
        ("Call 1 800 555 0199 today for help.", "1 800 555 0199"),
        ("Call 1-800-555 help now.", ""),
        ("Call 1-800-CARE-BRX today.", "1-800-CARE-BRX"),
        ("Call 1-800-GET-HELP now.", "1-800-GET-HELP"),
    ] {
        let report = engine
            .check_prose(
                "copy.txt",
                None,
                copy.to_string(),
                &extract(Format::Text, copy),
            )
            .expect("checked");
        let quoted: Vec<&str> = report
            .claims
            .iter()
            .filter(|c| c.rule == "contact.phone")
            .map(|c| c.text.as_str())
            .collect();
        let expected: Vec<&str> = [number].into_iter().filter(|n| !n.is_empty()).collect();
        assert_eq!(quoted, expected, "in {copy:?}");
    }
}
