//! Hours as copy writes them — "Monday–Friday, 8 AM to 8 PM ET", "8am–5pm CST, weekdays",
//! "Mon–Fri 8a–9p CT, Sat 9a–1p CT" — parsed into the manifest's weekly model.

use std::ops::Range;
use std::sync::OnceLock;

use crate::rules::matcher::{Groups, Matcher};

use crate::manifest::hours::{Segment, WeeklyHours, ALL_DAYS, WEEKDAYS, WEEKEND};

/// Hours stated in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatedHours {
    /// Where the statement is, in the sentence.
    pub at: Range<usize>,
    pub hours: WeeklyHours,
    /// The zone as written ("ET", "Central"), if any.
    pub zone: Option<String>,
    /// True when no days were written: only the times can be compared.
    pub days_unstated: bool,
}

const DAY: &str = r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\.?";
const DASH: &str = r"\s*(?:-|–|—|‑|to|through|thru|until|till)\s*";
const TIME: &str = r"(?:\d{1,2}(?::\d{2})?\s*(?:a\.m\.|p\.m\.|a\.?m\b|p\.?m\b|a\b|p\b)|\d{1,2}:\d{2}|noon|midnight)";
const ZONE: &str = r"(?:E[SD]?T|C[SD]?T|M[SD]?T|P[SD]?T|Eastern|Central|Mountain|Pacific)(?:\s+(?:time|standard time|daylight time))?\b";

fn pattern() -> &'static Matcher {
    // Built on first use, by the cheap engine first: a small file must not pay for the full
    // regex of a pattern this large.
    static RE: OnceLock<Matcher> = OnceLock::new();
    RE.get_or_init(|| {
        let days = format!(
            r"(?:weekdays|weekends|daily|every day|7 days a week|seven days a week|{DAY}(?:{DASH}{DAY})?(?:\s*(?:,|&|and)\s*{DAY}(?:{DASH}{DAY})?)*)"
        );
        let source = format!(
            r"(?:(?P<days1>{days})\s*[,:]?\s*(?:from\s+)?)?(?P<t1>{TIME}){DASH}(?P<t2>{TIME})\s*(?P<zone>{ZONE})?(?:\s*[,(]?\s*(?:on\s+)?(?P<days2>{days})\)?)?"
        );
        Matcher::deferred(source, true)
    })
}

/// One match of [`pattern`] in `text`.
struct Found<'s> {
    text: &'s str,
    groups: Groups,
}

impl<'s> Found<'s> {
    fn name(&self, name: &str) -> Option<Range<usize>> {
        pattern().group(&self.groups, name)
    }

    fn str(&self, name: &str) -> Option<&'s str> {
        self.name(name).map(|r| &self.text[r])
    }
}

fn day_index(word: &str) -> Option<u8> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    let prefix = w.get(..3)?;
    Some(match prefix {
        "mon" => 0,
        "tue" => 1,
        "wed" => 2,
        "thu" => 3,
        "fri" => 4,
        "sat" => 5,
        "sun" => 6,
        _ => return None,
    })
}

/// A days expression as a bit mask (bit 0 = Monday).
fn days_mask(text: &str) -> Option<u8> {
    let t = text.trim().to_ascii_lowercase();
    match t.as_str() {
        "weekdays" => return Some(WEEKDAYS),
        "weekends" => return Some(WEEKEND),
        "daily" | "every day" | "7 days a week" | "seven days a week" => return Some(ALL_DAYS),
        _ => {}
    }
    static PART: OnceLock<Matcher> = OnceLock::new();
    let part = PART
        .get_or_init(|| Matcher::deferred(format!(r"(?P<a>{DAY})(?:{DASH}(?P<b>{DAY}))?"), true));
    let mut mask = 0u8;
    for groups in part.captures_iter(&t) {
        let a = day_index(&t[part.group(&groups, "a")?])?;
        let b = part
            .group(&groups, "b")
            .and_then(|b| day_index(&t[b]))
            .unwrap_or(a);
        let mut d = a;
        loop {
            mask |= 1 << d;
            if d == b {
                break;
            }
            d = (d + 1) % 7;
        }
    }
    (mask != 0).then_some(mask)
}

/// Minutes after midnight; `pm_hint` says whether a bare hour should be read as PM.
fn minutes(text: &str) -> Option<u16> {
    let t = text.trim().to_ascii_lowercase().replace(['.', ' '], "");
    match t.as_str() {
        "noon" => return Some(12 * 60),
        "midnight" => return Some(24 * 60),
        _ => {}
    }
    let (digits, suffix) = match t.find(|c: char| c.is_ascii_alphabetic()) {
        Some(i) => (&t[..i], &t[i..]),
        None => (t.as_str(), ""),
    };
    let (h, m) = match digits.split_once(':') {
        Some((h, m)) => (h.parse::<u16>().ok()?, m.parse::<u16>().ok()?),
        None => (digits.parse::<u16>().ok()?, 0),
    };
    if m >= 60 {
        return None;
    }
    let h = match suffix.chars().next() {
        Some('a') if h == 12 => 0,
        Some('a') if h <= 12 => h,
        Some('p') if h == 12 => 12,
        Some('p') if h < 12 => h + 12,
        None if h <= 24 => h,
        _ => return None,
    };
    Some(h * 60 + m)
}

/// `drop_trailing_days`: the trailing days belong to the next segment.
fn segment(c: &Found, drop_trailing_days: bool) -> Option<(Segment, Option<String>, bool)> {
    let start = minutes(c.str("t1")?)?;
    let mut end = minutes(c.str("t2")?)?;
    if end == 0 {
        end = 24 * 60;
    }
    if end <= start {
        return None;
    }
    let days_text = c
        .str("days1")
        .or(c.str("days2").filter(|_| !drop_trailing_days));
    let days = match days_text {
        Some(d) => days_mask(d)?,
        None => 0,
    };
    let zone = c
        .str("zone")
        .map(|z| z.split_whitespace().next().unwrap_or_default().to_string());
    Some((Segment { days, start, end }, zone, days_text.is_none()))
}

/// Every hours statement in a sentence, consecutive segments joined
/// ("Mon–Fri 8a–9p CT, Sat 9a–1p CT" is one statement of two segments).
pub fn stated(sentence: &str) -> Vec<StatedHours> {
    let mut out: Vec<StatedHours> = Vec::new();
    let mut pos = 0;
    while let Some(groups) = pattern().captures_at(sentence, pos) {
        let c = Found {
            text: sentence,
            groups,
        };
        let Some(whole) = c.groups.first().cloned().flatten() else {
            break;
        };
        // "Mon–Fri 8a–9p CT, Sat 9a–1p": trailing days after leading days open the next
        // segment, so this one ends before them.
        let trailing_is_next = c.name("days1").is_some() && c.name("days2").is_some();
        let (end, next) = match c.name("days2").filter(|_| trailing_is_next) {
            Some(d2) => (
                sentence[..d2.start].trim_end_matches([',', ' ', '(']).len(),
                d2.start,
            ),
            None => (whole.end, whole.end),
        };
        // Always move forward, on a char boundary.
        let mut next = next.max(pos + 1);
        while next < sentence.len() && !sentence.is_char_boundary(next) {
            next += 1;
        }
        pos = next;
        let m = whole.start..end;
        let Some((seg, zone, unstated)) = segment(&c, trailing_is_next) else {
            continue;
        };
        let joins = out.last().is_some_and(|last| {
            let gap = &sentence[last.at.end..m.start];
            gap.len() <= 6
                && gap
                    .chars()
                    .all(|ch| matches!(ch, ',' | ';' | ' ' | '&' | '/') || ch.is_alphabetic())
        });
        if joins {
            let last = out.last_mut().expect("checked");
            last.at.end = m.end;
            last.hours.segments.push(seg);
            last.zone = last.zone.take().or(zone);
            last.days_unstated &= unstated;
        } else {
            out.push(StatedHours {
                at: m.clone(),
                hours: WeeklyHours {
                    segments: vec![seg],
                },
                zone,
                days_unstated: unstated,
            });
        }
    }
    // A zone written once at the end applies to every segment; trim trailing spaces.
    for s in &mut out {
        while s.at.end > s.at.start && sentence[..s.at.end].ends_with([' ', ',']) {
            s.at.end -= 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str) -> StatedHours {
        let all = stated(s);
        assert_eq!(all.len(), 1, "{s}: {all:?}");
        all.into_iter().next().unwrap()
    }

    #[test]
    fn days_then_times() {
        let h = one("Call Monday–Friday, 8 AM to 8 PM ET.");
        assert_eq!(
            h.hours.segments,
            vec![Segment {
                days: WEEKDAYS,
                start: 480,
                end: 1200
            }]
        );
        assert_eq!(h.zone.as_deref(), Some("ET"));
    }

    #[test]
    fn times_then_days_and_short_forms() {
        let h = one("Nurses: 8 AM – 8 PM ET, Monday – Friday");
        assert_eq!(h.hours.segments[0].days, WEEKDAYS);
        let h = one("Mon–Fri 8a–9p CT, Sat 9a–1p CT");
        assert_eq!(h.hours.segments.len(), 2);
        assert_eq!(
            h.hours.segments[1],
            Segment {
                days: 1 << 5,
                start: 540,
                end: 780
            }
        );
        let h = one("from 8:30 a.m. until 5 p.m. Central, weekdays");
        assert_eq!(
            h.hours.segments[0],
            Segment {
                days: WEEKDAYS,
                start: 510,
                end: 1020
            }
        );
    }

    #[test]
    fn no_days_written() {
        let h = one("Open 9am-5pm.");
        assert!(h.days_unstated);
    }

    #[test]
    fn not_hours() {
        assert!(stated("Pay as little as $0 per fill.").is_empty());
        assert!(stated("Take 2 tablets a day.").is_empty());
    }
}
