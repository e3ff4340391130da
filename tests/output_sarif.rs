//! `vouch check --format sarif` on the bundled example, validated against the official
//! SARIF 2.1.0 JSON schema (tests/fixtures/sarif-2.1.0.json, see the README beside it),
//! plus what the schema cannot say: rule references resolve, evidence becomes
//! relatedLocations, and fingerprints survive edits elsewhere in a file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/carebridge")
}

fn check(dir: &Path, format: &str) -> Value {
    let out = Command::cargo_bin("vouch")
        .unwrap()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(["check", "--format", format])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).expect("stdout is UTF-8");
    assert_eq!(
        out.status.code(),
        Some(1),
        "the example has errors, so exit 1\nstderr:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("--format {format} did not print JSON ({e}):\n{stdout}"))
}

fn validator() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sarif-2.1.0.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(
        schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
        "the official schema is draft 2020-12"
    );
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn schema_errors(validator: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let doc = check(&example(), "sarif");
    let errors = schema_errors(&validator(), &doc);
    assert!(
        errors.is_empty(),
        "SARIF schema violations:\n{}",
        errors.join("\n")
    );
    assert_eq!(doc["version"], "2.1.0");
    assert_eq!(
        doc["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    assert_eq!(doc["runs"].as_array().unwrap().len(), 1);
}

#[test]
fn the_validator_really_rejects_bad_sarif() {
    let validator = validator();
    let good = check(&example(), "sarif");
    let mut bad = good.clone();
    bad["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!schema_errors(&validator, &bad).is_empty(), "bad level");
    let mut bad = good.clone();
    bad["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    assert!(!schema_errors(&validator, &bad).is_empty(), "line 0");
    let mut bad = good.clone();
    bad["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] =
        "copy/a b.md".into();
    assert!(!schema_errors(&validator, &bad).is_empty(), "unencoded uri");
    let mut bad = good;
    bad["runs"][0]["tool"]["driver"]["unknownField"] = true.into();
    assert!(
        !schema_errors(&validator, &bad).is_empty(),
        "extra property"
    );
}

#[test]
fn results_match_the_json_findings_and_reference_their_rules() {
    let sarif = check(&example(), "sarif");
    let json = check(&example(), "json");
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    for must in [
        "cost.disclaimer",
        "suppression.missing_reason",
        "suppression.unknown_rule",
        "suppression.unused",
        "suppression.malformed",
    ] {
        assert!(ids.contains(&must), "driver.rules lacks {must}");
    }
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "rule ids are unique");
    for r in rules {
        for key in ["name", "shortDescription", "fullDescription", "help"] {
            assert!(r.get(key).is_some(), "rule {} lacks {key}", r["id"]);
        }
        let level = r["defaultConfiguration"]["level"].as_str().unwrap();
        assert!(["error", "warning", "note"].contains(&level));
        assert!(r["properties"]["category"].is_string());
    }

    let results = run["results"].as_array().unwrap();
    let findings = json["findings"].as_array().unwrap();
    assert!(!results.is_empty());
    assert_eq!(results.len(), findings.len(), "SARIF carries every finding");
    for (r, f) in results.iter().zip(findings) {
        let id = r["ruleId"].as_str().unwrap();
        let index = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(ids.get(index), Some(&id), "ruleIndex points at {id}");
        assert_eq!(id, f["rule"]);
        let level = match f["severity"].as_str().unwrap() {
            "error" => "error",
            "warning" => "warning",
            _ => "note",
        };
        assert_eq!(r["level"], level);
        let message = r["message"]["text"].as_str().unwrap();
        assert!(message.starts_with(f["message"].as_str().unwrap()));
        if let Some(s) = f["suggestion"].as_str() {
            assert!(message.contains(s), "message carries the suggestion");
        }
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], f["path"]);
        let region = &loc["region"];
        assert_eq!(region["startLine"], f["line"]);
        assert_eq!(region["startColumn"], f["column"]);
        assert_eq!(region["endLine"], f["end_line"]);
        assert_eq!(region["endColumn"], f["end_column"]);
        if let Some(at) = f["location"].as_str() {
            // Documents: offsets are into the extracted text, not file bytes.
            assert!(region.get("byteOffset").is_none());
            assert_eq!(r["locations"][0]["message"]["text"], at);
        } else {
            assert_eq!(region["byteOffset"], f["start"]);
            let len = f["end"].as_u64().unwrap() - f["start"].as_u64().unwrap();
            assert_eq!(region["byteLength"], len);
        }
        assert_eq!(r["partialFingerprints"]["vouch/v1"], f["fingerprint"]);
        assert_eq!(r["properties"]["verdict"], f["verdict"]);
        assert_eq!(r["properties"]["category"], f["category"]);

        let evidence = f["evidence"].as_array().unwrap();
        let related = r.get("relatedLocations").and_then(Value::as_array);
        if evidence.is_empty() {
            assert!(related.is_none());
            continue;
        }
        let related =
            related.unwrap_or_else(|| panic!("{id} has evidence but no relatedLocations"));
        assert_eq!(related.len(), evidence.len());
        for (i, (rel, ev)) in related.iter().zip(evidence).enumerate() {
            assert_eq!(rel["id"], i + 1);
            let pl = &rel["physicalLocation"];
            assert_eq!(pl["artifactLocation"]["uri"], ev["path"]);
            assert_eq!(pl["region"]["startLine"], ev["line"]);
            let text = format!(
                "`{}` = {}",
                ev["key"].as_str().unwrap(),
                ev["value"].as_str().unwrap()
            );
            assert_eq!(rel["message"]["text"], text);
        }
    }
    assert!(
        results.iter().any(|r| r.get("relatedLocations").is_some()),
        "the example cites the manifest somewhere"
    );
}

#[test]
fn sarif_output_is_deterministic() {
    let a = check(&example(), "sarif");
    let b = check(&example(), "sarif");
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// (ruleId, uri) → sorted fingerprints.
type Prints = BTreeMap<(String, String), Vec<String>>;

/// Fingerprints, and each file's finding start lines.
fn prints(doc: &Value) -> (Prints, BTreeMap<String, Vec<u64>>) {
    let mut prints = Prints::new();
    let mut lines: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for r in doc["runs"][0]["results"].as_array().unwrap() {
        let loc = &r["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap().to_string();
        prints
            .entry((r["ruleId"].as_str().unwrap().to_string(), uri.clone()))
            .or_default()
            .push(
                r["partialFingerprints"]["vouch/v1"]
                    .as_str()
                    .unwrap()
                    .into(),
            );
        lines
            .entry(uri)
            .or_default()
            .push(loc["region"]["startLine"].as_u64().unwrap());
    }
    prints.values_mut().for_each(|v| v.sort());
    (prints, lines)
}

#[test]
fn fingerprints_survive_an_unrelated_paragraph_added_at_the_top() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("carebridge");
    copy_dir(&example(), &dir);
    let before = check(&dir, "sarif");

    let note = "Internal note: this file was reviewed by the brand team in March.\n\n";
    let txt = dir.join("copy/dtc/sms-scripts.txt");
    let text = std::fs::read_to_string(&txt).unwrap();
    std::fs::write(&txt, format!("{note}{text}")).unwrap();
    // Markdown with front matter: the new paragraph goes first in the body.
    let md = dir.join("copy/hcp/office-staff-guide.md");
    let text = std::fs::read_to_string(&md).unwrap();
    let body = text.find("\n---\n").expect("front matter") + "\n---\n".len();
    std::fs::write(&md, format!("{}\n{note}{}", &text[..body], &text[body..])).unwrap();

    let after = check(&dir, "sarif");
    let errors = schema_errors(&validator(), &after);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let (prints_before, lines_before) = prints(&before);
    let (prints_after, lines_after) = prints(&after);
    for uri in ["copy/dtc/sms-scripts.txt", "copy/hcp/office-staff-guide.md"] {
        assert!(lines_before.contains_key(uri), "{uri} has findings");
        assert_ne!(
            lines_before[uri], lines_after[uri],
            "{uri}'s findings moved down"
        );
    }
    assert_eq!(
        prints_before, prints_after,
        "partialFingerprints are unchanged"
    );
}
