//! Channels: a channel absent from psp.toml does not exist; "text us" needs inbound SMS;
//! "live chat" needs people on chat.

use crate::manifest::{ChannelKind, Direction, Manifest, ServiceMode};

use super::availability::channel_name;
use super::Judgement;

/// `services`: the services the sentence names; a visit mode counts only for them.
pub fn check(
    channel: &str,
    inbound: bool,
    staffed: bool,
    services: &[String],
    m: &Manifest,
) -> Judgement {
    let Some(kind) = ChannelKind::from_name(channel) else {
        return Judgement::unverifiable(format!("vouch does not know the channel `{channel}`"));
    };
    let Some(ch) = m.channel(kind) else {
        // Home and video visits also exist as modes of a service (in-home or virtual
        // injection training).
        let mode = match kind {
            ChannelKind::InHome => Some(ServiceMode::InHome),
            ChannelKind::Video => Some(ServiceMode::Virtual),
            _ => None,
        };
        if let Some(mode) = mode {
            for s in m
                .services
                .values()
                .filter(|s| services.iter().any(|n| n == s.kind.as_str()))
            {
                if let Some(modes) = &s.modes {
                    if modes.value.contains(&mode) {
                        return Judgement::supported(
                            format!(
                                "{} is offered {}",
                                s.kind.as_str().replace('_', " "),
                                mode.as_str().replace('_', " ")
                            ),
                            vec![
                                m.cite(&format!("services.{}.modes", s.kind.as_str()), &modes.span)
                            ],
                        );
                    }
                }
            }
        }
        let offered: Vec<String> = m
            .channels
            .keys()
            .map(|k| channel_name(*k).to_string())
            .collect();
        return Judgement::unsupported(
            format!(
                "copy promises {}; the program has no [channels.{}]",
                channel_name(kind),
                kind.as_str()
            ),
            Vec::new(),
            (!offered.is_empty())
                .then(|| format!("reach the program by {}", super::join_and(&offered))),
        );
    };
    let header = m.cite(&format!("channels.{}", kind.as_str()), &ch.span);
    if inbound {
        return match &ch.direction {
            Some(d) if d.value == Direction::Outbound => {
                let keyword = ch
                    .keywords
                    .as_ref()
                    .and_then(|k| k.value.first().cloned())
                    .zip(ch.short_code.as_ref().map(|c| c.value.clone()));
                Judgement::unsupported(
                    format!(
                        "copy invites patients to write in; {} is outbound only",
                        channel_name(kind)
                    ),
                    vec![m.cite(&format!("channels.{}.direction", kind.as_str()), &d.span)],
                    Some(match keyword {
                        Some((k, code)) => format!("text {k} to {code} to sign up for reminders"),
                        None => "we'll send you text reminders".to_string(),
                    }),
                )
            }
            Some(d) => Judgement::supported(
                format!(
                    "{} accepts messages ({})",
                    channel_name(kind),
                    d.value.as_str()
                ),
                vec![m.cite(&format!("channels.{}.direction", kind.as_str()), &d.span)],
            ),
            None => Judgement::unverifiable(format!(
                "psp.toml does not say whether {} accepts messages",
                channel_name(kind)
            )),
        };
    }
    if staffed && !ch.is_staffed() && ch.staffed_hours.is_none() {
        return Judgement::unsupported(
            format!(
                "copy promises a person on {}; psp.toml names no staff for it (no staffed_by)",
                channel_name(kind)
            ),
            vec![header],
            Some(format!("{} with our virtual assistant", channel_name(kind))),
        );
    }
    Judgement::supported(
        format!("the program runs {}", channel_name(kind)),
        vec![header],
    )
}
