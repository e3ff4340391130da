//! Verdicts: each promise held against the typed manifest by its category's checker,
//! with the manifest lines that decided it and a rewording the program can honour.

mod availability;
mod channel;
mod contact;
mod cost;
mod language;
mod service;
mod staff;
mod timeliness;

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use crate::manifest::{Citation, Manifest};
use crate::model::{Category, Verdict};
use crate::promises::{Frame, Promise, Qualifier};
use crate::rules::matcher::Matcher;
use crate::rules::{Asserts, CostKind, Rule};

/// The brand team's policy knobs (`[policy]` in vouch.toml).
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// "dedicated"/"personal" needs assignment = dedicated and a caseload at most this.
    pub dedicated_max_caseload: u32,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            dedicated_max_caseload: 100,
        }
    }
}

/// What the manifest says about one promise.
#[derive(Debug, Clone, PartialEq)]
pub struct Judgement {
    pub verdict: Verdict,
    /// Why, in a sentence that names the manifest fact.
    pub message: String,
    pub evidence: Vec<Citation>,
    /// A rewording built from what the manifest says is true.
    pub suggestion: Option<String>,
}

impl Judgement {
    pub fn supported(message: impl Into<String>, evidence: Vec<Citation>) -> Self {
        Judgement {
            verdict: Verdict::Supported,
            message: message.into(),
            evidence,
            suggestion: None,
        }
    }

    pub fn unsupported(
        message: impl Into<String>,
        evidence: Vec<Citation>,
        suggestion: Option<String>,
    ) -> Self {
        Judgement {
            verdict: Verdict::Unsupported,
            message: message.into(),
            evidence,
            suggestion,
        }
    }

    pub fn unverifiable(message: impl Into<String>) -> Self {
        Judgement {
            verdict: Verdict::Unverifiable,
            message: message.into(),
            evidence: Vec::new(),
            suggestion: None,
        }
    }
}

/// A promise's [`assess`]ment, worked out once for every place its sentence appears word
/// for word (a remembered sentence's promises share one). Empty (`default`) for a promise
/// whose place changes it, which is assessed each time. Valid for the engine that scanned
/// the promise: the answer depends on its manifest.
#[derive(Debug, Clone, Default)]
pub struct SharedAssessment(Option<Arc<OnceLock<Option<Judgement>>>>);

impl SharedAssessment {
    /// A slot to be shared by the promises made from one remembered sentence.
    pub fn new() -> Self {
        SharedAssessment(Some(Arc::default()))
    }

    /// The assessment, from `assess` the first time; borrowed when shared, so a promise
    /// that is not reported costs no copy.
    pub fn get_or_assess(
        &self,
        assess: impl FnOnce() -> Option<Judgement>,
    ) -> Option<Cow<'_, Judgement>> {
        match &self.0 {
            Some(slot) => slot.get_or_init(assess).as_ref().map(Cow::Borrowed),
            None => assess().map(Cow::Owned),
        }
    }
}

/// Facts about the whole document a checker may need.
#[derive(Debug, Clone, Copy, Default)]
pub struct DocumentFacts {
    /// The manifest's `cost.disclaimer` appears in the document.
    pub has_disclaimer: bool,
}

/// Judges one promise; `None` when, on a closer look, it commits the program to nothing
/// (a third party's timeline, a name that only looks like the program's).
pub fn judge(
    promise: &Promise,
    rule: &Rule,
    manifest: &Manifest,
    policy: &Policy,
    doc: DocumentFacts,
) -> Option<Judgement> {
    assess(promise, rule, manifest, policy).map(|j| qualify(j, rule, &promise.frame, doc))
}

/// The promise against the manifest, before its fine print and the document are weighed
/// ([`qualify`]): it reads the phrase, the sentence and the frame, not the qualifiers.
pub fn assess(
    promise: &Promise,
    rule: &Rule,
    manifest: &Manifest,
    policy: &Policy,
) -> Option<Judgement> {
    let frame = &promise.frame;
    let judgement = match &rule.asserts {
        // "Talk to your doctor any time": someone else's hours, unless the copy names a
        // role the program could staff.
        Asserts::Hours(_) if frame.third_party_subject && frame.roles.is_empty() => return None,
        Asserts::Hours(kind) => availability::check(*kind, promise, manifest),
        Asserts::Dedicated => staff::dedicated(frame, manifest, policy),
        // A role the program declares is not a promise of its own: what copy says about it
        // (hours, dedication, scope) is judged by those categories.
        Asserts::Role(role) => Some(staff::role(role, manifest))
            .filter(|j| j.verdict != Verdict::Supported || frame.role_acts)?,
        Asserts::Scope(activity) => staff::scope(activity, frame, manifest)?,
        Asserts::Channel {
            channel,
            inbound,
            staffed,
        } => channel::check(channel, *inbound, *staffed, &frame.services, manifest),
        Asserts::Language(kind) => language::check(kind, promise, manifest),
        Asserts::Cost(kind) => cost::check(*kind, promise, manifest),
        Asserts::Universal(kind) => cost::universal(kind, promise, manifest),
        Asserts::Within(fixed) => timeliness::check(fixed.as_deref(), promise, manifest)?,
        Asserts::Service(kind) => service::check(kind, promise, manifest),
        Asserts::Contact(kind) => contact::check(kind, promise, manifest)?,
        Asserts::Capacity(kind) => contact::capacity(kind, promise, manifest),
        Asserts::Facts => facts(&rule.requires, manifest),
    };
    Some(judgement)
}

/// Fine print that limits an unsupported promise to what is delivered makes it qualified.
pub fn qualify(
    mut judgement: Judgement,
    rule: &Rule,
    frame: &Frame,
    doc: DocumentFacts,
) -> Judgement {
    if judgement.verdict == Verdict::Supported {
        if !stays_supported(&judgement, rule, frame, doc) {
            judgement.verdict = Verdict::Qualified;
            judgement.message = format!(
                "{}; kept for the patients its fine print names",
                judgement.message
            );
        }
        return judgement;
    }
    if judgement.verdict != Verdict::Unsupported {
        return judgement;
    }
    let category = rule.category;
    let Some(q) = frame.qualifiers.iter().find(|q| limits(category, q)) else {
        return judgement;
    };
    let how = match &q.marker {
        Some(m) => format!("footnote {m}"),
        None => "the fine print nearby".to_string(),
    };
    if category == Category::Eligibility {
        // "No income requirements*" / "*an income limit applies": fine print cannot take
        // back a universal headline; it contradicts it.
        judgement.message = format!(
            "{}; {how} contradicts the headline: \"{}\"",
            judgement.message,
            shorten(&q.text, 120)
        );
        return judgement;
    }
    judgement.verdict = Verdict::Qualified;
    judgement.message = format!(
        "{}; limited by {how}: \"{}\"",
        judgement.message,
        shorten(&q.text, 120)
    );
    judgement
}

/// Whether [`qualify`] leaves `judgement` supported, known without copying it: a run that
/// does not list kept promises need not build them.
pub fn stays_supported(
    judgement: &Judgement,
    rule: &Rule,
    frame: &Frame,
    doc: DocumentFacts,
) -> bool {
    // A best-case price is true only for some patients; when the document's fine print
    // says for whom, the promise is kept with the fine print doing real work.
    let best_case = matches!(
        rule.asserts,
        Asserts::Cost(CostKind::Floor | CostKind::Free)
    );
    judgement.verdict == Verdict::Supported
        && !(best_case
            && (doc.has_disclaimer || frame.qualifiers.iter().any(|q| limits(rule.category, q))))
}

fn limits(category: Category, qualifier: &Qualifier) -> bool {
    // Each is built on first use, by the cheap engine first (see `Matcher`).
    static HOURS: OnceLock<Matcher> = OnceLock::new();
    static ELIGIBILITY: OnceLock<Matcher> = OnceLock::new();
    static GENERIC: OnceLock<Matcher> = OnceLock::new();
    let cue = |cell: &'static OnceLock<Matcher>, source: &str| -> &'static Matcher {
        cell.get_or_init(|| Matcher::deferred(source, true))
    };
    let text = &qualifier.text;
    match category {
        Category::Availability => cue(&HOURS, r"\b(?:mon(?:day)?|weekdays?|business hours|after[- ]hours?|voicemail|answering service|leave a message)\b|\d\s*(?::\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.)").is_match(text),
        Category::Cost | Category::Eligibility => cue(&ELIGIBILITY, r"\beligib|\brestrictions?\b|\bterms and conditions\b|\bnot valid\b|\bcommercial(?:ly)?\b|\bexclud|\bmaximum\b|\blimit|\bcaps?\b|\bnot available (?:to|for|in)\b|\bmedicare\b|\bmedicaid\b").is_match(text),
        Category::Contact | Category::Capacity => false,
        _ => cue(&GENERIC, r"\beligib|\bsubject to\b|\bwhere available\b|\bmay vary\b|\brestrictions?\b|\bterms and conditions\b|\bnot (?:all|every)\b|\bbusiness days?\b|\btypically\b|\bteam\b").is_match(text),
    }
}

/// A custom rule's promise is kept when every required manifest key is present and truthy.
fn facts(requires: &[String], manifest: &Manifest) -> Judgement {
    let mut evidence = Vec::new();
    for key in requires {
        match lookup(manifest, key) {
            Some((span, truthy)) if truthy => evidence.push(manifest.cite(key, &span)),
            Some((span, _)) => {
                return Judgement::unsupported(
                    format!("psp.toml sets `{key}` to {}", manifest.text(&span).trim()),
                    vec![manifest.cite(key, &span)],
                    None,
                )
            }
            None => {
                return Judgement::unsupported(
                    format!("psp.toml does not declare `{key}`"),
                    evidence,
                    None,
                )
            }
        }
    }
    Judgement::supported(
        "the manifest declares every fact this promise needs",
        evidence,
    )
}

/// Finds a dotted key in the manifest: its value's span and whether it is truthy (not
/// false, zero, empty or "none").
fn lookup(manifest: &Manifest, key: &str) -> Option<(std::ops::Range<usize>, bool)> {
    let doc = toml_edit::ImDocument::parse(manifest.source.as_str()).ok()?;
    let mut item = doc.as_item();
    for part in key.split('.') {
        item = item.get(part)?;
    }
    let span = item.span()?;
    let truthy = match item.as_value() {
        Some(toml_edit::Value::Boolean(b)) => *b.value(),
        Some(toml_edit::Value::Integer(i)) => *i.value() != 0,
        Some(toml_edit::Value::Float(f)) => *f.value() != 0.0,
        Some(toml_edit::Value::String(s)) => !s.value().is_empty() && s.value() != "none",
        Some(toml_edit::Value::Array(a)) => !a.is_empty(),
        _ => true,
    };
    Some((span, truthy))
}

pub(crate) fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    format!("{}…", cut.trim_end())
}

/// "a, b and c".
pub(crate) fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
