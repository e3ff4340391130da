//! The council report (`vouch report`): every promise across all copy, kept or broken, per
//! audience and capability, set against what the program delivers.
//!
//! A `LedgerBuilder` folds the engine's file reports into a typed model one file at a time,
//! as `Engine::stream` delivers them, so memory follows the distinct promises, not the
//! corpus: each place a promise is made costs twelve bytes. `html` and `markdown` only
//! render that model, so both formats carry the same sections and the same numbers, and
//! they write it out in chunks as they go.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io;

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

/// A file promises are made in, with the audience it speaks to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Origin {
    pub path: String,
    pub audience: Option<String>,
}

/// One place a promise is made: its file (an index into `Ledger::origins`), line and
/// column. Twelve bytes, as a large library makes a promise every few hundred bytes.
/// Ledgers list places by path, line, column, then audience.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub origin: u32,
    pub line: u32,
    pub column: u32,
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
    /// The files `Place`s point into.
    pub origins: Vec<Origin>,
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
    /// The ledger of reports already in hand (a run folds them in as they arrive instead).
    pub fn build(reports: &[FileReport], manifest: &Manifest, options: Options) -> Ledger {
        let mut builder = LedgerBuilder::new(manifest, options);
        for r in reports {
            builder.add(r);
        }
        builder.finish()
    }

    /// The file a place is in.
    pub fn path(&self, p: &Place) -> &str {
        &self.origins[p.origin as usize].path
    }

    /// The audience a place speaks to, if its file has one.
    pub fn audience(&self, p: &Place) -> Option<&str> {
        self.origins[p.origin as usize].audience.as_deref()
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

/// How much rendered text gathers before it goes to the writer.
const CHUNK: usize = 64 * 1024;

/// Rendered text on its way to a writer: it gathers in a buffer that is written out every
/// 64 KiB, so a report of any size needs only the buffer. The first write error is kept
/// (later text is dropped) and returned by `finish`.
pub struct Sink<'w> {
    buf: String,
    out: &'w mut dyn io::Write,
    error: Option<io::Error>,
}

impl<'w> Sink<'w> {
    pub fn new(out: &'w mut dyn io::Write) -> Sink<'w> {
        Sink {
            buf: String::with_capacity(CHUNK * 2),
            out,
            error: None,
        }
    }

    pub fn push_str(&mut self, s: &str) {
        self.buf.push_str(s);
        if self.buf.len() >= CHUNK {
            self.drain();
        }
    }

    pub fn push(&mut self, c: char) {
        self.push_str(c.encode_utf8(&mut [0; 4]));
    }

    fn drain(&mut self) {
        if self.error.is_none() {
            if let Err(e) = self.out.write_all(self.buf.as_bytes()) {
                self.error = Some(e);
            }
        }
        self.buf.clear();
    }

    /// Writes out what is left and flushes; the first error, if any write failed.
    pub fn finish(mut self) -> io::Result<()> {
        self.drain();
        match self.error.take() {
            Some(e) => Err(e),
            None => self.out.flush(),
        }
    }
}

impl std::fmt::Write for Sink<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.push_str(s);
        Ok(())
    }
}

/// The folder every path seen so far shares, narrowed path by path.
#[derive(Debug, Clone)]
enum CommonDir {
    /// No path yet.
    Unset,
    /// The longest folder prefix (ending in `/`) of every path so far.
    Prefix(String),
    /// The paths share no folder.
    Nothing,
}

impl CommonDir {
    fn add(&mut self, path: &str) {
        match self {
            CommonDir::Unset => {
                *self = match path.rfind('/') {
                    Some(i) => CommonDir::Prefix(path[..=i].to_string()),
                    None => CommonDir::Nothing,
                }
            }
            CommonDir::Prefix(prefix) => {
                while !path.starts_with(prefix.as_str()) {
                    match prefix[..prefix.len() - 1].rfind('/') {
                        Some(i) => prefix.truncate(i + 1),
                        None => {
                            *self = CommonDir::Nothing;
                            return;
                        }
                    }
                }
            }
            CommonDir::Nothing => {}
        }
    }

    fn into_string(self) -> String {
        match self {
            CommonDir::Prefix(p) => p,
            CommonDir::Unset | CommonDir::Nothing => String::new(),
        }
    }
}

/// What one audience has heard about one rule so far.
#[derive(Debug)]
struct Hearing {
    /// The category of the first such promise.
    category: Category,
    verdicts: BTreeSet<Verdict>,
    /// Wordings (normalized) and verdicts already listed.
    seen: BTreeSet<(String, Verdict)>,
    /// The first place of each, in the order heard.
    texts: Vec<Wording>,
}

/// One contact spelling group: the variant and how often each spelling was used.
type Spellings = (Variant, BTreeMap<String, usize>);

/// Builds the ledger one file report at a time: `add` folds a report's promises into
/// per-promise and per-capability aggregates and keeps nothing of the report itself, so the
/// report (and its file) can go as soon as it has been added. `finish` sorts and returns
/// the ledger, the same whichever way the reports were split, as long as they come in the
/// same order (the first wording seen names a row).
pub struct LedgerBuilder<'m> {
    manifest: &'m Manifest,
    options: Options,
    files: usize,
    origins: Vec<Origin>,
    origin_ids: HashMap<Origin, u32>,
    common_dir: CommonDir,
    totals: Counts,
    by_audience: BTreeMap<String, Counts>,
    by_category: BTreeMap<Category, Counts>,
    /// rule → (verdict, normalized words) → row.
    rows: BTreeMap<String, BTreeMap<(Verdict, String), Row>>,
    /// Audiences named by a file (not "unassigned").
    named: BTreeSet<String>,
    /// rule → named audience → what it heard.
    heard: BTreeMap<String, BTreeMap<String, Hearing>>,
    /// rule → (compared form, verdict rank) → variant. Keyed by the compared form and the
    /// verdict: "HARBORLINE" kept and "Harborline" broken are two variants,
    /// "1-844-555-CARE" and "1-844-555-2273" one.
    contacts: BTreeMap<String, BTreeMap<(String, usize), Spellings>>,
    /// Manifest keys cited, and rules matched, by any promise.
    keys: BTreeSet<String>,
    rules: BTreeSet<String>,
    /// Per manifest service (in manifest order): the rule prefix that promises it, and per
    /// declared mode whether a promise of the service names it.
    modes_said: Vec<(String, Vec<bool>)>,
    /// Per language the manifest supports other than English: its names, and whether a
    /// language promise names it.
    languages_said: Vec<(String, Vec<String>, bool)>,
    interpreters_said: bool,
    roles: Vec<RoleCapacity>,
    staffed_capacity: Option<u64>,
    dedicated: BTreeMap<(String, Verdict), DedicatedPromise>,
}

impl<'m> LedgerBuilder<'m> {
    pub fn new(manifest: &'m Manifest, options: Options) -> LedgerBuilder<'m> {
        let modes_said = manifest
            .services
            .iter()
            .map(|(kind, svc)| {
                let n = svc.modes.as_ref().map_or(0, |m| m.iter().count());
                (format!("service.{}", kind.as_str()), vec![false; n])
            })
            .collect();
        let mut codes: BTreeSet<String> = BTreeSet::new();
        if let Some(langs) = &manifest.languages {
            if let Some(s) = &langs.supported {
                codes.extend(s.iter().cloned());
            }
            for ch in manifest.channels.values() {
                if let Some(l) = &ch.languages {
                    codes.extend(l.iter().cloned());
                }
            }
        }
        let languages_said = codes
            .into_iter()
            .filter(|c| c != "en")
            .map(|code| {
                let mut names = vec![language_name(&code).to_lowercase()];
                names.extend(language_endonym(&code).iter().map(|n| n.to_string()));
                (code, names, false)
            })
            .collect();
        let (roles, staffed_capacity) = roles(manifest, options);
        LedgerBuilder {
            manifest,
            options,
            files: 0,
            origins: Vec::new(),
            origin_ids: HashMap::new(),
            common_dir: CommonDir::Unset,
            totals: Counts::default(),
            by_audience: BTreeMap::new(),
            by_category: BTreeMap::new(),
            rows: BTreeMap::new(),
            named: BTreeSet::new(),
            heard: BTreeMap::new(),
            contacts: BTreeMap::new(),
            keys: BTreeSet::new(),
            rules: BTreeSet::new(),
            modes_said,
            languages_said,
            interpreters_said: false,
            roles,
            staffed_capacity,
            dedicated: BTreeMap::new(),
        }
    }

    /// Folds in one file's report, in the order the run delivers them.
    pub fn add(&mut self, report: &FileReport) {
        self.files += 1;
        // The origin of the previous claim: a file's claims share one.
        let mut last: Option<(u32, &str, Option<&str>)> = None;
        for c in &report.claims {
            let origin = match last {
                Some((id, path, audience))
                    if path == c.path && audience == c.audience.as_deref() =>
                {
                    id
                }
                _ => self.origin(&c.path, c.audience.as_deref()),
            };
            last = Some((origin, &c.path, c.audience.as_deref()));
            let place = Place {
                origin,
                // Saturating only past 4 GiB of text on one line, which no input reaches.
                line: u32::try_from(c.line).unwrap_or(u32::MAX),
                column: u32::try_from(c.column).unwrap_or(u32::MAX),
            };
            self.claim(c, place);
        }
    }

    /// The index of a file in `origins`, added the first time it is seen.
    fn origin(&mut self, path: &str, audience: Option<&str>) -> u32 {
        let key = Origin {
            path: path.to_string(),
            audience: audience.map(str::to_string),
        };
        if let Some(id) = self.origin_ids.get(&key) {
            return *id;
        }
        let id = u32::try_from(self.origins.len()).expect("fewer than 4 billion files");
        self.common_dir.add(path);
        self.origins.push(key.clone());
        self.origin_ids.insert(key, id);
        id
    }

    fn claim(&mut self, c: &Finding, place: Place) {
        let audience = c.audience.as_deref().unwrap_or(UNASSIGNED);
        self.totals.add(c.verdict);
        counts_of(&mut self.by_audience, audience).add(c.verdict);
        self.by_category
            .entry(c.category)
            .or_default()
            .add(c.verdict);
        let normalized = normalize(&c.text);

        // The ledger row: the same rule, verdict and words, wherever they appear.
        if !self.rows.contains_key(&c.rule) {
            self.rows.insert(c.rule.clone(), BTreeMap::new());
        }
        let rows = self.rows.get_mut(&c.rule).expect("just inserted");
        let row = rows
            .entry((c.verdict, normalized.clone()))
            .or_insert_with(|| Row {
                capability: Capability::of(c.category),
                category: c.category,
                rule: c.rule.clone(),
                verdict: c.verdict,
                text: c.text.clone(),
                normalized: normalized.clone(),
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
        row.places.push(place);
        if !row.audiences.contains(audience) {
            row.audiences.insert(audience.to_string());
        }

        // What each named audience hears.
        if let Some(a) = &c.audience {
            if !self.named.contains(a) {
                self.named.insert(a.clone());
            }
            if !self.heard.contains_key(&c.rule) {
                self.heard.insert(c.rule.clone(), BTreeMap::new());
            }
            let per = self.heard.get_mut(&c.rule).expect("just inserted");
            if !per.contains_key(a) {
                per.insert(
                    a.clone(),
                    Hearing {
                        category: c.category,
                        verdicts: BTreeSet::new(),
                        seen: BTreeSet::new(),
                        texts: Vec::new(),
                    },
                );
            }
            let h = per.get_mut(a).expect("just inserted");
            h.verdicts.insert(c.verdict);
            let key = (normalized.clone(), c.verdict);
            if !h.seen.contains(&key) {
                h.seen.insert(key);
                h.texts.push(Wording {
                    text: c.text.clone(),
                    verdict: c.verdict,
                    place,
                });
            }
        }

        if c.category == Category::Contact {
            let (v, spellings) = self
                .contacts
                .entry(c.rule.clone())
                .or_default()
                .entry((contact_key(&c.rule, &c.text), verdict_rank(c.verdict)))
                .or_insert_with(|| {
                    (
                        Variant {
                            text: c.text.clone(),
                            verdict: c.verdict,
                            places: Vec::new(),
                        },
                        BTreeMap::new(),
                    )
                });
            match spellings.get_mut(&c.text) {
                Some(n) => *n += 1,
                None => {
                    spellings.insert(c.text.clone(), 1);
                }
            }
            v.places.push(place);
        }

        // What the copy mentions, for "delivered but never promised".
        for e in &c.evidence {
            if !self.keys.contains(&e.key) {
                self.keys.insert(e.key.clone());
            }
        }
        if !self.rules.contains(&c.rule) {
            self.rules.insert(c.rule.clone());
        }
        // The promise and its sentence, lowercase: made once, when a check needs it.
        let mut said: Option<String> = None;
        let said_of = |c: &Finding| format!("{} {}", c.text, c.sentence).to_lowercase();
        for ((prefix, flags), (_, svc)) in self.modes_said.iter_mut().zip(&self.manifest.services) {
            if flags.is_empty() || !c.rule.starts_with(prefix.as_str()) {
                continue;
            }
            let t = said.get_or_insert_with(|| said_of(c));
            let modes = svc.modes.iter().flat_map(|m| m.iter());
            for (flag, mode) in flags.iter_mut().zip(modes) {
                *flag |= mode_words(mode).iter().any(|w| t.contains(w));
            }
        }
        if c.category == Category::Language {
            let t = said.get_or_insert_with(|| said_of(c));
            for (_, names, flag) in &mut self.languages_said {
                *flag |= names.iter().any(|n| t.contains(n.as_str()));
            }
            self.interpreters_said |= t.contains("interpret");
        }

        if c.category == Category::DedicatedStaff {
            let roles = &self.roles;
            let d = self
                .dedicated
                .entry((normalized, c.verdict))
                .or_insert_with(|| {
                    let role = c.evidence.iter().find_map(|e| {
                        e.key
                            .strip_prefix("staff.")
                            .and_then(|r| r.split('.').next())
                            .map(str::to_string)
                    });
                    let rc = role
                        .as_deref()
                        .and_then(|r| roles.iter().find(|x| x.role == r));
                    DedicatedPromise {
                        text: c.text.clone(),
                        verdict: c.verdict,
                        role: role.clone(),
                        title: rc.map(|r| r.title.clone()),
                        caseload: rc.and_then(|r| r.caseload),
                        real_caseload: rc.and_then(|r| r.real_caseload),
                        assignment: rc.and_then(|r| r.assignment),
                        places: Vec::new(),
                    }
                });
            d.places.push(place);
        }
    }

    /// Sorts everything into ledger order.
    pub fn finish(self) -> Ledger {
        let manifest = self.manifest;
        let program = manifest.program.as_ref();
        let order = PlaceOrder::new(&self.origins);
        let mut audiences: Vec<(String, Counts)> = self.by_audience.into_iter().collect();
        audiences.sort_by_key(|(name, _)| audience_order(name));
        let never_promised = never_promised(
            manifest,
            &self.keys,
            &self.rules,
            &self.modes_said,
            &self.languages_said,
            self.interpreters_said,
        );
        let capacity = capacity(
            manifest,
            self.options,
            self.roles,
            self.staffed_capacity,
            self.dedicated,
        );
        Ledger {
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
            files: self.files,
            totals: self.totals,
            by_audience: audiences,
            by_category: self.by_category.into_iter().collect(),
            groups: group_rows(self.rows, &order),
            differences: differences(self.heard, &self.named),
            contacts: contact_variants(self.contacts, &order),
            never_promised,
            capacity,
            common_dir: self.common_dir.into_string(),
            origins: self.origins,
        }
    }
}

/// The counts of a name, added on first use without copying the name each time.
fn counts_of<'a>(map: &'a mut BTreeMap<String, Counts>, name: &str) -> &'a mut Counts {
    if !map.contains_key(name) {
        map.insert(name.to_string(), Counts::default());
    }
    map.get_mut(name).expect("just inserted")
}

/// Sorts places by path, line, column, then audience, comparing numbers only: each origin's
/// rank by path, and by path then audience.
struct PlaceOrder {
    ranks: Vec<(u32, u32)>,
}

impl PlaceOrder {
    fn new(origins: &[Origin]) -> PlaceOrder {
        let mut ids: Vec<usize> = (0..origins.len()).collect();
        ids.sort_by(|&a, &b| {
            let (a, b) = (&origins[a], &origins[b]);
            (&a.path, &a.audience).cmp(&(&b.path, &b.audience))
        });
        let mut ranks = vec![(0, 0); origins.len()];
        let mut path_rank = 0u32;
        for (i, &id) in ids.iter().enumerate() {
            if i > 0 && origins[ids[i - 1]].path != origins[id].path {
                path_rank += 1;
            }
            ranks[id] = (path_rank, i as u32);
        }
        PlaceOrder { ranks }
    }

    fn sort(&self, places: &mut [Place]) {
        places.sort_unstable_by_key(|p| {
            let (path, full) = self.ranks[p.origin as usize];
            (path, p.line, p.column, full)
        });
    }
}

fn group_rows(
    rows: BTreeMap<String, BTreeMap<(Verdict, String), Row>>,
    order: &PlaceOrder,
) -> Vec<Group> {
    let mut groups: BTreeMap<Capability, Group> = BTreeMap::new();
    for row in rows.into_values().flat_map(BTreeMap::into_values) {
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
            order.sort(&mut r.places);
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

fn differences(
    heard: BTreeMap<String, BTreeMap<String, Hearing>>,
    named: &BTreeSet<String>,
) -> Vec<Difference> {
    // Only named audiences take part.
    if named.len() < 2 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (rule, per) in heard {
        // The category of the rule's first promise to the first audience.
        let Some(category) = per.values().next().map(|h| h.category) else {
            continue;
        };
        let capability = Capability::of(category);
        let mut heard: Vec<Heard> = per
            .into_iter()
            .map(|(audience, h)| {
                let mut texts = h.texts;
                texts.sort_by_key(|w| verdict_rank(w.verdict));
                Heard {
                    audience,
                    verdicts: h.verdicts,
                    texts,
                }
            })
            .collect();
        heard.sort_by_key(|h| audience_order(&h.audience));
        let kind = if heard.len() < named.len() {
            // Contact details are covered by their own table; a channel or service promised
            // to one audience only is worth a line.
            if category == Category::Contact {
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
            if shared.is_empty() && category != Category::Contact {
                DifferenceKind::Wording
            } else {
                continue;
            }
        };
        out.push(Difference {
            kind,
            capability,
            rule,
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

fn contact_variants(
    by_rule: BTreeMap<String, BTreeMap<(String, usize), Spellings>>,
    order: &PlaceOrder,
) -> Vec<ContactVariants> {
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
                    order.sort(&mut v.places);
                    v
                })
                .collect();
            variants.sort_by(|a, b| {
                verdict_rank(a.verdict)
                    .cmp(&verdict_rank(b.verdict))
                    .then(b.places.len().cmp(&a.places.len()))
                    .then(a.text.cmp(&b.text))
            });
            ContactVariants { rule, variants }
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

/// What the manifest declares that no promise mentions. `modes_said` and `languages_said`
/// are `LedgerBuilder`'s, which saw every promise.
fn never_promised(
    manifest: &Manifest,
    keys: &BTreeSet<String>,
    rules: &BTreeSet<String>,
    modes_said: &[(String, Vec<bool>)],
    languages_said: &[(String, Vec<String>, bool)],
    interpreters_said: bool,
) -> Vec<Unmentioned> {
    let mentioned = |prefix: &str, rule_prefix: &str| {
        keys.iter()
            .any(|k| k == prefix || k.starts_with(&format!("{prefix}.")))
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
    for ((kind, svc), (_, said)) in manifest.services.iter().zip(modes_said) {
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
            for (mode, said) in modes.iter().zip(said) {
                if !said {
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
    if let Some(langs) = &manifest.languages {
        for (code, _, said) in languages_said {
            if !said {
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
            && !interpreters_said
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

/// The words that name a way a service is delivered.
fn mode_words(mode: &ServiceMode) -> &'static [&'static str] {
    match mode {
        ServiceMode::InHome => &["home"],
        ServiceMode::Virtual => &["virtual", "video", "online", "remote"],
        ServiceMode::InOffice => &["office", "clinic", "in person", "in-person"],
    }
}

/// Months of expected enrollments until `cap` is exceeded (0: already).
fn months_until(manifest: &Manifest, options: Options, cap: u64) -> Option<u64> {
    let enrolled = u64::from(enrolled(manifest)?);
    let rate = u64::from(options.expected_enrollments.filter(|r| *r > 0)?);
    Some(if enrolled > cap {
        0
    } else {
        (cap - enrolled) / rate + 1
    })
}

fn enrolled(manifest: &Manifest) -> Option<u32> {
    manifest
        .capacity
        .as_ref()
        .and_then(|c| c.enrolled_patients.as_ref())
        .map(|e| e.value)
}

/// Each staff role's capacity, and the sum over roles that declare count and caseload.
fn roles(manifest: &Manifest, options: Options) -> (Vec<RoleCapacity>, Option<u64>) {
    let enrolled = enrolled(manifest);
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
            months_left: cap.and_then(|c| months_until(manifest, options, c)),
        });
    }
    (roles, total)
}

/// The capacity view: roles, and dedicated promises grouped by words and verdict like the
/// ledger.
fn capacity(
    manifest: &Manifest,
    options: Options,
    roles: Vec<RoleCapacity>,
    total: Option<u64>,
    dedicated: BTreeMap<(String, Verdict), DedicatedPromise>,
) -> CapacityView {
    let mut dedicated: Vec<DedicatedPromise> = dedicated.into_values().collect();
    // Places stay in the order the run found them.
    dedicated.sort_by_key(|d| verdict_rank(d.verdict));
    CapacityView {
        enrolled: enrolled(manifest),
        staffed_capacity: total,
        expected_enrollments: options.expected_enrollments,
        months_left: total.and_then(|c| months_until(manifest, options, c)),
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
