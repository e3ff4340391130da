//! A manifest that does not match the schema: every problem reported, each at its span.

use vouch::diag::SourceError;
use vouch::manifest::Manifest;

fn errors(src: &str) -> Vec<SourceError> {
    Manifest::parse("psp.toml", src).expect_err("manifest should not load")
}

/// The single error of a manifest with one problem, and the text it points at.
fn one_error(src: &str) -> (SourceError, String) {
    let errs = errors(src);
    assert_eq!(errs.len(), 1, "expected one error, got {errs:#?}");
    let err = errs.into_iter().next().unwrap();
    let text = src[err.span.clone().expect("error has a span")].to_string();
    (err, text)
}

fn render(err: &SourceError) -> String {
    let mut out = termcolor::NoColor::new(Vec::new());
    err.render(&mut out).unwrap();
    String::from_utf8(out.into_inner()).unwrap()
}

#[test]
fn typo_in_key_points_at_key_and_suggests() {
    let src = std::fs::read_to_string("tests/fixtures/manifests/typo_key.toml").unwrap();
    let (err, text) = one_error(&src);
    assert_eq!(text, "caselod");
    assert_eq!(err.line(), Some(3));
    assert!(
        err.message.contains("unknown key `caselod`"),
        "{}",
        err.message
    );
    assert!(err.help.as_deref().unwrap().contains("`caseload`"));
}

#[test]
fn rendered_error_snapshot() {
    let src = std::fs::read_to_string("tests/fixtures/manifests/typo_key.toml").unwrap();
    let (err, _) = one_error(&src);
    insta::assert_snapshot!(render(&err));
}

#[test]
fn unknown_section() {
    let (err, text) = one_error("[servces.bridge]\nmax_duration = \"12 months\"\n");
    assert_eq!(text, "servces");
    assert!(err.message.contains("unknown section"));
    assert_eq!(err.help.as_deref(), Some("did you mean `services`?"));
}

#[test]
fn unknown_channel_lists_the_known_ones() {
    let (err, text) = one_error("[channels.fax]\nnumber = \"1-800-555-0199\"\n");
    assert_eq!(text, "fax");
    assert!(err.message.contains("unknown channel `fax`"));
    // Nothing is close to `fax`: the help lists what exists instead.
    assert!(err.help.as_deref().unwrap().contains("in_home"));
}

#[test]
fn unknown_role_and_service_get_suggestions() {
    let (err, text) = one_error("[staff.nures]\ncount = 1\n");
    assert_eq!(text, "nures");
    assert_eq!(err.help.as_deref(), Some("did you mean `nurse`?"));
    let (err, _) = one_error("[services.prior_auth]\n");
    assert_eq!(
        err.help.as_deref(),
        Some("did you mean `prior_authorization`?")
    );
}

#[test]
fn wrong_type_points_at_value() {
    let (err, text) = one_error("[staff.nurse]\ncount = \"forty\"\n");
    assert_eq!(text, "\"forty\"");
    assert_eq!(
        err.message,
        "`staff.nurse.count` must be a whole number, found a string"
    );
    // A quoted number gets told to drop the quotes.
    let (err, _) = one_error("[staff.nurse]\ncount = \"40\"\n");
    assert_eq!(err.help.as_deref(), Some("remove the quotes: `count = 40`"));
    let (err, _) = one_error("[channels]\nphone = 5\n");
    assert!(err.message.contains("must be a table"));
}

#[test]
fn bad_hours_points_at_value() {
    let (err, text) = one_error("[channels.phone]\nhours = \"Mon-Fri 8-20\"\n");
    assert_eq!(text, "\"Mon-Fri 8-20\"");
    assert!(err.message.contains("channels.phone.hours"));
    assert!(err.label.contains("HH:MM"), "{}", err.label);
    assert_eq!(
        err.help.as_deref(),
        Some("did you mean `Mon-Fri 08:00-20:00`?")
    );
}

#[test]
fn bad_enum_and_duration() {
    let (err, text) = one_error("[channels.phone]\nafter_hours = \"voicemial\"\n");
    assert_eq!(text, "\"voicemial\"");
    assert_eq!(err.help.as_deref(), Some("did you mean `voicemail`?"));
    let (err, text) = one_error("[commitments]\nwelcome_call = \"1 busines day\"\n");
    assert_eq!(text, "\"1 busines day\"");
    assert!(err.label.contains("business days"));
    let (err, text) = one_error("[cost]\neligible_insurance = [\"comercial\", \"medicare\"]\n");
    assert_eq!(text, "\"comercial\"");
    assert_eq!(err.help.as_deref(), Some("did you mean `commercial`?"));
}

#[test]
fn staffed_hours_outside_hours() {
    let (err, text) =
        one_error("[channels.chat]\nhours = \"Mon-Fri 09:00-17:00\"\nstaffed_hours = \"24/7\"\n");
    assert_eq!(text, "\"24/7\"");
    assert!(err.message.contains("staffed_hours"));
}

#[test]
fn every_problem_is_reported_in_file_order() {
    let src = std::fs::read_to_string("tests/fixtures/manifests/many_errors.toml").unwrap();
    let errs = errors(&src);
    let quoted: Vec<&str> = errs.iter().map(|e| &src[e.span.clone().unwrap()]).collect();
    assert_eq!(
        quoted,
        vec![
            "\"EST\"",
            "\"Mon-Fri 8-20\"",
            "\"voicemial\"",
            "\"case_manger\"",
            "fax",
            "caselod",
            "\"forty\"",
            "\"Dedicated\"",
            "\"Spanish\"",
            "servces",
        ]
    );
    let lines: Vec<usize> = errs.iter().map(|e| e.line().unwrap()).collect();
    assert!(lines.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn toml_syntax_error_has_a_span() {
    let src = "[program]\nname = \"CareBridge\n";
    let (err, _) = one_error(src);
    assert!(err.message.starts_with("invalid TOML"), "{}", err.message);
    assert_eq!(err.line(), Some(2));
    let src = "[program]\nname = \"a\"\nname = \"b\"\n";
    let (err, _) = one_error(src);
    assert!(err.message.contains("duplicate"), "{}", err.message);
}

#[test]
fn values_are_validated() {
    let (err, _) = one_error("[languages]\nsupported = [\"EN\"]\n");
    assert_eq!(err.help.as_deref(), Some("write it in lower case: `en`"));
    let (err, _) = one_error("[cost]\nexcluded_states = [\"ma\"]\n");
    assert_eq!(err.help.as_deref(), Some("write it in upper case: `MA`"));
    let (err, _) = one_error("[program]\nas_of = \"2026-02-30\"\n");
    assert!(err.message.contains("not a valid date"));
    let (err, _) = one_error("[program]\ntimezone = \"America/NewYork\"\n");
    assert_eq!(
        err.help.as_deref(),
        Some("did you mean `America/New_York`?")
    );
    let (err, _) = one_error("[cost]\nas_little_as = -5\n");
    assert!(err.message.contains("0 or more"));
    let (err, _) = one_error("[channels.phone]\nstaffed_by = \"nurse\"\n");
    assert_eq!(
        err.help.as_deref(),
        Some("make it a list: `staffed_by = [\"nurse\"]`")
    );
}

#[test]
fn top_level_key_outside_any_section() {
    let (err, text) = one_error("name = \"CareBridge\"\n[program]\n");
    assert_eq!(text, "name");
    assert!(err.message.contains("outside any section"));
    assert_eq!(err.help.as_deref(), Some("move it under `[program]`"));
    let (err, _) = one_error("mystery = 1\n");
    assert!(err.message.contains("unknown section `mystery`"));
}

#[test]
fn syntax_error_snapshot() {
    let src = "[program]\nname = \"CareBridge\"\n[channels.phone\nhours = \"24/7\"\n";
    let (err, _) = one_error(src);
    insta::assert_snapshot!(render(&err));
}

/// A manifest with thousands of mistakes: every error is reported, all quoting one shared
/// copy of the file (a copy each took 3 GB and 8 s for 7,000 errors in a 430 KB file), and
/// rendering them together gives what rendering each alone gives.
#[test]
fn thousands_of_errors_share_one_copy_of_the_manifest() {
    let src: String = (0..2_000)
        .map(|i| format!("[services.made_up_{i}]\nturnaround = \"2 days\"\n"))
        .collect();
    let errs = errors(&src);
    assert_eq!(errs.len(), 2_000);
    assert!(
        errs.iter()
            .all(|e| std::sync::Arc::ptr_eq(&e.source, &errs[0].source)),
        "each error holds its own copy of the manifest"
    );
    let mut together = termcolor::NoColor::new(Vec::new());
    SourceError::render_all(&errs[..50], &mut together).unwrap();
    let one_by_one: String = errs[..50].iter().map(render).collect();
    assert_eq!(
        String::from_utf8(together.into_inner()).unwrap(),
        one_by_one
    );
}

/// The same for a rules.extra file of broken rules (5,000 took 25 s and 7 GB).
#[test]
fn thousands_of_broken_rules_share_one_copy_of_their_file() {
    let text: String = (0..1_000)
        .map(|i| {
            format!(
                "[[rule]]\nid = \"wrong.rule_{i}\"\ncategory = \"service\"\nsummary = \"s\"\n\
                 patterns = ['\\bkestrel{i}\\b']\nasserts = {{ service = \"appeals\" }}\n\
                 message = \"m\"\nwhy = \"w\"\nfix = \"f\"\n[rule.examples]\nflag = []\npass = []\n\n"
            )
        })
        .collect();
    let errs = vouch::rules::parse_file("rules/bad.toml", &text, false, &Default::default())
        .expect_err("the ids are in the wrong category");
    assert_eq!(errs.len(), 1_000, "{:?}", errs.first());
    assert!(errs
        .iter()
        .all(|e| std::sync::Arc::ptr_eq(&e.source, &errs[0].source)));
}
