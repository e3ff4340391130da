//! The rule pack: which phrasings make a promise of which category, and what each asserts.
//!
//! Rules are data (`rules/*.toml`, compiled into the binary, plus any folder `rules.extra`
//! names). Loading validates every rule; the literals of all phrasings of all rules go
//! into one automaton ([`prefilter`]), so a sentence is scanned once to find the few
//! phrasings worth running, however many rules there are. A phrasing's regex is compiled
//! the first time the automaton selects it, so a run pays only for the rules its copy uses.

pub mod literals;
pub mod matcher;
pub mod prefilter;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use serde::Deserialize;

use crate::diag::{did_you_mean, SourceError};
use crate::model::{Category, Severity};

/// The built-in pack, compiled in so the binary needs nothing beside it.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "rules/availability.toml",
        include_str!("../../rules/availability.toml"),
    ),
    (
        "rules/dedicated_staff.toml",
        include_str!("../../rules/dedicated_staff.toml"),
    ),
    (
        "rules/staff_role.toml",
        include_str!("../../rules/staff_role.toml"),
    ),
    (
        "rules/channel.toml",
        include_str!("../../rules/channel.toml"),
    ),
    (
        "rules/language.toml",
        include_str!("../../rules/language.toml"),
    ),
    ("rules/cost.toml", include_str!("../../rules/cost.toml")),
    (
        "rules/eligibility.toml",
        include_str!("../../rules/eligibility.toml"),
    ),
    (
        "rules/timeliness.toml",
        include_str!("../../rules/timeliness.toml"),
    ),
    (
        "rules/service.toml",
        include_str!("../../rules/service.toml"),
    ),
    (
        "rules/contact.toml",
        include_str!("../../rules/contact.toml"),
    ),
    (
        "rules/capacity.toml",
        include_str!("../../rules/capacity.toml"),
    ),
];

/// The manifest the built-in rules' examples are judged against.
pub const REFERENCE_MANIFEST: &str = include_str!("../../rules/reference-psp.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    #[serde(rename = "rule", default)]
    rules: Vec<RuleDef>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleDef {
    id: toml::Spanned<String>,
    category: Category,
    summary: String,
    #[serde(default)]
    severity: Option<Severity>,
    patterns: Vec<toml::Spanned<String>>,
    /// A sentence matching any of these is not this rule's promise (look-alikes).
    #[serde(default)]
    unless: Vec<toml::Spanned<String>>,
    #[serde(default)]
    asserts: BTreeMap<String, toml::Spanned<toml::Value>>,
    /// Manifest keys (dotted paths) that must be present and truthy to keep the promise.
    #[serde(default)]
    requires: Vec<String>,
    message: String,
    why: String,
    fix: String,
    examples: Examples,
}

#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    /// Copy this rule must flag against the reference manifest.
    #[serde(default)]
    pub flag: Vec<String>,
    /// Copy this rule must not flag.
    #[serde(default)]
    pub pass: Vec<String>,
}

/// What a rule's match asserts, in typed form; the checkers read this, never the regex.
#[derive(Debug, Clone, PartialEq)]
pub enum Asserts {
    /// Round the clock, weekends, evenings, holidays, or hours stated in the copy.
    Hours(HoursAssertion),
    /// A named person assigned to the patient.
    Dedicated,
    /// A role exists in the program (nurse, pharmacist, ...).
    Role(String),
    /// A role does something (`activity`: administer, medical_advice, care_team) that
    /// its `scope` or `paid_by` must allow.
    Scope(String),
    /// A channel exists; `inbound` when the patient starts the contact ("text us"),
    /// `staffed` when a person answers ("live chat").
    Channel {
        channel: String,
        inbound: bool,
        staffed: bool,
    },
    /// Support in one language (ISO 639-1), in a language named by the `lang` capture, in
    /// N languages (`count` capture), or in several.
    Language(LanguageAssertion),
    /// Money: kind plus the amount from the `amount` capture.
    Cost(CostKind),
    /// Universality over a dimension ("every patient", "regardless of insurance").
    Universal(String),
    /// A turnaround taken from the `n` and `unit` captures, or a fixed one.
    Within(Option<String>),
    /// A service exists.
    Service(String),
    /// A phone number, a short code, or the program's name.
    Contact(String),
    /// A capacity promise ("no waiting list", "unlimited").
    Capacity(String),
    /// A custom rule's promise, kept when every `requires` key is truthy.
    Facts,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoursAssertion {
    Always,
    Weekends,
    Evenings,
    Holidays,
    Stated,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LanguageAssertion {
    Code(String),
    Named,
    Count,
    Several,
    /// Interpreters for languages the program does not speak itself.
    Interpreters,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CostKind {
    /// "as little as $N", "$0 copay": the best case.
    Floor,
    /// "free", "no cost": the best case is zero.
    Free,
    /// "up to $N a year": the program's maximum benefit.
    Cap,
    /// Not a phrasing: a document with a cost promise must carry `cost.disclaimer`.
    Disclaimer,
}

/// Values from the manifest that rule phrasings may use as `{placeholders}`.
#[derive(Debug, Clone, Default)]
pub struct RuleVars {
    /// `program.name`: `{program_name}` matches it and its look-alike spellings.
    pub program_name: Option<String>,
    /// `staff.*.title`s: `{role_titles}` matches any of them.
    pub role_titles: Vec<String>,
    /// `program.brand`: `{brand}`.
    pub brand: Option<String>,
    /// Each role's own title: `{title:nurse}`.
    pub titles_by_role: Vec<(String, String)>,
}

impl RuleVars {
    /// The placeholders' values from a manifest.
    pub fn from_manifest(m: &crate::manifest::Manifest) -> Self {
        RuleVars {
            program_name: m.program_name().map(str::to_string),
            role_titles: m
                .staff
                .values()
                .filter_map(|s| s.title.as_ref().map(|t| t.value.clone()))
                .collect(),
            brand: m
                .program
                .as_ref()
                .and_then(|p| p.brand.as_ref())
                .map(|b| b.value.clone()),
            titles_by_role: m
                .staff
                .values()
                .filter_map(|s| {
                    s.title
                        .as_ref()
                        .map(|t| (s.role.as_str().to_string(), t.value.clone()))
                })
                .collect(),
        }
    }

    /// The phrasing with placeholders filled in; `None` when one has no value.
    fn expand(&self, pattern: &str) -> Option<String> {
        let mut out = pattern.to_string();
        if out.contains("{program_name}") {
            let name = self.program_name.as_deref()?;
            out = out.replace("{program_name}", &name_lookalikes(name));
        }
        if out.contains("{brand}") {
            out = out.replace("{brand}", &regex::escape(self.brand.as_deref()?));
        }
        for (role, title) in &self.titles_by_role {
            out = out.replace(
                &format!("{{title:{role}}}"),
                &format!(r"\b{}s?\b", regex::escape(title)),
            );
        }
        if out.contains("{title:") {
            return None;
        }
        if out.contains("{role_titles}") {
            // No titles: an alternative that never matches keeps the rest of the pattern.
            let titles: Vec<String> = self.role_titles.iter().map(|t| regex::escape(t)).collect();
            let alt = if titles.is_empty() {
                r"[^\s\S]".to_string()
            } else {
                titles.join("|")
            };
            out = out.replace("{role_titles}", &format!("(?:{alt})"));
        }
        Some(out)
    }
}

/// A pattern for a name and its re-spaced, re-hyphenated and re-cased spellings:
/// "CareBridge" also finds "Care Bridge", "Carebridge" and "care-bridge".
pub fn name_lookalikes(name: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if c.is_whitespace() || c == '-' {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            previous_lower = false;
            continue;
        }
        if c.is_uppercase() && previous_lower && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        previous_lower = c.is_lowercase();
        current.push(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    let escaped: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
    // A trademark sign, or "TM" where text extraction flattened it, may follow.
    format!(r"\b{}(?:TM\b|™|®|\b)", escaped.join(r"[\s\-]*"))
}

/// A loaded, validated, compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub category: Category,
    pub summary: String,
    pub severity: Severity,
    pub patterns: Vec<Phrasing>,
    pub unless: Vec<Phrasing>,
    pub asserts: Asserts,
    pub requires: Vec<String>,
    pub message: String,
    pub why: String,
    pub fix: String,
    pub examples: Examples,
    /// The file the rule came from, for `vouch rules` and error messages.
    pub origin: String,
    pub builtin: bool,
}

/// One phrasing of a rule.
pub type Phrasing = matcher::Matcher;

/// All rules, with one combined matcher over every phrasing.
#[derive(Debug, Clone)]
pub struct RulePack {
    pub rules: Vec<Rule>,
    /// Built from `literals` on another core as soon as the pack is made (see
    /// [`RulePack::from_rules`]); the first search waits for it if it must.
    prefilter: Arc<OnceLock<prefilter::Prefilter>>,
    literals: Arc<Vec<Option<literals::Requirement>>>,
    /// For each phrasing in `prefilter`, its rule and its index in the rule's `patterns`.
    owner: Vec<(usize, usize)>,
}

/// A rule some of whose phrasings may match a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub rule: usize,
    /// Indices into the rule's `patterns`; the others cannot match.
    pub patterns: PatternSet,
}

/// Indices into a rule's `patterns`, in increasing order; held without allocating for the
/// first 64 (a rule has a handful), as a set is made for every candidate of every sentence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PatternSet {
    first: u64,
    rest: Vec<usize>,
}

impl PatternSet {
    /// Adds `index`, which must be greater than any already in the set.
    fn push(&mut self, index: usize) {
        if index < 64 {
            self.first |= 1 << index;
        } else {
            self.rest.push(index);
        }
    }

    pub fn contains(&self, index: &usize) -> bool {
        match *index {
            i if i < 64 => self.first & (1 << i) != 0,
            i => self.rest.contains(&i),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        prefilter::set_bits(self.first).chain(self.rest.iter().copied())
    }
}

impl RulePack {
    /// The built-in pack plus every `*.toml` in each of `extra` folders.
    pub fn load(
        extra: &[std::path::PathBuf],
        vars: &RuleVars,
    ) -> Result<RulePack, Vec<SourceError>> {
        let mut errors = Vec::new();
        let mut rules = Vec::new();
        for (path, text) in BUILTIN {
            match parse_file(path, text, true, vars) {
                Ok(mut r) => rules.append(&mut r),
                Err(mut e) => errors.append(&mut e),
            }
        }
        for dir in extra {
            match rule_files(dir) {
                Ok(files) => {
                    for file in files {
                        let label = file.display().to_string();
                        match crate::inputs::read_to_string_capped(
                            &file,
                            crate::inputs::MAX_SETTINGS_FILE,
                        ) {
                            Ok(text) => match parse_file(&label, &text, false, vars) {
                                Ok(mut r) => rules.append(&mut r),
                                Err(mut e) => errors.append(&mut e),
                            },
                            Err(e) => errors.push(SourceError::new(
                                label,
                                "",
                                format!("cannot read rule file: {e}"),
                            )),
                        }
                    }
                }
                Err(e) => errors.push(e),
            }
        }
        let mut seen = BTreeMap::new();
        for rule in &rules {
            if let Some(first) = seen.insert(rule.id.clone(), rule.origin.clone()) {
                errors.push(SourceError::new(
                    rule.origin.clone(),
                    "",
                    format!("rule `{}` is defined twice (first in {first})", rule.id),
                ));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Self::from_rules(rules).map_err(|e| vec![e])
    }

    pub fn from_rules(rules: Vec<Rule>) -> Result<RulePack, SourceError> {
        use rayon::prelude::*;
        let mut owner = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            owner.extend((0..rule.patterns.len()).map(|j| (i, j)));
        }
        // A built-in phrasing's literals are looked up; anyone else's are worked out, on
        // every core (a user's rule files can hold thousands).
        let literals: Vec<_> = owner
            .par_iter()
            .map(|&(i, j)| requirement(rules[i].patterns[j].as_str()))
            .collect();
        let pack = RulePack {
            rules,
            prefilter: Default::default(),
            literals: Arc::new(literals),
            owner,
        };
        // The automaton takes a millisecond or two to build, which a small file's run
        // would otherwise spend waiting before it reads its config, inputs and copy.
        let (cell, literals) = (Arc::clone(&pack.prefilter), Arc::clone(&pack.literals));
        rayon::spawn(move || {
            cell.get_or_init(|| prefilter::Prefilter::new(&literals));
        });
        Ok(pack)
    }

    fn prefilter(&self) -> &prefilter::Prefilter {
        self.prefilter
            .get_or_init(|| prefilter::Prefilter::new(&self.literals))
    }

    /// The rules, in rule order, with the phrasings that may match `text`. Every rule with
    /// a matching phrasing is among them; a few may have none that match.
    pub fn candidates(&self, text: &str) -> Vec<Candidate> {
        let mut out: Vec<Candidate> = Vec::new();
        self.prefilter().each_candidate(text, |phrasing| {
            let (rule, pattern) = self.owner[phrasing];
            match out.last_mut() {
                Some(c) if c.rule == rule => c.patterns.push(pattern),
                _ => {
                    let mut patterns = PatternSet::default();
                    patterns.push(pattern);
                    out.push(Candidate { rule, patterns });
                }
            }
        });
        out
    }

    /// Whether the run is young: too little text searched yet for every phrasing it needs
    /// to be built.
    pub fn young(&self) -> bool {
        self.prefilter().young()
    }

    /// Builds the combined matcher's fast automaton now (see [`prefilter::Prefilter::build_fast`]).
    pub fn build_fast(&self) {
        self.prefilter().build_fast();
    }

    /// Builds, on every core, the phrasings that may match `sentences` and their rules'
    /// exceptions, those not built yet, with `alongside` on another core when any sentence
    /// has candidates; returns the sentences that have. A small file would otherwise build
    /// them one after another on one core, which is most of its run.
    pub fn prepare<'s>(
        &self,
        sentences: impl Iterator<Item = &'s str>,
        alongside: impl FnOnce() + Send,
    ) -> Vec<&'s str> {
        let mut promising = Vec::new();
        // Each with the kind of text it will search: ASCII sentences have engines of
        // their own (see `matcher`).
        let mut needed: Vec<(&Phrasing, bool)> = Vec::new();
        for sentence in sentences {
            let candidates = self.candidates(sentence);
            if candidates.is_empty() {
                continue;
            }
            promising.push(sentence);
            let ascii = sentence.is_ascii();
            for c in candidates {
                let rule = &self.rules[c.rule];
                needed.extend(c.patterns.iter().map(|p| (&rule.patterns[p], ascii)));
                needed.extend(rule.unless.iter().map(|u| (u, ascii)));
            }
        }
        if promising.is_empty() {
            return promising;
        }
        rayon::join(|| matcher::build_all(needed), alongside);
        promising
    }

    /// How many phrasings the combined matcher cannot filter (they run on every sentence).
    pub fn unfiltered(&self) -> usize {
        self.prefilter().unfiltered()
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// Whether `pattern` names a rule or a category (`availability` covers all of its rules).
    pub fn knows(&self, pattern: &str) -> bool {
        self.rules.iter().any(|r| selector_matches(pattern, &r.id))
            || Category::ALL.iter().any(|c| c.as_str() == pattern)
            || pattern.starts_with("suppression")
            || pattern == "cost.disclaimer"
            || pattern == "input"
            || pattern == crate::office::NO_TEXT_RULE
    }

    /// The closest rule id, for "did you mean" in config and suppression errors.
    pub fn suggest(&self, pattern: &str) -> Option<String> {
        did_you_mean(pattern, self.rules.iter().map(|r| r.id.as_str())).map(str::to_string)
    }
}

/// The built-in phrasings' literals, worked out by `build.rs`.
mod builtin_literals {
    include!(concat!(env!("OUT_DIR"), "/builtin_literals.rs"));
}

/// A pattern's literal requirement: looked up for a built-in phrasing or lexicon pattern,
/// whose literals were worked out at build time; worked out now for any other (a user's,
/// or one with placeholders filled in).
pub(crate) fn requirement(source: &str) -> Option<literals::Requirement> {
    let builtin = builtin_literals::BUILTIN;
    match builtin.binary_search_by(|(s, _)| (*s).cmp(source)) {
        Ok(i) => builtin[i].1.map(|sets| {
            sets.iter()
                .map(
                    |&(literals, edge_before, edge_after)| literals::LiteralSet {
                        literals: literals.iter().map(|l| l.to_vec()).collect(),
                        edge_before,
                        edge_after,
                    },
                )
                .collect()
        }),
        Err(_) => literals::phrasing_literals(source),
    }
}

/// `--select`/`--ignore`/suppression selectors: an exact rule id, or a category prefix
/// (`availability` matches `availability.always`).
pub fn selector_matches(selector: &str, rule_id: &str) -> bool {
    rule_id == selector
        || rule_id
            .strip_prefix(selector)
            .is_some_and(|rest| rest.starts_with('.'))
}

fn rule_files(dir: &Path) -> Result<Vec<std::path::PathBuf>, SourceError> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        SourceError::new(
            dir.display().to_string(),
            "",
            format!("cannot read rule folder: {e}"),
        )
    })?;
    let mut files: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "toml")
                && p.file_name().is_some_and(|n| n != "psp.toml")
                // A FIFO or device named `*.toml` would be waited on or read forever.
                && std::fs::metadata(p).is_ok_and(|m| m.is_file())
        })
        .collect();
    files.sort();
    Ok(files)
}

/// Parses and validates one rule file, collecting every problem with its span.
pub fn parse_file(
    path: &str,
    text: &str,
    builtin: bool,
    vars: &RuleVars,
) -> Result<Vec<Rule>, Vec<SourceError>> {
    let file: RuleFile = toml::from_str(text).map_err(|e| {
        let mut err = SourceError::new(path, text, e.message().to_string());
        if let Some(span) = e.span() {
            err = err.at(span, "here");
        }
        vec![err]
    })?;
    let mut rules = Vec::new();
    let mut errors = Vec::new();
    // Users' phrasings compile at load so a bad one is reported with its span; with
    // hundreds of rules that is most of start-up, so rules compile on every core.
    use rayon::prelude::*;
    // The file's text for its errors to quote: copied once, at the first error.
    let shared = std::sync::OnceLock::new();
    let source = Source {
        path,
        text,
        shared: &shared,
    };
    let compiled: Vec<_> = file
        .rules
        .into_par_iter()
        .map(|def| compile(&source, def, builtin, vars))
        .collect();
    for result in compiled {
        match result {
            Ok(rule) => rules.push(rule),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() {
        Ok(rules)
    } else {
        Err(errors)
    }
}

/// A rule file being compiled: its name and text, and the text shared by its errors (a
/// file of thousands of broken rules held a copy of itself for each).
struct Source<'a> {
    path: &'a str,
    text: &'a str,
    shared: &'a std::sync::OnceLock<std::sync::Arc<str>>,
}

fn compile(
    source: &Source,
    def: RuleDef,
    builtin: bool,
    vars: &RuleVars,
) -> Result<Rule, Vec<SourceError>> {
    let (path, text) = (source.path, source.text);
    let mut errors = Vec::new();
    let err = |span: std::ops::Range<usize>, message: String, label: &str| {
        let shared = source.shared.get_or_init(|| std::sync::Arc::from(text));
        SourceError::new(path, shared.clone(), message).at(span, label)
    };
    let id = def.id.get_ref().clone();
    let expected_prefix = format!("{}.", def.category.as_str());
    if !id.starts_with(&expected_prefix) || id.len() == expected_prefix.len() {
        errors.push(err(
            def.id.span(),
            format!("rule id `{id}` must be `{}<name>`", expected_prefix),
            "rule ids are `category.name`",
        ));
    }
    let asserts = match decode_asserts(def.category, &def.asserts, !def.requires.is_empty()) {
        Ok(a) => a,
        Err((span, message)) => {
            errors.push(err(
                span.unwrap_or(def.id.span()),
                message,
                "in this rule's `asserts`",
            ));
            Asserts::Facts
        }
    };
    let mut report = |span, message, label: &str| errors.push(err(span, message, label));
    let patterns = compile_patterns(&def.patterns, vars, &id, builtin, &mut report);
    let unless = compile_patterns(&def.unless, vars, &id, builtin, &mut report);
    let document_rule = asserts == Asserts::Cost(CostKind::Disclaimer);
    if def.patterns.is_empty() && !document_rule {
        errors.push(err(
            def.id.span(),
            format!("rule `{id}` has no patterns"),
            "add at least one phrasing",
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let severity = def.severity.unwrap_or(Severity::Error);
    Ok(Rule {
        id,
        category: def.category,
        summary: def.summary,
        severity,
        patterns,
        unless,
        asserts,
        requires: def.requires,
        message: def.message,
        why: def.why,
        fix: def.fix,
        examples: def.examples,
        origin: path.to_string(),
        builtin,
    })
}

/// Longest built-in phrasing with manifest values filled in that is compiled on first use;
/// far below the size limit.
const MAX_DEFERRED_FILLING: usize = 1024;

/// Compiles phrasings with placeholders filled in; each invalid one is reported.
fn compile_patterns(
    list: &[toml::Spanned<String>],
    vars: &RuleVars,
    id: &str,
    builtin: bool,
    report: &mut dyn FnMut(std::ops::Range<usize>, String, &str),
) -> Vec<Phrasing> {
    let mut out = Vec::new();
    for p in list {
        let Some(source) = vars.expand(p.get_ref()) else {
            // The manifest does not declare what the placeholder needs.
            continue;
        };
        // Built-in phrasings are checked by the tests, so they compile on first use, and so
        // do short ones filled in from the manifest (its values are escaped, so only size
        // could fail them). Users' phrasings, and long fillings, compile now so errors show
        // at load.
        if builtin && (source == *p.get_ref() || source.len() <= MAX_DEFERRED_FILLING) {
            out.push(Phrasing::deferred(source, true));
            continue;
        }
        match Phrasing::compiled(source, true) {
            Ok(re) => out.push(re),
            Err(e) => report(
                p.span(),
                format!("invalid phrasing in rule `{id}`"),
                &first_line(&e.to_string()),
            ),
        }
    }
    out
}

fn first_line(s: &str) -> String {
    s.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or(s)
        .trim()
        .to_string()
}

type AssertError = (Option<std::ops::Range<usize>>, String);

fn decode_asserts(
    category: Category,
    table: &BTreeMap<String, toml::Spanned<toml::Value>>,
    has_requires: bool,
) -> Result<Asserts, AssertError> {
    let text = |key: &str| -> Result<Option<String>, AssertError> {
        match table.get(key) {
            None => Ok(None),
            Some(v) => match v.get_ref() {
                toml::Value::String(s) => Ok(Some(s.clone())),
                _ => Err((Some(v.span()), format!("`asserts.{key}` must be a string"))),
            },
        }
    };
    let flag = |key: &str| -> Result<bool, AssertError> {
        match table.get(key) {
            None => Ok(false),
            Some(v) => v.get_ref().as_bool().ok_or((
                Some(v.span()),
                format!("`asserts.{key}` must be true or false"),
            )),
        }
    };
    let allowed: &[&str] = match category {
        Category::Availability => &["hours"],
        Category::DedicatedStaff => &[],
        Category::StaffRole => &["role", "scope"],
        Category::Channel => &["channel", "inbound", "staffed"],
        Category::Language => &["language"],
        Category::Cost => &["cost"],
        Category::Eligibility => &["universal"],
        Category::Timeliness => &["within"],
        Category::Service => &["service"],
        Category::Contact => &["contact"],
        Category::Capacity => &["capacity"],
        Category::Suppression | Category::Input => &[],
    };
    for (key, value) in table {
        if !allowed.contains(&key.as_str()) {
            let help = did_you_mean(key, allowed.iter().copied())
                .map(|k| format!(" (did you mean `{k}`?)"))
                .unwrap_or_default();
            return Err((
                Some(value.span()),
                format!(
                    "`asserts.{key}` is not known for category `{}`{help}",
                    category.as_str()
                ),
            ));
        }
    }
    if has_requires {
        return Ok(Asserts::Facts);
    }
    let missing = |key: &str| {
        (
            None,
            format!("category `{}` needs `asserts.{key}`", category.as_str()),
        )
    };
    let pick = |key: &str, value: String, known: &[&str]| -> Result<String, AssertError> {
        if known.contains(&value.as_str()) {
            Ok(value)
        } else {
            let span = table.get(key).map(|v| v.span());
            let help = did_you_mean(&value, known.iter().copied())
                .map(|k| format!("; did you mean `{k}`?"))
                .unwrap_or_default();
            Err((
                span,
                format!("`{value}` is not one of {}{help}", known.join(", ")),
            ))
        }
    };
    Ok(match category {
        Category::Availability => {
            let v = text("hours")?.ok_or_else(|| missing("hours"))?;
            match pick(
                "hours",
                v,
                &["always", "weekends", "evenings", "holidays", "stated"],
            )?
            .as_str()
            {
                "always" => Asserts::Hours(HoursAssertion::Always),
                "weekends" => Asserts::Hours(HoursAssertion::Weekends),
                "evenings" => Asserts::Hours(HoursAssertion::Evenings),
                "holidays" => Asserts::Hours(HoursAssertion::Holidays),
                _ => Asserts::Hours(HoursAssertion::Stated),
            }
        }
        Category::DedicatedStaff => Asserts::Dedicated,
        Category::StaffRole => {
            let v = text("role")?.ok_or_else(|| missing("role"))?;
            if let Some(activity) = text("scope")? {
                Asserts::Scope(pick(
                    "scope",
                    activity,
                    &["administer", "medical_advice", "care_team"],
                )?)
            } else {
                Asserts::Role(pick("role", v, ROLES)?)
            }
        }
        Category::Channel => {
            let v = text("channel")?.ok_or_else(|| missing("channel"))?;
            Asserts::Channel {
                channel: pick("channel", v, CHANNELS)?,
                inbound: flag("inbound")?,
                staffed: flag("staffed")?,
            }
        }
        Category::Language => {
            let v = text("language")?.ok_or_else(|| missing("language"))?;
            match v.as_str() {
                "named" => Asserts::Language(LanguageAssertion::Named),
                "count" => Asserts::Language(LanguageAssertion::Count),
                "several" => Asserts::Language(LanguageAssertion::Several),
                "interpreters" => Asserts::Language(LanguageAssertion::Interpreters),
                code if code.len() == 2 && code.chars().all(|c| c.is_ascii_lowercase()) => {
                    Asserts::Language(LanguageAssertion::Code(code.to_string()))
                }
                _ => {
                    return Err((
                        table.get("language").map(|v| v.span()),
                        "`asserts.language` is an ISO 639-1 code, `named`, `count` or `several`"
                            .into(),
                    ))
                }
            }
        }
        Category::Cost => {
            let v = text("cost")?.ok_or_else(|| missing("cost"))?;
            match pick("cost", v, &["floor", "free", "cap", "disclaimer"])?.as_str() {
                "floor" => Asserts::Cost(CostKind::Floor),
                "free" => Asserts::Cost(CostKind::Free),
                "cap" => Asserts::Cost(CostKind::Cap),
                _ => Asserts::Cost(CostKind::Disclaimer),
            }
        }
        Category::Eligibility => {
            let v = text("universal")?.ok_or_else(|| missing("universal"))?;
            Asserts::Universal(pick(
                "universal",
                v,
                &["insurance", "patients", "states", "income", "stated"],
            )?)
        }
        Category::Timeliness => Asserts::Within(text("within")?),
        Category::Service => {
            let v = text("service")?.ok_or_else(|| missing("service"))?;
            Asserts::Service(pick("service", v, SERVICES)?)
        }
        Category::Contact => {
            let v = text("contact")?.ok_or_else(|| missing("contact"))?;
            Asserts::Contact(pick(
                "contact",
                v,
                &["phone", "short_code", "program_name", "web"],
            )?)
        }
        Category::Capacity => {
            let v = text("capacity")?.ok_or_else(|| missing("capacity"))?;
            Asserts::Capacity(pick("capacity", v, &["unlimited", "enrolled", "caseload"])?)
        }
        Category::Suppression | Category::Input => Asserts::Facts,
    })
}

pub const ROLES: &[&str] = &[
    "nurse",
    "case_manager",
    "pharmacist",
    "social_worker",
    "reimbursement_manager",
    "access_specialist",
    "peer_mentor",
];

pub const CHANNELS: &[&str] = &[
    "phone", "sms", "chat", "email", "app", "portal", "video", "in_home", "mail",
];

pub const SERVICES: &[&str] = &[
    "benefits_investigation",
    "prior_authorization",
    "appeals",
    "bridge",
    "quick_start",
    "home_delivery",
    "injection_training",
    "adherence_reminders",
    "patient_assistance",
    "transportation",
    "specialty_pharmacy_coordination",
    "foundation_referral",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pattern_set_lists_its_members_in_order_past_64() {
        let members = [0, 3, 63, 64, 200];
        let mut set = PatternSet::default();
        for m in members {
            set.push(m);
        }
        assert_eq!(set.iter().collect::<Vec<_>>(), members);
        for i in 0..300 {
            assert_eq!(set.contains(&i), members.contains(&i), "{i}");
        }
    }

    /// Phrasings filled in from a manifest compile on first use; they must compile.
    #[test]
    fn every_filled_in_phrasing_compiles() {
        for (path, text) in [
            ("reference", REFERENCE_MANIFEST),
            (
                "example",
                include_str!("../../examples/carebridge/psp.toml"),
            ),
        ] {
            let manifest = crate::manifest::Manifest::parse(path, text).expect("manifest");
            let pack = RulePack::load(&[], &RuleVars::from_manifest(&manifest)).expect("pack");
            for rule in &pack.rules {
                for phrasing in rule.patterns.iter().chain(&rule.unless) {
                    // Both kinds of engine: a failure to compile panics.
                    phrasing.build_for(true);
                    phrasing.build_for(false);
                    assert!(phrasing.is_built(), "{}", phrasing.as_str());
                }
            }
        }
    }

    #[test]
    fn literals_worked_out_at_build_time_are_the_ones_worked_out_now() {
        let builtin = builtin_literals::BUILTIN;
        assert!(
            builtin.len() > 200,
            "only {} built-in phrasings",
            builtin.len()
        );
        assert!(
            builtin.windows(2).all(|w| w[0].0 < w[1].0),
            "sorted for lookup"
        );
        for (source, _) in builtin {
            assert_eq!(
                requirement(source),
                literals::phrasing_literals(source),
                "{source}"
            );
        }
        // Not built in: worked out on the spot.
        assert_eq!(
            requirement(r"\bmy own phrasing\b"),
            literals::phrasing_literals(r"\bmy own phrasing\b")
        );
    }
}
