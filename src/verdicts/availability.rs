//! Availability: "24/7", weekends, evenings, holidays — against the hours of the channels
//! the promise is about, staffed hours when the promise is about people.

use crate::manifest::hours::zone_offset_minutes;
use crate::manifest::hours::WeeklyHours;
use crate::manifest::{AfterHours, ChannelKind, Holidays, Manifest, Role, Sp};
use crate::promises::hours::StatedHours;
use crate::promises::Promise;
use crate::rules::HoursAssertion;

use super::{join_and, Judgement};

/// One channel's relevant schedule.
struct Candidate<'m> {
    kind: ChannelKind,
    key: &'static str,
    hours: Option<&'m Sp<WeeklyHours>>,
}

pub fn check(kind: HoursAssertion, promise: &Promise, m: &Manifest) -> Judgement {
    let frame = &promise.frame;
    let people = frame.people;
    let mentioned: Vec<ChannelKind> = frame
        .channels
        .iter()
        .filter_map(|c| ChannelKind::from_name(c))
        .collect();
    let roles: Vec<Role> = frame
        .roles
        .iter()
        .filter_map(|r| Role::from_name(r))
        .collect();

    // The subject: the channel named, else the channels the named role staffs, else every
    // channel (staffed ones when the promise is about people).
    let subject: Vec<ChannelKind> = if let Some(first) = mentioned.first() {
        if m.channel(*first).is_none() {
            return Judgement::unsupported(
                format!(
                    "copy promises {} on {}; the program has no [channels.{}]",
                    what(kind),
                    first.as_str(),
                    first.as_str()
                ),
                Vec::new(),
                None,
            );
        }
        let unstaffed = people && m.staffed_hours(*first).is_none();
        if unstaffed && roles.is_empty() {
            return Judgement::unsupported(
                format!(
                    "copy promises {} from people on {}; no one staffs it (no staffed_by)",
                    what(kind),
                    channel_name(*first)
                ),
                vec![m.cite(
                    &format!("channels.{}", first.as_str()),
                    &m.channel(*first).expect("checked above").span,
                )],
                None,
            );
        }
        if unstaffed {
            // "24/7 nurse support is just a text away": the nurses' own channels decide.
            staffed_by(m, &roles)
        } else {
            vec![*first]
        }
    } else if !roles.is_empty() {
        staffed_by(m, &roles)
    } else {
        m.channels
            .keys()
            .copied()
            .filter(|k| !people || m.staffed_hours(*k).is_some())
            .collect()
    };
    let who = match (roles.first(), mentioned.first()) {
        (Some(role), _) => staff_name(m, *role),
        (None, Some(ch)) => channel_name(*ch).to_string(),
        (None, None) if people => "the program's staffed channels".to_string(),
        (None, None) => "the program's channels".to_string(),
    };
    if subject.is_empty() {
        return Judgement::unsupported(
            format!(
                "copy promises {} from {who}; no channel in psp.toml is staffed by them",
                what(kind)
            ),
            Vec::new(),
            None,
        );
    }

    let candidates: Vec<Candidate> = subject
        .iter()
        .map(|k| {
            let ch = m.channel(*k).expect("subject channels exist");
            if people {
                let key = if ch.staffed_hours.is_some() {
                    "staffed_hours"
                } else {
                    "hours"
                };
                Candidate {
                    kind: *k,
                    key,
                    hours: m.staffed_hours(*k),
                }
            } else {
                Candidate {
                    kind: *k,
                    key: "hours",
                    hours: ch.hours.as_ref(),
                }
            }
        })
        .collect();

    let zone = m.tz_abbrev();
    if kind == HoursAssertion::Stated {
        if let Some(stated) = &frame.stated_hours {
            return stated_hours(stated, &candidates, &who, people, m);
        }
    }
    let mut evidence = Vec::new();
    let mut unknown = false;
    for c in &candidates {
        let ch = m.channel(c.kind).expect("candidate channels exist");
        let Some(hours) = c.hours else {
            unknown = true;
            continue;
        };
        let cite = m.cite(
            &format!("channels.{}.{}", c.kind.as_str(), c.key),
            &hours.span,
        );
        // A phone line whose after-hours calls reach an on-call nurse is answered by a
        // person round the clock; an answering service answers but gives no clinical help.
        let after_hours_person = ch.after_hours.as_ref().is_some_and(|a| {
            (a.value == AfterHours::OnCallNurse
                && (roles.is_empty() || roles.contains(&Role::Nurse)))
                || (a.value == AfterHours::AnsweringService && roles.is_empty())
        });
        let keeps = match kind {
            HoursAssertion::Always | HoursAssertion::Stated => {
                hours.value.is_always() || after_hours_person
            }
            // "7 days a week" needs every day; "weekends" any weekend day.
            HoursAssertion::Weekends if every_day(&promise.phrase) => {
                hours.value.open_days() == crate::manifest::hours::ALL_DAYS || after_hours_person
            }
            HoursAssertion::Weekends => hours.value.open_on_weekend() || after_hours_person,
            HoursAssertion::Evenings => hours.value.open_after(18 * 60) || after_hours_person,
            HoursAssertion::Holidays => match &ch.holidays {
                Some(h) if h.value == Holidays::Open => true,
                Some(h) => {
                    evidence
                        .push(m.cite(&format!("channels.{}.holidays", c.kind.as_str()), &h.span));
                    false
                }
                None => {
                    unknown = unknown || hours.value.is_always();
                    false
                }
            },
        };
        if keeps {
            let mut ev = vec![cite];
            if let Some(a) = &ch.after_hours {
                if after_hours_person {
                    ev.push(m.cite(
                        &format!("channels.{}.after_hours", c.kind.as_str()),
                        &a.span,
                    ));
                }
            }
            let after = if after_hours_person && !hours.value.is_always() {
                format!(
                    ", and after hours {}",
                    ch.after_hours
                        .as_ref()
                        .map_or("", |a| a.value.as_str())
                        .replace('_', " ")
                )
            } else {
                String::new()
            };
            return Judgement::supported(
                format!(
                    "{} keeps it: {}{after}",
                    channel_name(c.kind),
                    hours.value.describe(zone)
                ),
                ev,
            );
        }
        evidence.push(cite);
        if let Some(a) = &ch.after_hours {
            evidence.push(m.cite(
                &format!("channels.{}.after_hours", c.kind.as_str()),
                &a.span,
            ));
        }
    }
    if evidence.is_empty() && unknown {
        return Judgement::unverifiable(format!(
            "copy promises {} from {who}; psp.toml does not say when they answer",
            what(kind)
        ));
    }
    if kind == HoursAssertion::Holidays && unknown {
        return Judgement::unverifiable(format!(
            "copy promises {} from {who}; psp.toml does not say whether they open on holidays",
            what(kind)
        ));
    }
    // The reality, for the message and the rewording: the widest schedule among them.
    let best = candidates
        .iter()
        .filter_map(|c| c.hours.map(|h| (c, h)))
        .max_by_key(|(_, h)| h.value.minutes_per_week());
    let (reality, suggestion) = match best {
        Some((c, h)) => {
            let described = h.value.describe(zone);
            let reality = if people && (roles.is_empty() && !mentioned.is_empty()) {
                format!("a person answers {who} {described}")
            } else if people {
                format!("{who} answer {described}")
            } else {
                format!("{} is open {described}", channel_name(c.kind))
            };
            let noun = if people { "support" } else { "access" };
            (reality, Some(format!("{noun} {described}")))
        }
        None => (format!("psp.toml gives no hours for {who}"), None),
    };
    let channels: Vec<String> = candidates
        .iter()
        .map(|c| channel_name(c.kind).to_string())
        .collect();
    let message = format!("copy promises {}; {reality}", what(kind));
    let message = if candidates.len() > 1 && !people {
        format!("{message} (checked {})", join_and(&channels))
    } else {
        message
    };
    Judgement::unsupported(message, evidence, suggestion)
}

fn what(kind: HoursAssertion) -> &'static str {
    match kind {
        HoursAssertion::Always => "round-the-clock availability",
        HoursAssertion::Stated => "these hours",
        HoursAssertion::Weekends => "weekend availability",
        HoursAssertion::Evenings => "evening availability",
        HoursAssertion::Holidays => "holiday availability",
    }
}

pub fn channel_name(kind: ChannelKind) -> &'static str {
    match kind {
        ChannelKind::Phone => "the phone line",
        ChannelKind::Sms => "text messaging",
        ChannelKind::Chat => "chat",
        ChannelKind::Email => "email",
        ChannelKind::App => "the app",
        ChannelKind::Portal => "the portal",
        ChannelKind::Video => "video visits",
        ChannelKind::InHome => "home visits",
        ChannelKind::Mail => "mail",
    }
}

/// "Nurse Educators" from `staff.nurse.title`, else the role's plain name.
pub fn staff_name(m: &Manifest, role: Role) -> String {
    m.staff
        .get(&role)
        .and_then(|s| s.title.as_ref())
        .map(|t| format!("{}s", t.value))
        .unwrap_or_else(|| format!("{}s", role.as_str().replace('_', " ")))
}

/// Hours the copy states, against the hours of the channels it is about: the copy may
/// promise less than the program delivers, never more.
fn stated_hours(
    stated: &StatedHours,
    candidates: &[Candidate],
    who: &str,
    people: bool,
    m: &Manifest,
) -> Judgement {
    let zone = m.tz_abbrev();
    let program_offset = m.timezone().and_then(zone_offset_minutes);
    let copy_offset = stated.zone.as_deref().and_then(zone_offset_minutes);
    let delta = match (program_offset, copy_offset) {
        (Some(p), Some(c)) => p - c,
        _ => 0,
    };
    let assumed = if stated.zone.is_none() && !zone.is_empty() {
        format!(" (no time zone written; read as {zone})")
    } else {
        String::new()
    };
    let mut evidence = Vec::new();
    let mut best: Option<&Sp<WeeklyHours>> = None;
    for c in candidates {
        let Some(hours) = c.hours else { continue };
        let mut copy = stated.hours.clone();
        if stated.days_unstated {
            let open = hours.value.open_days();
            for seg in &mut copy.segments {
                seg.days = open;
            }
        }
        let copy = copy.shift_minutes(delta);
        let cite = m.cite(
            &format!("channels.{}.{}", c.kind.as_str(), c.key),
            &hours.span,
        );
        if hours.value.covers(&copy) {
            return Judgement::supported(
                format!(
                    "{} keeps {}{assumed}",
                    channel_name(c.kind),
                    copy.describe(zone)
                ),
                vec![cite],
            );
        }
        evidence.push(cite);
        if best.is_none_or(|b| hours.value.minutes_per_week() > b.value.minutes_per_week()) {
            best = Some(hours);
        }
    }
    let Some(best) = best else {
        return Judgement::unverifiable(format!(
            "copy states hours for {who}; psp.toml gives none"
        ));
    };
    let copy = stated.hours.shift_minutes(delta);
    let answer = if people { "answer" } else { "are open" };
    Judgement::unsupported(
        format!(
            "copy states hours of {}{assumed}; {who} {answer} {}",
            copy.describe(zone),
            best.value.describe(zone)
        ),
        evidence,
        Some(best.value.describe(zone)),
    )
}

fn every_day(phrase: &str) -> bool {
    let lower = phrase.to_ascii_lowercase();
    lower.contains("7 days") || lower.contains("seven days")
}

/// The channels any of `roles` staffs.
fn staffed_by(m: &Manifest, roles: &[Role]) -> Vec<ChannelKind> {
    m.channels
        .values()
        .filter(|c| {
            c.staffed_by
                .as_ref()
                .is_some_and(|s| s.value.iter().any(|r| roles.contains(r)))
        })
        .map(|c| c.kind)
        .collect()
}
