//! The hours grammar and duration arithmetic the checkers rely on.

use vouch::manifest::hours::{describe_time, ALL_DAYS, WEEKDAYS};
use vouch::manifest::*;

fn h(s: &str) -> WeeklyHours {
    parse_hours(s).unwrap_or_else(|e| panic!("{s:?}: {e}"))
}

#[test]
fn parses_the_spec_forms() {
    assert_eq!(h("24/7"), WeeklyHours::always());
    assert_eq!(
        h("Mon-Fri 08:00-20:00").segments,
        vec![Segment {
            days: WEEKDAYS,
            start: 480,
            end: 1200
        }]
    );
    let two = h("Mon-Fri 08:00-20:00; Sat 09:00-13:00");
    assert_eq!(
        two.segments[1],
        Segment {
            days: 1 << 5,
            start: 540,
            end: 780
        }
    );
    assert_eq!(h("Mon,Wed 10:00-12:00").segments[0].days, 0b000_0101);
    assert_eq!(h("Mon-Wed,Fri 10:00-12:00").segments[0].days, 0b001_0111);
    assert_eq!(h("Mon-Sun 00:00-24:00").segments[0].days, ALL_DAYS);
    // Wrapping range and full day names.
    assert_eq!(h("Fri-Mon 10:00-12:00").segments[0].days, 0b111_0001);
    assert_eq!(h("Saturday 10:00-12:00").segments[0].days, 1 << 5);
    // Dashes as a word processor writes them.
    assert_eq!(
        h("Mon\u{2013}Fri 08:00\u{2013}20:00"),
        h("Mon-Fri 08:00-20:00")
    );
}

#[test]
fn rejects_bad_hours_saying_what_was_expected() {
    for (bad, expect) in [
        ("Mon-Fri 8-20", "HH:MM"),
        ("", "24/7"),
        ("Mon-Fri", "no times"),
        ("08:00-20:00", "no days"),
        ("Mnday 08:00-20:00", "not a day"),
        ("Mon-Fri 08:00", "time range"),
        ("Mon-Fri 08:00-25:00", "out of range"),
        ("Mon-Fri 08:60-20:00", "out of range"),
        ("Mon 24:00-24:00", "only end"),
        ("Mon 09:00-09:00", "empty"),
        ("Mon 08:00-09:00;; Tue 08:00-09:00", "empty segment"),
    ] {
        let err = parse_hours(bad).expect_err(bad);
        assert!(err.contains(expect), "{bad:?}: {err}");
    }
}

#[test]
fn always_whichever_way_it_is_written() {
    assert!(h("24/7").is_always());
    assert!(h("Mon-Sun 00:00-24:00").is_always());
    assert!(h("Mon-Fri 00:00-24:00; Sat,Sun 00:00-24:00").is_always());
    assert!(!h("Mon-Sun 00:00-23:59").is_always());
    assert!(!h("Mon-Sat 00:00-24:00").is_always());
}

#[test]
fn covers() {
    let office = h("Mon-Fri 08:00-20:00");
    assert!(h("24/7").covers(&office));
    assert!(office.covers(&h("Mon-Fri 09:00-17:00")));
    assert!(office.covers(&office));
    assert!(!office.covers(&h("Sat 09:00-13:00")));
    assert!(!office.covers(&h("Mon-Fri 07:59-12:00")));
    assert!(!office.covers(&WeeklyHours::always()));
    // Two segments jointly covering a window.
    assert!(h("Mon 08:00-12:00; Mon 12:00-18:00").covers(&h("Mon 10:00-14:00")));
}

#[test]
fn weekend_evening_days() {
    let office = h("Mon-Fri 08:00-20:00");
    assert!(!office.open_on_weekend());
    assert!(h("Mon-Fri 08:00-20:00; Sat 09:00-13:00").open_on_weekend());
    assert!(office.open_after(19 * 60));
    assert!(!office.open_after(20 * 60));
    assert!(WeeklyHours::always().open_after(23 * 60));
    assert_eq!(office.open_days(), WEEKDAYS);
}

#[test]
fn overnight_window_runs_into_next_day() {
    let late = h("Fri 22:00-02:00");
    assert!(late.open_on_weekend(), "Friday night runs into Saturday");
    assert!(late.covers(&h("Sat 00:00-01:59")));
    assert_eq!(late.to_string(), "Fri 22:00-24:00; Sat 00:00-02:00");
}

#[test]
fn shift_wraps_across_midnight_and_week() {
    // ET 08:00-20:00 seen from PT (3 hours earlier).
    assert_eq!(
        h("Mon-Fri 08:00-20:00").shift_minutes(-180),
        h("Mon-Fri 05:00-17:00")
    );
    // Late hours pushed past midnight land on the next day.
    let shifted = h("Mon-Fri 20:00-23:00").shift_minutes(120);
    assert_eq!(
        shifted,
        h("Mon-Fri 22:00-24:00; Tue-Sat 00:00-01:00").normalized()
    );
    // Early hours pulled before midnight land on the previous day; Monday wraps to Sunday.
    let shifted = h("Mon 00:00-02:00").shift_minutes(-60);
    assert_eq!(shifted, h("Sun 23:00-24:00; Mon 00:00-01:00").normalized());
    assert!(WeeklyHours::always().shift_minutes(-300).is_always());
    // A round trip gives the same hours back.
    let h2 = h("Mon-Fri 08:00-20:00; Sat 09:00-13:00");
    assert_eq!(h2.shift_minutes(-437).shift_minutes(437), h2.normalized());
}

#[test]
fn describe_for_suggestions() {
    assert_eq!(h("24/7").describe("ET"), "24 hours a day, 7 days a week");
    assert_eq!(
        h("Mon-Sun 00:00-24:00").describe("ET"),
        "24 hours a day, 7 days a week"
    );
    assert_eq!(
        h("Mon-Fri 08:00-20:00").describe("ET"),
        "Monday to Friday, 8 AM to 8 PM ET"
    );
    assert_eq!(
        h("Mon-Fri 08:00-20:00; Sat 09:00-13:00").describe("ET"),
        "Monday to Friday, 8 AM to 8 PM ET; Saturday, 9 AM to 1 PM ET"
    );
    assert_eq!(
        h("Mon-Fri 08:30-17:00").describe(""),
        "Monday to Friday, 8:30 AM to 5 PM"
    );
    assert_eq!(
        h("Sat,Sun 10:00-14:00").describe("CT"),
        "Saturday and Sunday, 10 AM to 2 PM CT"
    );
    assert_eq!(
        h("Mon,Wed,Fri 12:00-24:00").describe("ET"),
        "Monday, Wednesday and Friday, 12 PM to midnight ET"
    );
    assert_eq!(
        h("Mon-Sun 08:00-20:00").describe("PT"),
        "every day, 8 AM to 8 PM PT"
    );
    assert_eq!(
        h("Mon-Fri 08:00-12:00; Mon-Fri 13:00-17:00").describe("ET"),
        "Monday to Friday, 8 AM to 12 PM and 1 PM to 5 PM ET"
    );
    assert_eq!(
        h("Sat,Sun 00:00-24:00").describe("ET"),
        "Saturday and Sunday, 24 hours"
    );
    assert_eq!(describe_time(8 * 60 + 30), "8:30 AM");
    assert_eq!(describe_time(0), "midnight");
    assert_eq!(describe_time(12 * 60), "12 PM");
}

#[test]
fn zones() {
    assert_eq!(zone_offset_minutes("ET"), Some(-300));
    // DST is ignored on purpose: EDT compares equal to the manifest's America/New_York.
    assert_eq!(
        zone_offset_minutes("EDT"),
        zone_offset_minutes("America/New_York")
    );
    assert_eq!(zone_offset_minutes("PT"), Some(-480));
    assert_eq!(zone_offset_minutes("America/Phoenix"), Some(-420));
    assert_eq!(zone_offset_minutes("Pacific/Honolulu"), Some(-600));
    assert_eq!(zone_offset_minutes("AKT"), Some(-540));
    assert_eq!(zone_offset_minutes("Mars/Base"), None);
    assert_eq!(zone_abbrev("America/Chicago"), "CT");
    assert_eq!(zone_abbrev("Europe/Paris"), "Europe/Paris");
    let et_to_pt = zone_offset_minutes("PT").unwrap() - zone_offset_minutes("ET").unwrap();
    assert_eq!(
        h("Mon-Fri 08:00-20:00")
            .shift_minutes(et_to_pt)
            .describe("PT"),
        "Monday to Friday, 5 AM to 5 PM PT"
    );
}

#[test]
fn durations() {
    let d = parse_duration("2 business days").unwrap();
    assert_eq!(d, Duration::new(2, DurationUnit::BusinessDays));
    assert_eq!(
        parse_duration("1 business day").unwrap().describe(),
        "1 business day"
    );
    assert_eq!(parse_duration("48 hours").unwrap().describe(), "48 hours");
    assert_eq!(parse_duration("1 hour").unwrap().unit, DurationUnit::Hours);
    assert_eq!(
        parse_duration("3 Weeks").unwrap(),
        Duration::new(3, DurationUnit::Weeks)
    );
    assert_eq!(
        parse_duration("12 months").unwrap().unit,
        DurationUnit::Months
    );
    for bad in ["", "days", "two days", "3 fortnights", "5"] {
        let err = parse_duration(bad).expect_err(bad);
        assert!(err.contains("expected"), "{bad:?}: {err}");
    }
}

#[test]
fn duration_ranges() {
    let bd = |n| Duration::new(n, DurationUnit::BusinessDays);
    // One business day: at least a day, at most Friday evening to Monday evening.
    assert_eq!(bd(1).min_hours(), 24);
    assert_eq!(bd(1).max_hours(), 3 * 24);
    assert_eq!(bd(2).min_hours(), 48);
    assert_eq!(bd(2).max_hours(), 4 * 24);
    assert_eq!(bd(5).max_hours(), 7 * 24);
    assert_eq!(bd(6).max_hours(), 10 * 24);
    assert_eq!(Duration::new(48, DurationUnit::Hours).max_hours(), 48);
    assert_eq!(Duration::new(14, DurationUnit::Days).min_hours(), 14 * 24);
    assert_eq!(Duration::new(1, DurationUnit::Months).min_hours(), 28 * 24);
    assert_eq!(Duration::new(1, DurationUnit::Months).max_hours(), 31 * 24);
    assert_eq!(Duration::new(2, DurationUnit::Weeks).max_hours(), 14 * 24);
}
