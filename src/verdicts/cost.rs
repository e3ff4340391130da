//! Cost and eligibility: prices against the savings program's floor, unit and caps; and
//! universality ("regardless of insurance", "every patient") against who it covers.

use std::sync::OnceLock;

use regex::Regex;

use crate::manifest::{Insurance, Manifest, ServiceKind};
use crate::promises::Promise;
use crate::rules::matcher::Matcher;
use crate::rules::CostKind;

use super::Judgement;

fn dollars(cents: u64) -> String {
    let whole = cents / 100;
    let mut digits = whole.to_string();
    let mut i = digits.len() as isize - 3;
    while i > 0 {
        digits.insert(i as usize, ',');
        i -= 3;
    }
    if cents.is_multiple_of(100) {
        format!("${digits}")
    } else {
        format!("${digits}.{:02}", cents % 100)
    }
}

fn to_cents(amount: f64) -> u64 {
    (amount * 100.0).round().max(0.0) as u64
}

pub fn check(kind: CostKind, promise: &Promise, m: &Manifest) -> Judgement {
    let Some(cost) = &m.cost else {
        if kind == CostKind::Free {
            if let Some(pa) = m.services.get(&ServiceKind::PatientAssistance) {
                return Judgement::supported(
                    "the program runs a patient assistance (free drug) program",
                    vec![m.cite("services.patient_assistance", &pa.span)],
                );
            }
        }
        return Judgement::unsupported(
            "copy promises a price; psp.toml declares no [cost] savings program",
            Vec::new(),
            None,
        );
    };
    let frame = &promise.frame;
    let per = cost.per.as_ref();
    let floor_text = |c: u64| match per {
        Some(p) => format!("as little as {} per {}", dollars(c), p.value.as_str()),
        None => format!("as little as {}", dollars(c)),
    };
    match kind {
        CostKind::Floor | CostKind::Disclaimer => {
            let Some(floor) = &cost.as_little_as else {
                return Judgement::unverifiable(
                    "psp.toml does not declare the savings program's floor (cost.as_little_as)",
                );
            };
            let floor_cents = to_cents(floor.value);
            let mut evidence = vec![m.cite("cost.as_little_as", &floor.span)];
            let Some(claimed) = frame.amount_cents else {
                return Judgement::unverifiable(
                    "vouch could not read the amount this price promises",
                );
            };
            if claimed < floor_cents {
                return Judgement::unsupported(
                    format!(
                        "copy promises {}; the best case the program delivers is {}",
                        dollars(claimed),
                        floor_text(floor_cents)
                    ),
                    evidence,
                    Some(format!("pay {}", floor_text(floor_cents))),
                );
            }
            if let (Some(claimed_per), Some(p)) = (&frame.per, per) {
                if claimed_per != p.value.as_str() && claimed_per != "year" {
                    evidence.push(m.cite("cost.per", &p.span));
                    return Judgement::unsupported(
                        format!("copy promises a price per {claimed_per}; the program's floor is per {}", p.value.as_str()),
                        evidence,
                        Some(format!("pay {}", floor_text(floor_cents))),
                    );
                }
            }
            Judgement::supported(
                format!("the program's floor is {}", floor_text(floor_cents)),
                evidence,
            )
        }
        CostKind::Free => {
            if let Some(floor) = cost.as_little_as.as_ref().filter(|f| f.value <= 0.0) {
                return Judgement::supported(
                    "the savings program's floor is $0",
                    vec![m.cite("cost.as_little_as", &floor.span)],
                );
            }
            if let Some(pa) = m.services.get(&ServiceKind::PatientAssistance) {
                return Judgement::supported(
                    "the program runs a patient assistance (free drug) program",
                    vec![m.cite("services.patient_assistance", &pa.span)],
                );
            }
            let evidence: Vec<_> = cost
                .as_little_as
                .iter()
                .map(|f| m.cite("cost.as_little_as", &f.span))
                .collect();
            Judgement::unsupported(
                "copy promises medication at no cost; the program's floor is above $0 and it runs no free drug program",
                evidence,
                cost.as_little_as.as_ref().map(|f| format!("pay {}", floor_text(to_cents(f.value)))),
            )
        }
        CostKind::Cap => {
            let Some(claimed) = frame.amount_cents else {
                return Judgement::unverifiable(
                    "vouch could not read the amount this cap promises",
                );
            };
            let per_claim = matches!(
                frame.per.as_deref(),
                Some("fill" | "dose" | "infusion" | "month")
            );
            let (key, cap) = if per_claim {
                (
                    "cost.max_per_claim",
                    cost.max_per_claim
                        .as_ref()
                        .or(cost.max_annual_benefit.as_ref()),
                )
            } else {
                ("cost.max_annual_benefit", cost.max_annual_benefit.as_ref())
            };
            let Some(cap) = cap else {
                return Judgement::unverifiable(
                    "psp.toml does not declare the savings program's maximum benefit",
                );
            };
            let key = if per_claim && cost.max_per_claim.is_none() {
                "cost.max_annual_benefit"
            } else {
                key
            };
            let cap_cents = to_cents(cap.value);
            let evidence = vec![m.cite(key, &cap.span)];
            if claimed > cap_cents {
                let unit = if key == "cost.max_per_claim" {
                    "per claim"
                } else {
                    "per year"
                };
                return Judgement::unsupported(
                    format!(
                        "copy promises up to {}; the program's maximum is {} {unit}",
                        dollars(claimed),
                        dollars(cap_cents)
                    ),
                    evidence,
                    Some(format!("save up to {} {unit}", dollars(cap_cents))),
                );
            }
            Judgement::supported(
                format!("within the program's maximum of {}", dollars(cap_cents)),
                evidence,
            )
        }
    }
}

/// Whether a sentence is about money (so universality is about the savings program).
fn about_cost(sentence: &str) -> bool {
    static COST: OnceLock<Matcher> = OnceLock::new();
    COST.get_or_init(|| {
        Matcher::deferred(r"\$|\bpay\b|\bco-?pays?\b|\bsav(?:e|es|ings)\b|\bcosts?\b|\bafford|\bfree\b|\bcoupon|\bcard\b|\bdiscount|\bout[- ]of[- ]pocket\b|\bprice|\bfinancial\b|\bcopay card\b", true)
    })
    .is_match(sentence)
}

pub fn universal(kind: &str, promise: &Promise, m: &Manifest) -> Judgement {
    let sentence = &promise.sentence;
    let cost_claim = about_cost(sentence);
    let lower = sentence.to_ascii_lowercase();
    let assistance = lower.contains("assistance")
        || lower.contains("free drug")
        || lower.contains("free medication");
    let cost = m.cost.as_ref();
    match kind {
        // "Works even with Medicare": that insurance must be covered by something.
        "insurance" if names_government_insurance(sentence).is_some() => {
            let named = names_government_insurance(sentence).expect("checked");
            let mut evidence = Vec::new();
            if let Some(e) = cost.and_then(|c| c.eligible_insurance.as_ref()) {
                if e.value.contains(&named) {
                    return Judgement::supported(
                        format!("the savings program covers {}", named.as_str()),
                        vec![m.cite("cost.eligible_insurance", &e.span)],
                    );
                }
                evidence.push(m.cite("cost.eligible_insurance", &e.span));
            }
            for s in m.services.values() {
                if let Some(e) = &s.eligible_insurance {
                    if e.value.contains(&named) {
                        return Judgement::supported(
                            format!(
                                "{} covers {}",
                                s.kind.as_str().replace('_', " "),
                                named.as_str()
                            ),
                            vec![m.cite(
                                &format!("services.{}.eligible_insurance", s.kind.as_str()),
                                &e.span,
                            )],
                        );
                    }
                }
            }
            Judgement::unsupported(
                format!(
                    "copy promises help for {} patients; nothing in the program covers them",
                    named.as_str()
                ),
                evidence,
                Some("for commercially insured patients".into()),
            )
        }
        "insurance" | "patients" if (cost_claim || enrolls(sentence)) && !assistance => {
            let Some(cost) = cost else {
                return Judgement::unsupported("copy promises savings to everyone; psp.toml declares no [cost] savings program", Vec::new(), None);
            };
            let mut evidence = Vec::new();
            let mut limits = Vec::new();
            if let Some(eligible) = &cost.eligible_insurance {
                let all = [
                    Insurance::Commercial,
                    Insurance::Medicare,
                    Insurance::Medicaid,
                ];
                if !all.iter().all(|i| eligible.value.contains(i)) {
                    evidence.push(m.cite("cost.eligible_insurance", &eligible.span));
                    let names: Vec<String> = eligible
                        .value
                        .iter()
                        .map(|i| i.as_str().to_string())
                        .collect();
                    limits.push(format!(
                        "the savings program covers {} insurance only",
                        super::join_and(&names)
                    ));
                }
            }
            if kind == "patients" {
                if let Some(states) = cost
                    .excluded_states
                    .as_ref()
                    .filter(|s| !s.value.is_empty())
                {
                    evidence.push(m.cite("cost.excluded_states", &states.span));
                    limits.push(format!("it excludes {}", super::join_and(&states.value)));
                }
            }
            if limits.is_empty() {
                return Judgement::supported(
                    "the savings program declares no insurance limits",
                    evidence,
                );
            }
            let only_commercial = cost
                .eligible_insurance
                .as_ref()
                .is_some_and(|e| e.value == [Insurance::Commercial]);
            let who = if only_commercial {
                "for commercially insured patients"
            } else {
                "for eligible patients"
            };
            let promised = if kind == "insurance" {
                "help regardless of insurance"
            } else {
                "savings to every patient"
            };
            Judgement::unsupported(
                format!("copy promises {promised}; {}", limits.join("; ")),
                evidence,
                Some(who.to_string()),
            )
        }
        "insurance" | "patients" => {
            // Support services: kept unless a service the sentence names limits who it serves.
            for name in &promise.frame.services {
                let Some(kind) = ServiceKind::from_name(name) else {
                    continue;
                };
                if let Some(limit) = m
                    .services
                    .get(&kind)
                    .and_then(|s| s.eligible_insurance.as_ref())
                {
                    let names: Vec<String> =
                        limit.value.iter().map(|i| i.as_str().to_string()).collect();
                    return Judgement::unsupported(
                        format!(
                            "copy promises {name} to everyone; it serves {} patients only",
                            super::join_and(&names)
                        ),
                        vec![m.cite(&format!("services.{name}.eligible_insurance"), &limit.span)],
                        Some("for eligible patients".into()),
                    );
                }
            }
            if assistance {
                if let Some(limit) = m
                    .services
                    .get(&ServiceKind::PatientAssistance)
                    .and_then(|s| s.eligible_insurance.as_ref())
                {
                    let names: Vec<String> =
                        limit.value.iter().map(|i| i.as_str().to_string()).collect();
                    return Judgement::unsupported(
                        format!("copy promises patient assistance to everyone; it serves {} patients only", super::join_and(&names)),
                        vec![m.cite("services.patient_assistance.eligible_insurance", &limit.span)],
                        Some("for eligible patients".into()),
                    );
                }
            }
            Judgement::supported(
                "the program's support services declare no insurance limits",
                Vec::new(),
            )
        }
        "stated" => stated_eligibility(promise, m),
        "states" => {
            if cost_claim {
                if let Some(states) = cost
                    .and_then(|c| c.excluded_states.as_ref())
                    .filter(|s| !s.value.is_empty())
                {
                    return Judgement::unsupported(
                        format!(
                            "copy promises savings in every state; the savings program excludes {}",
                            super::join_and(&states.value)
                        ),
                        vec![m.cite("cost.excluded_states", &states.span)],
                        Some(format!(
                            "not available in {}",
                            super::join_and(&states.value)
                        )),
                    );
                }
            }
            let regions = m.program.as_ref().and_then(|p| p.regions.as_ref());
            match regions {
                Some(r) if r.value.iter().any(|x| x == "US") => Judgement::supported(
                    "the program serves the US",
                    vec![m.cite("program.regions", &r.span)],
                ),
                _ => Judgement::unverifiable("psp.toml does not declare the program's regions"),
            }
        }
        _ if cost_claim && !assistance => {
            Judgement::unverifiable("psp.toml declares no income rule for the savings program")
        }
        _ => {
            // Income: free-drug programs carry income limits; the copay program usually not.
            let limit = m
                .services
                .get(&ServiceKind::PatientAssistance)
                .and_then(|s| s.income_limit_fpl.as_ref());
            match limit {
                Some(l) if assistance || !cost_claim => Judgement::unsupported(
                    format!("copy promises help without income limits; patient assistance is limited to {}% of the federal poverty level", l.value),
                    vec![m.cite("services.patient_assistance.income_limit_fpl", &l.span)],
                    Some(format!("for eligible patients with household income up to {}% of the federal poverty level", l.value)),
                ),
                _ => Judgement::supported("the program declares no income limit for this help", Vec::new()),
            }
        }
    }
}

/// Eligibility the copy states: an income limit against `income_limit_fpl`, commercial
/// insurance against `cost.eligible_insurance`.
fn stated_eligibility(promise: &Promise, m: &Manifest) -> Judgement {
    static PERCENT: OnceLock<Regex> = OnceLock::new();
    let percent = PERCENT.get_or_init(|| Regex::new(r"(\d+)\s*%").expect("percent"));
    if let Some(claimed) = percent
        .captures(&promise.phrase)
        .and_then(|c| c[1].parse::<u32>().ok())
    {
        let limit = m
            .services
            .get(&ServiceKind::PatientAssistance)
            .and_then(|s| s.income_limit_fpl.as_ref());
        return match limit {
            Some(l) if l.value == claimed => Judgement::supported(
                format!("patient assistance is limited to {}% of the federal poverty level", l.value),
                vec![m.cite("services.patient_assistance.income_limit_fpl", &l.span)],
            ),
            Some(l) => Judgement::unsupported(
                format!("copy states an income limit of {claimed}% of the federal poverty level; the program's is {}%", l.value),
                vec![m.cite("services.patient_assistance.income_limit_fpl", &l.span)],
                Some(format!("household income up to {}% of the federal poverty level", l.value)),
            ),
            None => Judgement::unverifiable("psp.toml declares no income limit"),
        };
    }
    match m.cost.as_ref().and_then(|c| c.eligible_insurance.as_ref()) {
        Some(e) if e.value.contains(&Insurance::Commercial) => {
            Judgement::supported("the savings program covers commercial insurance", vec![m.cite("cost.eligible_insurance", &e.span)])
        }
        Some(e) => Judgement::unsupported(
            "copy says commercially insured patients are eligible; the savings program does not cover them",
            vec![m.cite("cost.eligible_insurance", &e.span)],
            None,
        ),
        None => Judgement::unverifiable("psp.toml does not say who the savings program covers"),
    }
}

/// Medicare, Medicaid, TRICARE or VA named in a sentence.
fn names_government_insurance(sentence: &str) -> Option<Insurance> {
    let lower = sentence.to_ascii_lowercase();
    [
        ("medicare", Insurance::Medicare),
        ("medicaid", Insurance::Medicaid),
        ("tricare", Insurance::Tricare),
    ]
    .into_iter()
    .find(|(w, _)| lower.contains(w))
    .map(|(_, i)| i)
}

/// "qualifies", "can enroll", "is eligible": universality about joining the program.
fn enrolls(sentence: &str) -> bool {
    let lower = sentence.to_ascii_lowercase();
    ["qualif", "enroll", "eligib", "sign up"]
        .iter()
        .any(|w| lower.contains(w))
}
