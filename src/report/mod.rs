//! The council report (`vouch report`): every promise across all copy, kept or broken, per
//! audience and capability, set against what the program delivers.
//!
//! `Ledger::build` turns the engine's file reports and the manifest into a typed model;
//! `html` and `markdown` only render that model, so both formats carry the same sections
//! and the same numbers.

use std::collections::{BTreeMap, BTreeSet};

use crate::check::{FileReport, Finding};
use crate::manifest::{Citation, Manifest, ServiceMode};
use crate::model::{Category, Verdict};

pub mod html;
pub mod markdown;

/// The capabilities the ledger is grouped by, in the order a council reads them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Capability {
    Hours,
    Staffing,
    Channels,
    Languages,
    CostEligibility,
    Services,
    Timeliness,
    Contact,
    Capacity,
}

impl Capability {
    pub const ALL: [Capability; 9] = [
        Capability::Hours,
        Capability::Staffing,
        Capability::Channels,
        Capability::Languages,
        Capability::CostEligibility,
        Capability::Services,
        Capability::Timeliness,
        Capability::Contact,
        Capability::Capacity,
    ];

    pub fn of(category: Category) -> Capability {
        match category {
            Category::Availability => Capability::Hours,
            Category::DedicatedStaff | Category::StaffRole => Capability::Staffing,
            Category::Channel => Capability::Channels,
            Category::Language => Capability::Languages,
            Category::Cost | Category::Eligibility => Capability::CostEligibility,
            Category::Service => Capability::Services,
            Category::Timeliness => Capability::Timeliness,
            // Directive and input notices are not promises; they never reach the ledger.
            Category::Contact | Category::Suppression | Category::Input => Capability::Contact,
            Category::Capacity => Capability::Capacity,
        }
    }

    /// A short machine name (used for filters and ids).
    pub fn id(self) -> &'static str {
        match self {
            Capability::Hours => "hours",
            Capability::Staffing => "staffing",
            Capability::Channels => "channels",
            Capability::Languages => "languages",
            Capability::CostEligibility => "cost",
            Capability::Services => "services",
            Capability::Timeliness => "timeliness",
            Capability::Contact => "contact",
            Capability::Capacity => "capacity",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Capability::Hours => "Hours and availability",
            Capability::Staffing => "Staffing",
            Capability::Channels => "Channels",
            Capability::Languages => "Languages",
            Capability::CostEligibility => "Cost and eligibility",
            Capability::Services => "Services",
            Capability::Timeliness => "Timeliness",
            Capability::Contact => "Contact details",
            Capability::Capacity => "Capacity",
        }
    }
}

/// Verdicts in ledger order: broken first, kept last.
pub const VERDICT_ORDER: [Verdict; 4] = [
    Verdict::Unsupported,
    Verdict::Unverifiable,
    Verdict::Qualified,
    Verdict::Supported,
];

fn verdict_rank(v: Verdict) -> usize {
    VERDICT_ORDER.iter().position(|x| *x == v).unwrap_or(0)
}

/// How the report names a verdict.
pub fn verdict_label(v: Verdict) -> &'static str {
    match v {
        Verdict::Unsupported => "broken",
        Verdict::Unverifiable => "unverifiable",
        Verdict::Qualified => "qualified",
        Verdict::Supported => "kept",
    }
}

/// Promise counts per verdict.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub supported: usize,
    pub unsupported: usize,
    pub qualified: usize,
    pub unverifiable: usize,
}

impl Counts {
    pub fn add(&mut self, v: Verdict) {
        *self.get_mut(v) += 1;
    }

    fn get_mut(&mut self, v: Verdict) -> &mut usize {
        match v {
            Verdict::Supported => &mut self.supported,
            Verdict::Unsupported => &mut self.unsupported,
            Verdict::Qualified => &mut self.qualified,
            Verdict::Unverifiable => &mut self.unverifiable,
        }
    }

    pub fn get(&self, v: Verdict) -> usize {
        match v {
            Verdict::Supported => self.supported,
            Verdict::Unsupported => self.unsupported,
            Verdict::Qualified => self.qualified,
            Verdict::Unverifiable => self.unverifiable,
        }
    }

    pub fn total(&self) -> usize {
        self.supported + self.unsupported + self.qualified + self.unverifiable
    }

    /// Promises the program cannot keep.
    pub fn broken(&self) -> usize {
        self.unsupported
    }
}

/// One place a promise is made.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub audience: Option<String>,
}

/// One distinct promise: the same rule, verdict and words, wherever they appear.
#[derive(Debug, Clone)]
pub struct Row {
    pub capability: Capability,
    pub category: Category,
    pub rule: String,
    pub verdict: Verdict,
    /// The copy's words, as first seen.
    pub text: String,
    /// Lowercase, punctuation folded: the grouping key.
    pub normalized: String,
    /// Distinct messages (usually one).
    pub messages: Vec<String>,
    /// Distinct manifest facts it was held against.
    pub evidence: Vec<Citation>,
    pub suggestion: Option<String>,
    pub places: Vec<Place>,
    /// Audiences it is said to ("unassigned" for files without one).
    pub audiences: BTreeSet<String>,
}

/// The ledger's rows for one capability, broken first.
#[derive(Debug, Clone)]
pub struct Group {
    pub capability: Capability,
    pub counts: Counts,
    pub rows: Vec<Row>,
}

/// What one audience hears about a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heard {
    pub audience: String,
    pub verdicts: BTreeSet<Verdict>,
    /// Distinct wordings (and verdicts), broken first, with one place each.
    pub texts: Vec<Wording>,
}

/// One wording of a promise to one audience, with its verdict and first place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wording {
    pub text: String,
    pub verdict: Verdict,
    pub place: Place,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DifferenceKind {
    /// Kept for one audience, broken (or unverifiable, qualified) for the other.
    Verdict,
    /// Same verdicts, but none of the words in common.
    Wording,
    /// Promised to one audience only.
    OnlyOne,
}

/// A capability promised differently between audiences.
#[derive(Debug, Clone)]
pub struct Difference {
    pub kind: DifferenceKind,
    pub capability: Capability,
    pub rule: String,
    pub heard: Vec<Heard>,
}

/// One spelling of a contact detail, and where it appears.
#[derive(Debug, Clone)]
pub struct Variant {
    pub text: String,
    pub verdict: Verdict,
    pub places: Vec<Place>,
}

/// A contact detail (phone number, short code, program name) spelled more than one way.
#[derive(Debug, Clone)]
pub struct ContactVariants {
    pub rule: String,
    pub variants: Vec<Variant>,
}

/// A manifest capability no copy mentions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmentioned {
    /// "channel", "service", "language", "staff role", "commitment".
    pub kind: &'static str,
    /// The manifest key, e.g. `services.bridge`.
    pub key: String,
    /// A human description: what is delivered.
    pub detail: String,
    pub line: usize,
}

/// One staff role's capacity.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleCapacity {
    pub role: String,
    pub title: String,
    pub count: Option<u32>,
    pub caseload: Option<u32>,
    pub assignment: Option<&'static str>,
    /// count × caseload.
    pub capacity: Option<u64>,
    /// enrolled / count, rounded up: the patients each person really carries if every
    /// enrolled patient has one.
    pub real_caseload: Option<u64>,
    /// capacity − enrolled: negative when the role is already short.
    pub headroom: Option<i64>,
    /// Months of expected enrollments until this role's capacity is exceeded (0: already).
    pub months_left: Option<u64>,
}

/// A "dedicated"/"personal" promise set against the caseload behind it.
#[derive(Debug, Clone)]
pub struct DedicatedPromise {
    pub text: String,
    pub verdict: Verdict,
    pub role: Option<String>,
    pub title: Option<String>,
    pub caseload: Option<u32>,
    pub real_caseload: Option<u64>,
    pub assignment: Option<&'static str>,
    pub places: Vec<Place>,
}

#[derive(Debug, Clone, Default)]
pub struct CapacityView {
    pub enrolled: Option<u32>,
    pub roles: Vec<RoleCapacity>,
    /// Sum of count × caseload over every role that declares both.
    pub staffed_capacity: Option<u64>,
    pub expected_enrollments: Option<u32>,
    /// Months until `staffed_capacity` is exceeded at the expected rate (0: already).
    pub months_left: Option<u64>,
    /// The role whose capacity runs out first (smallest headroom), if any declares one.
    pub tightest: Option<String>,
    pub dedicated: Vec<DedicatedPromise>,
    pub dedicated_max_caseload: u32,
}

/// What the report needs from vouch.toml.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    pub expected_enrollments: Option<u32>,
    pub dedicated_max_caseload: u32,
}

/// The whole report, ready to render.
#[derive(Debug, Clone)]
pub struct Ledger {
    pub program: Option<String>,
    pub brand: Option<String>,
    pub manifest_path: String,
    pub as_of: Option<String>,
    pub files: usize,
    pub totals: Counts,
    /// "hcp", "consumer", other names, then "unassigned".
    pub by_audience: Vec<(String, Counts)>,
    pub by_category: Vec<(Category, Counts)>,
    pub groups: Vec<Group>,
    pub differences: Vec<Difference>,
    pub contacts: Vec<ContactVariants>,
    pub never_promised: Vec<Unmentioned>,
    pub capacity: CapacityView,
    /// The folder every copy path shares ("examples/carebridge/copy/"), shown once so rows
    /// can name files by the rest of their path.
    pub common_dir: String,
}

pub const UNASSIGNED: &str = "unassigned";

/// "1 promise", "2 promises".
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Why the cross-audience section is empty, when it is.
pub fn no_differences_note(l: &Ledger) -> &'static str {
    let named = l
        .by_audience
        .iter()
        .filter(|(a, _)| a != UNASSIGNED)
        .count();
    if named < 2 {
        "Fewer than two audiences were checked, so there is nothing to compare: name them under [audiences] in vouch.toml, or set each file's audience in its front matter."
    } else {
        "No capability is promised differently between audiences."
    }
}

fn audience_of(f: &Finding) -> String {
    f.audience.clone().unwrap_or_else(|| UNASSIGNED.to_string())
}

fn place_of(f: &Finding) -> Place {
    Place {
        path: f.path.clone(),
        line: f.line,
        column: f.column,
        audience: f.audience.clone(),
    }
}

/// Lowercase words, punctuation folded to spaces: "24/7 Support!" and "24/7 support" agree.
pub fn normalize(text: &str) -> String {
    let folded: String = text
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '$' || c == '%' {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                ' '
            }
        })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn audience_order(name: &str) -> (usize, String) {
    let rank = match name {
        "hcp" => 0,
        "consumer" => 1,
        UNASSIGNED => 3,
        _ => 2,
    };
    (rank, name.to_string())
}

impl Ledger {
    pub fn build(reports: &[FileReport], manifest: &Manifest, options: Options) -> Ledger {
        let claims: Vec<&Finding> = reports.iter().flat_map(|r| r.claims.iter()).collect();
        let program = manifest.program.as_ref();
        let mut ledger = Ledger {
            program: program
                .and_then(|p| p.name.as_ref())
                .map(|n| n.value.clone()),
            brand: program
                .and_then(|p| p.brand.as_ref())
                .map(|n| n.value.clone()),
            manifest_path: manifest.path.clone(),
            as_of: program
                .and_then(|p| p.as_of.as_ref())
                .map(|d| d.value.clone()),
            files: reports.len(),
            totals: Counts::default(),
            by_audience: Vec::new(),
            by_category: Vec::new(),
            groups: Vec::new(),
            differences: Vec::new(),
            contacts: Vec::new(),
            never_promised: Vec::new(),
            capacity: CapacityView::default(),
            common_dir: common_dir(claims.iter().map(|c| c.path.as_str())),
        };
        let mut by_audience: BTreeMap<String, Counts> = BTreeMap::new();
        let mut by_category: BTreeMap<Category, Counts> = BTreeMap::new();
        for c in &claims {
            ledger.totals.add(c.verdict);
            by_audience
                .entry(audience_of(c))
                .or_default()
                .add(c.verdict);
            by_category.entry(c.category).or_default().add(c.verdict);
        }
        let mut audiences: Vec<(String, Counts)> = by_audience.into_iter().collect();
        audiences.sort_by_key(|(name, _)| audience_order(name));
        ledger.by_audience = audiences;
        ledger.by_category = by_category.into_iter().collect();
        ledger.groups = group_rows(&claims);
        ledger.differences = differences(&claims);
        ledger.contacts = contact_variants(&claims);
        ledger.never_promised = never_promised(&claims, manifest);
        ledger.capacity = capacity(&claims, manifest, options);
        ledger
    }

    /// All rows, in ledger order.
    pub fn rows(&self) -> impl Iterator<Item = &Row> {
        self.groups.iter().flat_map(|g| g.rows.iter())
    }

    /// A copy path without the folder every path shares.
    pub fn short<'a>(&self, path: &'a str) -> &'a str {
        path.strip_prefix(self.common_dir.as_str())
            .filter(|rest| !rest.is_empty())
            .unwrap_or(path)
    }

    /// "delivery as declared by patient services on …".
    pub fn as_of_line(&self) -> String {
        match &self.as_of {
            Some(d) => format!(
                "Delivery as declared by patient services on {d} ({})",
                self.manifest_path
            ),
            None => format!(
                "Delivery as declared by patient services in {} (undated: the manifest has no program.as_of)",
                self.manifest_path
            ),
        }
    }
}

/// The longest folder prefix (ending in `/`) that every path shares.
fn common_dir<'a>(mut paths: impl Iterator<Item = &'a str>) -> String {
    let Some(first) = paths.next() else {
        return String::new();
    };
    let mut prefix = match first.rfind('/') {
        Some(i) => &first[..=i],
        None => return String::new(),
    };
    for p in paths {
        while !p.starts_with(prefix) {
            match prefix[..prefix.len() - 1].rfind('/') {
                Some(i) => prefix = &prefix[..=i],
                None => return String::new(),
            }
        }
    }
    prefix.to_string()
}

fn group_rows(claims: &[&Finding]) -> Vec<Group> {
    let mut rows: BTreeMap<(String, Verdict, String), Row> = BTreeMap::new();
    for c in claims {
        let normalized = normalize(&c.text);
        let key = (c.rule.clone(), c.verdict, normalized.clone());
        let row = rows.entry(key).or_insert_with(|| Row {
            capability: Capability::of(c.category),
            category: c.category,
            rule: c.rule.clone(),
            verdict: c.verdict,
            text: c.text.clone(),
            normalized,
            messages: Vec::new(),
            evidence: Vec::new(),
            suggestion: c.suggestion.clone(),
            places: Vec::new(),
            audiences: BTreeSet::new(),
        });
        if !row.messages.contains(&c.message) {
            row.messages.push(c.message.clone());
        }
        for e in &c.evidence {
            if !row.evidence.contains(e) {
                row.evidence.push(e.clone());
            }
        }
        if row.suggestion.is_none() {
            row.suggestion = c.suggestion.clone();
        }
        row.places.push(place_of(c));
        row.audiences.insert(audience_of(c));
    }
    let mut groups: BTreeMap<Capability, Group> = BTreeMap::new();
    for row in rows.into_values() {
        let g = groups.entry(row.capability).or_insert_with(|| Group {
            capability: row.capability,
            counts: Counts::default(),
            rows: Vec::new(),
        });
        for _ in &row.places {
            g.counts.add(row.verdict);
        }
        g.rows.push(row);
    }
    let mut groups: Vec<Group> = groups.into_values().collect();
    for g in &mut groups {
        g.rows.sort_by(|a, b| {
            verdict_rank(a.verdict)
                .cmp(&verdict_rank(b.verdict))
                .then(b.places.len().cmp(&a.places.len()))
                .then(a.rule.cmp(&b.rule))
                .then(a.normalized.cmp(&b.normalized))
        });
        for r in &mut g.rows {
            r.places.sort();
        }
    }
    // Capabilities with broken promises first, then the fixed reading order.
    groups.sort_by(|a, b| {
        b.counts
            .broken()
            .cmp(&a.counts.broken())
            .then(a.capability.cmp(&b.capability))
    });
    groups
}

/// Words without a plural `s`: "phone interpreters" and "phone interpreter" agree.
fn singular(normalized: &str) -> String {
    normalized
        .split(' ')
        .map(|w| match w.strip_suffix('s') {
            Some(stem) if stem.chars().count() >= 3 && !stem.ends_with('s') => stem,
            _ => w,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn differences(claims: &[&Finding]) -> Vec<Difference> {
    // rule → audience → claims; only named audiences take part.
    let mut by_rule: BTreeMap<&str, BTreeMap<String, Vec<&Finding>>> = BTreeMap::new();
    let mut named: BTreeSet<String> = BTreeSet::new();
    for c in claims {
        if let Some(a) = &c.audience {
            named.insert(a.clone());
            by_rule
                .entry(c.rule.as_str())
                .or_default()
                .entry(a.clone())
                .or_default()
                .push(c);
        }
    }
    if named.len() < 2 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (rule, per) in by_rule {
        let Some(first) = per.values().next().and_then(|v| v.first()) else {
            continue;
        };
        let capability = Capability::of(first.category);
        let mut heard: Vec<Heard> = per
            .iter()
            .map(|(audience, cs)| {
                let mut texts: Vec<Wording> = Vec::new();
                let mut seen = BTreeSet::new();
                for c in cs {
                    if seen.insert((normalize(&c.text), c.verdict)) {
                        texts.push(Wording {
                            text: c.text.clone(),
                            verdict: c.verdict,
                            place: place_of(c),
                        });
                    }
                }
                texts.sort_by_key(|w| verdict_rank(w.verdict));
                Heard {
                    audience: audience.clone(),
                    verdicts: cs.iter().map(|c| c.verdict).collect(),
                    texts,
                }
            })
            .collect();
        heard.sort_by_key(|h| audience_order(&h.audience));
        let kind = if heard.len() < named.len() {
            // Contact details are covered by their own table; a channel or service promised
            // to one audience only is worth a line.
            if first.category == Category::Contact {
                continue;
            }
            DifferenceKind::OnlyOne
        } else if heard.windows(2).any(|w| w[0].verdicts != w[1].verdicts) {
            DifferenceKind::Verdict
        } else {
            let words: Vec<BTreeSet<String>> = heard
                .iter()
                .map(|h| {
                    h.texts
                        .iter()
                        .map(|w| singular(&normalize(&w.text)))
                        .collect()
                })
                .collect();
            let shared = words.iter().skip(1).fold(words[0].clone(), |acc, w| {
                acc.intersection(w).cloned().collect()
            });
            if shared.is_empty() && first.category != Category::Contact {
                DifferenceKind::Wording
            } else {
                continue;
            }
        };
        out.push(Difference {
            kind,
            capability,
            rule: rule.to_string(),
            heard,
        });
    }
    let rank = |k: DifferenceKind| match k {
        DifferenceKind::Verdict => 0,
        DifferenceKind::Wording => 1,
        DifferenceKind::OnlyOne => 2,
    };
    out.sort_by(|a, b| {
        rank(a.kind)
            .cmp(&rank(b.kind))
            .then(a.capability.cmp(&b.capability))
            .then(a.rule.cmp(&b.rule))
    });
    out
}

/// The key contact details compare by: digits for numbers, exact words for names.
fn contact_key(rule: &str, text: &str) -> String {
    if rule == "contact.program_name" {
        // Capitals are typography ("CAREBRIDGE" in a title); spaces and spelling are not.
        text.trim().to_lowercase()
    } else {
        // Numbers compare by their keypad digits: 1-844-555-CARE is 1-844-555-2273.
        text.chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(keypad)
            .collect()
    }
}

/// The keypad digit of a letter; digits stay as they are.
fn keypad(c: char) -> char {
    match c.to_ascii_uppercase() {
        'A'..='C' => '2',
        'D'..='F' => '3',
        'G'..='I' => '4',
        'J'..='L' => '5',
        'M'..='O' => '6',
        'P'..='S' => '7',
        'T'..='V' => '8',
        'W'..='Z' => '9',
        d => d,
    }
}

fn contact_variants(claims: &[&Finding]) -> Vec<ContactVariants> {
    // Keyed by the compared form and the verdict: "HARBORLINE" kept and "Harborline"
    // broken are two variants, "1-844-555-CARE" and "1-844-555-2273" one.
    type Spellings = BTreeMap<String, usize>;
    type ByKey = BTreeMap<(String, usize), (Variant, Spellings)>;
    let mut by_rule: BTreeMap<&str, ByKey> = BTreeMap::new();
    for c in claims.iter().filter(|c| c.category == Category::Contact) {
        let (v, spellings) = by_rule
            .entry(c.rule.as_str())
            .or_default()
            .entry((contact_key(&c.rule, &c.text), verdict_rank(c.verdict)))
            .or_insert_with(|| {
                (
                    Variant {
                        text: c.text.clone(),
                        verdict: c.verdict,
                        places: Vec::new(),
                    },
                    Spellings::new(),
                )
            });
        *spellings.entry(c.text.clone()).or_insert(0) += 1;
        v.places.push(place_of(c));
    }
    by_rule
        .into_iter()
        .filter(|(_, vs)| vs.len() > 1)
        .map(|(rule, vs)| {
            let mut variants: Vec<Variant> = vs
                .into_values()
                .map(|(mut v, spellings)| {
                    // Show the spelling used most often (ties: the first in order).
                    if let Some((text, _)) = spellings
                        .into_iter()
                        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                    {
                        v.text = text;
                    }
                    v.places.sort();
                    v
                })
                .collect();
            variants.sort_by(|a, b| {
                verdict_rank(a.verdict)
                    .cmp(&verdict_rank(b.verdict))
                    .then(b.places.len().cmp(&a.places.len()))
                    .then(a.text.cmp(&b.text))
            });
            ContactVariants {
                rule: rule.to_string(),
                variants,
            }
        })
        .collect()
}

/// English names of ISO 639-1 codes copy is likely to use.
pub fn language_name(code: &str) -> &str {
    match code {
        "en" => "English",
        "es" => "Spanish",
        "fr" => "French",
        "zh" => "Chinese",
        "vi" => "Vietnamese",
        "ko" => "Korean",
        "tl" => "Tagalog",
        "ru" => "Russian",
        "ar" => "Arabic",
        "ht" => "Haitian Creole",
        "pt" => "Portuguese",
        "de" => "German",
        "it" => "Italian",
        "pl" => "Polish",
        "ja" => "Japanese",
        "hi" => "Hindi",
        other => other,
    }
}

/// What a language calls itself, as copy may write it ("Hablamos español").
pub fn language_endonym(code: &str) -> &'static [&'static str] {
    match code {
        "es" => &["español", "espanol"],
        "fr" => &["français", "francais"],
        "zh" => &["中文", "mandarin", "cantonese"],
        "vi" => &["tiếng việt"],
        "ko" => &["한국어"],
        "pt" => &["português", "portugues"],
        "ht" => &["kreyòl", "kreyol", "creole"],
        "ru" => &["русский"],
        "ar" => &["العربية"],
        _ => &[],
    }
}

fn line_of(manifest: &Manifest, span: &std::ops::Range<usize>) -> usize {
    let end = span.start.min(manifest.source.len());
    manifest.source[..end].matches('\n').count() + 1
}

fn never_promised(claims: &[&Finding], manifest: &Manifest) -> Vec<Unmentioned> {
    let keys: BTreeSet<&str> = claims
        .iter()
        .flat_map(|c| c.evidence.iter().map(|e| e.key.as_str()))
        .collect();
    let rules: BTreeSet<&str> = claims.iter().map(|c| c.rule.as_str()).collect();
    let mentioned = |prefix: &str, rule_prefix: &str| {
        keys.iter()
            .any(|k| *k == prefix || k.starts_with(&format!("{prefix}.")))
            || rules.iter().any(|r| r.starts_with(rule_prefix))
    };
    let mut out = Vec::new();
    for (kind, ch) in &manifest.channels {
        let name = kind.as_str();
        if !mentioned(&format!("channels.{name}"), &format!("channel.{name}")) {
            let mut detail = format!("the {} channel", name.replace('_', " "));
            if let Some(h) = &ch.hours {
                detail.push_str(&format!(", {}", h.value));
            }
            out.push(Unmentioned {
                kind: "channel",
                key: format!("channels.{name}"),
                detail,
                line: line_of(manifest, &ch.span),
            });
        }
    }
    for (kind, svc) in &manifest.services {
        let name = kind.as_str();
        if !mentioned(&format!("services.{name}"), &format!("service.{name}")) {
            let mut detail = name.replace('_', " ");
            if let Some(m) = &svc.modes {
                let modes: Vec<&str> = m.iter().map(|m| m.as_str()).collect();
                detail.push_str(&format!(" ({})", modes.join(", ")));
            }
            if let Some(t) = &svc.turnaround {
                detail.push_str(&format!(", within {}", t.value));
            }
            if let Some(d) = &svc.max_duration {
                detail.push_str(&format!(", up to {}", d.value));
            }
            out.push(Unmentioned {
                kind: "service",
                key: format!("services.{name}"),
                detail,
                line: line_of(manifest, &svc.span),
            });
        } else if let Some(modes) = &svc.modes {
            // The service is promised; a way it is delivered (in-home training) may not be.
            let said: Vec<String> = claims
                .iter()
                .filter(|c| c.rule.starts_with(&format!("service.{name}")))
                .map(|c| format!("{} {}", c.text, c.sentence).to_lowercase())
                .collect();
            for mode in modes.iter() {
                let words: &[&str] = match mode {
                    ServiceMode::InHome => &["home"],
                    ServiceMode::Virtual => &["virtual", "video", "online", "remote"],
                    ServiceMode::InOffice => &["office", "clinic", "in person", "in-person"],
                };
                if !said.iter().any(|t| words.iter().any(|w| t.contains(w))) {
                    out.push(Unmentioned {
                        kind: "service",
                        key: format!("services.{name}.modes"),
                        detail: format!(
                            "{} {}",
                            mode.as_str().replace('_', "-"),
                            name.replace('_', " ")
                        ),
                        line: line_of(manifest, &modes.span),
                    });
                }
            }
        }
    }
    for (role, staff) in &manifest.staff {
        let name = role.as_str();
        if !mentioned(&format!("staff.{name}"), &format!("staff_role.{name}")) {
            let title = staff
                .title
                .as_ref()
                .map(|t| t.value.clone())
                .unwrap_or_else(|| name.replace('_', " "));
            let detail = match staff.count.as_ref() {
                Some(n) => format!("{} {title}s", n.value),
                None => title,
            };
            out.push(Unmentioned {
                kind: "staff role",
                key: format!("staff.{name}"),
                detail,
                line: line_of(manifest, &staff.span),
            });
        }
    }
    // Languages: a language claim must name it; English is the copy's own language.
    let language_texts: Vec<String> = claims
        .iter()
        .filter(|c| c.category == Category::Language)
        .map(|c| format!("{} {}", c.text, c.sentence).to_lowercase())
        .collect();
    if let Some(langs) = &manifest.languages {
        let mut codes: BTreeSet<String> = BTreeSet::new();
        if let Some(s) = &langs.supported {
            codes.extend(s.iter().cloned());
        }
        for ch in manifest.channels.values() {
            if let Some(l) = &ch.languages {
                codes.extend(l.iter().cloned());
            }
        }
        for code in codes.iter().filter(|c| *c != "en") {
            let mut names = vec![language_name(code).to_lowercase()];
            names.extend(language_endonym(code).iter().map(|n| n.to_string()));
            if !language_texts
                .iter()
                .any(|t| names.iter().any(|n| t.contains(n.as_str())))
            {
                out.push(Unmentioned {
                    kind: "language",
                    key: "languages.supported".into(),
                    detail: format!("support in {}", language_name(code)),
                    line: line_of(manifest, &langs.span),
                });
            }
        }
        if langs.interpreters.as_ref().is_some_and(|i| i.value)
            && !keys.contains("languages.interpreters")
            && !language_texts.iter().any(|t| t.contains("interpret"))
        {
            out.push(Unmentioned {
                kind: "language",
                key: "languages.interpreters".into(),
                detail: "phone interpreters for other languages".into(),
                line: line_of(manifest, &langs.span),
            });
        }
    }
    for (name, d) in &manifest.commitments {
        if !keys.contains(format!("commitments.{name}").as_str()) {
            out.push(Unmentioned {
                kind: "commitment",
                key: format!("commitments.{name}"),
                detail: format!("{} within {}", name.replace('_', " "), d.value),
                line: line_of(manifest, &d.span),
            });
        }
    }
    out
}

fn capacity(claims: &[&Finding], manifest: &Manifest, options: Options) -> CapacityView {
    let enrolled = manifest
        .capacity
        .as_ref()
        .and_then(|c| c.enrolled_patients.as_ref())
        .map(|e| e.value);
    let rate = options.expected_enrollments.filter(|r| *r > 0);
    let months = |cap: u64| -> Option<u64> {
        let (enrolled, rate) = (u64::from(enrolled?), u64::from(rate?));
        Some(if enrolled > cap {
            0
        } else {
            (cap - enrolled) / rate + 1
        })
    };
    let mut roles = Vec::new();
    let mut total: Option<u64> = None;
    for (role, staff) in &manifest.staff {
        let count = staff.count.as_ref().map(|c| c.value);
        let caseload = staff.caseload.as_ref().map(|c| c.value);
        let cap = match (count, caseload) {
            (Some(n), Some(c)) => Some(u64::from(n) * u64::from(c)),
            _ => None,
        };
        if let Some(c) = cap {
            total = Some(total.unwrap_or(0) + c);
        }
        let real = match (enrolled, count) {
            (Some(e), Some(n)) if n > 0 => Some(u64::from(e).div_ceil(u64::from(n))),
            _ => None,
        };
        roles.push(RoleCapacity {
            role: role.as_str().to_string(),
            title: staff
                .title
                .as_ref()
                .map(|t| t.value.clone())
                .unwrap_or_else(|| role.as_str().replace('_', " ")),
            count,
            caseload,
            assignment: staff.assignment.as_ref().map(|a| a.value.as_str()),
            capacity: cap,
            real_caseload: real,
            headroom: match (cap, enrolled) {
                (Some(c), Some(e)) => Some(c as i64 - i64::from(e)),
                _ => None,
            },
            months_left: cap.and_then(months),
        });
    }
    // Dedicated promises, grouped by words and verdict like the ledger.
    let mut dedicated: BTreeMap<(String, Verdict), DedicatedPromise> = BTreeMap::new();
    for c in claims
        .iter()
        .filter(|c| c.category == Category::DedicatedStaff)
    {
        let role = c.evidence.iter().find_map(|e| {
            e.key
                .strip_prefix("staff.")
                .and_then(|r| r.split('.').next())
                .map(str::to_string)
        });
        let rc = role
            .as_deref()
            .and_then(|r| roles.iter().find(|x| x.role == r));
        let d = dedicated
            .entry((normalize(&c.text), c.verdict))
            .or_insert_with(|| DedicatedPromise {
                text: c.text.clone(),
                verdict: c.verdict,
                role: role.clone(),
                title: rc.map(|r| r.title.clone()),
                caseload: rc.and_then(|r| r.caseload),
                real_caseload: rc.and_then(|r| r.real_caseload),
                assignment: rc.and_then(|r| r.assignment),
                places: Vec::new(),
            });
        d.places.push(place_of(c));
    }
    let mut dedicated: Vec<DedicatedPromise> = dedicated.into_values().collect();
    dedicated.sort_by_key(|d| verdict_rank(d.verdict));

    CapacityView {
        enrolled,
        staffed_capacity: total,
        expected_enrollments: options.expected_enrollments,
        months_left: total.and_then(months),
        tightest: roles
            .iter()
            .filter_map(|r| r.headroom.map(|h| (h, r.title.clone())))
            .min_by_key(|(h, _)| *h)
            .map(|(_, t)| t),
        roles,
        dedicated,
        dedicated_max_caseload: options.dedicated_max_caseload,
    }
}

#[cfg(test)]
mod tests;
