//! Contact details and capacity: numbers, short codes and the program's name must match
//! the manifest; patient counts must not exceed `capacity.enrolled_patients`.

use crate::manifest::{dial_digits, ChannelKind, Manifest, Role};
use crate::promises::Promise;

use super::Judgement;

/// Ten dialled digits, without a leading country code.
fn national(number: &str) -> String {
    let d = dial_digits(number);
    match d.strip_prefix('1') {
        Some(rest) if d.len() >= 11 => rest.chars().take(10).collect(),
        _ => d.chars().take(10).collect(),
    }
}

/// The keywords every US short code answers (the carriers' opt-out and help words).
const CARRIER_KEYWORDS: [&str; 8] = [
    "STOP",
    "STOPALL",
    "UNSUBSCRIBE",
    "CANCEL",
    "END",
    "QUIT",
    "HELP",
    "INFO",
];

/// Public lines copy quotes for other reasons: the FDA's MedWatch (1-800-FDA-1088) and
/// poison control.
const PUBLIC_LINES: [&str; 2] = ["8003321088", "8002221222"];

pub fn check(kind: &str, promise: &Promise, m: &Manifest) -> Option<Judgement> {
    let written = promise
        .frame
        .contact
        .clone()
        .unwrap_or_else(|| promise.phrase.clone());
    Some(match kind {
        "phone" => {
            // A fax number is not a promise that patients can call.
            let before = promise.frame.before.to_ascii_lowercase();
            if before.contains("fax") {
                return Some(Judgement::unverifiable(format!(
                    "copy quotes {written} as a fax number; psp.toml declares none to compare with"
                )));
            }
            // Where to report a side effect, or a public line (the FDA's MedWatch, poison
            // control): safety copy every page carries, not the program's number at all.
            let sentence = promise.sentence.to_ascii_lowercase();
            let reports_side_effects = sentence.contains("report")
                && ["side effect", "adverse"]
                    .iter()
                    .any(|w| sentence.contains(w));
            if reports_side_effects
                || ["fda", "medwatch", "poison"]
                    .iter()
                    .any(|w| before.contains(w))
                || PUBLIC_LINES.contains(&national(&written).as_str())
            {
                return None;
            }
            // A number labelled as someone else's (the pharmacy's help desk, the insurer).
            if [
                "pharmacy",
                "insur",
                "plan",
                "foundation",
                "doctor",
                "help desk",
            ]
            .iter()
            .any(|w| before.contains(w))
            {
                return Some(Judgement::unverifiable(format!(
                    "copy quotes {written} as a third party's number; psp.toml cannot confirm it"
                )));
            }
            let Some(phone) = m.channel(ChannelKind::Phone) else {
                return Some(Judgement::unsupported(
                    "copy quotes a phone number; the program has no [channels.phone]",
                    Vec::new(),
                    None,
                ));
            };
            let quoted = national(&written);
            if quoted.len() != 10 {
                // Not a dialable North American number ("1-800-4-YOU" fragments).
                return None;
            }
            let mut evidence = Vec::new();
            for (key, value) in [("number", &phone.number), ("vanity", &phone.vanity)] {
                if let Some(v) = value {
                    let cite = m.cite(&format!("channels.phone.{key}"), &v.span);
                    if national(&v.value) == quoted {
                        return Some(Judgement::supported(
                            format!("the program's {key}"),
                            vec![cite],
                        ));
                    }
                    evidence.push(cite);
                }
            }
            if evidence.is_empty() {
                return Some(Judgement::unverifiable(
                    "psp.toml declares no phone number to compare with",
                ));
            }
            let right = phone
                .number
                .as_ref()
                .or(phone.vanity.as_ref())
                .map(|n| n.value.clone());
            Judgement::unsupported(
                format!(
                    "copy quotes {written}; the program's number is {}",
                    right.clone().unwrap_or_default()
                ),
                evidence,
                right,
            )
        }
        "web" => web(&written, m),
        "short_code" => {
            let Some(sms) = m.channel(ChannelKind::Sms) else {
                return Some(Judgement::unsupported(
                    "copy quotes a text short code; the program has no [channels.sms]",
                    Vec::new(),
                    None,
                ));
            };
            let keyword = promise
                .phrase
                .split_whitespace()
                .nth(1)
                .map(str::to_string)
                .unwrap_or_default();
            let mut evidence = Vec::new();
            if let Some(code) = &sms.short_code {
                evidence.push(m.cite("channels.sms.short_code", &code.span));
                if code.value != written {
                    return Some(Judgement::unsupported(
                        format!(
                            "copy quotes short code {written}; the program's is {}",
                            code.value
                        ),
                        evidence,
                        Some(format!("text {keyword} to {}", code.value)),
                    ));
                }
            }
            // Carriers answer these on every short code (opt-out and help): no program
            // declares them, and the copy the law requires quotes them.
            let carrier_keyword = CARRIER_KEYWORDS
                .iter()
                .any(|k| k.eq_ignore_ascii_case(&keyword));
            if let Some(keywords) = &sms.keywords {
                evidence.push(m.cite("channels.sms.keywords", &keywords.span));
                if !carrier_keyword
                    && !keywords
                        .value
                        .iter()
                        .any(|k| k.eq_ignore_ascii_case(&keyword))
                {
                    let code = sms
                        .short_code
                        .as_ref()
                        .map(|c| c.value.clone())
                        .unwrap_or(written);
                    return Some(Judgement::unsupported(
                        format!(
                            "copy asks patients to text {keyword}; the program's keywords are {}",
                            keywords.value.join(", ")
                        ),
                        evidence,
                        keywords
                            .value
                            .first()
                            .map(|k| format!("text {k} to {code}")),
                    ));
                }
            }
            Judgement::supported("the program's short code and keyword", evidence)
        }
        _ => {
            // Inside a web or email address the name is spelt as addresses are, in lower
            // case ("www.carebridge.com"); the address is checked as an address.
            if in_address(promise) {
                return None;
            }
            let name = m.program.as_ref()?.name.as_ref()?;
            let cite = m.cite("program.name", &name.span);
            let phrase = promise.phrase.trim_end_matches(['™', '®']);
            let phrase = phrase.strip_suffix("TM").unwrap_or(phrase);
            // All capitals is a typographic choice (headings, logos), not a misspelling.
            if phrase == name.value || phrase == name.value.to_uppercase() {
                Judgement::supported("the program's name", vec![cite])
            } else {
                Judgement::unsupported(
                    format!(
                        "copy writes the program's name as \"{phrase}\"; psp.toml spells it \"{}\"",
                        name.value
                    ),
                    vec![cite],
                    Some(name.value.clone()),
                )
            }
        }
    })
}

/// Whether the phrase sits in a web or email address: after `www.`, `://`, `@` or `/`, or
/// before an `@` or a dot and a letter (`carebridge.com`).
fn in_address(promise: &Promise) -> bool {
    let before = &promise.frame.before;
    if ["www.", "WWW.", "://", "@", "/"]
        .iter()
        .any(|p| before.ends_with(p))
    {
        return true;
    }
    // The phrase's own place: the occurrence the words before it lead to.
    let (sentence, phrase) = (&promise.sentence, &promise.phrase);
    !phrase.is_empty()
        && sentence
            .match_indices(phrase.as_str())
            .filter(|(at, _)| sentence[..*at].ends_with(before.as_str()))
            .any(|(at, _)| {
                let after = &sentence.as_bytes()[at + phrase.len()..];
                after.first() == Some(&b'@')
                    || (after.first() == Some(&b'.')
                        && after.get(1).is_some_and(u8::is_ascii_alphabetic))
            })
}

pub fn capacity(kind: &str, promise: &Promise, m: &Manifest) -> Judgement {
    if kind == "caseload" {
        return caseload(promise, m);
    }
    if kind == "unlimited" {
        return Judgement::unverifiable(
            "copy promises unlimited support; psp.toml declares no such limit or its absence",
        );
    }
    let count: Option<u64> = promise
        .phrase
        .split_whitespace()
        .find_map(|w| w.trim_end_matches('+').replace(',', "").parse().ok());
    let enrolled = m
        .capacity
        .as_ref()
        .and_then(|c| c.enrolled_patients.as_ref());
    match (count, enrolled) {
        (Some(count), Some(e)) if count <= e.value as u64 => Judgement::supported(
            format!("the program serves {} patients", e.value),
            vec![m.cite("capacity.enrolled_patients", &e.span)],
        ),
        (Some(count), Some(e)) => Judgement::unsupported(
            format!(
                "copy claims {count} patients; the program serves {}",
                e.value
            ),
            vec![m.cite("capacity.enrolled_patients", &e.span)],
            Some(format!("more than {} patients", e.value)),
        ),
        _ => Judgement::unverifiable(
            "psp.toml does not declare how many patients the program serves",
        ),
    }
}

/// A web or email address: kept when its domain is one psp.toml declares anywhere (for
/// example `capabilities.website`); unverifiable otherwise.
fn web(written: &str, m: &Manifest) -> Judgement {
    let domain = |s: &str| {
        let s = s.to_ascii_lowercase();
        let s = s.rsplit('@').next().unwrap_or(&s).to_string();
        let s = s
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .trim_start_matches("www.");
        s.split('/')
            .next()
            .unwrap_or(s)
            .trim_end_matches('.')
            .to_string()
    };
    let wanted = domain(written);
    for (key, value) in &m.capabilities {
        if let Some(text) = value.value.as_str() {
            if domain(text) == wanted {
                return Judgement::supported(
                    "the program's address",
                    vec![m.cite(&format!("capabilities.{key}"), &value.span)],
                );
            }
        }
    }
    Judgement::unverifiable(format!(
        "copy quotes {written}; psp.toml declares no such address"
    ))
}

/// A caseload stated in copy against the caseload of the role it names (or the only role
/// whose caseload would make it true).
fn caseload(promise: &Promise, m: &Manifest) -> Judgement {
    let claimed: Option<u32> = promise
        .phrase
        .split(|c: char| !c.is_ascii_digit())
        .find(|w| !w.is_empty())
        .and_then(|w| w.parse().ok());
    let Some(claimed) = claimed else {
        return Judgement::unverifiable("vouch could not read the caseload this copy states");
    };
    let roles: Vec<Role> = promise
        .frame
        .roles
        .iter()
        .filter_map(|r| Role::from_name(r))
        .collect();
    let candidates: Vec<Role> = if roles.is_empty() {
        m.staff.keys().copied().collect()
    } else {
        roles
    };
    let mut evidence = Vec::new();
    for role in &candidates {
        let Some(load) = m.staff.get(role).and_then(|s| s.caseload.as_ref()) else {
            continue;
        };
        let cite = m.cite(&format!("staff.{}.caseload", role.as_str()), &load.span);
        if claimed >= load.value {
            return Judgement::supported(
                format!(
                    "{} carry {} patients each",
                    super::availability::staff_name(m, *role),
                    load.value
                ),
                vec![cite],
            );
        }
        evidence.push((cite, *role, load.value));
    }
    match evidence.first().map(|(_, role, actual)| (*role, *actual)) {
        Some((role, actual)) => {
            let name = super::availability::staff_name(m, role);
            Judgement::unsupported(
                format!("copy states a caseload of {claimed}; {name} carry {actual} patients each"),
                evidence.into_iter().map(|(c, _, _)| c).collect(),
                Some(format!("a caseload of about {actual} patients")),
            )
        }
        None => Judgement::unverifiable("psp.toml declares no caseload for this role"),
    }
}

#[cfg(test)]
mod tests {
    use super::national;

    #[test]
    fn numbers_compare_by_their_ten_dialled_digits() {
        assert_eq!(national("1-800-555-0100"), "8005550100");
        assert_eq!(national("(800) 555-0100"), "8005550100");
        assert_eq!(national("1-800-CARE-BRG"), national("1-800-227-3274"));
        // Letters past the tenth digit of a vanity number are not dialled.
        assert_eq!(national("1-800-CARE-BRIDGE"), "8002273274");
    }
}
