//! Timeliness: a promised turnaround against the commitment of whatever the sentence is
//! about — a service's `turnaround`, a `commitments` entry, email `response_time`.
//! Business time is not calendar time, and a third party's timeline is not a promise.

use crate::manifest::duration::{parse_duration, Duration};
use crate::manifest::{ChannelKind, Manifest, ServiceKind, Sp};
use crate::promises::Promise;

use super::Judgement;

pub fn check(fixed: Option<&str>, promise: &Promise, m: &Manifest) -> Option<Judgement> {
    let frame = &promise.frame;
    let written = fixed.map(str::to_string).or_else(|| frame.duration.clone());
    let Some(claimed) = written.as_deref().and_then(|d| parse_duration(d).ok()) else {
        return Some(Judgement::unverifiable(
            "vouch could not read the turnaround this copy promises",
        ));
    };
    // The subject: a named service, then a commitment, then a channel's response time.
    let mut subject: Option<(String, &Sp<Duration>)> = None;
    let mut named_something = false;
    for name in &frame.services {
        let Some(kind) = ServiceKind::from_name(name) else {
            continue;
        };
        named_something = true;
        if let Some(t) = m.services.get(&kind).and_then(|s| s.turnaround.as_ref()) {
            subject = Some((format!("services.{name}.turnaround"), t));
            break;
        }
    }
    if subject.is_none() {
        for name in &frame.commitments {
            if name == "response_time" {
                let email = m
                    .channel(ChannelKind::Email)
                    .and_then(|c| c.response_time.as_ref());
                if let Some(t) = email {
                    named_something = true;
                    subject = Some(("channels.email.response_time".into(), t));
                    break;
                }
                continue;
            }
            named_something = true;
            if let Some(t) = m.commitments.get(name) {
                subject = Some((format!("commitments.{name}"), t));
                break;
            }
        }
    }
    if subject.is_none() && frame.channels.iter().any(|c| c == "email") {
        if let Some(t) = m
            .channel(ChannelKind::Email)
            .and_then(|c| c.response_time.as_ref())
        {
            subject = Some(("channels.email.response_time".into(), t));
        }
    }
    let Some((key, committed)) = subject else {
        if frame.third_party && !named_something {
            // "Your insurer will respond within 30 days" commits the program to nothing.
            return None;
        }
        return Some(Judgement::unverifiable(format!(
            "copy promises a turnaround of {}; psp.toml declares no commitment for what it is about",
            claimed.describe()
        )));
    };
    let evidence = vec![m.cite(&key, &committed.span)];
    let kept = if claimed.unit == committed.value.unit {
        committed.value.amount <= claimed.amount
    } else {
        // The program's slowest case must still land inside the copy's fastest reading.
        committed.value.max_hours() <= claimed.min_hours()
    };
    if kept {
        return Some(Judgement::supported(
            format!("the program commits to {}", committed.value.describe()),
            evidence,
        ));
    }
    let hedge = if frame.hedged {
        " (hedged, but still a promise)"
    } else {
        ""
    };
    Some(Judgement::unsupported(
        format!(
            "copy promises a turnaround of {}{hedge}; the program commits to {}",
            claimed.describe(),
            committed.value.describe()
        ),
        evidence,
        Some(format!("within {}", committed.value.describe())),
    ))
}
