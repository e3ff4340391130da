//! The check itself: every input file through extraction, promise scanning and verdicts,
//! in parallel, delivered in a deterministic order.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use globset::GlobSet;
use rayon::prelude::*;
use serde::Serialize;

use crate::anchor::Anchor;
use crate::diag::SourceError;
use crate::extract::{self, LineIndex, Prose};
use crate::inputs::{self, InputFile};
use crate::manifest::{Citation, Manifest, Role};
use crate::model::{Category, Severity, Verdict};
use crate::promises::{self, ScanContext};
use crate::rules::{selector_matches, Asserts, CostKind, RulePack};
use crate::suppress;
use crate::verdicts::{self, DocumentFacts, Policy};

/// One promise with its verdict: a row of `vouch claims`, and — when not supported — a
/// finding of `vouch check`. Field names are the SPEC's JSON fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub rule: String,
    pub category: Category,
    pub verdict: Verdict,
    pub severity: Severity,
    pub path: String,
    pub audience: Option<String>,
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub text: String,
    pub message: String,
    pub evidence: Vec<Citation>,
    pub suggestion: Option<String>,
    /// Stable across edits elsewhere in the file: rule, path and normalized text.
    pub fingerprint: String,
    /// The sentence the promise was found in, as prose.
    #[serde(skip)]
    pub sentence: String,
    /// For documents: the paragraph, slide or page in words ("slide 3 (notes)").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

/// Everything learned from one file.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub path: String,
    pub audience: Option<String>,
    /// The file's text (for rendering snippets); empty when the run did not keep it.
    pub source: String,
    /// Every promise with its verdict, suppressed ones excluded (supported ones only when
    /// the run kept them).
    pub claims: Vec<Finding>,
    /// How many promises were found, suppressed ones excluded: `claims.len()` before any
    /// were dropped.
    pub promises: usize,
    /// Findings on vouch's own directives (suppressions without a reason, unused, unknown).
    pub directive_findings: Vec<Finding>,
    pub suppressed: usize,
    /// For documents: the paragraph, slide or page number of each line of `source`, shown
    /// in place of line numbers. Empty for text files.
    pub line_numbers: Vec<usize>,
    /// The human diagnostic of each of [`FileReport::findings`], in order, when the run
    /// rendered them where the file was checked ([`Keep::diagnostics`]); else empty.
    pub diagnostics: Vec<Vec<u8>>,
}

impl FileReport {
    /// What `vouch check` reports: promises that are not supported, plus directive problems.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.claims
            .iter()
            .filter(|c| c.verdict != Verdict::Supported)
            .chain(&self.directive_findings)
    }

    /// Drops what the run does not need, before the report waits to be written out, and
    /// renders the diagnostics it asks for.
    fn trim(&mut self, keep: Keep, manifest: &crate::manifest::Manifest) {
        if !keep.supported {
            self.claims.retain(|c| c.verdict != Verdict::Supported);
        }
        if let Some(palette) = keep.diagnostics {
            self.diagnostics =
                crate::output::human::render_each(self, self.findings(), manifest, palette);
        }
        if !keep.sources || self.findings().next().is_none() {
            self.source = String::new();
            self.line_numbers = Vec::new();
        }
    }
}

/// What a run keeps of each report beyond its findings and counts.
#[derive(Debug, Clone, Copy)]
pub struct Keep {
    /// Supported promises, and the sentence of every claim: `vouch claims` and
    /// `vouch report` list them, `check` does not.
    pub supported: bool,
    /// The text of files with findings, for a caller that renders their diagnostics
    /// itself (the command line has the workers render them: `diagnostics`).
    pub sources: bool,
    /// Human diagnostics of the findings, rendered on the worker that checked the file,
    /// so the thread writing the output only copies bytes.
    pub diagnostics: Option<crate::output::human::Palette>,
}

impl Keep {
    /// Everything: what a caller checking one text in process usually wants.
    pub const ALL: Keep = Keep {
        supported: true,
        sources: true,
        diagnostics: None,
    };
}

/// The settings a check runs with, resolved from config and flags.
pub struct Settings {
    pub policy: Policy,
    pub unverifiable: Severity,
    pub severity: BTreeMap<String, Severity>,
    pub ignore: Vec<String>,
    pub select: Vec<String>,
    pub audiences: Vec<(String, GlobSet)>,
    /// `--audience`: only files for this audience.
    pub only_audience: Option<String>,
}

impl Default for Settings {
    /// What a run gets with no config and no flags.
    fn default() -> Settings {
        Settings {
            policy: Policy::default(),
            unverifiable: Severity::Warning,
            severity: BTreeMap::new(),
            ignore: Vec::new(),
            select: Vec::new(),
            audiences: Vec::new(),
            only_audience: None,
        }
    }
}

pub struct Engine {
    pub manifest: Manifest,
    pub pack: RulePack,
    pub ctx: ScanContext,
    pub settings: Settings,
    /// The search for the manifest's disclaimer, prepared on first use.
    disclaimer: OnceLock<Option<WordsSearch>>,
}

impl Engine {
    pub fn new(manifest: Manifest, pack: RulePack, settings: Settings) -> Engine {
        let titles = manifest.staff.values().filter_map(|s| {
            s.title
                .as_ref()
                .map(|t| (s.role.as_str().to_string(), t.value.clone()))
        });
        let ctx = ScanContext::new(titles);
        Engine {
            manifest,
            pack,
            ctx,
            settings,
            disclaimer: OnceLock::new(),
        }
    }

    /// Checks `files` on `threads` workers (default: one per core) and hands each report, or
    /// the error that stopped a file, to `each` on the calling thread, in the order of
    /// `files` (which `inputs::collect` sorts by path). Files are checked a window at a
    /// time while the previous window is written out, so memory is bounded by the window,
    /// not the corpus. Files `--audience` filters out are skipped.
    pub fn stream(
        &self,
        files: &[InputFile],
        keep: Keep,
        threads: Option<usize>,
        mut each: impl FnMut(Result<FileReport, SourceError>),
    ) {
        // The global pool when it has the threads asked for (the command line sets it up).
        let pool = threads
            .filter(|&n| n != rayon::current_num_threads())
            .and_then(|n| rayon::ThreadPoolBuilder::new().num_threads(n).build().ok());
        let workers = pool
            .as_ref()
            .map_or_else(rayon::current_num_threads, |p| p.current_num_threads());
        // Enough files per window to keep every worker busy despite uneven file sizes.
        let window = (workers * 16).max(64);
        let check_window = |chunk: &[InputFile]| -> Vec<Result<Option<FileReport>, SourceError>> {
            let work = || {
                chunk
                    .par_iter()
                    .map(|f| {
                        let mut report = self.check_file(f, keep)?;
                        if let Some(r) = &mut report {
                            r.trim(keep, &self.manifest);
                        }
                        Ok(report)
                    })
                    .collect()
            };
            match &pool {
                Some(pool) => pool.install(work),
                None => work(),
            }
        };
        std::thread::scope(|scope| {
            if large_run(files) {
                // A run this large will pay for the fast automata; built beside the workers
                // now, the slow ones search only the first files.
                scope.spawn(|| {
                    self.pack.build_fast();
                    crate::promises::mentions::lexicon().build_fast();
                });
            }
            // One finished window may wait while the next is checked: three at most alive.
            let (tx, rx) = std::sync::mpsc::sync_channel(1);
            scope.spawn(move || {
                for chunk in files.chunks(window) {
                    if tx.send(check_window(chunk)).is_err() {
                        break;
                    }
                }
            });
            for results in rx {
                for r in results {
                    match r {
                        Ok(Some(report)) => each(Ok(report)),
                        Ok(None) => {}
                        Err(e) => each(Err(e)),
                    }
                }
            }
        });
    }

    /// Reads and checks one file; `None` when `--audience` filters it out.
    fn check_file(&self, f: &InputFile, keep: Keep) -> Result<Option<FileReport>, SourceError> {
        if f.format.is_document() {
            return crate::office::check(self, f, keep);
        }
        let source = inputs::read_text(&f.path, &f.display, f.format)?;
        self.check_source(f, source, keep)
    }

    /// Checks one file's text; `None` when `--audience` filters it out.
    pub fn check_source(
        &self,
        file: &InputFile,
        source: String,
        keep: Keep,
    ) -> Result<Option<FileReport>, SourceError> {
        let prose = extract::extract(file.format.prose_format(), &source);
        self.check_extracted(file, source, &prose, keep)
    }

    /// Checks text already extracted from a file; `None` when `--audience` filters it out.
    pub fn check_extracted(
        &self,
        file: &InputFile,
        source: String,
        prose: &Prose,
        keep: Keep,
    ) -> Result<Option<FileReport>, SourceError> {
        let audience = prose.audience.clone().or_else(|| {
            self.settings
                .audiences
                .iter()
                .find(|(_, globs)| globs.is_match(&file.rel))
                .map(|(name, _)| name.clone())
        });
        if let Some(only) = &self.settings.only_audience {
            if audience.as_deref() != Some(only.as_str()) {
                return Ok(None);
            }
        }
        self.check_prose_keeping(&file.display, audience, source, prose, keep)
            .map(Some)
    }

    pub fn check_prose(
        &self,
        path: &str,
        audience: Option<String>,
        source: String,
        prose: &Prose,
    ) -> Result<FileReport, SourceError> {
        self.check_prose_keeping(path, audience, source, prose, Keep::ALL)
    }

    /// [`Engine::check_prose`], building only the claims `keep` asks for: in a library
    /// most promises are kept, and a check that does not list them need not copy them.
    pub fn check_prose_keeping(
        &self,
        path: &str,
        audience: Option<String>,
        source: String,
        prose: &Prose,
        keep: Keep,
    ) -> Result<FileReport, SourceError> {
        // Only findings need lines and columns; most files of a large library have none.
        let lines = std::cell::OnceCell::new();
        let promises = match promises::scan(prose, &self.pack, &self.ctx) {
            Ok(promises) => promises,
            Err(too_many) => {
                // The error outlives the file: keep its text only up to the line it stopped
                // on (a dump reaches the cap within its first few megabytes).
                let mut source = source;
                let stop = too_many.src.end.min(source.len());
                let line_end = memchr::memchr(b'\n', &source.as_bytes()[stop..])
                    .map_or(source.len(), |at| stop + at);
                source.truncate(line_end);
                source.shrink_to_fit();
                return Err(
                    SourceError::new(path, source, "could not be checked in full")
                        .at(too_many.src, "stopped here")
                        .help(format!(
                            "this file holds more than {} promises, more than any real copy; \
                         vouch stops rather than hold them all in memory (split the file)",
                            promises::MAX_PROMISES_PER_FILE
                        )),
                );
            }
        };
        // Only price promises consult the disclaimer; reading the whole document for it
        // is skipped when there are none.
        let prices = promises
            .iter()
            .any(|p| matches!(self.pack.rules[p.rule].asserts, Asserts::Cost(_)));
        let doc = DocumentFacts {
            has_disclaimer: prices && self.has_disclaimer(prose),
        };
        let make = |rule: &str,
                    category,
                    verdict,
                    severity,
                    src: std::ops::Range<usize>,
                    message: String| {
            let lines = lines.get_or_init(|| LineIndex::new(&source));
            let (line, column) = lines.line_col(src.start);
            let (end_line, end_column) = lines.line_col(src.end);
            let text = source.get(src.clone()).unwrap_or_default().to_string();
            Finding {
                rule: rule.to_string(),
                category,
                verdict,
                severity,
                path: path.to_string(),
                audience: audience.clone(),
                start: src.start,
                end: src.end,
                line,
                column,
                end_line,
                end_column,
                fingerprint: fingerprint(rule, path, &text),
                text,
                message,
                evidence: Vec::new(),
                suggestion: None,
                sentence: String::new(),
                location: None,
            }
        };
        let mut claims = Vec::new();
        // Supported promises counted but not built, as `keep` does not ask for them.
        let mut unbuilt = 0;
        let mut first_cost: Option<std::ops::Range<usize>> = None;
        for p in &promises {
            let rule = &self.pack.rules[p.rule];
            if !self.enabled(&rule.id) {
                continue;
            }
            let assessed = p
                .assessed
                .get_or_assess(|| verdicts::assess(p, rule, &self.manifest, &self.settings.policy));
            let Some(assessed) = assessed else {
                continue;
            };
            // Free drug from patient assistance is not the copay offer the disclaimer covers.
            let copay_offer = match rule.asserts {
                Asserts::Cost(CostKind::Free) => {
                    !p.sentence.to_ascii_lowercase().contains("assistance")
                }
                Asserts::Cost(_) => true,
                _ => false,
            };
            if copay_offer && first_cost.is_none() {
                first_cost = Some(p.src.clone());
            }
            if !keep.supported && verdicts::stays_supported(&assessed, rule, &p.frame, doc) {
                unbuilt += 1;
                continue;
            }
            let judgement = verdicts::qualify(assessed.into_owned(), rule, &p.frame, doc);
            let severity = self.severity(&rule.id, rule.severity, judgement.verdict);
            let mut f = make(
                &rule.id,
                rule.category,
                judgement.verdict,
                severity,
                p.src.clone(),
                judgement.message,
            );
            f.evidence = judgement.evidence;
            f.suggestion = judgement.suggestion;
            if keep.supported {
                // Only the ledger (`claims`, `report`) reads what else a sentence said.
                f.sentence = p.sentence.clone();
            }
            claims.push(f);
        }
        // A document that promises a price must carry the program's disclaimer.
        let disclaimer_rule = self
            .pack
            .rules
            .iter()
            .find(|r| r.asserts == Asserts::Cost(CostKind::Disclaimer) && self.enabled(&r.id));
        if let (Some(span), Some(rule), false) = (first_cost, disclaimer_rule, doc.has_disclaimer) {
            if let Some(d) = self
                .manifest
                .cost
                .as_ref()
                .and_then(|c| c.disclaimer.as_ref())
            {
                let severity = self.severity(&rule.id, rule.severity, Verdict::Unsupported);
                let mut f = make(
                    &rule.id,
                    Category::Cost,
                    Verdict::Unsupported,
                    severity,
                    span,
                    format!("this document promises a price but does not carry the savings program's disclaimer \"{}\"", d.value),
                );
                f.evidence = vec![self.manifest.cite("cost.disclaimer", &d.span)];
                f.suggestion = Some(d.value.clone());
                claims.push(f);
            }
        }
        let suppressions = suppress::parse(prose, &source);
        let mut directive_findings = Vec::new();
        let mut suppressed = 0;
        let mut used = vec![false; suppressions.len()];
        let covering = suppress::CoverIndex::new(&suppressions);
        claims.retain(|c| {
            if c.verdict == Verdict::Supported {
                return true;
            }
            // A suppression must say why; one without a reason hides nothing.
            let hit = covering.first(&suppressions, c.start, &c.rule);
            if let Some(i) = hit {
                used[i] = true;
                suppressed += 1;
                return false;
            }
            true
        });
        for (s, used) in suppressions.iter().zip(used) {
            // Unknown names are pointed at one by one, in the order they are written: a
            // directive listing thousands of them must not quote itself thousands of times.
            let directive = source.get(s.src.clone()).unwrap_or_default();
            let mut cursor = 0;
            for problem in suppress::problems(s, used, &self.pack) {
                let span = problem
                    .selector
                    .and_then(|name| {
                        let at = suppress::find_name(directive, name, cursor)?;
                        cursor = at + name.len();
                        Some(s.src.start + at..s.src.start + cursor)
                    })
                    .unwrap_or_else(|| s.src.clone());
                let (rule, message) = (problem.rule, problem.message);
                // A suppression of a rule the run ignores is not unused, just idle.
                let idle = rule == "suppression.unused"
                    && !s.selectors.is_empty()
                    && s.selectors.iter().all(|sel| !self.enabled(sel));
                if !self.enabled(rule) || idle {
                    continue;
                }
                let severity = self
                    .settings
                    .severity
                    .get(rule)
                    .copied()
                    .unwrap_or(Severity::Warning);
                directive_findings.push(make(
                    rule,
                    Category::Suppression,
                    Verdict::Unsupported,
                    severity,
                    span,
                    message,
                ));
            }
        }
        if self.enabled(suppress::MALFORMED) {
            let severity = self
                .settings
                .severity
                .get(suppress::MALFORMED)
                .copied()
                .unwrap_or(Severity::Warning);
            for span in suppress::near_misses(prose) {
                directive_findings.push(make(
                    suppress::MALFORMED,
                    Category::Suppression,
                    Verdict::Unsupported,
                    severity,
                    span,
                    "this comment looks like a suppression but is not one, so it hides nothing: \
                     write `vouch-ignore RULE: reason=\"why\"`"
                        .to_string(),
                ));
            }
        }
        claims.sort_by(|a, b| (a.start, a.end, &a.rule).cmp(&(b.start, b.end, &b.rule)));
        directive_findings.sort_by(|a, b| (a.start, &a.rule).cmp(&(b.start, &b.rule)));
        Ok(FileReport {
            path: path.to_string(),
            audience,
            source,
            promises: claims.len() + unbuilt,
            claims,
            directive_findings,
            suppressed,
            line_numbers: Vec::new(),
            diagnostics: Vec::new(),
        })
    }

    fn has_disclaimer(&self, prose: &Prose) -> bool {
        let search = self.disclaimer.get_or_init(|| {
            let cost = self.manifest.cost.as_ref()?;
            Some(WordsSearch::new(&cost.disclaimer.as_ref()?.value))
        });
        let Some(search) = search else {
            return true;
        };
        let texts: Vec<&str> = prose.blocks.iter().map(|b| b.text.as_str()).collect();
        search.is_in(&texts)
    }

    /// Whether `--select`/`--ignore`/`rules.ignore` let a rule run.
    pub fn enabled(&self, rule: &str) -> bool {
        let selected = self.settings.select.is_empty()
            || self
                .settings
                .select
                .iter()
                .any(|s| selector_matches(s, rule));
        selected
            && !self
                .settings
                .ignore
                .iter()
                .any(|s| selector_matches(s, rule))
    }

    fn severity(&self, rule: &str, default: Severity, verdict: Verdict) -> Severity {
        match verdict {
            Verdict::Supported | Verdict::Qualified => Severity::Info,
            Verdict::Unverifiable => self.settings.unverifiable,
            Verdict::Unsupported => {
                // The most specific override wins: the rule id, then its category.
                let category = rule.split('.').next().unwrap_or(rule);
                self.settings
                    .severity
                    .get(rule)
                    .or_else(|| self.settings.severity.get(category))
                    .copied()
                    .unwrap_or(default)
            }
        }
    }
}

/// A search for a phrase's words in a page's blocks, prepared once for every page: whether
/// the words of the blocks, one after another, contain the words of the phrase. Lower-case
/// words only, so line breaks, markup and punctuation do not hide a disclaimer.
#[derive(Debug)]
struct WordsSearch {
    /// The phrase, normalized.
    wanted: String,
    /// Its longest inner word when that is ASCII.
    anchor: Option<Anchor>,
}

impl WordsSearch {
    fn new(wanted: &str) -> WordsSearch {
        let wanted = normalize(wanted);
        // A page is read in full whenever it has a price promise. A match holds each of
        // the disclaimer's inner words whole ("restrictions"), so only the blocks around
        // one's occurrences need their words read.
        let words: Vec<&str> = wanted.split(' ').collect();
        let anchor = words[1..words.len().saturating_sub(1).max(1)]
            .iter()
            .max_by_key(|w| w.len())
            .filter(|w| !w.is_empty() && w.is_ascii())
            .map(|w| Anchor::new(w));
        WordsSearch { wanted, anchor }
    }

    fn is_in(&self, texts: &[&str]) -> bool {
        let wanted = &self.wanted;
        if wanted.is_empty() {
            return true;
        }
        let Some(anchor) = &self.anchor else {
            return stream_contains(texts, wanted);
        };
        // In ASCII text the anchor is there as written, in any case; other text is
        // normalized to look (a Kelvin sign lowercases to "k").
        let holds_anchor = |text: &str| {
            if text.is_ascii() {
                anchor.is_in(text)
            } else {
                normalize(text).contains(anchor.word())
            }
        };
        let reach = |blocks: &mut dyn Iterator<Item = &&str>| {
            // Blocks until they hold as many normalized bytes as the disclaimer has: counted,
            // not collected, as the search reads them again.
            let mut bytes = 0;
            blocks
                .take_while(|text| {
                    let more = bytes < wanted.len();
                    normalized_bytes(text, &mut true, &mut |_| bytes += 1);
                    more
                })
                .count()
        };
        texts.iter().enumerate().any(|(i, text)| {
            if !holds_anchor(text) {
                return false;
            }
            let from = i - reach(&mut texts[..i].iter().rev());
            let to = i + reach(&mut texts[i + 1..].iter());
            stream_contains(&texts[from..=to], wanted)
        })
    }
}

/// Whether the words of `texts`, streamed block by block into one window, contain
/// `wanted` (already normalized). The window keeps the end of the blocks before it, where a
/// match may begin.
fn stream_contains(texts: &[&str], wanted: &str) -> bool {
    let finder = memchr::memmem::Finder::new(wanted.as_bytes());
    let mut window: Vec<u8> = Vec::new();
    let mut started = false;
    texts.iter().any(|text| {
        let keep = window.len().min(wanted.len() - 1);
        window.drain(..window.len() - keep);
        normalized_bytes(text, &mut started, &mut |byte| window.push(byte));
        finder.find(&window).is_some()
    })
}

/// `text`'s words, lowercased and single-spaced.
fn normalize(text: &str) -> String {
    let mut bytes = Vec::with_capacity(text.len());
    normalized_bytes(text, &mut false, &mut |byte| bytes.push(byte));
    String::from_utf8(bytes).expect("whole words of a str and spaces")
}

/// Feeds `text`'s words, lowercased and single-spaced, to `sink` a byte at a time, with a
/// space first if `started` (something came before).
fn normalized_bytes(text: &str, started: &mut bool, sink: &mut impl FnMut(u8)) {
    if text.is_ascii() {
        // The same words, read a byte at a time: most copy is ASCII.
        let mut in_word = false;
        for b in text.bytes() {
            if b.is_ascii_alphanumeric() {
                if !in_word && *started {
                    sink(b' ');
                }
                in_word = true;
                *started = true;
                sink(b.to_ascii_lowercase());
            } else {
                in_word = false;
            }
        }
        return;
    }
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        if *started {
            sink(b' ');
        }
        *started = true;
        if word.is_ascii() {
            word.bytes().for_each(|b| sink(b.to_ascii_lowercase()));
        } else {
            // Whole-word lowercasing keeps Greek final sigma right.
            word.to_lowercase().bytes().for_each(&mut *sink);
        }
    }
}

/// Whether `files` hold enough text for the combined matchers' fast automata to pay for
/// their ~25 ms build. Stops reading file sizes once it knows.
fn large_run(files: &[InputFile]) -> bool {
    const LARGE_RUN_BYTES: u64 = 1 << 20;
    let mut bytes = 0;
    files.iter().any(|f| {
        bytes += std::fs::metadata(&f.path).map_or(0, |m| m.len());
        bytes >= LARGE_RUN_BYTES
    })
}

/// A fingerprint that survives moved lines and edits elsewhere: the rule, the file and the
/// promise's words (FNV-1a, so it is stable across versions and platforms).
pub fn fingerprint(rule: &str, path: &str, text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut add = |byte: u8| {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    };
    for byte in rule.bytes().chain([0]).chain(path.bytes()).chain([0]) {
        add(byte);
    }
    normalized_bytes(text, &mut false, &mut add);
    format!("{hash:016x}")
}

/// The program's own roles and titles, for callers that want to show them.
pub fn titles(manifest: &Manifest) -> Vec<(Role, String)> {
    manifest
        .staff
        .values()
        .filter_map(|s| s.title.as_ref().map(|t| (s.role, t.value.clone())))
        .collect()
}

/// Resolved paths of extra rule folders.
pub fn rule_dirs(root: &std::path::Path, extra: &[String]) -> Vec<PathBuf> {
    extra.iter().map(|e| root.join(e)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words_contain(texts: &[&str], wanted: &str) -> bool {
        WordsSearch::new(wanted).is_in(texts)
    }

    /// The words of all texts joined, searched the slow way.
    fn joined_contains(texts: &[&str], wanted: &str) -> bool {
        let mut all = String::new();
        for text in texts {
            let words = normalize(text);
            if !words.is_empty() {
                if !all.is_empty() {
                    all.push(' ');
                }
                all.push_str(&words);
            }
        }
        all.contains(&normalize(wanted))
    }

    #[test]
    fn streamed_words_match_as_joined_words_do() {
        let disclaimer = "Eligibility restrictions and Terms and Conditions apply.";
        let cases: &[&[&str]] = &[
            &[
                "Pay $0.*",
                "*Eligibility restrictions and",
                "Terms and Conditions apply.",
            ],
            &["ELIGIBILITY RESTRICTIONS AND TERMS AND CONDITIONS APPLY"],
            &["Eligibility restrictions and Terms apply."],
            &["Eligibility  restrictions\nand Terms & Conditions—apply!"],
            &[
                "",
                "  ",
                "Eligibility restrictions and Terms and Conditions",
                "apply",
            ],
            &["Éligibility restrictions and Terms and Conditions apply."],
            &[
                "A long block of copy before it. Eligibility",
                "restrictions",
                "and",
                "Terms and",
                "Conditions apply",
            ],
            &[
                "Eligibility restrictions and Terms and Conditions",
                "Eligibility restrictions and Terms and Conditions",
                "Apply",
            ],
        ];
        for texts in cases {
            assert_eq!(
                words_contain(texts, disclaimer),
                joined_contains(texts, disclaimer),
                "{texts:?}"
            );
        }
        assert!(words_contain(cases[0], disclaimer));
        assert!(!words_contain(cases[2], disclaimer));
        assert!(words_contain(&["ΣΊΣΥΦΟΣ ok"], "σίσυφος"));
    }

    #[test]
    fn pages_of_shuffled_disclaimer_words_agree_with_the_joined_search() {
        // Blocks made of the disclaimer's words and near misses, split and cased at random
        // (a fixed-seed LCG): matches inside a block, across two or three, none at all.
        let pieces = [
            "Eligibility",
            "restrictions",
            "and",
            "Terms",
            "Conditions",
            "apply.",
            "TERMS",
            "conditions",
            "restriction",
            "noneligibility",
            "Restrictions*",
            "apply",
            "—",
            "",
            "medical conditions",
            "and Terms and",
            "É",
        ];
        let disclaimer = "Eligibility restrictions and Terms and Conditions apply.";
        let mut seed: u64 = 7;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) as usize % n
        };
        let mut found = 0;
        for _ in 0..20_000 {
            let blocks: Vec<String> = (0..1 + next(6))
                .map(|_| {
                    (0..next(5))
                        .map(|_| pieces[next(pieces.len())])
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            let mut texts: Vec<&str> = blocks.iter().map(String::as_str).collect();
            let words: Vec<&str> = disclaimer.split(' ').collect();
            let mut cuts = [next(8), next(8), next(8)];
            cuts.sort();
            let parts: Vec<String> = [0, cuts[0], cuts[1], cuts[2]]
                .iter()
                .zip([cuts[0], cuts[1], cuts[2], 7])
                .map(|(&a, b)| words[a..b].join(" "))
                .collect();
            match next(3) {
                0 => texts.insert(next(texts.len() + 1), disclaimer),
                // Split over consecutive blocks, some of them empty.
                1 => {
                    let at = next(texts.len() + 1);
                    for (k, part) in parts.iter().enumerate() {
                        texts.insert(at + k, part);
                    }
                }
                _ => {}
            }
            let expected = joined_contains(&texts, disclaimer);
            found += usize::from(expected);
            assert_eq!(words_contain(&texts, disclaimer), expected, "{texts:?}");
        }
        assert!(found > 10_000, "{found}");
    }

    #[test]
    fn a_fingerprint_ignores_case_spacing_and_markup() {
        let a = fingerprint(
            "availability.always",
            "copy/a.md",
            "Support 24/7,\n by phone",
        );
        let b = fingerprint(
            "availability.always",
            "copy/a.md",
            "support 24 7 BY   phone",
        );
        assert_eq!(a, b);
        assert_ne!(
            a,
            fingerprint("availability.always", "copy/b.md", "support 24 7 by phone")
        );
        // Pinned: baselines written by earlier versions must keep matching.
        assert_eq!(
            fingerprint("availability.always", "copy/a.md", "Support 24/7"),
            pinned_fingerprint("availability.always", "copy/a.md", "support 24 7")
        );
    }

    /// The fingerprint as first written: FNV-1a over rule, NUL, path, NUL, normalized text.
    fn pinned_fingerprint(rule: &str, path: &str, normalized: &str) -> String {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in rule
            .bytes()
            .chain([0])
            .chain(path.bytes())
            .chain([0])
            .chain(normalized.bytes())
        {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        format!("{hash:016x}")
    }
}
