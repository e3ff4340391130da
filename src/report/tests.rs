//! The ledger model: grouping, cross-audience differences, never-promised, capacity.

use super::*;
use crate::check::{FileReport, Finding};
use crate::manifest::{Citation, Manifest};
use crate::model::{Category, Severity, Verdict};

const MANIFEST: &str = r#"
[program]
name = "CareBridge"
as_of = 2026-09-15

[channels.phone]
number = "1-844-555-2273"
vanity = "1-844-555-CARE"
hours = "Mon-Fri 08:00-20:00"
staffed_by = ["nurse"]

[channels.app]
platforms = ["ios"]
hours = "24/7"

[staff.nurse]
title = "Nurse Educator"
count = 10
caseload = 100
assignment = "pooled"

[staff.case_manager]
title = "Care Coordinator"
count = 20
caseload = 50
assignment = "dedicated"

[languages]
supported = ["en", "es"]
interpreters = true

[services.bridge]
max_duration = "12 months"

[services.appeals]

[commitments]
welcome_call = "1 business day"

[capacity]
enrolled_patients = 1200
"#;

fn manifest() -> Manifest {
    Manifest::parse("psp.toml", MANIFEST).expect("test manifest loads")
}

fn ev(key: &str) -> Vec<Citation> {
    vec![Citation {
        path: "psp.toml".into(),
        line: 1,
        key: key.into(),
        value: "v".into(),
    }]
}

#[allow(clippy::too_many_arguments)]
fn claim(
    path: &str,
    audience: Option<&str>,
    line: usize,
    rule: &str,
    category: Category,
    verdict: Verdict,
    text: &str,
    evidence: Vec<Citation>,
) -> Finding {
    Finding {
        rule: rule.into(),
        category,
        verdict,
        severity: Severity::Error,
        path: path.into(),
        audience: audience.map(str::to_string),
        start: 0,
        end: text.len(),
        line,
        column: 1,
        end_line: line,
        end_column: 1 + text.len(),
        text: text.into(),
        message: format!("{rule} message"),
        evidence,
        suggestion: None,
        fingerprint: String::new(),
        sentence: text.into(),
        location: None,
    }
}

fn report(path: &str, audience: Option<&str>, claims: Vec<Finding>) -> FileReport {
    FileReport {
        path: path.into(),
        audience: audience.map(str::to_string),
        source: String::new(),
        promises: claims.len(),
        claims,
        directive_findings: Vec::new(),
        suppressed: 0,
        line_numbers: Vec::new(),
        diagnostics: Vec::new(),
    }
}

fn build(reports: &[FileReport]) -> Ledger {
    Ledger::build(
        reports,
        &manifest(),
        Options {
            expected_enrollments: Some(100),
            dedicated_max_caseload: 100,
        },
    )
}

use Category as C;
use Verdict as V;

fn sample() -> Vec<FileReport> {
    let hcp = Some("hcp");
    let dtc = Some("consumer");
    vec![
        report(
            "hcp/a.md",
            hcp,
            vec![
                claim(
                    "hcp/a.md",
                    hcp,
                    1,
                    "availability.always",
                    C::Availability,
                    V::Unsupported,
                    "24/7",
                    ev("channels.phone.hours"),
                ),
                claim(
                    "hcp/a.md",
                    hcp,
                    2,
                    "contact.phone",
                    C::Contact,
                    V::Supported,
                    "1-844-555-2273",
                    ev("channels.phone.number"),
                ),
                claim(
                    "hcp/a.md",
                    hcp,
                    3,
                    "contact.program_name",
                    C::Contact,
                    V::Unsupported,
                    "Care Bridge",
                    ev("program.name"),
                ),
                claim(
                    "hcp/a.md",
                    hcp,
                    4,
                    "service.bridge",
                    C::Service,
                    V::Supported,
                    "bridge program",
                    ev("services.bridge"),
                ),
            ],
        ),
        report(
            "dtc/b.md",
            dtc,
            vec![
                claim(
                    "dtc/b.md",
                    dtc,
                    1,
                    "availability.always",
                    C::Availability,
                    V::Supported,
                    "around the clock",
                    ev("channels.app.hours"),
                ),
                claim(
                    "dtc/b.md",
                    dtc,
                    5,
                    "availability.always",
                    C::Availability,
                    V::Unsupported,
                    "24/7!",
                    ev("channels.phone.hours"),
                ),
                claim(
                    "dtc/b.md",
                    dtc,
                    2,
                    "contact.phone",
                    C::Contact,
                    V::Supported,
                    "1-844-555-CARE",
                    ev("channels.phone.number"),
                ),
                claim(
                    "dtc/b.md",
                    dtc,
                    3,
                    "contact.phone",
                    C::Contact,
                    V::Unsupported,
                    "1-844-555-2237",
                    ev("channels.phone.number"),
                ),
                claim(
                    "dtc/b.md",
                    dtc,
                    4,
                    "contact.program_name",
                    C::Contact,
                    V::Supported,
                    "CareBridge",
                    ev("program.name"),
                ),
                claim(
                    "dtc/b.md",
                    dtc,
                    6,
                    "dedicated_staff.assigned",
                    C::DedicatedStaff,
                    V::Supported,
                    "your dedicated Care Coordinator",
                    ev("staff.case_manager.assignment"),
                ),
                claim(
                    "dtc/b.md",
                    dtc,
                    7,
                    "dedicated_staff.assigned",
                    C::DedicatedStaff,
                    V::Unsupported,
                    "your dedicated nurse",
                    ev("staff.nurse.assignment"),
                ),
            ],
        ),
        report(
            "dtc/c.md",
            dtc,
            vec![claim(
                "dtc/c.md",
                dtc,
                9,
                "availability.always",
                C::Availability,
                V::Unsupported,
                "24/7",
                ev("channels.phone.hours"),
            )],
        ),
    ]
}

/// Many files repeating the sample's promises with variations: rows with dozens of places
/// (the HTML folds them), one path under two audiences, files with no audience, columns that
/// differ on one line, and files delivered out of path order.
fn crowd() -> Vec<FileReport> {
    let sample: Vec<Finding> = sample().into_iter().flat_map(|r| r.claims).collect();
    let audiences = [Some("hcp"), Some("consumer"), None, Some("payer")];
    let mut seed: u64 = 7;
    let mut next = move |n: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    let mut reports = Vec::new();
    for _ in 0..60 {
        let n = next(7);
        let path = if n == 6 {
            "copy/shared.md".to_string()
        } else {
            format!(
                "copy/{}/page-{:02}.md",
                ["hcp", "dtc", "misc"][(n % 3) as usize],
                next(40)
            )
        };
        let audience = audiences[next(4) as usize];
        let mut claims = Vec::new();
        for _ in 0..next(9) {
            let mut c = sample[next(sample.len() as u64) as usize].clone();
            c.path = path.clone();
            c.audience = audience.map(str::to_string);
            c.line = 1 + next(30) as usize;
            c.column = 1 + next(3) as usize;
            if next(5) == 0 {
                c.text = c.text.to_uppercase();
            }
            if next(6) == 0 {
                c.message = format!("{} (again)", c.message);
            }
            if next(8) == 0 {
                c.suggestion = Some(format!("say “{}” less", c.text));
            }
            claims.push(c);
        }
        reports.push(report(&path, audience, claims));
    }
    reports
}

#[test]
fn counts_by_verdict_audience_and_category() {
    let l = build(&sample());
    assert_eq!(l.totals.total(), 12);
    assert_eq!(l.totals.unsupported, 6);
    assert_eq!(l.totals.supported, 6);
    let names: Vec<&str> = l.by_audience.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(names, ["hcp", "consumer"]);
    assert_eq!(l.by_audience[0].1.total(), 4);
    assert_eq!(l.by_audience[1].1.unsupported, 4);
    let avail = l
        .by_category
        .iter()
        .find(|(c, _)| *c == C::Availability)
        .unwrap();
    assert_eq!(avail.1.total(), 4);
    assert_eq!(l.as_of.as_deref(), Some("2026-09-15"));
    assert!(l
        .as_of_line()
        .contains("declared by patient services on 2026-09-15"));
}

#[test]
fn the_same_promise_in_many_places_is_one_row() {
    let l = build(&sample());
    // "24/7" (hcp), "24/7!" and "24/7" (consumer): one broken row with three places.
    let rows: Vec<&Row> = l
        .rows()
        .filter(|r| r.rule == "availability.always" && r.verdict == V::Unsupported)
        .collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].places.len(), 3);
    assert_eq!(rows[0].normalized, "24 7");
    assert_eq!(
        rows[0]
            .audiences
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        ["consumer", "hcp"]
    );
    // Every claim is in exactly one row.
    let places: usize = l.rows().map(|r| r.places.len()).sum();
    assert_eq!(places, l.totals.total());
    // A different verdict on the same words is a different row.
    let phone: Vec<&Row> = l.rows().filter(|r| r.rule == "contact.phone").collect();
    assert_eq!(phone.len(), 3);
}

#[test]
fn broken_first_within_and_across_groups() {
    let l = build(&sample());
    for g in &l.groups {
        let ranks: Vec<usize> = g.rows.iter().map(|r| verdict_rank(r.verdict)).collect();
        let mut sorted = ranks.clone();
        sorted.sort();
        assert_eq!(ranks, sorted, "{:?}", g.capability);
    }
    // Hours (2 broken rows' places: 3) leads; contact (2 broken) next.
    assert_eq!(l.groups[0].capability, Capability::Hours);
    assert_eq!(l.groups[0].counts.broken(), 3);
    let broken: Vec<usize> = l.groups.iter().map(|g| g.counts.broken()).collect();
    let mut sorted = broken.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(broken, sorted);
}

#[test]
fn cross_audience_differences() {
    let l = build(&sample());
    let find = |rule: &str| l.differences.iter().find(|d| d.rule == rule);
    // Hours: broken to physicians only, kept and broken to patients.
    let hours = find("availability.always").expect("hours differ");
    assert_eq!(hours.kind, DifferenceKind::Verdict);
    assert_eq!(hours.heard[0].audience, "hcp");
    assert_eq!(
        hours.heard[0].verdicts.iter().copied().collect::<Vec<_>>(),
        [V::Unsupported]
    );
    // The bridge program is told to physicians only.
    let bridge = find("service.bridge").expect("bridge to one audience");
    assert_eq!(bridge.kind, DifferenceKind::OnlyOne);
    // Dedicated staff told to patients only.
    assert_eq!(
        find("dedicated_staff.assigned").map(|d| d.kind),
        Some(DifferenceKind::OnlyOne)
    );
    // Verdict differences come first.
    assert_eq!(l.differences[0].kind, DifferenceKind::Verdict);
}

#[test]
fn wording_differences_need_no_words_in_common() {
    let hcp = Some("hcp");
    let dtc = Some("consumer");
    let reports = vec![
        report(
            "a",
            hcp,
            vec![claim(
                "a",
                hcp,
                1,
                "service.appeals",
                C::Service,
                V::Supported,
                "appeals support",
                ev("services.appeals"),
            )],
        ),
        report(
            "b",
            dtc,
            vec![claim(
                "b",
                dtc,
                1,
                "service.appeals",
                C::Service,
                V::Supported,
                "help with an appeal",
                ev("services.appeals"),
            )],
        ),
        report(
            "c",
            dtc,
            vec![claim(
                "c",
                dtc,
                1,
                "service.bridge",
                C::Service,
                V::Supported,
                "bridge",
                ev("services.bridge"),
            )],
        ),
        report(
            "d",
            hcp,
            vec![claim(
                "d",
                hcp,
                1,
                "service.bridge",
                C::Service,
                V::Supported,
                "Bridge",
                ev("services.bridge"),
            )],
        ),
    ];
    let l = build(&reports);
    let kinds: Vec<(&str, DifferenceKind)> = l
        .differences
        .iter()
        .map(|d| (d.rule.as_str(), d.kind))
        .collect();
    assert_eq!(kinds, [("service.appeals", DifferenceKind::Wording)]);
}

#[test]
fn one_audience_only_reports_no_differences() {
    let dtc = Some("consumer");
    let reports = vec![report(
        "b",
        dtc,
        vec![claim(
            "b",
            dtc,
            1,
            "service.bridge",
            C::Service,
            V::Supported,
            "bridge",
            ev("services.bridge"),
        )],
    )];
    assert!(build(&reports).differences.is_empty());
}

#[test]
fn contact_details_that_differ_between_documents() {
    let l = build(&sample());
    let phone = l
        .contacts
        .iter()
        .find(|c| c.rule == "contact.phone")
        .unwrap();
    // 1-844-555-CARE is 1-844-555-2273 by its keypad digits: two numbers, not three.
    assert_eq!(phone.variants.len(), 2);
    assert_eq!(phone.variants[0].verdict, V::Unsupported);
    assert_eq!(phone.variants[0].text, "1-844-555-2237");
    assert_eq!(phone.variants[1].places.len(), 2);
    let name = l
        .contacts
        .iter()
        .find(|c| c.rule == "contact.program_name")
        .unwrap();
    let spellings: Vec<&str> = name.variants.iter().map(|v| v.text.as_str()).collect();
    assert_eq!(spellings, ["Care Bridge", "CareBridge"]);
}

#[test]
fn delivered_but_never_promised() {
    let l = build(&sample());
    let keys: Vec<(&str, &str)> = l
        .never_promised
        .iter()
        .map(|u| (u.kind, u.key.as_str()))
        .collect();
    // The app is mentioned only through an hours citation; appeals, Spanish, interpreters
    // and the welcome call are not mentioned at all. Bridge, phone, nurses, coordinators are.
    assert_eq!(
        keys,
        [
            ("service", "services.appeals"),
            ("language", "languages.supported"),
            ("language", "languages.interpreters"),
            ("commitment", "commitments.welcome_call"),
        ]
    );
    let spanish = &l.never_promised[1];
    assert_eq!(spanish.detail, "support in Spanish");
    assert!(spanish.line > 1);
}

#[test]
fn a_language_named_in_copy_is_promised() {
    let dtc = Some("consumer");
    let reports = vec![report(
        "b",
        dtc,
        vec![claim(
            "b",
            dtc,
            1,
            "language.named",
            C::Language,
            V::Supported,
            "Hablamos español — in Spanish",
            ev("languages.supported"),
        )],
    )];
    let l = build(&reports);
    assert!(!l
        .never_promised
        .iter()
        .any(|u| u.detail == "support in Spanish"));
    assert!(l
        .never_promised
        .iter()
        .any(|u| u.key == "languages.interpreters"));
}

#[test]
fn capacity_per_role_and_months_until_exceeded() {
    let l = build(&sample());
    let c = &l.capacity;
    assert_eq!(c.enrolled, Some(1200));
    let nurse = c.roles.iter().find(|r| r.role == "nurse").unwrap();
    assert_eq!(nurse.capacity, Some(1000));
    assert_eq!(nurse.headroom, Some(-200));
    assert_eq!(nurse.real_caseload, Some(120));
    assert_eq!(nurse.months_left, Some(0));
    let cm = c.roles.iter().find(|r| r.role == "case_manager").unwrap();
    assert_eq!(cm.capacity, Some(1000));
    // Summed: 2000 staffed against 1200 enrolled; 800 headroom at 100 a month: month 9.
    assert_eq!(c.staffed_capacity, Some(2000));
    assert_eq!(c.months_left, Some(9));
    assert_eq!(c.tightest.as_deref(), Some("Nurse Educator"));
    // Dedicated promises carry their role's caseloads; broken first.
    assert_eq!(c.dedicated.len(), 2);
    assert_eq!(c.dedicated[0].verdict, V::Unsupported);
    assert_eq!(c.dedicated[0].role.as_deref(), Some("nurse"));
    assert_eq!(c.dedicated[0].caseload, Some(100));
    assert_eq!(c.dedicated[0].real_caseload, Some(120));
    assert_eq!(c.dedicated[1].title.as_deref(), Some("Care Coordinator"));
    assert_eq!(c.dedicated[1].real_caseload, Some(60));
}

#[test]
fn months_without_a_campaign_rate_are_unknown() {
    let l = Ledger::build(&sample(), &manifest(), Options::default());
    assert_eq!(l.capacity.months_left, None);
    assert_eq!(l.capacity.staffed_capacity, Some(2000));
}

#[test]
fn html_escapes_copy_and_markdown_cannot_break_tables() {
    let hcp = Some("hcp");
    let evil = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)> | `x` [l](http://e)";
    let reports = vec![report(
        "a\"<b>.md",
        hcp,
        vec![claim(
            "a\"<b>.md",
            hcp,
            1,
            "availability.always",
            C::Availability,
            V::Unsupported,
            evil,
            ev("channels.phone.hours"),
        )],
    )];
    let l = build(&reports);
    let html = html::render(&l);
    assert!(!html.contains("<script>alert"));
    assert!(!html.contains("<img"));
    assert!(!html.contains("a\"<b>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&gt;&lt;img"));
    // Exactly one script element: the report's own.
    assert_eq!(html.matches("<script").count(), 1);
    let md = markdown::render(&l);
    assert!(!md.contains("<script>"));
    assert!(!md.contains("<img"));
    let row = md
        .lines()
        .find(|l| l.contains("alert(1)"))
        .expect("the row is there");
    // Unescaped pipes would add columns: a ledger row has 7 separators.
    let unescaped = row.matches('|').count() - row.matches("\\|").count();
    assert_eq!(unescaped, 7, "{row}");
    assert!(!md.contains("[l](http"));
}

#[test]
fn both_formats_carry_every_section_and_the_date() {
    let l = build(&sample());
    let html = html::render(&l);
    for id in [
        "headline",
        "ledger",
        "audiences",
        "never-promised",
        "capacity",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "{id}");
    }
    assert!(
        html.matches("declared by patient services on 2026-09-15")
            .count()
            >= 6
    );
    assert!(html.contains("<svg"));
    assert!(!html.contains("http://") || !html.contains("src=\"http"));
    let md = markdown::render(&l);
    for h in [
        "## Headline",
        "## The ledger",
        "## Said to one audience, not the other",
        "## Delivered but never promised",
        "## Capacity",
    ] {
        assert!(md.contains(h), "{h}");
    }
    assert!(
        md.matches("declared by patient services on 2026-09-15")
            .count()
            >= 5
    );
}

#[test]
fn a_spelling_judged_differently_is_its_own_variant() {
    let dtc = Some("consumer");
    let name = |line, verdict, text: &str| {
        claim(
            "b",
            dtc,
            line,
            "contact.program_name",
            C::Contact,
            verdict,
            text,
            ev("program.name"),
        )
    };
    let reports = vec![report(
        "b",
        dtc,
        vec![
            name(1, V::Supported, "CareBridge"),
            name(2, V::Supported, "CareBridge"),
            name(3, V::Supported, "CAREBRIDGE"),
            name(4, V::Unsupported, "Carebridge"),
        ],
    )];
    let l = build(&reports);
    let v: Vec<(&str, V, usize)> = l.contacts[0]
        .variants
        .iter()
        .map(|v| (v.text.as_str(), v.verdict, v.places.len()))
        .collect();
    // Capitals alone merge when judged alike; the most used spelling names the variant.
    assert_eq!(
        v,
        [
            ("Carebridge", V::Unsupported, 1),
            ("CareBridge", V::Supported, 3)
        ]
    );
    assert!(no_differences_note(&l).starts_with("Fewer than two audiences"));
}

#[test]
fn an_undelivered_mode_of_a_promised_service_is_never_promised() {
    let text = MANIFEST.replace(
        "[services.appeals]",
        "[services.appeals]\n[services.injection_training]\nmodes = [\"virtual\", \"in_home\"]",
    );
    let m = Manifest::parse("psp.toml", &text).unwrap();
    let dtc = Some("consumer");
    let reports = vec![report(
        "b",
        dtc,
        vec![
            claim(
                "b",
                dtc,
                1,
                "service.injection_training",
                C::Service,
                V::Supported,
                "virtual injection training",
                ev("services.injection_training"),
            ),
            claim(
                "b",
                dtc,
                2,
                "language.named",
                C::Language,
                V::Supported,
                "Hablamos español",
                ev("languages.supported"),
            ),
        ],
    )];
    let l = Ledger::build(&reports, &m, Options::default());
    let details: Vec<&str> = l.never_promised.iter().map(|u| u.detail.as_str()).collect();
    assert!(
        details.contains(&"in-home injection training"),
        "{details:?}"
    );
    assert!(!details.contains(&"virtual injection training"));
    // "español" names Spanish.
    assert!(!details.contains(&"support in Spanish"), "{details:?}");
}

#[test]
fn plurals_are_not_a_different_wording() {
    let hcp = Some("hcp");
    let dtc = Some("consumer");
    let say = |path: &str, audience, text: &str| {
        report(
            path,
            audience,
            vec![claim(
                path,
                audience,
                1,
                "language.interpreters",
                C::Language,
                V::Supported,
                text,
                ev("languages.interpreters"),
            )],
        )
    };
    let l = build(&[
        say("e", hcp, "phone interpreters"),
        say("f", dtc, "Phone interpreter"),
    ]);
    assert!(l.differences.is_empty(), "{:?}", l.differences);
    assert_eq!(
        singular("access specialists across"),
        "access specialist across"
    );
}

/// A report file rendered before the ledger was built a file at a time: the whole-corpus
/// ledger of the same reports, with the version in the generator tag left out.
fn golden(name: &str) -> String {
    let path = format!("{}/src/report/testdata/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .replace(
            "content=\"vouch VERSION\"",
            &format!("content=\"vouch {}\"", env!("CARGO_PKG_VERSION")),
        )
}

#[test]
fn a_ledger_built_file_by_file_renders_as_the_whole_corpus_ledger_did() {
    for (name, reports) in [("sample", sample()), ("crowd", crowd())] {
        let l = build(&reports);
        assert_eq!(html::render(&l), golden(&format!("{name}.html")), "{name}");
        assert_eq!(
            markdown::render(&l),
            golden(&format!("{name}.md")),
            "{name}"
        );
    }
}

#[test]
fn a_file_split_in_two_reports_gives_the_same_ledger() {
    // A file named twice arrives as two reports; apart from the file count, the ledger is
    // the one of a single report with all of its promises.
    let whole = crowd();
    let mut split = Vec::new();
    for r in &whole {
        let (a, b) = r.claims.split_at(r.claims.len() / 2);
        split.push(report(&r.path, r.audience.as_deref(), a.to_vec()));
        split.push(report(&r.path, r.audience.as_deref(), b.to_vec()));
    }
    let mut l = build(&split);
    assert_eq!(l.files, 2 * whole.len());
    l.files = whole.len();
    assert_eq!(html::render(&l), html::render(&build(&whole)));
    assert_eq!(markdown::render(&l), markdown::render(&build(&whole)));
}

#[test]
fn places_take_twelve_bytes() {
    assert_eq!(std::mem::size_of::<Place>(), 12);
}

/// Records every write it is handed; fails them all once `fail` is set.
#[derive(Default)]
struct Recorder {
    writes: Vec<usize>,
    bytes: Vec<u8>,
    fail: bool,
}

impl std::io::Write for Recorder {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.fail {
            return Err(std::io::Error::other("disk full"));
        }
        self.writes.push(buf.len());
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn reports_are_written_in_chunks_and_write_errors_surface() {
    // One promise in 5,000 places: the HTML lists every place, some 400 KB.
    let claims = (1..=5000)
        .map(|line| {
            claim(
                "copy/hcp/long.md",
                Some("hcp"),
                line,
                "availability.always",
                C::Availability,
                V::Unsupported,
                "24/7",
                ev("channels.phone.hours"),
            )
        })
        .collect();
    let l = build(&[report("copy/hcp/long.md", Some("hcp"), claims)]);
    let whole = html::render(&l);
    assert!(whole.len() > 300_000, "{}", whole.len());
    let mut out = Recorder::default();
    html::render_to(&l, &mut out).unwrap();
    assert_eq!(String::from_utf8(out.bytes).unwrap(), whole);
    assert!(out.writes.len() > 4, "{:?}", out.writes);
    // Each chunk is 64 KiB and the piece that crossed it, nowhere near the whole report.
    assert!(
        out.writes.iter().all(|&n| n < 80 * 1024),
        "{:?}",
        out.writes
    );

    let mut md = Recorder::default();
    markdown::render_to(&l, &mut md).unwrap();
    assert_eq!(String::from_utf8(md.bytes).unwrap(), markdown::render(&l));

    for render in [html::render_to, markdown::render_to] {
        let mut failing = Recorder {
            fail: true,
            ..Recorder::default()
        };
        let e = render(&l, &mut failing).unwrap_err();
        assert_eq!(e.to_string(), "disk full");
    }
}
