//! Languages: named languages and counts against `[languages]` (or the named channel's own
//! `languages`) and `interpreters`.

use crate::manifest::{ChannelKind, Manifest};
use crate::promises::Promise;
use crate::rules::LanguageAssertion;

use super::{join_and, Judgement};

pub fn check(kind: &LanguageAssertion, promise: &Promise, m: &Manifest) -> Judgement {
    let frame = &promise.frame;
    let channel = frame
        .channels
        .iter()
        .find_map(|c| ChannelKind::from_name(c));
    let (key, supported) = match channel
        .and_then(|c| m.channel(c))
        .and_then(|ch| ch.languages.as_ref().map(|l| (ch.kind, l)))
    {
        Some((kind, list)) => (format!("channels.{}.languages", kind.as_str()), Some(list)),
        None => (
            "languages.supported".to_string(),
            m.languages.as_ref().and_then(|l| l.supported.as_ref()),
        ),
    };
    let Some(supported) = supported else {
        return Judgement::unverifiable(
            "psp.toml does not declare which languages the program supports",
        );
    };
    let interpreters = m
        .languages
        .as_ref()
        .and_then(|l| l.interpreters.as_ref())
        .filter(|i| i.value);
    let mentions_interpreters = promise.sentence.to_ascii_lowercase().contains("interpret");
    let mut evidence = vec![m.cite(&key, &supported.span)];
    let names: Vec<String> = supported
        .value
        .iter()
        .map(|c| language_name(c).to_string())
        .collect();
    let suggestion = match interpreters {
        Some(_) => format!(
            "support in {}, with phone interpreters for other languages",
            join_and(&names)
        ),
        None => format!("support in {}", join_and(&names)),
    };
    let by_interpreter = |evidence: &mut Vec<_>| {
        interpreters.filter(|_| mentions_interpreters).map(|i| {
            evidence.push(m.cite("languages.interpreters", &i.span));
        })
    };
    match kind {
        LanguageAssertion::Code(_) | LanguageAssertion::Named => {
            let wanted: Vec<String> = match kind {
                LanguageAssertion::Code(code) => vec![code.clone()],
                _ => frame.languages.clone(),
            };
            let wanted: Vec<String> =
                if wanted.is_empty() && promise.phrase.to_ascii_lowercase().contains("bilingual") {
                    vec!["en".into(), "es".into()]
                } else {
                    wanted
                };
            let missing: Vec<&String> = wanted
                .iter()
                .filter(|w| !supported.value.contains(w))
                .collect();
            if missing.is_empty() {
                return Judgement::supported(
                    format!("the program supports {}", join_and(&names)),
                    evidence,
                );
            }
            if by_interpreter(&mut evidence).is_some() {
                return Judgement::supported("phone interpreters cover other languages", evidence);
            }
            let missing: Vec<String> = missing
                .iter()
                .map(|c| language_name(c).to_string())
                .collect();
            Judgement::unsupported(
                format!(
                    "copy promises support in {}; the program supports {}",
                    join_and(&missing),
                    join_and(&names)
                ),
                evidence,
                Some(suggestion),
            )
        }
        LanguageAssertion::Count => {
            let Some(count) = frame.language_count else {
                return Judgement::unverifiable(
                    "vouch could not read how many languages the copy promises",
                );
            };
            if count as usize <= supported.value.len() {
                return Judgement::supported(
                    format!("the program supports {}", join_and(&names)),
                    evidence,
                );
            }
            if by_interpreter(&mut evidence).is_some() {
                return Judgement::supported("phone interpreters cover other languages", evidence);
            }
            Judgement::unsupported(
                format!(
                    "copy promises support in {count} languages; the program supports {}",
                    join_and(&names)
                ),
                evidence,
                Some(suggestion),
            )
        }
        LanguageAssertion::Interpreters => {
            match m.languages.as_ref().and_then(|l| l.interpreters.as_ref()) {
                Some(i) if i.value => Judgement::supported(
                    "the program provides interpreters",
                    vec![m.cite("languages.interpreters", &i.span)],
                ),
                Some(i) => Judgement::unsupported(
                    "copy promises interpreters; psp.toml sets languages.interpreters = false",
                    vec![m.cite("languages.interpreters", &i.span)],
                    Some(format!("support in {}", join_and(&names))),
                ),
                None => Judgement::unverifiable(
                    "psp.toml does not say whether the program provides interpreters",
                ),
            }
        }
        LanguageAssertion::Several => {
            let phrase = promise.phrase.to_ascii_lowercase();
            let needs_interpreters = ["any", "preferred", "native", "own"]
                .iter()
                .any(|w| phrase.contains(w));
            if needs_interpreters {
                if let Some(i) = interpreters {
                    evidence.push(m.cite("languages.interpreters", &i.span));
                    return Judgement::supported(
                        "phone interpreters cover other languages",
                        evidence,
                    );
                }
            } else if supported.value.len() >= 2 {
                return Judgement::supported(
                    format!("the program supports {}", join_and(&names)),
                    evidence,
                );
            }
            Judgement::unsupported(
                format!(
                    "copy promises support in many languages; the program supports {}",
                    join_and(&names)
                ),
                evidence,
                Some(suggestion),
            )
        }
    }
}

pub fn language_name(code: &str) -> &str {
    match code {
        "en" => "English",
        "es" => "Spanish",
        "zh" => "Chinese",
        "vi" => "Vietnamese",
        "ko" => "Korean",
        "tl" => "Tagalog",
        "ru" => "Russian",
        "ar" => "Arabic",
        "fr" => "French",
        "ht" => "Haitian Creole",
        "pt" => "Portuguese",
        "pl" => "Polish",
        "hi" => "Hindi",
        "ja" => "Japanese",
        "de" => "German",
        "it" => "Italian",
        other => other,
    }
}
