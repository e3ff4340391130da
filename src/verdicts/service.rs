//! Services: a service absent from `[services]` is not offered; injection training must be
//! promised in a mode the program runs; reminders may come from the app or SMS.

use crate::manifest::{ChannelKind, Direction, Manifest, ServiceKind, ServiceMode};
use crate::promises::Promise;

use super::Judgement;

pub fn check(name: &str, promise: &Promise, m: &Manifest) -> Judgement {
    let Some(kind) = ServiceKind::from_name(name) else {
        return Judgement::unverifiable(format!("vouch does not know the service `{name}`"));
    };
    let service = m.services.get(&kind).or_else(|| match kind {
        // A quick-start supply and a bridge supply keep the same promise.
        ServiceKind::Bridge => m.services.get(&ServiceKind::QuickStart),
        ServiceKind::QuickStart => m.services.get(&ServiceKind::Bridge),
        _ => None,
    });
    let Some(service) = service else {
        if kind == ServiceKind::AdherenceReminders {
            if let Some(j) = reminders_elsewhere(m) {
                return j;
            }
        }
        let offered: Vec<String> = m
            .services
            .keys()
            .map(|k| k.as_str().replace('_', " "))
            .collect();
        return Judgement::unsupported(
            format!(
                "copy promises {}; the program has no [services.{}]",
                name.replace('_', " "),
                name
            ),
            Vec::new(),
            (!offered.is_empty())
                .then(|| format!("the program offers {}", super::join_and(&offered))),
        );
    };
    let key = format!("services.{}", service.kind.as_str());
    if kind == ServiceKind::InjectionTraining {
        if let Some(modes) = &service.modes {
            let lower = promise.sentence.to_ascii_lowercase();
            let wants = if [
                "in-home",
                "in home",
                "your home",
                "at home",
                "home visit",
                "your house",
            ]
            .iter()
            .any(|w| lower.contains(w))
            {
                Some(ServiceMode::InHome)
            } else if [
                "in person",
                "in-person",
                "in your office",
                "in the office",
                "at your doctor",
            ]
            .iter()
            .any(|w| lower.contains(w))
            {
                Some(ServiceMode::InOffice)
            } else {
                None
            };
            if let Some(want) = wants.filter(|w| !modes.value.contains(w)) {
                let offered: Vec<String> = modes
                    .value
                    .iter()
                    .map(|m| m.as_str().replace('_', " "))
                    .collect();
                return Judgement::unsupported(
                    format!(
                        "copy promises {} injection training; the program offers it {} only",
                        want.as_str().replace('_', " "),
                        super::join_and(&offered)
                    ),
                    vec![m.cite(&format!("{key}.modes"), &modes.span)],
                    Some(format!("{} injection training", super::join_and(&offered))),
                );
            }
        }
    }
    Judgement::supported(
        format!(
            "the program offers {}",
            service.kind.as_str().replace('_', " ")
        ),
        vec![m.cite(&key, &service.span)],
    )
}

/// Reminders are kept by an app feature or an outbound SMS channel too.
fn reminders_elsewhere(m: &Manifest) -> Option<Judgement> {
    if let Some(app) = m.channel(ChannelKind::App) {
        if let Some(f) = app
            .features
            .as_ref()
            .filter(|f| f.value.iter().any(|x| x.contains("reminder")))
        {
            return Some(Judgement::supported(
                "the app sends reminders",
                vec![m.cite("channels.app.features", &f.span)],
            ));
        }
    }
    let sms = m.channel(ChannelKind::Sms)?;
    let d = sms
        .direction
        .as_ref()
        .filter(|d| d.value != Direction::Inbound)?;
    Some(Judgement::supported(
        "the program sends text messages",
        vec![m.cite("channels.sms.direction", &d.span)],
    ))
}
