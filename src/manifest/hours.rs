//! Weekly opening hours: the `hours` / `staffed_hours` grammar of psp.toml, plus the few
//! questions the checker asks of them (is it round the clock? open on weekends? does one
//! schedule cover another?) and the wording used in suggested rewrites.
//!
//! Grammar: `24/7`, or `;`-separated segments `DAYS HH:MM-HH:MM`, where DAYS is a day
//! (`Sat`), a range (`Mon-Fri`, `Mon-Sun`, wrapping ranges like `Fri-Mon` too) or a comma
//! list of those (`Mon,Wed,Fri`). `24:00` is allowed as an end. A segment whose end is
//! before its start (`Fri 22:00-06:00`) runs overnight into the next day.
//!
//! Time zones: all arithmetic is on a fixed 7 × 24 h week. Daylight saving time is ignored
//! on purpose: copy and manifest both speak of "ET", and comparing them on standard time
//! never invents a one-hour gap between them.

use std::fmt;

/// Minutes in a day and in a week.
const DAY: usize = 24 * 60;
const WEEK: usize = 7 * DAY;

const DAY_ABBR: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const DAY_NAME: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Bit masks for `Segment::days`.
pub const WEEKDAYS: u8 = 0b001_1111;
pub const WEEKEND: u8 = 0b110_0000;
pub const ALL_DAYS: u8 = 0b111_1111;

/// A weekly schedule: the union of its segments.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WeeklyHours {
    pub segments: Vec<Segment>,
}

/// The same daily time window on a set of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Segment {
    /// Bit 0 = Monday .. bit 6 = Sunday.
    pub days: u8,
    /// Minutes after midnight.
    pub start: u16,
    /// Minutes after midnight, `start < end <= 1440`.
    pub end: u16,
}

/// Parses the hours grammar; the error says what was expected.
pub fn parse_hours(s: &str) -> Result<WeeklyHours, String> {
    // Word processors turn `-` into en or em dashes; read them as the hyphen meant.
    let text = s.trim().replace(['\u{2013}', '\u{2014}'], "-");
    let text = text.as_str();
    if text.is_empty() {
        return Err(
            "expected hours like `24/7` or `Mon-Fri 08:00-20:00`, found an empty string".into(),
        );
    }
    if text.eq_ignore_ascii_case("24/7") || text.eq_ignore_ascii_case("24x7") {
        return Ok(WeeklyHours::always());
    }
    let mut segments = Vec::new();
    let parts: Vec<&str> = text.split(';').map(str::trim).collect();
    for (i, part) in parts.iter().enumerate() {
        if part.is_empty() {
            // Tolerate a trailing `;` but not an empty segment in the middle.
            if i + 1 == parts.len() {
                continue;
            }
            return Err("empty segment between `;`s; expected `DAYS HH:MM-HH:MM`".into());
        }
        parse_segment(part, &mut segments)?;
    }
    if segments.is_empty() {
        return Err("expected hours like `24/7` or `Mon-Fri 08:00-20:00`".into());
    }
    Ok(WeeklyHours { segments })
}

/// One `DAYS HH:MM-HH:MM` segment; an overnight window becomes two segments.
fn parse_segment(part: &str, out: &mut Vec<Segment>) -> Result<(), String> {
    // The days end where the first digit begins, so `Mon - Fri 08:00 - 20:00` also reads.
    let split = part.find(|c: char| c.is_ascii_digit()).ok_or_else(|| {
        format!("`{part}` has no times; expected `DAYS HH:MM-HH:MM`, e.g. `Mon-Fri 08:00-20:00`")
    })?;
    let (days_text, time_text) = part.split_at(split);
    let days_text: String = days_text.chars().filter(|c| !c.is_whitespace()).collect();
    let time_text: String = time_text.chars().filter(|c| !c.is_whitespace()).collect();
    if days_text.is_empty() {
        return Err(format!(
            "`{part}` has no days; expected `DAYS HH:MM-HH:MM`, e.g. `Mon-Fri 08:00-20:00`"
        ));
    }
    let days = parse_days(&days_text)?;
    let (start_text, end_text) = time_text.split_once('-').ok_or_else(|| {
        format!("`{time_text}` is not a time range; expected `HH:MM-HH:MM`, e.g. `08:00-20:00`")
    })?;
    let start = parse_time(start_text)?;
    let end = parse_time(end_text)?;
    if start == DAY as u16 {
        return Err("`24:00` can only end a range; start at `00:00` instead".into());
    }
    if start == end {
        return Err(format!(
            "`{time_text}` is empty: start and end are the same time"
        ));
    }
    if end > start {
        out.push(Segment { days, start, end });
    } else {
        // Overnight: the evening part today, the morning part on the following day.
        out.push(Segment {
            days,
            start,
            end: DAY as u16,
        });
        if end > 0 {
            out.push(Segment {
                days: rotate_days(days, 1),
                start: 0,
                end,
            });
        }
    }
    Ok(())
}

/// `Mon`, `Mon-Fri`, `Sat,Sun`, `Mon-Wed,Fri` → a day mask.
fn parse_days(text: &str) -> Result<u8, String> {
    let mut mask = 0u8;
    for item in text.split(',') {
        if item.is_empty() {
            return Err(format!(
                "`{text}` has an empty day in its list; expected e.g. `Mon,Wed,Fri`"
            ));
        }
        if item.eq_ignore_ascii_case("daily") {
            mask |= ALL_DAYS;
            continue;
        }
        match item.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (parse_day(a)?, parse_day(b)?);
                // Walk forward from `a` to `b`, wrapping past Sunday (`Fri-Mon`).
                let mut d = a;
                loop {
                    mask |= 1 << d;
                    if d == b {
                        break;
                    }
                    d = (d + 1) % 7;
                }
            }
            None => mask |= 1 << parse_day(item)?,
        }
    }
    Ok(mask)
}

fn parse_day(text: &str) -> Result<u8, String> {
    let lower = text.to_ascii_lowercase();
    let found = DAY_NAME.iter().enumerate().find(|(i, full)| {
        let full = full.to_ascii_lowercase();
        // `Mon`, `Monday`, and the common `Tues` / `Thur` / `Thurs`.
        lower == full
            || lower == DAY_ABBR[*i].to_ascii_lowercase()
            || (lower.len() >= 3 && full.starts_with(&lower))
    });
    match found {
        Some((i, _)) => Ok(i as u8),
        None => Err(format!(
            "`{text}` is not a day; expected one of Mon, Tue, Wed, Thu, Fri, Sat, Sun"
        )),
    }
}

/// `HH:MM` → minutes; `24:00` is allowed (as an end, checked by the caller).
fn parse_time(text: &str) -> Result<u16, String> {
    let bad =
        || format!("`{text}` is not a time; expected 24-hour `HH:MM`, e.g. `08:00` or `20:30`");
    let (h, m) = text.split_once(':').ok_or_else(bad)?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return Err(bad());
    }
    let h: u16 = h.parse().map_err(|_| bad())?;
    let m: u16 = m.parse().map_err(|_| bad())?;
    if m > 59 || h > 24 || (h == 24 && m != 0) {
        return Err(format!(
            "`{text}` is out of range; hours run 00-24 and minutes 00-59"
        ));
    }
    Ok(h * 60 + m)
}

/// Moves every day bit `by` days later, wrapping Sunday into Monday.
fn rotate_days(days: u8, by: i32) -> u8 {
    let by = by.rem_euclid(7) as u32;
    let wide = (days as u16) << by;
    ((wide | (wide >> 7)) as u8) & ALL_DAYS
}

/// The open minutes of a week as bits (bit `m`: minute `m` after Monday 00:00). Every
/// promise about hours compares schedules; a few hundred word operations do it, where a
/// flag per minute took 10,080 steps and an allocation.
struct Week([u64; WEEK.div_ceil(64)]);

impl Week {
    fn empty() -> Week {
        Week([0; WEEK.div_ceil(64)])
    }

    fn of(hours: &WeeklyHours) -> Week {
        let mut week = Week::empty();
        for seg in &hours.segments {
            let end = (seg.end as usize).min(DAY);
            for day in 0..7 {
                if seg.days & (1 << day) != 0 && (seg.start as usize) < end {
                    week.fill(day * DAY + seg.start as usize, day * DAY + end);
                }
            }
        }
        week
    }

    /// Sets minutes `start..end`.
    fn fill(&mut self, start: usize, end: usize) {
        let mut minute = start;
        while minute < end {
            let bit = minute % 64;
            let run = (64 - bit).min(end - minute);
            let mask = if run == 64 {
                u64::MAX
            } else {
                ((1u64 << run) - 1) << bit
            };
            self.0[minute / 64] |= mask;
            minute += run;
        }
    }

    fn set(&mut self, minute: usize) {
        self.0[minute / 64] |= 1 << (minute % 64);
    }

    fn get(&self, minute: usize) -> bool {
        self.0[minute / 64] & (1 << (minute % 64)) != 0
    }

    fn count(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// Every minute open in `other` is open here.
    fn contains(&self, other: &Week) -> bool {
        self.0
            .iter()
            .zip(&other.0)
            .all(|(mine, theirs)| theirs & !mine == 0)
    }
}

impl WeeklyHours {
    /// Round the clock, every day.
    pub fn always() -> Self {
        WeeklyHours {
            segments: vec![Segment {
                days: ALL_DAYS,
                start: 0,
                end: DAY as u16,
            }],
        }
    }

    /// Every minute of the week is covered, whichever way it was written.
    pub fn is_always(&self) -> bool {
        Week::of(self).count() == WEEK
    }

    /// Every minute `other` is open, `self` is open too.
    pub fn covers(&self, other: &WeeklyHours) -> bool {
        Week::of(self).contains(&Week::of(other))
    }

    /// Open at any time on Saturday or Sunday.
    pub fn open_on_weekend(&self) -> bool {
        self.open_days() & WEEKEND != 0
    }

    /// Open past `minute_of_day` (e.g. 17 * 60 for "evenings") on at least one day.
    pub fn open_after(&self, minute_of_day: u16) -> bool {
        self.segments.iter().any(|s| s.end > minute_of_day)
    }

    /// The days with any opening at all (bit 0 = Monday).
    pub fn open_days(&self) -> u8 {
        self.segments.iter().fold(0, |acc, s| acc | s.days) & ALL_DAYS
    }

    /// Total open minutes per week.
    pub fn minutes_per_week(&self) -> usize {
        Week::of(self).count()
    }

    /// The same hours seen from a zone `delta` minutes later (e.g. ET→PT is -180).
    /// Windows that cross midnight move into the next or previous day.
    pub fn shift_minutes(&self, delta: i32) -> WeeklyHours {
        if delta.rem_euclid(WEEK as i32) == 0 {
            return self.normalized();
        }
        let from = Week::of(self);
        let mut to = Week::empty();
        let delta = delta.rem_euclid(WEEK as i32) as usize;
        for m in (0..WEEK).filter(|&m| from.get(m)) {
            to.set((m + delta) % WEEK);
        }
        Self::from_week(&to)
    }

    /// The same hours with overlaps merged and identical days grouped, in day order.
    pub fn normalized(&self) -> WeeklyHours {
        // Every promise about hours asks this of the same few schedules; the minute map
        // behind it is a week long, so answers are kept.
        thread_local! {
            static NORMALIZED: std::cell::RefCell<std::collections::HashMap<Vec<Segment>, WeeklyHours>> =
                Default::default();
        }
        NORMALIZED.with_borrow_mut(|memo| {
            if memo.len() > 1024 {
                memo.clear();
            }
            memo.entry(self.segments.clone())
                .or_insert_with(|| Self::from_week(&Week::of(self)))
                .clone()
        })
    }

    /// Reader-friendly text for suggested rewordings, e.g.
    /// "Monday to Friday, 8 AM to 8 PM ET; Saturday, 9 AM to 1 PM ET".
    /// `zone` (e.g. "ET") follows each time range; pass "" to leave it out.
    pub fn describe(&self, zone: &str) -> String {
        if self.is_always() {
            return "24 hours a day, 7 days a week".into();
        }
        let norm = self.normalized();
        if norm.segments.is_empty() {
            return "never".into();
        }
        // Segments of the same days read as one clause: "8 AM to 12 PM and 1 PM to 5 PM ET".
        let mut groups: Vec<(u8, Vec<String>)> = Vec::new();
        for seg in &norm.segments {
            let range = if seg.start == 0 && seg.end == DAY as u16 {
                "24 hours".to_string()
            } else {
                format!("{} to {}", describe_time(seg.start), describe_time(seg.end))
            };
            match groups.last_mut() {
                Some((days, ranges)) if *days == seg.days => ranges.push(range),
                _ => groups.push((seg.days, vec![range])),
            }
        }
        groups
            .iter()
            .map(|(days, ranges)| {
                let all_day = ranges.iter().all(|r| r == "24 hours");
                let zone = if zone.is_empty() || all_day {
                    String::new()
                } else {
                    format!(" {zone}")
                };
                format!("{}, {}{zone}", describe_days(*days), join_and(ranges))
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// Rebuilds segments from a week's minutes: each day's windows, days with the same
    /// windows sharing one segment per window.
    fn from_week(week: &Week) -> WeeklyHours {
        let windows: Vec<Vec<(u16, u16)>> = (0..7)
            .map(|day| {
                let open = |m: usize| week.get(day * DAY + m);
                let mut out = Vec::new();
                let mut m = 0;
                while m < DAY {
                    if open(m) {
                        let start = m;
                        while m < DAY && open(m) {
                            m += 1;
                        }
                        out.push((start as u16, m as u16));
                    } else {
                        m += 1;
                    }
                }
                out
            })
            .collect();
        let mut segments = Vec::new();
        let mut done = 0u8;
        for day in 0..7 {
            if done & (1 << day) != 0 || windows[day].is_empty() {
                continue;
            }
            let mask = (day..7)
                .filter(|&d| windows[d] == windows[day])
                .fold(0u8, |acc, d| acc | (1 << d));
            done |= mask;
            segments.extend(windows[day].iter().map(|&(start, end)| Segment {
                days: mask,
                start,
                end,
            }));
        }
        WeeklyHours { segments }
    }
}

impl fmt::Display for WeeklyHours {
    /// Back in the manifest's own grammar, e.g. `Mon-Fri 08:00-20:00; Sat 09:00-13:00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_always() {
            return f.write_str("24/7");
        }
        let parts: Vec<String> = self
            .segments
            .iter()
            .map(|s| {
                format!(
                    "{} {:02}:{:02}-{:02}:{:02}",
                    days_short(s.days),
                    s.start / 60,
                    s.start % 60,
                    s.end / 60,
                    s.end % 60
                )
            })
            .collect();
        f.write_str(&parts.join("; "))
    }
}

/// Runs of consecutive days in a mask, as (first, last) day indexes.
fn day_runs(days: u8) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut d = 0;
    while d < 7 {
        if days & (1 << d) != 0 {
            let first = d;
            while d + 1 < 7 && days & (1 << (d + 1)) != 0 {
                d += 1;
            }
            runs.push((first, d));
        }
        d += 1;
    }
    runs
}

/// `Mon-Fri,Sun` style.
fn days_short(days: u8) -> String {
    day_runs(days)
        .iter()
        .map(|&(a, b)| match b - a {
            0 => DAY_ABBR[a].to_string(),
            1 => format!("{},{}", DAY_ABBR[a], DAY_ABBR[b]),
            _ => format!("{}-{}", DAY_ABBR[a], DAY_ABBR[b]),
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// "Monday to Friday", "Saturday and Sunday", "Monday, Wednesday and Friday", "every day".
pub fn describe_days(days: u8) -> String {
    if days & ALL_DAYS == ALL_DAYS {
        return "every day".into();
    }
    let mut items = Vec::new();
    for (a, b) in day_runs(days) {
        match b - a {
            0 => items.push(DAY_NAME[a].to_string()),
            1 => {
                items.push(DAY_NAME[a].to_string());
                items.push(DAY_NAME[b].to_string());
            }
            _ => items.push(format!("{} to {}", DAY_NAME[a], DAY_NAME[b])),
        }
    }
    join_and(&items)
}

/// "8 AM", "8:30 AM", "12 PM", "midnight".
pub fn describe_time(minute: u16) -> String {
    let minute = minute as usize % DAY;
    if minute == 0 {
        return "midnight".into();
    }
    let (h, m) = (minute / 60, minute % 60);
    let suffix = if h < 12 { "AM" } else { "PM" };
    let h12 = match h % 12 {
        0 => 12,
        h => h,
    };
    if m == 0 {
        format!("{h12} {suffix}")
    } else {
        format!("{h12}:{m:02} {suffix}")
    }
}

/// "a", "a and b", "a, b and c".
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// UTC offset in minutes of a US zone abbreviation or IANA name, on standard time.
///
/// DST is ignored on purpose: `EDT`, `EST` and `ET` all give -300, so copy saying
/// "8 AM EDT" and a manifest in America/New_York compare equal instead of an hour apart.
pub fn zone_offset_minutes(zone: &str) -> Option<i32> {
    let z = zone.trim();
    let upper = z.to_ascii_uppercase();
    let hours = match upper.as_str() {
        "UTC" | "GMT" | "Z" | "ETC/UTC" => 0,
        "ET" | "EST" | "EDT" | "EASTERN" => -5,
        "CT" | "CST" | "CDT" | "CENTRAL" => -6,
        "MT" | "MST" | "MDT" | "MOUNTAIN" => -7,
        "PT" | "PST" | "PDT" | "PACIFIC" => -8,
        "AKT" | "AKST" | "AKDT" | "ALASKA" => -9,
        "HT" | "HST" | "HAST" | "HADT" | "HAWAII" => -10,
        "AST" | "ATLANTIC" => -4,
        _ => {
            let abbrev = zone_abbrev(z);
            if abbrev == z {
                return None;
            }
            return zone_offset_minutes(abbrev);
        }
    };
    Some(hours * 60)
}

/// The US abbreviation copy uses for an IANA zone ("ET" for America/New_York); an
/// unknown zone comes back unchanged.
pub fn zone_abbrev(iana: &str) -> &str {
    match iana {
        "America/New_York"
        | "America/Detroit"
        | "America/Indiana/Indianapolis"
        | "America/Kentucky/Louisville"
        | "US/Eastern" => "ET",
        "America/Chicago"
        | "America/Indiana/Knox"
        | "America/Menominee"
        | "America/North_Dakota/Center"
        | "US/Central" => "CT",
        "America/Denver" | "America/Boise" | "America/Phoenix" | "US/Mountain" | "US/Arizona" => {
            "MT"
        }
        "America/Los_Angeles" | "US/Pacific" => "PT",
        "America/Anchorage" | "America/Juneau" | "America/Nome" | "America/Sitka"
        | "America/Yakutat" | "US/Alaska" => "AKT",
        "Pacific/Honolulu" | "US/Hawaii" => "HT",
        "America/Puerto_Rico" => "AST",
        "UTC" | "Etc/UTC" => "UTC",
        other => other,
    }
}

/// IANA zones vouch knows the US abbreviation of.
pub const KNOWN_US_ZONES: &[&str] = &[
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/Puerto_Rico",
    "America/Detroit",
    "America/Indiana/Indianapolis",
    "America/Kentucky/Louisville",
    "America/Boise",
    "America/Juneau",
];

#[cfg(test)]
mod tests {

    /// The week's bits answer as the minute-by-minute map does, on schedules of every
    /// shape (overlapping, touching midnight, single minutes).
    #[test]
    fn the_bit_week_agrees_with_the_minute_map() {
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |bound: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % bound
        };
        let mut schedules = vec![WeeklyHours::always(), WeeklyHours { segments: vec![] }];
        for _ in 0..300 {
            let segments = (0..next(4))
                .map(|_| {
                    let start = next(DAY as u64) as u16;
                    let end = (start + 1 + next(DAY as u64 - start as u64) as u16).min(DAY as u16);
                    Segment {
                        days: next(128) as u8,
                        start,
                        end,
                    }
                })
                .collect();
            schedules.push(WeeklyHours { segments });
        }
        // The minute map as it used to be built, one flag per minute.
        let minute_map = |h: &WeeklyHours| {
            let mut week = vec![false; WEEK];
            for seg in &h.segments {
                let end = (seg.end as usize).min(DAY);
                for day in 0..7 {
                    if seg.days & (1 << day) != 0 && (seg.start as usize) < end {
                        week[day * DAY + seg.start as usize..day * DAY + end].fill(true);
                    }
                }
            }
            week
        };
        for a in &schedules {
            let map = minute_map(a);
            assert_eq!(a.minutes_per_week(), map.iter().filter(|&&m| m).count());
            assert_eq!(a.is_always(), map.iter().all(|&m| m));
            // Merging and moving to another zone keep the same minutes, moved.
            assert_eq!(minute_map(&a.normalized()), map, "{a:?} normalized");
            for delta in [-180i32, 60, 24 * 60 - 1] {
                let shifted = minute_map(&a.shift_minutes(delta));
                let moved: Vec<bool> = (0..WEEK)
                    .map(|m| map[(m as i32 - delta).rem_euclid(WEEK as i32) as usize])
                    .collect();
                assert_eq!(shifted, moved, "{a:?} moved by {delta}");
            }
            for b in schedules.iter().take(40) {
                let theirs = minute_map(b);
                let by_map = theirs.iter().zip(&map).all(|(&t, &o)| !t || o);
                assert_eq!(a.covers(b), by_map, "{a:?} covers {b:?}");
            }
        }
    }

    use super::*;

    #[test]
    fn rotate_wraps_sunday_into_monday() {
        assert_eq!(rotate_days(1 << 6, 1), 1);
        assert_eq!(rotate_days(1, -1), 1 << 6);
        assert_eq!(rotate_days(WEEKDAYS, 1), 0b011_1110);
    }

    #[test]
    fn trailing_semicolon_is_fine() {
        assert_eq!(parse_hours("Mon 08:00-09:00;").unwrap().segments.len(), 1);
        assert!(parse_hours("Mon 08:00-09:00;;Tue 08:00-09:00").is_err());
    }
}
