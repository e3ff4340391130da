//! Promises: where the copy commits the program to something checkable.
//!
//! Each sentence is scanned once with the rule pack's combined matcher; the rules it
//! selects mark promise phrases, and the sentence's mentions turn each phrase into a
//! frame — what the promise is about, its typed value, and the fine print around it.

pub mod hours;
mod memo;
pub mod mentions;
mod titles;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use regex::Regex;

use crate::extract::{sentences, Block, BlockKind, Prose};
use crate::rules::matcher::Matcher;
use crate::rules::{Asserts, RulePack};
use mentions::{lexicon, nearest, Mention, Scanned};

/// Document-independent facts the scanner needs from the manifest, and what it has learnt
/// of sentences so far. One context serves one rule pack.
#[derive(Debug)]
pub struct ScanContext {
    /// The program's own role titles.
    titles: titles::Titles,
    memo: memo::Memo<Analysis>,
    /// Whether a sentence is fine print, asked of the sentence after each promise.
    fine_print: memo::Memo<bool>,
}

/// What the fine-print memo may hold: its answers are a bit each, its keys sentences.
const FINE_PRINT_BUDGET: usize = 1 << 20;

impl Default for ScanContext {
    /// No titles.
    fn default() -> Self {
        ScanContext::new([])
    }
}

impl Clone for ScanContext {
    /// The same titles, with nothing remembered (a clone may be given another pack).
    fn clone(&self) -> Self {
        let (memo, fine_print) = ScanContext::memos();
        ScanContext {
            titles: self.titles.clone(),
            memo,
            fine_print,
        }
    }
}

impl ScanContext {
    /// With the program's titles: (role, title) pairs.
    pub fn new(titles: impl IntoIterator<Item = (String, String)>) -> Self {
        let titles = titles::Titles::new(titles);
        let (memo, fine_print) = ScanContext::memos();
        ScanContext {
            titles,
            memo,
            fine_print,
        }
    }

    fn memos() -> (memo::Memo<Analysis>, memo::Memo<bool>) {
        (
            memo::Memo::new(),
            memo::Memo::with_budget(FINE_PRINT_BUDGET),
        )
    }

    /// The same context, working out every sentence afresh rather than remembering what
    /// sentences promise (to measure the work itself).
    pub fn forgetful(mut self) -> Self {
        self.memo = memo::Memo::off();
        self.fine_print = memo::Memo::off();
        self
    }
}

/// Fine print that may limit a promise: a resolved footnote or a qualifying phrase.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Qualifier {
    /// The footnote marker that linked it (`*`, `†`, `[^1]`), if any.
    pub marker: Option<String>,
    /// The fine print's text.
    pub text: String,
}

/// What a promise is about and what exactly it commits to.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Frame {
    /// Channels named in the sentence, nearest to the phrase first.
    pub channels: Vec<String>,
    /// Roles named in the sentence (generic names and the program's titles), nearest first.
    pub roles: Vec<String>,
    /// Services named in the sentence, nearest first.
    pub services: Vec<String>,
    /// Commitments the sentence refers to (welcome call, time to therapy, response time).
    pub commitments: Vec<String>,
    /// The sentence is about people helping (support, talk, specialists), not self-service.
    pub people: bool,
    /// "your nurse", "their Care Coordinator": a possessive before a role.
    pub possessive_role: bool,
    /// The phrase (a role) is followed by what it does ("can show you", "helps with").
    pub role_acts: bool,
    /// Money in cents, from the phrase or the nearest amount in the sentence.
    pub amount_cents: Option<u64>,
    /// The unit the amount is per (fill, dose, month, infusion, year).
    pub per: Option<String>,
    /// A duration as written, normalized ("2 business days", "24 hours").
    pub duration: Option<String>,
    /// Language codes named in the sentence.
    pub languages: Vec<String>,
    /// "in 10 languages".
    pub language_count: Option<u32>,
    /// The phone number or short code as written.
    pub contact: Option<String>,
    /// "usually", "approximately": softens, does not cancel.
    pub hedged: bool,
    /// The sentence attributes the action to someone else (your doctor, a foundation).
    pub third_party: bool,
    /// Someone else is the phrase's subject ("Talk to your doctor any time"): see
    /// [`mentions::Lexicon::third_party_subject`].
    #[serde(skip)]
    pub third_party_subject: bool,
    /// The few words right before the phrase ("fax", "as little as").
    pub before: String,
    pub qualifiers: Vec<Qualifier>,
    /// Hours the copy states ("Mon–Fri, 8 AM–8 PM ET"), for `availability.hours`.
    #[serde(skip)]
    pub stated_hours: Option<hours::StatedHours>,
}

/// One promise found in a document.
#[derive(Debug, Clone)]
pub struct Promise {
    /// Index into the rule pack.
    pub rule: usize,
    pub block: usize,
    /// The phrase, in the block's text.
    pub span: Range<usize>,
    /// The phrase, in the source file.
    pub src: Range<usize>,
    /// The phrase as prose (markup removed).
    pub phrase: String,
    /// The whole sentence as prose.
    pub sentence: String,
    /// Shared with the other places its sentence recurs, unless this place adds to it.
    pub frame: Arc<Frame>,
    /// Its assessment, shared with the same promise wherever its sentence recurs.
    pub assessed: crate::verdicts::SharedAssessment,
}

/// A footnote definition found in the document: marker → text.
type Footnotes = BTreeMap<String, String>;

/// Most promises one file may hold. Real copy has hundreds; past this a file is not copy
/// but a generated or concatenated dump, and holding every promise of a 500 MB one (with its
/// findings and their output) would take many gigabytes.
pub const MAX_PROMISES_PER_FILE: usize = 100_000;

/// The file holds more than [`MAX_PROMISES_PER_FILE`] promises; the scan stopped at the
/// sentence at `src` in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooManyPromises {
    pub src: Range<usize>,
}

/// Finds every promise in one extracted document.
pub fn scan(
    prose: &Prose,
    pack: &RulePack,
    ctx: &ScanContext,
) -> Result<Vec<Promise>, TooManyPromises> {
    let split: Vec<Vec<Range<usize>>> = prose.blocks.iter().map(|b| sentences(&b.text)).collect();
    if pack.young() {
        let all_sentences = prose
            .blocks
            .iter()
            .zip(&split)
            .flat_map(|(b, ranges)| ranges.iter().map(|r| &b.text[r.clone()]));
        // The phrasings this file needs, built on every core while another core builds the
        // lexicon; then the lexicon's patterns the promising sentences need.
        let promising = pack.prepare(all_sentences, || {
            lexicon();
        });
        if !promising.is_empty() {
            lexicon().prepare(promising.into_iter());
        }
    }
    let footnotes = footnotes(prose, &split);
    let mut out = Vec::new();
    for (block_index, (block, sentence_ranges)) in prose.blocks.iter().zip(&split).enumerate() {
        // A table cell's subject is often the cell before it ("Benefits investigation" |
        // "Results in 2 business days").
        let row_context = row_context(prose, block_index);
        for (si, range) in sentence_ranges.iter().enumerate() {
            let sentence = &block.text[range.clone()];
            if starts_with_marker(sentence).is_some() && block.kind != BlockKind::Footnote {
                // A footnote definition is fine print, not a promise of its own.
                continue;
            }
            let next = sentence_ranges.get(si + 1).map(|r| &block.text[r.clone()]);
            let sentence_in = SentenceIn {
                block_index,
                block,
                offset: range.start,
                sentence,
                next,
                row_context: row_context.as_deref(),
            };
            scan_sentence(&sentence_in, pack, ctx, &footnotes, &mut out);
            if out.len() > MAX_PROMISES_PER_FILE {
                return Err(TooManyPromises {
                    src: block.to_source(range.clone()),
                });
            }
        }
    }
    Ok(out)
}

/// A sentence and where it sits.
struct SentenceIn<'a> {
    block_index: usize,
    block: &'a Block,
    /// The sentence's start in the block's text.
    offset: usize,
    sentence: &'a str,
    next: Option<&'a str>,
    /// The previous cell of a table row.
    row_context: Option<&'a str>,
}

fn scan_sentence(
    at: &SentenceIn,
    pack: &RulePack,
    ctx: &ScanContext,
    footnotes: &Footnotes,
    out: &mut Vec<Promise>,
) {
    let SentenceIn {
        block_index,
        block,
        offset,
        sentence: original,
        next: next_sentence,
        row_context,
    } = *at;
    // Footnote digits glued to a word ("around the clock2") would hide the word's end from
    // the phrasings; match on a copy with them blanked, same length, so spans still hold.
    let analysis = match unglue_markers(original, footnotes) {
        Cow::Borrowed(text) => ctx
            .memo
            .get_or_insert_with(text, || analyse(text, None, pack, ctx)),
        // Which digits are markers depends on the document's footnotes: not remembered.
        Cow::Owned(unglued) => Arc::new(analyse(&unglued, Some(original), pack, ctx)),
    };
    if analysis.drafts.is_empty() {
        return;
    }
    let lx = lexicon();
    // A marker counts once, and only when the document defines its footnote.
    let mut cited: Vec<Qualifier> = Vec::new();
    for marker in &analysis.markers {
        let Some(text) = footnotes.get(marker) else {
            continue;
        };
        if !cited.iter().any(|q| q.marker.as_ref() == Some(marker)) {
            cited.push(Qualifier {
                marker: Some(marker.clone()),
                text: text.clone(),
            });
        }
    }
    // One pattern on the next sentence: not worth scanning it for all of them.
    let next_qualifies = next_sentence.filter(|next| {
        *ctx.fine_print
            .get_or_insert_with(next, || lx.inline_qualifier.regex.is_match(next))
    });
    // A table cell's subject is often the cell before it; its mentions sit "before" the
    // sentence.
    let from_row = row_context.filter(|_| analysis.subjectless).map(|context| {
        let context = lx.scan(context);
        let before = |mut m: Mention| {
            m.at = 0..0;
            m
        };
        let services: Vec<Mention> = lx.services(&context).into_iter().map(before).collect();
        let commitments: Vec<Mention> = lx.commitments(&context).into_iter().map(before).collect();
        (services, commitments)
    });
    for draft in &analysis.drafts {
        // The assessment reads the frame but not its qualifiers: a table row's subject
        // changes it, footnotes and fine print do not.
        let mut assessed = draft.assessed.clone();
        let placed = from_row.is_some()
            || !cited.is_empty()
            || draft.own_qualifier
            || next_qualifies.is_some();
        let frame = if !placed {
            Arc::clone(&draft.frame)
        } else {
            let mut frame = Frame::clone(&draft.frame);
            if let Some((services, commitments)) = &from_row {
                frame.services = nearest(services.clone(), &draft.matched);
                frame.commitments = nearest(commitments.clone(), &draft.matched);
                assessed = Default::default();
            }
            frame.qualifiers.clone_from(&cited);
            if draft.own_qualifier {
                frame.qualifiers.push(Qualifier {
                    marker: None,
                    text: original.to_string(),
                });
            }
            if let Some(next) = next_qualifies {
                frame.qualifiers.push(Qualifier {
                    marker: None,
                    text: next.to_string(),
                });
            }
            Arc::new(frame)
        };
        let in_block = offset + draft.span.start..offset + draft.span.end;
        out.push(Promise {
            rule: draft.rule,
            block: block_index,
            src: block.to_source(in_block.clone()),
            phrase: original[draft.span.clone()].to_string(),
            span: in_block,
            sentence: original.to_string(),
            frame,
            assessed,
        });
    }
}

/// A promise as far as its sentence's text decides it.
#[derive(Debug)]
struct Draft {
    rule: usize,
    /// The phrasing's match, in the sentence.
    matched: Range<usize>,
    /// The promise, in the sentence: a role's reaches over what it does.
    span: Range<usize>,
    /// Everything but the qualifiers; services and commitments from the sentence alone.
    frame: Arc<Frame>,
    /// The sentence has fine print of its own outside the match.
    own_qualifier: bool,
    /// Shared by the promises made from this draft, unless their place changes them.
    assessed: crate::verdicts::SharedAssessment,
}

/// What a sentence's text promises: the same wherever the sentence appears, apart from its
/// footnotes, the sentence after it and its table row, which [`scan_sentence`] adds.
#[derive(Debug, Default)]
struct Analysis {
    drafts: Vec<Draft>,
    /// Footnote markers in the sentence as written, in order; those the document defines
    /// cite its fine print.
    markers: Vec<String>,
    /// The sentence names no service or commitment (a table row's earlier cells may).
    subjectless: bool,
}

impl memo::Weigh for Analysis {
    fn weight(&self) -> usize {
        let strings = |v: &[String]| v.iter().map(|s| s.len() + 24).sum::<usize>();
        self.drafts
            .iter()
            .map(|d| {
                let f = &d.frame;
                std::mem::size_of::<Draft>()
                    + strings(&f.channels)
                    + strings(&f.roles)
                    + strings(&f.services)
                    + strings(&f.commitments)
                    + strings(&f.languages)
                    + f.before.len()
                    + 64
            })
            .sum::<usize>()
            + strings(&self.markers)
    }
}

/// Works out what `sentence` promises. `written` is the sentence as written when footnote
/// digits were blanked in `sentence`: fine print is read from it, markers and all.
fn analyse(sentence: &str, written: Option<&str>, pack: &RulePack, ctx: &ScanContext) -> Analysis {
    let lx = lexicon();
    // Matches first: the automaton's candidates are a superset, and most sentences turn
    // out to have no promise, so their mentions are never needed.
    let mut found = Vec::new();
    for candidate in pack.candidates(sentence) {
        let rule = &pack.rules[candidate.rule];
        let patterns = || candidate.patterns.iter().map(|i| &rule.patterns[i]);
        // Stated hours are read by their own parser, one promise per statement.
        let matches: Vec<(Range<usize>, Captures, Option<hours::StatedHours>)> =
            if rule.asserts == Asserts::Hours(crate::rules::HoursAssertion::Stated) {
                if !patterns().any(|p| p.is_match(sentence)) {
                    continue;
                }
                hours::stated(sentence)
                    .into_iter()
                    .map(|h| (h.at.clone(), Captures::new(), Some(h)))
                    .collect()
            } else {
                rule_matches(patterns(), sentence)
                    .into_iter()
                    .map(|(s, c)| (s, c, None))
                    .collect()
            };
        // The exceptions are asked only of a sentence that matched: most candidates do not.
        if !matches.is_empty() && !rule.unless.iter().any(|u| u.is_match(sentence)) {
            found.push((candidate.rule, matches));
        }
    }
    if found.is_empty() {
        return Analysis::default();
    }
    let at = lx.scan(sentence);
    let as_written = written.map(|w| lx.scan(w));
    let as_written = as_written.as_ref().unwrap_or(&at);
    let question = lx.is_question(&at);
    let study = lx.reports_a_study(&at);
    let drug_effect = lx.describes_drug_effect(&at);
    let channels = lx.channels(&at);
    let roles = lx.roles(&at, &ctx.titles);
    let services = lx.services(&at);
    let commitments = lx.commitments(&at);
    let fine_print = lx.inline_qualifier.find_iter(as_written, as_written.text);
    let mut drafts = Vec::new();
    for (rule_index, matches) in found {
        let rule = &pack.rules[rule_index];
        for (span, caps, stated) in matches {
            // A question promises nothing, nor does a study's result ("in clinical trials,
            // nurses monitored patients around the clock"), but the names and numbers in
            // either are still copy.
            let asks = (question || study) && rule.category != crate::model::Category::Contact;
            let bodys_time = drug_effect && rule.category == crate::model::Category::Timeliness;
            if asks || bodys_time || lx.negated(&at, &span) || lx.hypothetical(&at, &span) {
                continue;
            }
            let mut frame = build_frame(
                &at,
                &span,
                &caps,
                &rule.asserts,
                (&channels, &roles, &services, &commitments),
            );
            frame.stated_hours = stated;
            frame.role_acts = role_acts(&sentence[span.end..]);
            let own_qualifier = fine_print
                .iter()
                .any(|m| m.end <= span.start || m.start >= span.end);
            // What a role does is the promise: "Nurse Educators can show you how to inject".
            let promise = if matches!(rule.asserts, Asserts::Role(_)) {
                span.start..lx.clause(&at, &span).end.max(span.end)
            } else {
                span.clone()
            };
            drafts.push(Draft {
                rule: rule_index,
                matched: span,
                span: promise,
                frame: Arc::new(frame),
                own_qualifier,
                assessed: crate::verdicts::SharedAssessment::new(),
            });
        }
    }
    Analysis {
        drafts,
        markers: written_markers(as_written),
        subjectless: services.is_empty() && commitments.is_empty(),
    }
}

/// Captured groups of one match, by name.
type Captures = BTreeMap<String, String>;

/// Non-overlapping matches of any of a rule's phrasings, earliest first; where two
/// phrasings overlap, the longer wins.
fn rule_matches<'r>(
    patterns: impl Iterator<Item = &'r Matcher>,
    sentence: &str,
) -> Vec<(Range<usize>, Captures)> {
    let mut all: Vec<(Range<usize>, Captures)> = Vec::new();
    for p in patterns {
        let names = p.group_names();
        if names.iter().all(Option::is_none) {
            // Nothing to capture: the plain search skips the capturing pass.
            all.extend(
                p.find_iter(sentence)
                    .into_iter()
                    .filter(|m| !m.is_empty())
                    .map(|m| (m, Captures::new())),
            );
            continue;
        }
        for groups in p.captures_iter(sentence) {
            let Some(m) = groups.first().cloned().flatten() else {
                continue;
            };
            if m.is_empty() {
                continue;
            }
            let named = names
                .iter()
                .enumerate()
                .filter_map(|(i, name)| {
                    let name = name.as_ref()?;
                    Some((name.clone(), group(sentence, &groups, i)?.to_string()))
                })
                .collect();
            all.push((m, named));
        }
    }
    all.sort_by(|a, b| a.0.start.cmp(&b.0.start).then(b.0.end.cmp(&a.0.end)));
    let mut kept: Vec<(Range<usize>, Captures)> = Vec::new();
    for (range, caps) in all {
        if kept.last().is_some_and(|(k, _)| range.start < k.end) {
            continue;
        }
        kept.push((range, caps));
    }
    kept
}

type SentenceMentions<'a> = (&'a [Mention], &'a [Mention], &'a [Mention], &'a [Mention]);

/// What the promise at `span` is about; its fine print is left to [`qualifiers`].
fn build_frame(
    at: &Scanned,
    span: &Range<usize>,
    caps: &Captures,
    asserts: &Asserts,
    (channels, roles, services, commitments): SentenceMentions,
) -> Frame {
    let lx = lexicon();
    let sentence = at.text;
    let mut frame = Frame {
        channels: nearest(channels.to_vec(), span),
        roles: nearest(roles.to_vec(), span),
        services: nearest(services.to_vec(), span),
        commitments: nearest(commitments.to_vec(), span),
        people: lx.about_people(at) || !roles.is_empty(),
        hedged: lx.hedged(at),
        third_party: lx.third_party(at),
        third_party_subject: lx.third_party_subject(at, span),
        ..Frame::default()
    };
    let lead = sentence[..span.start]
        .char_indices()
        .rev()
        .nth(23)
        .map_or(0, |(i, _)| i);
    frame.before = sentence[lead..span.start].to_string();
    frame.possessive_role = roles.iter().any(|r| {
        let before = sentence[..r.at.start].trim_end().to_ascii_lowercase();
        ["your", "their", "his", "her", "my", "own"]
            .iter()
            .any(|p| before.ends_with(p))
    });
    // Money: the phrase's own amount, else the nearest one in the sentence.
    frame.amount_cents = caps
        .get("amount")
        .and_then(|a| mentions::cents(a))
        .or_else(|| mentions::cents(&sentence[span.clone()]))
        .or_else(|| {
            if matches!(asserts, Asserts::Cost(_)) {
                lx.money
                    .find_iter(at, sentence)
                    .first()
                    .and_then(|m| mentions::cents(&sentence[m.clone()]))
            } else {
                None
            }
        });
    // The unit follows the amount closely ("$0 per fill", "up to $15,000 per calendar year").
    let mut unit_end = (span.end + 30).min(sentence.len());
    while !sentence.is_char_boundary(unit_end) {
        unit_end -= 1;
    }
    let after = &sentence[span.start..unit_end];
    frame.per = lx
        .per_unit
        .captures(at, after)
        .and_then(|c| group(after, &c, 1))
        .map(|unit| normalize_per(unit).to_string());
    frame.duration = caps
        .get("n")
        .zip(caps.get("unit"))
        .and_then(|(n, unit)| normalize_duration(n, caps.get("business").map(String::as_str), unit))
        .or_else(|| {
            let phrase = &sentence[span.clone()];
            let c = lx.duration.captures(at, phrase)?;
            normalize_duration(
                group(phrase, &c, 1)?,
                group(phrase, &c, 2),
                group(phrase, &c, 3)?,
            )
        });
    for (code, pattern) in &lx.languages {
        if pattern.is_match(at, sentence) {
            frame.languages.push(code.to_string());
        }
    }
    frame.language_count = caps.get("count").and_then(|c| mentions::number(c));
    frame.contact = caps.get("phone").cloned();
    frame
}

/// The text of capture group `i`, if it took part in the match.
fn group<'t>(text: &'t str, groups: &crate::rules::matcher::Groups, i: usize) -> Option<&'t str> {
    groups.get(i).cloned().flatten().map(|r| &text[r])
}

fn normalize_per(unit: &str) -> &'static str {
    match unit.to_ascii_lowercase().as_str() {
        "fill" | "refill" | "prescription" | "shipment" => "fill",
        "dose" | "injection" => "dose",
        "month" | "mo" => "month",
        "infusion" => "infusion",
        _ => "year",
    }
}

fn normalize_duration(n: &str, business: Option<&str>, unit: &str) -> Option<String> {
    let amount = mentions::number(n)?;
    let unit = unit.to_ascii_lowercase();
    let base = unit.trim_end_matches('s');
    let is_business = business.is_some_and(|b| {
        let b = b.to_ascii_lowercase();
        b.starts_with("business") || b.starts_with("working")
    });
    let word = match (base, is_business) {
        ("day", true) => "business day",
        ("hour", _) => "hour",
        ("day", false) => "day",
        ("week", _) => "week",
        ("month", _) => "month",
        _ => return None,
    };
    let plural = if amount == 1 { "" } else { "s" };
    Some(format!("{amount} {word}{plural}"))
}

/// The footnote markers in a sentence as written, in order: digits glued to a word
/// ("Support1" from `<sup>1</sup>`, a marker only when the document defines that footnote;
/// otherwise part of the text or a citation), then symbols and superscripts glued to text.
fn written_markers(at: &Scanned) -> Vec<String> {
    let sentence = at.text;
    let mut out: Vec<String> = glued_digits()
        .captures_iter(sentence)
        .map(|c| c[1].to_string())
        .collect();
    for m in lexicon().marker.find_iter(at, sentence) {
        let glued = sentence[..m.start]
            .chars()
            .next_back()
            .is_some_and(|c| !c.is_whitespace());
        if m.start != 0 && glued {
            out.push(normalize_marker(&sentence[m]));
        }
    }
    out
}

/// The number opening `text` as `^(\d{1,2})[.)]?\s*\p{Lu}` finds it. ASCII text is read
/// directly: compiling that regex (Unicode classes) would cost a small file ~2 ms.
fn digit_footnote(text: &str) -> Option<Range<usize>> {
    let b = text.as_bytes();
    let unknown = |at: usize| b.get(at).is_some_and(|c| !c.is_ascii());
    let mut digits = 0;
    while digits < 2 && b.get(digits).is_some_and(u8::is_ascii_digit) {
        digits += 1;
    }
    let mut at = digits;
    if b.get(at).is_some_and(|c| matches!(c, b'.' | b')')) {
        at += 1;
    }
    while b
        .get(at)
        .is_some_and(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r'))
    {
        at += 1;
    }
    // A non-ASCII digit, space or capital could still match: ask the regex.
    if digits > 0 && (unknown(digits) || unknown(at)) {
        static DIGIT_DEF: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
        let regex = DIGIT_DEF
            .get_or_init(|| Regex::new(r"^(\d{1,2})[.)]?\s*\p{Lu}").expect("digit footnote"));
        return regex.captures(text)?.get(1).map(|m| m.range());
    }
    (digits > 0 && b.get(at).is_some_and(u8::is_ascii_uppercase)).then_some(0..digits)
}

/// A footnote marker at the start of a text, with the text after it.
fn starts_with_marker(text: &str) -> Option<(String, &str)> {
    // Both forms below start with one of these; most sentences start with a letter.
    let first = text.chars().next()?;
    if !(first.is_ascii_digit()
        || matches!(
            first,
            '[' | '*' | '†' | '‡' | '§' | '¶' | '¹' | '²' | '³' | '⁰'..='⁹'
        ))
    {
        return None;
    }
    // "1 Eligibility restrictions apply." (a `<sup>1</sup>` flattened): a number opening a
    // sentence of fine print, not "2 business days".
    if let Some(digits) = digit_footnote(text) {
        let rest = text[digits.end..]
            .trim_start_matches(['.', ')'])
            .trim_start();
        if rest.split_whitespace().count() >= 3 {
            return Some((text[digits].to_string(), rest));
        }
    }
    let m = lexicon().marker.regex.find(text)?;
    if m.start != 0 {
        return None;
    }
    let rest = text[m.end..].trim_start_matches(':').trim_start();
    if rest.is_empty() {
        return None;
    }
    Some((normalize_marker(&text[m]), rest))
}

/// Superscript digits and plain digits name the same footnote ("¹" and `<sup>1</sup>`).
fn normalize_marker(marker: &str) -> String {
    marker
        .chars()
        .map(|c| match c {
            '¹' => '1',
            '²' => '2',
            '³' => '3',
            '⁴' => '4',
            '⁵' => '5',
            '⁶' => '6',
            '⁷' => '7',
            '⁸' => '8',
            '⁹' => '9',
            '⁰' => '0',
            other => other,
        })
        .collect()
}

/// Longest footnote text kept, in bytes, give or take its last sentence.
const MAX_FOOTNOTE: usize = 4096;

/// Every footnote definition in the document: a sentence that starts with a marker, up to
/// the next sentence that starts with one.
fn footnotes(prose: &Prose, split: &[Vec<Range<usize>>]) -> Footnotes {
    let mut out = Footnotes::new();
    for (block, ranges) in prose.blocks.iter().zip(split) {
        let mut current: Option<String> = None;
        for range in ranges {
            let sentence = &block.text[range.clone()];
            if let Some((marker, rest)) = starts_with_marker(sentence) {
                // Markdown footnote definitions arrive as `[^1]: text`.
                let marker = marker.trim_end_matches(':').to_string();
                out.entry(marker.clone())
                    .or_insert_with(|| rest.to_string());
                current = Some(marker);
            } else if let Some(marker) = &current {
                // Fine print runs a few sentences; a block that merely starts like a
                // footnote (a numbered code listing) would otherwise make each promise
                // citing it carry the whole block.
                if let Some(text) = out.get_mut(marker).filter(|t| t.len() < MAX_FOOTNOTE) {
                    text.push(' ');
                    text.push_str(sentence);
                }
            }
        }
    }
    out
}

/// The cells before a table cell in its row (up to three), where its subject usually is.
/// A row's first cell has none: the row above is another subject's. (A cell whose reader
/// could not tell its row takes the table cells before it, whichever row they are in.)
fn row_context(prose: &Prose, block_index: usize) -> Option<String> {
    let block = &prose.blocks[block_index];
    if block.kind != BlockKind::TableCell {
        return None;
    }
    let cells: Vec<&str> = prose.blocks[..block_index]
        .iter()
        .rev()
        .take(3)
        .take_while(|b| {
            b.kind == BlockKind::TableCell && (block.row.is_none() || b.row == block.row)
        })
        .map(|b| b.text.as_str())
        .collect();
    (!cells.is_empty()).then(|| cells.into_iter().rev().collect::<Vec<_>>().join(" | "))
}

/// Whether the words after a role say what it does for the patient.
fn role_acts(after: &str) -> bool {
    const VERBS: &[&str] = &[
        "can", "will", "may", "help", "helps", "answer", "answers", "show", "shows", "walk",
        "walks", "guide", "guides", "call", "calls", "review", "reviews", "share", "teach",
        "teaches", "check", "checks", "are", "is", "provide", "provides", "support", "supports",
        "work", "works", "who", "handles", "explain", "explains", "puede", "pueden",
    ];
    let lower = after.to_lowercase();
    lower.trim_start().starts_with(':')
        || lower
            .split_whitespace()
            .take(4)
            .any(|w| VERBS.contains(&w.trim_matches(|c: char| !c.is_alphanumeric())))
}

/// Footnote digits glued to the word before them ("Support1"), in group 1.
fn glued_digits() -> &'static Regex {
    static GLUED: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    GLUED.get_or_init(|| Regex::new(r"[A-Za-z%)\]](\d{1,2})\b").expect("glued digits"))
}

/// The sentence with footnote digits glued to words replaced by spaces (same length).
fn unglue_markers<'a>(sentence: &'a str, footnotes: &Footnotes) -> std::borrow::Cow<'a, str> {
    let mut out = std::borrow::Cow::Borrowed(sentence);
    if !footnotes
        .keys()
        .any(|k| k.bytes().all(|b| b.is_ascii_digit()))
    {
        // No numbered footnotes: digits after a word are part of the text.
        return out;
    }
    for c in glued_digits().captures_iter(sentence) {
        let digits = c.get(1).expect("group");
        if footnotes.contains_key(digits.as_str()) {
            out.to_mut()
                .replace_range(digits.range(), &" ".repeat(digits.len()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_footnote_keeps_its_first_sentences_not_the_whole_block() {
        let block = format!(
            "* Eligibility applies. Terms apply. {}",
            "More of a numbered listing. ".repeat(10_000)
        );
        let prose = crate::extract::extract(crate::extract::Format::Text, &block);
        let split: Vec<Vec<Range<usize>>> =
            prose.blocks.iter().map(|b| sentences(&b.text)).collect();
        let notes = footnotes(&prose, &split);
        let text = &notes["*"];
        assert!(
            text.starts_with("Eligibility applies. Terms apply."),
            "{text:.60}"
        );
        assert!(
            text.len() < MAX_FOOTNOTE + crate::extract::MAX_SENTENCE,
            "{} bytes",
            text.len()
        );
    }

    #[test]
    fn digit_footnotes_are_read_as_the_regex_reads_them() {
        let regex = Regex::new(r"^(\d{1,2})[.)]?\s*\p{Lu}").unwrap();
        let texts = [
            "1 Eligibility rules apply.",
            "12. Terms apply",
            "3) See below",
            "123 Main Street",
            "2 business days",
            "1\u{0B}\tX",
            "7 Émilie",
            "4\u{00A0}Terms",
            "5\u{0663} Arabic-Indic digit",
            "6.",
            "",
            "9)\u{2003}Ünited",
            "1a B",
        ];
        for text in texts {
            let expected = regex
                .captures(text)
                .and_then(|c| c.get(1))
                .map(|m| m.range());
            assert_eq!(digit_footnote(text), expected, "{text:?}");
        }
    }
}
