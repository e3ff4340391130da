//! The capability manifest, `psp.toml`: what the patient support program really delivers.
//!
//! `Manifest::parse` validates the whole file against the schema in SPEC.md and reports
//! every problem at once (unknown sections and keys with a "did you mean", wrong types,
//! bad enum values, bad hours and durations), each pointing at its span. A manifest that
//! loaded is fully typed: checkers never see raw TOML, except in `[capabilities]`.
//!
//! Every value a finding may cite is an `Sp<T>` carrying its span in psp.toml, and every
//! table keeps the span of its header, so evidence can read
//! "psp.toml line 9, channels.phone.hours = Mon-Fri 08:00-20:00".

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};
use std::ops::{Deref, Range};
use std::path::Path;

use crate::diag::SourceError;

pub mod duration;
pub mod hours;
mod parse;

pub use duration::{parse_duration, Duration, DurationUnit};
pub use hours::{parse_hours, zone_abbrev, zone_offset_minutes, Segment, WeeklyHours};

/// A value and the span of its text in psp.toml (for strings: including the quotes).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Sp<T> {
    pub value: T,
    pub span: Range<usize>,
}

impl<T> Sp<T> {
    pub fn new(value: T, span: Range<usize>) -> Self {
        Sp { value, span }
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Sp<U> {
        Sp {
            value: f(self.value),
            span: self.span,
        }
    }
}

/// Lets `sp.len()`, `*sp == 40` and friends read through to the value.
impl<T> Deref for Sp<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// Defines a closed set of names as an enum, with the names as psp.toml spells them.
macro_rules! named_enum {
    ($(#[$meta:meta])* pub enum $name:ident ($what:literal) { $($(#[$vmeta:meta])* $var:ident => $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($(#[$vmeta])* $var,)+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$var,)+];

            /// The name as written in psp.toml.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$var => $text,)+ }
            }

            /// The value psp.toml spells `name`, if any.
            pub fn from_name(name: &str) -> Option<Self> {
                match name { $($text => Some($name::$var),)+ _ => None }
            }
        }

        impl Named for $name {
            const WHAT: &'static str = $what;
            fn all() -> &'static [Self] { Self::ALL }
            fn name(self) -> &'static str { self.as_str() }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                Self::from_name(s).ok_or_else(|| format!("unknown {} `{s}`", $what))
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}

/// What the schema walker needs to know of a named enum.
pub trait Named: Copy + Eq + Ord + 'static {
    /// "channel", "role": used in error messages.
    const WHAT: &'static str;
    fn all() -> &'static [Self];
    fn name(self) -> &'static str;
}

named_enum! {
    /// A way patients reach the program; a channel absent from psp.toml does not exist.
    pub enum ChannelKind ("channel") {
        Phone => "phone",
        Sms => "sms",
        Chat => "chat",
        Email => "email",
        App => "app",
        Portal => "portal",
        Video => "video",
        InHome => "in_home",
        Mail => "mail",
    }
}

named_enum! {
    pub enum Role ("role") {
        Nurse => "nurse",
        CaseManager => "case_manager",
        Pharmacist => "pharmacist",
        SocialWorker => "social_worker",
        ReimbursementManager => "reimbursement_manager",
        AccessSpecialist => "access_specialist",
        PeerMentor => "peer_mentor",
    }
}

named_enum! {
    pub enum ServiceKind ("service") {
        BenefitsInvestigation => "benefits_investigation",
        PriorAuthorization => "prior_authorization",
        Appeals => "appeals",
        Bridge => "bridge",
        QuickStart => "quick_start",
        HomeDelivery => "home_delivery",
        InjectionTraining => "injection_training",
        AdherenceReminders => "adherence_reminders",
        PatientAssistance => "patient_assistance",
        Transportation => "transportation",
        SpecialtyPharmacyCoordination => "specialty_pharmacy_coordination",
        FoundationReferral => "foundation_referral",
    }
}

named_enum! {
    /// What happens when a phone channel is closed.
    pub enum AfterHours ("after_hours value") {
        Voicemail => "voicemail",
        AnsweringService => "answering_service",
        OnCallNurse => "on_call_nurse",
        None => "none",
    }
}

named_enum! {
    /// Which way messages go: "text us" needs inbound.
    pub enum Direction ("direction") {
        Outbound => "outbound",
        Inbound => "inbound",
        Both => "both",
    }
}

named_enum! {
    pub enum Holidays ("holidays value") {
        Closed => "closed",
        Open => "open",
    }
}

named_enum! {
    /// Dedicated: one named person per patient. Pooled: whoever is free.
    pub enum Assignment ("assignment") {
        Dedicated => "dedicated",
        Pooled => "pooled",
    }
}

named_enum! {
    /// What `cost.as_little_as` is per.
    pub enum CostPer ("cost period") {
        Fill => "fill",
        Dose => "dose",
        Month => "month",
        Infusion => "infusion",
    }
}

named_enum! {
    pub enum Insurance ("insurance type") {
        Commercial => "commercial",
        Medicare => "medicare",
        Medicaid => "medicaid",
        Tricare => "tricare",
        Va => "va",
        Uninsured => "uninsured",
        Underinsured => "underinsured",
    }
}

named_enum! {
    /// Where a service (e.g. injection training) happens.
    pub enum ServiceMode ("service mode") {
        Virtual => "virtual",
        InHome => "in_home",
        InOffice => "in_office",
    }
}

/// `[program]`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Program {
    /// The `[program]` header.
    pub span: Range<usize>,
    pub name: Option<Sp<String>>,
    pub brand: Option<Sp<String>>,
    /// `YYYY-MM-DD`, validated; written as a TOML date or a string.
    pub as_of: Option<Sp<String>>,
    /// IANA name, e.g. `America/New_York`: the zone of every `hours`.
    pub timezone: Option<Sp<String>>,
    pub regions: Option<Sp<Vec<String>>>,
}

/// `[channels.NAME]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Channel {
    pub kind: ChannelKind,
    /// The `[channels.NAME]` header (or the inline table / dotted key defining it).
    pub span: Range<usize>,
    pub number: Option<Sp<String>>,
    /// Letters compare by their keypad digits; see `dial_digits`.
    pub vanity: Option<Sp<String>>,
    /// When the channel answers at all (a bot or a recording counts).
    pub hours: Option<Sp<WeeklyHours>>,
    /// When a person answers; see `Manifest::staffed_hours` for the default.
    pub staffed_hours: Option<Sp<WeeklyHours>>,
    /// Overrides `[program].timezone` for this channel's hours.
    pub timezone: Option<Sp<String>>,
    pub after_hours: Option<Sp<AfterHours>>,
    pub staffed_by: Option<Sp<Vec<Role>>>,
    /// ISO 639-1; overrides `[languages].supported` for this channel.
    pub languages: Option<Sp<Vec<String>>>,
    pub platforms: Option<Sp<Vec<String>>>,
    pub features: Option<Sp<Vec<String>>>,
    pub direction: Option<Sp<Direction>>,
    pub short_code: Option<Sp<String>>,
    pub keywords: Option<Sp<Vec<String>>>,
    pub response_time: Option<Sp<Duration>>,
    pub holidays: Option<Sp<Holidays>>,
}

impl Channel {
    pub fn new(kind: ChannelKind, span: Range<usize>) -> Self {
        Channel {
            kind,
            span,
            number: None,
            vanity: None,
            hours: None,
            staffed_hours: None,
            timezone: None,
            after_hours: None,
            staffed_by: None,
            languages: None,
            platforms: None,
            features: None,
            direction: None,
            short_code: None,
            keywords: None,
            response_time: None,
            holidays: None,
        }
    }

    /// True when `staffed_by` names at least one role.
    pub fn is_staffed(&self) -> bool {
        self.staffed_by.as_ref().is_some_and(|r| !r.is_empty())
    }
}

/// `[staff.ROLE]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Staff {
    pub role: Role,
    /// The `[staff.ROLE]` header.
    pub span: Range<usize>,
    /// The program's own name for the role ("Care Coordinator").
    pub title: Option<Sp<String>>,
    pub count: Option<Sp<u32>>,
    /// Patients per person.
    pub caseload: Option<Sp<u32>>,
    pub assignment: Option<Sp<Assignment>>,
    /// What the role may do ("education", "injection_support").
    pub scope: Option<Sp<Vec<String>>>,
    /// Who employs them ("manufacturer"): copy may not present them as the patient's care team.
    pub paid_by: Option<Sp<String>>,
}

/// `[languages]`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Languages {
    pub span: Range<usize>,
    /// ISO 639-1 codes, two lowercase letters.
    pub supported: Option<Sp<Vec<String>>>,
    /// Phone interpretation for other languages.
    pub interpreters: Option<Sp<bool>>,
}

/// `[cost]`: the copay / savings program. Amounts are USD.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cost {
    pub span: Range<usize>,
    pub as_little_as: Option<Sp<f64>>,
    pub per: Option<Sp<CostPer>>,
    pub max_annual_benefit: Option<Sp<f64>>,
    pub max_per_claim: Option<Sp<f64>>,
    /// Two-letter US state codes, upper case.
    pub excluded_states: Option<Sp<Vec<String>>>,
    pub eligible_insurance: Option<Sp<Vec<Insurance>>>,
    pub disclaimer: Option<Sp<String>>,
}

/// `[services.NAME]`. An empty table still declares that the service exists.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    pub kind: ServiceKind,
    /// The `[services.NAME]` header.
    pub span: Range<usize>,
    pub turnaround: Option<Sp<Duration>>,
    pub max_duration: Option<Sp<Duration>>,
    pub eligible_insurance: Option<Sp<Vec<Insurance>>>,
    pub modes: Option<Sp<Vec<ServiceMode>>>,
    /// Income limit, % of the federal poverty level.
    pub income_limit_fpl: Option<Sp<u32>>,
    /// Delivered by an independent party (a charity): not the program's own help.
    pub third_party: Option<Sp<bool>>,
}

impl Service {
    pub fn new(kind: ServiceKind, span: Range<usize>) -> Self {
        Service {
            kind,
            span,
            turnaround: None,
            max_duration: None,
            eligible_insurance: None,
            modes: None,
            income_limit_fpl: None,
            third_party: None,
        }
    }
}

/// `[capacity]`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Capacity {
    pub span: Range<usize>,
    pub enrolled_patients: Option<Sp<u32>>,
}

/// A loaded, validated psp.toml. Every section is optional; an empty manifest is valid and
/// the caller decides whether that is acceptable.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Manifest {
    /// The file as the user named it.
    pub path: String,
    pub source: String,
    pub program: Option<Program>,
    pub channels: BTreeMap<ChannelKind, Channel>,
    pub staff: BTreeMap<Role, Staff>,
    pub languages: Option<Languages>,
    pub cost: Option<Cost>,
    pub services: BTreeMap<ServiceKind, Service>,
    /// Named time commitments (`time_to_therapy = "14 days"`); any name.
    pub commitments: BTreeMap<String, Sp<Duration>>,
    pub capacity: Option<Capacity>,
    /// Free-form facts for custom rules; any key, any value.
    pub capabilities: BTreeMap<String, Sp<toml::Value>>,
    /// Header span of every top-level section present, by name (`"channels"`).
    pub sections: BTreeMap<String, Range<usize>>,
    /// Where each line of `source` starts, so citing a line does not rescan the file.
    pub line_starts: Vec<usize>,
}

/// A manifest fact as evidence for a finding; the field names match the JSON output's
/// `evidence` entries.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Citation {
    pub path: String,
    pub line: usize,
    pub key: String,
    pub value: String,
}

impl Manifest {
    /// Validates `source` against the schema; all problems are returned together.
    pub fn parse(path: &str, source: &str) -> Result<Manifest, Vec<SourceError>> {
        parse::parse(path, source)
    }

    /// Reads and parses a file; an unreadable file is one error without a span.
    pub fn load(path: &Path) -> Result<Manifest, Vec<SourceError>> {
        let shown = path.display().to_string();
        match crate::inputs::read_to_string_capped(path, crate::inputs::MAX_SETTINGS_FILE) {
            Ok(source) => Self::parse(&shown, &source),
            Err(e) => Err(vec![SourceError::new(
                &shown,
                "",
                format!("cannot read manifest `{shown}`: {e}"),
            )]),
        }
    }

    /// 1-based line of a byte offset in `source`.
    pub fn line_of(&self, offset: usize) -> usize {
        let mut end = offset.min(self.source.len());
        while !self.source.is_char_boundary(end) {
            end -= 1;
        }
        if self.line_starts.is_empty() {
            return self.source[..end].matches('\n').count() + 1;
        }
        self.line_starts.partition_point(|&start| start <= end)
    }

    /// The raw text of a span, as written in psp.toml (quotes included).
    pub fn text(&self, span: &Range<usize>) -> &str {
        let span = crate::diag::clamp(span, &self.source);
        &self.source[span]
    }

    /// Evidence for a finding: `key` is the dotted name (`channels.phone.hours`), the value
    /// is the span's text with a string's quotes removed.
    pub fn cite(&self, key: &str, span: &Range<usize>) -> Citation {
        let raw = self.text(span).trim();
        let unquoted = ["\"\"\"", "'''", "\"", "'"]
            .iter()
            .find(|q| raw.len() >= 2 * q.len() && raw.starts_with(**q) && raw.ends_with(**q))
            .map_or(raw, |q| &raw[q.len()..raw.len() - q.len()]);
        Citation {
            path: self.path.clone(),
            line: self.line_of(span.start),
            key: key.to_string(),
            value: unquoted.to_string(),
        }
    }

    /// True when the file declares nothing at all.
    pub fn is_empty(&self) -> bool {
        self.sections.is_empty()
    }

    pub fn channel(&self, kind: ChannelKind) -> Option<&Channel> {
        self.channels.get(&kind)
    }

    /// When a person answers on `kind`: `staffed_hours`, or else `hours` when the channel
    /// is staffed; `None` for self-service channels and channels without hours.
    pub fn staffed_hours(&self, kind: ChannelKind) -> Option<&Sp<WeeklyHours>> {
        let ch = self.channels.get(&kind)?;
        ch.staffed_hours.as_ref().or_else(|| {
            if ch.is_staffed() {
                ch.hours.as_ref()
            } else {
                None
            }
        })
    }

    /// `[program].timezone`, the zone of every `hours` not overridden per channel.
    pub fn timezone(&self) -> Option<&str> {
        self.program
            .as_ref()?
            .timezone
            .as_ref()
            .map(|t| t.value.as_str())
    }

    /// The abbreviation copy uses for the program's zone ("ET"); the IANA name when vouch
    /// knows no abbreviation; "" when no timezone is declared.
    pub fn tz_abbrev(&self) -> &str {
        self.timezone().map(zone_abbrev).unwrap_or("")
    }

    /// The zone of one channel's hours: its own `timezone`, else the program's.
    pub fn channel_timezone(&self, kind: ChannelKind) -> Option<&str> {
        let own = self.channels.get(&kind).and_then(|c| c.timezone.as_ref());
        own.map(|t| t.value.as_str()).or_else(|| self.timezone())
    }

    /// Languages served on a channel: its own list, else `[languages].supported`.
    pub fn channel_languages(&self, kind: ChannelKind) -> Option<&Sp<Vec<String>>> {
        let own = self.channels.get(&kind).and_then(|c| c.languages.as_ref());
        own.or_else(|| self.languages.as_ref()?.supported.as_ref())
    }

    /// The program's name as copy must spell it.
    pub fn program_name(&self) -> Option<&str> {
        self.program
            .as_ref()?
            .name
            .as_ref()
            .map(|n| n.value.as_str())
    }

    /// A short human summary of what is declared, for `vouch manifest check`.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        let zone = self.tz_abbrev();
        // Writing to a String cannot fail; the results are ignored.
        match &self.program {
            Some(p) => {
                let name = p
                    .name
                    .as_ref()
                    .map_or("(unnamed program)", |n| n.value.as_str());
                let _ = write!(out, "program: {name}");
                if let Some(brand) = &p.brand {
                    let _ = write!(out, " for {}", brand.value);
                }
                if let Some(as_of) = &p.as_of {
                    let _ = write!(out, ", as of {}", as_of.value);
                }
                if let Some(tz) = &p.timezone {
                    let _ = write!(out, ", hours in {} ({})", zone, tz.value);
                }
                out.push('\n');
            }
            None => out.push_str("program: (not declared)\n"),
        }

        if self.channels.is_empty() {
            out.push_str("channels: none\n");
        } else {
            out.push_str("channels:\n");
            let width = self
                .channels
                .keys()
                .map(|k| k.as_str().len())
                .max()
                .unwrap_or(0);
            for (kind, ch) in &self.channels {
                let zone = self.channel_timezone(*kind).map(zone_abbrev).unwrap_or("");
                let _ = writeln!(
                    out,
                    "  {:width$}  {}",
                    kind.as_str(),
                    channel_summary(ch, zone)
                );
            }
        }

        if !self.staff.is_empty() {
            out.push_str("staff:\n");
            let width = self
                .staff
                .keys()
                .map(|k| k.as_str().len())
                .max()
                .unwrap_or(0);
            for (role, s) in &self.staff {
                let mut parts = Vec::new();
                let count = s
                    .count
                    .as_ref()
                    .map_or(String::new(), |c| format!("{} × ", c.value));
                let title = s
                    .title
                    .as_ref()
                    .map_or(role.as_str().to_string(), |t| format!("\"{}\"", t.value));
                parts.push(format!("{count}{title}"));
                if let Some(a) = &s.assignment {
                    parts.push(a.value.to_string());
                }
                if let Some(c) = &s.caseload {
                    parts.push(format!("caseload {}", c.value));
                }
                if let Some(scope) = &s.scope {
                    parts.push(format!("scope: {}", scope.join(", ")));
                }
                if let Some(p) = &s.paid_by {
                    parts.push(format!("paid by {}", p.value));
                }
                let _ = writeln!(out, "  {:width$}  {}", role.as_str(), parts.join(", "));
            }
        }

        if let Some(l) = &self.languages {
            let list = l
                .supported
                .as_ref()
                .map_or("(none listed)".to_string(), |s| s.join(", "));
            let interp = match l.interpreters.as_ref().map(|i| i.value) {
                Some(true) => "; interpreters for other languages",
                Some(false) => "; no interpreters",
                None => "",
            };
            let _ = writeln!(out, "languages: {list}{interp}");
        }

        if let Some(c) = &self.cost {
            let mut parts = Vec::new();
            if let Some(a) = &c.as_little_as {
                let per = c
                    .per
                    .as_ref()
                    .map_or(String::new(), |p| format!(" per {}", p.value));
                parts.push(format!("as little as {}{per}", usd(a.value)));
            }
            if let Some(m) = &c.max_annual_benefit {
                parts.push(format!("up to {} a year", usd(m.value)));
            }
            if let Some(m) = &c.max_per_claim {
                parts.push(format!("up to {} a claim", usd(m.value)));
            }
            if let Some(i) = &c.eligible_insurance {
                parts.push(format!("insurance: {}", join(&i.value)));
            }
            if let Some(s) = &c.excluded_states {
                parts.push(format!("not in {}", s.join(", ")));
            }
            if c.disclaimer.is_some() {
                parts.push("has disclaimer".into());
            }
            let _ = writeln!(
                out,
                "cost: {}",
                if parts.is_empty() {
                    "declared".into()
                } else {
                    parts.join("; ")
                }
            );
        }

        if !self.services.is_empty() {
            out.push_str("services:\n");
            for (kind, s) in &self.services {
                let mut parts = Vec::new();
                if let Some(t) = &s.turnaround {
                    parts.push(format!("within {}", t.value));
                }
                if let Some(d) = &s.max_duration {
                    parts.push(format!("up to {}", d.value));
                }
                if let Some(i) = &s.eligible_insurance {
                    parts.push(join(&i.value));
                }
                if let Some(m) = &s.modes {
                    parts.push(join(&m.value));
                }
                if let Some(f) = &s.income_limit_fpl {
                    parts.push(format!("income ≤ {}% FPL", f.value));
                }
                if s.third_party.as_ref().is_some_and(|t| t.value) {
                    parts.push("third party".into());
                }
                let detail = if parts.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", parts.join(", "))
                };
                let _ = writeln!(out, "  {kind}{detail}");
            }
        }

        if !self.commitments.is_empty() {
            let list: Vec<String> = self
                .commitments
                .iter()
                .map(|(k, d)| format!("{k} {}", d.value))
                .collect();
            let _ = writeln!(out, "commitments: {}", list.join(", "));
        }
        if let Some(n) = self
            .capacity
            .as_ref()
            .and_then(|c| c.enrolled_patients.as_ref())
        {
            let _ = writeln!(out, "capacity: {} enrolled patients", n.value);
        }
        if !self.capabilities.is_empty() {
            let list: Vec<String> = self
                .capabilities
                .iter()
                .map(|(k, v)| format!("{k} = {}", v.value))
                .collect();
            let _ = writeln!(out, "capabilities: {}", list.join(", "));
        }
        out
    }
}

/// One line about a channel for the summary.
fn channel_summary(ch: &Channel, zone: &str) -> String {
    let mut parts = Vec::new();
    match &ch.hours {
        Some(h) => parts.push(h.value.describe(zone)),
        None => parts.push("hours not declared".into()),
    }
    match (&ch.staffed_by, &ch.staffed_hours) {
        (Some(roles), Some(h)) if !roles.is_empty() => parts.push(format!(
            "people ({}) {}",
            join(&roles.value),
            h.value.describe(zone)
        )),
        (Some(roles), None) if !roles.is_empty() => {
            parts.push(format!("staffed by {}", join(&roles.value)))
        }
        (_, Some(h)) => parts.push(format!("people {}", h.value.describe(zone))),
        // Hours but nobody behind them: an app, a bot, a recording.
        _ if ch.hours.is_some() => parts.push("self-service".into()),
        _ => {}
    }
    if let Some(a) = &ch.after_hours {
        parts.push(format!("after hours: {}", a.value));
    }
    if let Some(n) = &ch.number {
        parts.push(n.value.clone());
    }
    if let Some(v) = &ch.vanity {
        parts.push(v.value.clone());
    }
    if let Some(d) = &ch.direction {
        parts.push(d.value.to_string());
    }
    if let Some(c) = &ch.short_code {
        parts.push(format!("short code {}", c.value));
    }
    if let Some(k) = &ch.keywords {
        parts.push(format!("keywords {}", k.join(", ")));
    }
    if let Some(r) = &ch.response_time {
        parts.push(format!("responds within {}", r.value));
    }
    if let Some(l) = &ch.languages {
        parts.push(format!("languages {}", l.join(", ")));
    }
    if let Some(p) = &ch.platforms {
        parts.push(p.join(", "));
    }
    if let Some(h) = &ch.holidays {
        parts.push(format!("holidays {}", h.value));
    }
    parts.join("; ")
}

fn join<T: fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// "$0", "$15,000", "$4.99".
fn usd(amount: f64) -> String {
    let cents = (amount * 100.0).round() as i64;
    let (whole, frac) = (cents / 100, cents % 100);
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if frac == 0 {
        format!("${grouped}")
    } else {
        format!("${grouped}.{frac:02}")
    }
}

/// The digits a phone number dials: keypad letters become digits (`1-800-CARE-BRG` →
/// `18002273274`), punctuation is dropped.
pub fn dial_digits(number: &str) -> String {
    number
        .chars()
        .filter_map(|c| match c.to_ascii_uppercase() {
            d @ '0'..='9' => Some(d),
            'A'..='C' => Some('2'),
            'D'..='F' => Some('3'),
            'G'..='I' => Some('4'),
            'J'..='L' => Some('5'),
            'M'..='O' => Some('6'),
            'P'..='S' => Some('7'),
            'T'..='V' => Some('8'),
            'W'..='Z' => Some('9'),
            _ => None,
        })
        .collect()
}
