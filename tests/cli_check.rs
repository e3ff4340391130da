//! `vouch check` end to end on the bundled example brand (examples/carebridge): exit codes,
//! the SPEC's JSON fields, known findings and known non-findings, flags, determinism.

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

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Out {
    let out = vouch().args(args).output().unwrap();
    Out {
        code: out.status.code().expect("vouch exited by a signal"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

fn json(args: &[&str]) -> (i32, Value) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = run(&all);
    let doc: Value = serde_json::from_str(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "--format json did not print JSON ({e}):\n{}\nstderr:\n{}",
            out.stdout, out.stderr
        )
    });
    (out.code, doc)
}

fn findings(doc: &Value) -> &Vec<Value> {
    doc["findings"].as_array().expect("`findings` is an array")
}

fn describe(fs: &[&Value]) -> String {
    fs.iter()
        .map(|f| {
            format!(
                "{}:{} {} {} {:?}",
                f["path"].as_str().unwrap_or("?"),
                f["line"],
                f["rule"].as_str().unwrap_or("?"),
                f["verdict"].as_str().unwrap_or("?"),
                f["text"].as_str().unwrap_or("?")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn all(doc: &Value) -> String {
    describe(&findings(doc).iter().collect::<Vec<_>>())
}

#[test]
fn check_exits_1_on_the_example() {
    let out = run(&["check"]);
    assert_eq!(
        out.code, 1,
        "stdout:\n{}\nstderr:\n{}",
        out.stdout, out.stderr
    );
    let last = out.stdout.lines().last().unwrap_or("");
    assert!(
        last.starts_with("vouch: 12 files checked,"),
        "summary line: {last:?}"
    );
    assert!(
        out.stdout.contains("error[contact.phone]"),
        "{}",
        out.stdout
    );
}

#[test]
fn json_has_every_spec_field() {
    let (code, doc) = json(&[]);
    assert_eq!(code, 1);
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["tool"]["name"], "vouch");
    assert!(doc["tool"]["version"].is_string());
    assert_eq!(doc["manifest"], "psp.toml");
    let fs = findings(&doc);
    assert!(!fs.is_empty());
    for f in fs {
        for key in [
            "rule", "category", "verdict", "severity", "path", "text", "message",
        ] {
            assert!(f[key].is_string(), "`{key}` is not a string in {f}");
        }
        for key in ["start", "end", "line", "column", "end_line", "end_column"] {
            assert!(f[key].is_u64(), "`{key}` is not a number in {f}");
        }
        let obj = f.as_object().unwrap();
        for key in ["audience", "suggestion"] {
            assert!(obj.contains_key(key), "`{key}` missing in {f}");
            assert!(
                f[key].is_string() || f[key].is_null(),
                "`{key}` is neither string nor null in {f}"
            );
        }
        assert!(f["start"].as_u64() <= f["end"].as_u64(), "{f}");
        assert!(f["line"].as_u64().unwrap() >= 1 && f["column"].as_u64().unwrap() >= 1);
        assert!(f["line"].as_u64() <= f["end_line"].as_u64(), "{f}");
        assert!(
            ["error", "warning", "info"].contains(&f["severity"].as_str().unwrap()),
            "{f}"
        );
        assert!(
            ["supported", "unsupported", "qualified", "unverifiable"]
                .contains(&f["verdict"].as_str().unwrap()),
            "{f}"
        );
        // `check` reports only what is not kept.
        assert_ne!(f["verdict"], "supported", "{f}");
        let rule = f["rule"].as_str().unwrap();
        let category = f["category"].as_str().unwrap();
        assert!(
            rule.starts_with(&format!("{category}.")),
            "rule {rule} not in category {category}"
        );
        let evidence = f["evidence"].as_array().expect("`evidence` is an array");
        for ev in evidence {
            assert!(ev["path"].is_string(), "evidence path in {f}");
            assert!(ev["line"].is_u64(), "evidence line in {f}");
            assert!(ev["key"].is_string(), "evidence key in {f}");
            assert!(ev["value"].is_string(), "evidence value in {f}");
        }
    }
    let summary = &doc["summary"];
    for key in ["files", "claims", "findings", "errors", "warnings", "infos"] {
        assert!(summary[key].is_u64(), "summary.{key} missing: {summary}");
    }
    let n = |k: &str| summary[k].as_u64().unwrap();
    assert_eq!(n("files"), 12, "archive is excluded: 8 dtc + 4 hcp files");
    assert_eq!(n("findings"), fs.len() as u64);
    assert_eq!(n("errors") + n("warnings") + n("infos"), n("findings"));
    let count = |sev: &str| fs.iter().filter(|f| f["severity"] == sev).count() as u64;
    assert_eq!(n("errors"), count("error"));
    assert_eq!(n("warnings"), count("warning"));
    assert_eq!(n("infos"), count("info"));
    assert!(n("claims") >= n("findings"));
    // Every promise is counted, the kept ones `check` does not list included.
    let ledger: Value = serde_json::from_str(&run(&["claims", "--format", "json"]).stdout).unwrap();
    let listed = ledger["claims"]
        .as_array()
        .expect("`claims` lists promises");
    assert!(listed.iter().any(|c| c["verdict"] == "supported"));
    assert_eq!(n("claims"), listed.len() as u64);
}

fn find<'a>(doc: &'a Value, path: &str, rule: &str) -> Vec<&'a Value> {
    findings(doc)
        .iter()
        .filter(|f| f["path"] == path && f["rule"] == rule)
        .collect()
}

#[test]
fn known_findings_are_reported() {
    let (_, doc) = json(&[]);
    let every = all(&doc);

    let always = find(&doc, "copy/dtc/video-script.txt", "availability.always");
    assert!(
        always
            .iter()
            .any(|f| f["verdict"] == "unsupported" && f["severity"] == "error"),
        "no unsupported availability.always in video-script.txt:\n{every}"
    );
    for f in &always {
        assert_eq!(f["category"], "availability");
        assert_eq!(f["audience"], "consumer");
        assert!(
            !f["evidence"].as_array().unwrap().is_empty(),
            "an unsupported availability finding cites psp.toml: {f}"
        );
    }

    let phone = find(&doc, "copy/dtc/enrollment-email.html", "contact.phone");
    let transposed = phone
        .iter()
        .find(|f| f["text"] == "1-844-555-2237")
        .unwrap_or_else(|| panic!("transposed number not reported:\n{every}"));
    assert_eq!(transposed["verdict"], "unsupported");
    assert!(
        transposed["suggestion"]
            .as_str()
            .is_some_and(|s| s.contains("1-844-555-2273")),
        "the suggestion gives the program's number: {transposed}"
    );
    assert!(
        transposed["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["path"] == "psp.toml" && e["key"] == "channels.phone.number"),
        "evidence cites channels.phone.number: {transposed}"
    );

    let dedicated = find(
        &doc,
        "copy/dtc/patient-brochure.md",
        "dedicated_staff.assigned",
    );
    assert!(
        dedicated.iter().any(|f| f["verdict"] == "unsupported"),
        "no dedicated_staff.assigned in patient-brochure.md:\n{every}"
    );

    let name = find(
        &doc,
        "copy/hcp/dear-doctor-email.html",
        "contact.program_name",
    );
    let misspelt = name
        .iter()
        .find(|f| f["text"] == "Care Bridge")
        .unwrap_or_else(|| panic!("\"Care Bridge\" not reported:\n{every}"));
    assert_eq!(misspelt["audience"], "hcp");
    assert_eq!(misspelt["verdict"], "unsupported");
}

#[test]
fn known_non_findings_are_absent() {
    let (_, doc) = json(&[]);
    let fs = findings(&doc);
    let archived: Vec<&Value> = fs
        .iter()
        .filter(|f| f["path"].as_str().unwrap().starts_with("copy/archive/"))
        .collect();
    assert!(
        archived.is_empty(),
        "excluded files reported:\n{}",
        describe(&archived)
    );

    // The suppressed "around the clock" (with a reason) sits in the #always section.
    let landing = std::fs::read_to_string(example().join("copy/dtc/landing-page.html")).unwrap();
    let suppressed_line = landing
        .lines()
        .position(|l| l.contains("Starting January 2027"))
        .expect("fixture line moved")
        + 1;
    let suppressed: Vec<&Value> = fs
        .iter()
        .filter(|f| {
            f["path"] == "copy/dtc/landing-page.html"
                && f["line"].as_u64().unwrap() as usize == suppressed_line
        })
        .collect();
    assert!(
        suppressed.is_empty(),
        "suppressed paragraph reported:\n{}",
        describe(&suppressed)
    );
    let directives: Vec<&Value> = fs
        .iter()
        .filter(|f| f["path"] == "copy/dtc/landing-page.html" && f["category"] == "suppression")
        .collect();
    assert!(
        directives.is_empty(),
        "a suppression with a reason is fine:\n{}",
        describe(&directives)
    );

    // Negated sentences in the FAQ are not promises.
    let faq = std::fs::read_to_string(example().join("copy/dtc/faq.md")).unwrap();
    let negated: Vec<usize> = faq
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains(" not available") || l.contains("can't be used"))
        .map(|(i, _)| i + 1)
        .collect();
    assert!(negated.len() >= 2, "fixture changed");
    let on_negated: Vec<&Value> = fs
        .iter()
        .filter(|f| {
            f["path"] == "copy/dtc/faq.md"
                && negated.contains(&(f["line"].as_u64().unwrap() as usize))
        })
        .collect();
    assert!(
        on_negated.is_empty(),
        "negated FAQ sentences reported:\n{}",
        describe(&on_negated)
    );
}

#[test]
fn fail_on_never_exits_0() {
    let out = run(&["check", "--fail-on", "never"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    // The findings are still shown.
    assert!(out.stdout.contains("error[contact.phone]"));
}

#[test]
fn select_reports_only_that_category() {
    let (code, doc) = json(&["--select", "contact"]);
    assert_eq!(code, 1);
    let fs = findings(&doc);
    assert!(!fs.is_empty(), "the example has contact findings");
    let other: Vec<&Value> = fs
        .iter()
        .filter(|f| !f["rule"].as_str().unwrap().starts_with("contact."))
        .collect();
    assert!(
        other.is_empty(),
        "--select contact reported:\n{}",
        describe(&other)
    );
    assert_eq!(
        doc["summary"]["findings"].as_u64().unwrap(),
        fs.len() as u64
    );
}

#[test]
fn ignore_removes_a_category() {
    let (_, full) = json(&[]);
    let (_, doc) = json(&["--ignore", "availability"]);
    let fs = findings(&doc);
    assert!(
        fs.iter()
            .all(|f| !f["rule"].as_str().unwrap().starts_with("availability")),
        "--ignore availability still reports:\n{}",
        all(&doc)
    );
    // Directive findings (suppression.*) may change when a suppressed rule is ignored.
    let others = |d: &Value| {
        findings(d)
            .iter()
            .filter(|f| f["category"] != "availability" && f["category"] != "suppression")
            .count()
    };
    assert_eq!(
        others(&full),
        others(&doc),
        "other categories are unaffected"
    );
    assert!(others(&full) < findings(&full).len());
}

#[test]
fn quiet_prints_only_the_summary_line() {
    let out = run(&["check", "-q"]);
    assert_eq!(out.code, 1);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "-q printed:\n{}", out.stdout);
    assert!(
        lines[0].starts_with("vouch: 12 files checked, "),
        "{}",
        lines[0]
    );
    assert!(lines[0].contains(" findings ("), "{}", lines[0]);
}

#[test]
fn audience_keeps_only_its_files() {
    let (code, doc) = json(&["--audience", "hcp"]);
    assert_eq!(code, 1);
    let fs = findings(&doc);
    assert!(!fs.is_empty());
    for f in fs {
        assert!(
            f["path"].as_str().unwrap().starts_with("copy/hcp/"),
            "--audience hcp reported {f}"
        );
        assert_eq!(f["audience"], "hcp");
    }
    assert_eq!(doc["summary"]["files"], 4);
}

#[test]
fn output_is_deterministic_across_thread_counts() {
    for format in ["human", "json"] {
        let one = run(&["check", "-j", "1", "--color", "never", "--format", format]);
        let two = run(&["check", "-j", "2", "--color", "never", "--format", format]);
        assert_eq!(one.code, two.code);
        assert!(!one.stdout.is_empty());
        assert!(
            one.stdout == two.stdout,
            "-j 1 and -j 2 differ for --format {format}"
        );
    }
    // And the same run twice.
    let a = run(&["check", "--format", "json"]);
    let b = run(&["check", "--format", "json"]);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn output_file_gets_json_and_stdout_gets_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.json");
    let out = run(&[
        "check",
        "--format",
        "json",
        "--color",
        "never",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let written = std::fs::read_to_string(&file).expect("-o wrote the file");
    let doc: Value = serde_json::from_str(&written).expect("the file holds JSON");
    assert!(!findings(&doc).is_empty());
    let (_, plain) = json(&[]);
    assert_eq!(doc, plain, "-o writes the same JSON stdout would carry");
    assert!(
        serde_json::from_str::<Value>(&out.stdout).is_err(),
        "stdout should be human diagnostics, not JSON"
    );
    assert!(
        out.stdout.contains("error[contact.phone]"),
        "{}",
        out.stdout
    );
    assert!(out
        .stdout
        .lines()
        .last()
        .unwrap()
        .starts_with("vouch: 12 files checked"));
}

/// `<sup>1</sup>` flattens to a digit glued to the word; it must not hide the promise and
/// must still link the footnote that qualifies it.
#[test]
fn glued_footnote_digits_link_their_fine_print() {
    let (_, json) = claims_of_one_page(
        "page.html",
        "<p>Nurses available around the clock<sup>2</sup>.</p>\n<p><sup>2</sup>Live nurses Monday–Friday, 8 AM–8 PM ET; voicemail after hours.</p>\n",
    );
    let always: Vec<&serde_json::Value> = json["claims"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["rule"] == "availability.always")
        .collect();
    assert_eq!(always.len(), 1, "{json}");
    assert_eq!(always[0]["verdict"], "qualified");
    assert_eq!(always[0]["text"], "around the clock");
}

/// Word puts a footnote reference right after the period: the note qualifies the sentence
/// it follows, never the next one. Read as one sentence, "fill.`[^1]` Our nurses answer
/// 24/7." let the savings fine print turn a broken round-the-clock promise into info.
#[test]
fn a_footnote_after_a_period_qualifies_only_the_sentence_before_it() {
    let (code, json) = claims_of_one_page(
        "page.md",
        "Our nurses answer 24/7.[^1] Our nurses answer around the clock.\n\n\
         [^1]: Live nurses Monday–Friday, 8 AM–8 PM ET; voicemail after hours.\n",
    );
    let verdicts: Vec<(&str, &str)> = json["claims"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["rule"] == "availability.always")
        .map(|c| (c["text"].as_str().unwrap(), c["verdict"].as_str().unwrap()))
        .collect();
    assert_eq!(
        verdicts,
        [("24/7", "qualified"), ("around the clock", "unsupported")],
        "{json}"
    );
    assert_eq!(code, Some(1));
}

/// `vouch claims --format json` on one page, `name` holding `text`, beside the reference
/// manifest: the exit code and the JSON.
fn claims_of_one_page(name: &str, text: &str) -> (Option<i32>, serde_json::Value) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/reference-psp.toml"),
        dir.path().join("psp.toml"),
    )
    .unwrap();
    std::fs::write(dir.path().join(name), text).unwrap();
    let out = assert_cmd::Command::cargo_bin("vouch")
        .unwrap()
        .current_dir(dir.path())
        .args(["claims", "--format", "json", name])
        .output()
        .unwrap();
    (
        out.status.code(),
        serde_json::from_slice(&out.stdout).unwrap(),
    )
}

/// A table cell's subject comes from the cells before it in its own row. The first cell of
/// a row used to borrow the last cells of the row above: "Within 24 hours" in a prior
/// authorization row was judged against the benefits verification row's commitment.
#[test]
fn a_table_cell_takes_its_subject_from_its_own_row_only() {
    let markdown = "| Service | Turnaround |\n|---|---|\n\
                    | Benefits verification | Within 24 hours |\n\
                    | Within 24 hours | Prior authorization support |\n";
    let html = "<table><tr><th>Service</th><th>Turnaround</th></tr>\
                <tr><td>Benefits verification</td><td>Within 24 hours</td></tr>\
                <tr><td>Within 24 hours</td><td>Prior authorization support</td></tr></table>\n";
    for (name, text) in [("table.md", markdown), ("table.html", html)] {
        let (_, json) = claims_of_one_page(name, text);
        let within: Vec<(u64, &str)> = json["claims"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["rule"] == "timeliness.within")
            .map(|c| {
                (
                    c["column"].as_u64().unwrap(),
                    c["verdict"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(within.len(), 2, "{name}: {json}");
        // Beside its subject, the promise is weighed against that service's commitment.
        assert_eq!(within[0].1, "unsupported", "{name}: {json}");
        // A row's first cell has no subject before it: nothing to weigh it against.
        assert_eq!(within[1].1, "unverifiable", "{name}: {json}");
    }
}
