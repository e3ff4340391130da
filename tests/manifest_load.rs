//! The SPEC's example psp.toml loads into the typed model with spans that quote the file.

use std::path::Path;

use vouch::manifest::*;

fn spec_example() -> Manifest {
    Manifest::load(Path::new("tests/fixtures/manifests/spec_example.toml"))
        .expect("the SPEC example is valid")
}

/// The text of a span, as written in the file.
fn at<'a>(m: &'a Manifest, span: &std::ops::Range<usize>) -> &'a str {
    &m.source[span.clone()]
}

#[test]
fn program_section() {
    let m = spec_example();
    let p = m.program.as_ref().unwrap();
    assert_eq!(p.name.as_ref().unwrap().value, "CareBridge");
    assert_eq!(at(&m, &p.name.as_ref().unwrap().span), "\"CareBridge\"");
    assert_eq!(p.brand.as_ref().unwrap().value, "Examplimab");
    // An unquoted TOML date is kept as its YYYY-MM-DD text.
    assert_eq!(p.as_of.as_ref().unwrap().value, "2026-11-01");
    assert_eq!(at(&m, &p.as_of.as_ref().unwrap().span), "2026-11-01");
    assert_eq!(p.regions.as_ref().unwrap().value, vec!["US"]);
    assert_eq!(at(&m, &p.span), "[program]");
    assert_eq!(m.timezone(), Some("America/New_York"));
    assert_eq!(m.tz_abbrev(), "ET");
    assert_eq!(m.program_name(), Some("CareBridge"));
}

#[test]
fn channels_section() {
    let m = spec_example();
    let kinds: Vec<_> = m.channels.keys().copied().collect();
    assert_eq!(
        kinds,
        vec![
            ChannelKind::Phone,
            ChannelKind::Sms,
            ChannelKind::Chat,
            ChannelKind::Email,
            ChannelKind::App
        ]
    );

    let phone = m.channel(ChannelKind::Phone).unwrap();
    assert_eq!(at(&m, &phone.span), "[channels.phone]");
    assert_eq!(phone.number.as_ref().unwrap().value, "1-800-555-0100");
    assert_eq!(phone.vanity.as_ref().unwrap().value, "1-800-CARE-BRG");
    assert_eq!(
        dial_digits(&phone.vanity.as_ref().unwrap().value),
        "18002273274"
    );
    let hours = phone.hours.as_ref().unwrap();
    assert_eq!(at(&m, &hours.span), "\"Mon-Fri 08:00-20:00\"");
    assert_eq!(hours.value, parse_hours("Mon-Fri 08:00-20:00").unwrap());
    assert_eq!(
        phone.after_hours.as_ref().unwrap().value,
        AfterHours::Voicemail
    );
    assert_eq!(
        phone.staffed_by.as_ref().unwrap().value,
        vec![Role::Nurse, Role::CaseManager]
    );
    assert_eq!(
        at(&m, &phone.staffed_by.as_ref().unwrap().span),
        "[\"nurse\", \"case_manager\"]"
    );
    assert_eq!(phone.languages.as_ref().unwrap().value, vec!["en", "es"]);

    let app = m.channel(ChannelKind::App).unwrap();
    assert!(app.hours.as_ref().unwrap().is_always());
    assert_eq!(
        app.platforms.as_ref().unwrap().value,
        vec!["ios", "android"]
    );
    assert_eq!(
        app.features.as_ref().unwrap().value,
        vec!["refill_reminders", "injection_log"]
    );

    let chat = m.channel(ChannelKind::Chat).unwrap();
    assert_eq!(chat.holidays.as_ref().unwrap().value, Holidays::Closed);
    assert_eq!(
        chat.staffed_by.as_ref().unwrap().value,
        vec![Role::AccessSpecialist]
    );

    let sms = m.channel(ChannelKind::Sms).unwrap();
    assert_eq!(sms.direction.as_ref().unwrap().value, Direction::Outbound);
    assert_eq!(sms.short_code.as_ref().unwrap().value, "55123");
    assert_eq!(sms.keywords.as_ref().unwrap().value, vec!["SAVE"]);

    let email = m.channel(ChannelKind::Email).unwrap();
    let rt = email.response_time.as_ref().unwrap();
    assert_eq!(rt.value, Duration::new(1, DurationUnit::BusinessDays));
    assert_eq!(at(&m, &rt.span), "\"1 business day\"");
}

#[test]
fn staffed_hours_default_to_hours_only_when_staffed() {
    let m = spec_example();
    // Phone is staffed and has no staffed_hours: people answer whenever it is open.
    let phone = m.staffed_hours(ChannelKind::Phone).unwrap();
    assert_eq!(at(&m, &phone.span), "\"Mon-Fri 08:00-20:00\"");
    // Chat's bot answers 24/7, people only in office hours.
    let chat = m.staffed_hours(ChannelKind::Chat).unwrap();
    assert_eq!(at(&m, &chat.span), "\"Mon-Fri 09:00-17:00\"");
    assert!(!chat.value.is_always());
    // The app is self-service: nobody answers.
    assert!(m.staffed_hours(ChannelKind::App).is_none());
    // Absent channel.
    assert!(m.staffed_hours(ChannelKind::Video).is_none());
}

#[test]
fn staff_section() {
    let m = spec_example();
    let nurse = &m.staff[&Role::Nurse];
    assert_eq!(at(&m, &nurse.span), "[staff.nurse]");
    assert_eq!(nurse.title.as_ref().unwrap().value, "Nurse Educator");
    assert_eq!(nurse.count.as_ref().unwrap().value, 40);
    assert_eq!(nurse.caseload.as_ref().unwrap().value, 220);
    assert_eq!(at(&m, &nurse.caseload.as_ref().unwrap().span), "220");
    assert_eq!(nurse.assignment.as_ref().unwrap().value, Assignment::Pooled);
    assert_eq!(
        nurse.scope.as_ref().unwrap().value,
        vec!["education", "injection_support"]
    );
    assert_eq!(nurse.paid_by.as_ref().unwrap().value, "manufacturer");
    let cm = &m.staff[&Role::CaseManager];
    assert_eq!(cm.assignment.as_ref().unwrap().value, Assignment::Dedicated);
    assert_eq!(**cm.caseload.as_ref().unwrap(), 150);
}

#[test]
fn languages_cost_services() {
    let m = spec_example();
    let l = m.languages.as_ref().unwrap();
    assert_eq!(l.supported.as_ref().unwrap().value, vec!["en", "es"]);
    assert!(l.interpreters.as_ref().unwrap().value);
    assert_eq!(
        m.channel_languages(ChannelKind::Chat).unwrap().value,
        vec!["en", "es"]
    );

    let c = m.cost.as_ref().unwrap();
    assert_eq!(c.as_little_as.as_ref().unwrap().value, 0.0);
    assert_eq!(c.per.as_ref().unwrap().value, CostPer::Fill);
    assert_eq!(c.max_annual_benefit.as_ref().unwrap().value, 15000.0);
    assert_eq!(c.max_per_claim.as_ref().unwrap().value, 2000.0);
    assert_eq!(c.excluded_states.as_ref().unwrap().value, vec!["MA"]);
    assert_eq!(
        c.eligible_insurance.as_ref().unwrap().value,
        vec![Insurance::Commercial]
    );
    let disclaimer = c.disclaimer.as_ref().unwrap();
    assert_eq!(
        disclaimer.value,
        "Eligibility restrictions and Terms and Conditions apply."
    );
    assert_eq!(at(&m, &c.span), "[cost]");

    assert_eq!(m.services.len(), 7);
    let bi = &m.services[&ServiceKind::BenefitsInvestigation];
    assert_eq!(
        bi.turnaround.as_ref().unwrap().value.describe(),
        "2 business days"
    );
    assert_eq!(
        at(&m, &m.services[&ServiceKind::Appeals].span),
        "[services.appeals]"
    );
    let bridge = &m.services[&ServiceKind::Bridge];
    assert_eq!(
        bridge.max_duration.as_ref().unwrap().value,
        Duration::new(12, DurationUnit::Months)
    );
    let training = &m.services[&ServiceKind::InjectionTraining];
    assert_eq!(
        training.modes.as_ref().unwrap().value,
        vec![ServiceMode::Virtual]
    );
    let pa = &m.services[&ServiceKind::PatientAssistance];
    assert_eq!(
        pa.eligible_insurance.as_ref().unwrap().value,
        vec![Insurance::Uninsured, Insurance::Underinsured]
    );
    assert_eq!(pa.income_limit_fpl.as_ref().unwrap().value, 500);
    assert!(
        m.services[&ServiceKind::FoundationReferral]
            .third_party
            .as_ref()
            .unwrap()
            .value
    );
}

#[test]
fn commitments_capacity_capabilities() {
    let m = spec_example();
    assert_eq!(
        m.commitments["time_to_therapy"].value,
        Duration::new(14, DurationUnit::Days)
    );
    assert_eq!(
        at(&m, &m.commitments["welcome_call"].span),
        "\"1 business day\""
    );
    assert_eq!(
        m.capacity
            .as_ref()
            .unwrap()
            .enrolled_patients
            .as_ref()
            .unwrap()
            .value,
        9000
    );
    let cap = &m.capabilities["spanish_print_materials"];
    assert_eq!(cap.value, toml::Value::Boolean(true));
    assert_eq!(at(&m, &cap.span), "true");
}

#[test]
fn citation_reads_like_evidence() {
    let m = spec_example();
    let hours = m
        .channel(ChannelKind::Phone)
        .unwrap()
        .hours
        .as_ref()
        .unwrap();
    let cite = m.cite("channels.phone.hours", &hours.span);
    assert_eq!(cite.path, "tests/fixtures/manifests/spec_example.toml");
    assert_eq!(cite.value, "Mon-Fri 08:00-20:00");
    assert_eq!(cite.line, m.line_of(hours.span.start));
    assert!(m
        .source
        .lines()
        .nth(cite.line - 1)
        .unwrap()
        .starts_with("hours = \"Mon-Fri 08:00-20:00\""));
}

#[test]
fn line_of_is_one_based() {
    let m = Manifest::parse("psp.toml", "[program]\nname = \"X\"\n").unwrap();
    assert_eq!(m.line_of(0), 1);
    assert_eq!(m.line_of(10), 2);
    assert_eq!(m.line_of(10_000), 3);
}

#[test]
fn empty_manifest_is_valid() {
    let m = Manifest::parse("psp.toml", "# nothing declared yet\n").unwrap();
    assert!(m.is_empty());
    assert!(m.channels.is_empty() && m.program.is_none());
    assert_eq!(m.tz_abbrev(), "");
}

#[test]
fn inline_tables_and_dotted_keys_are_the_same_schema() {
    let src = "[channels]\nphone = { hours = \"24/7\", staffed_by = [\"nurse\"] }\nsms.direction = \"both\"\n";
    let m = Manifest::parse("psp.toml", src).unwrap();
    assert!(m
        .staffed_hours(ChannelKind::Phone)
        .unwrap()
        .value
        .is_always());
    assert_eq!(
        m.channel(ChannelKind::Sms)
            .unwrap()
            .direction
            .as_ref()
            .unwrap()
            .value,
        Direction::Both
    );
    assert_eq!(
        at(&m, &m.channel(ChannelKind::Phone).unwrap().span),
        "{ hours = \"24/7\", staffed_by = [\"nurse\"] }"
    );
}

#[test]
fn capabilities_take_any_value() {
    let src = "[capabilities]\na = 1\nb = [\"x\", 2]\nc = { d = 1.5 }\n[capabilities.e]\nf = 2026-01-01\n";
    let m = Manifest::parse("psp.toml", src).unwrap();
    assert_eq!(m.capabilities["a"].value, toml::Value::Integer(1));
    assert_eq!(m.capabilities["b"].value.as_array().unwrap().len(), 2);
    assert_eq!(m.capabilities["c"].value["d"].as_float(), Some(1.5));
    assert!(m.capabilities["e"].value["f"].as_datetime().is_some());
}

#[test]
fn timezones_other_than_new_york() {
    let m = Manifest::parse(
        "psp.toml",
        "[program]\ntimezone = \"America/Los_Angeles\"\n",
    )
    .unwrap();
    assert_eq!(m.tz_abbrev(), "PT");
    let m = Manifest::parse("psp.toml", "[program]\ntimezone = \"Europe/Berlin\"\n").unwrap();
    assert_eq!(m.tz_abbrev(), "Europe/Berlin");
}

#[test]
fn summary_lists_what_is_declared() {
    let m = spec_example();
    insta::assert_snapshot!(m.summary());
}

#[test]
fn unreadable_file_is_one_error_without_span() {
    let errs =
        Manifest::load(Path::new("tests/fixtures/manifests/does-not-exist.toml")).unwrap_err();
    assert_eq!(errs.len(), 1);
    assert!(errs[0].span.is_none());
    assert!(errs[0].message.contains("cannot read manifest"));
}

#[test]
fn enum_names_round_trip() {
    for k in ChannelKind::ALL {
        assert_eq!(ChannelKind::from_name(k.as_str()), Some(*k));
    }
    assert_eq!(ChannelKind::InHome.as_str(), "in_home");
    assert_eq!(Role::ALL.len(), 7);
    assert_eq!(
        ServiceKind::from_name("foundation_referral"),
        Some(ServiceKind::FoundationReferral)
    );
}
