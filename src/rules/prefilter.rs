//! The combined matcher: which phrasings could match a sentence, found in one pass.
//!
//! Every phrasing is reduced to the literal sets its matches must contain (see
//! [`super::literals`]; the built-in ones at build time): `\bdedicated\s+(?:\w+\s+)?nurse`
//! needs "dedicated" and "nurse". All literals of all phrasings go into one Aho-Corasick
//! automaton, so a sentence is scanned once however many rules there are, and only the
//! phrasings with a literal of every set in it run their own regex. A literal the phrasing
//! holds to a word's edge (`\bapps?\b`) counts only where it is not inside a word, so
//! "happy" and "appointment" make no candidate. The answer is a superset of the phrasings
//! that match — never fewer — so findings are the same as running every regex; phrasings
//! with no usable literal are always run.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::OnceLock;

use aho_corasick::automaton::Automaton;
use aho_corasick::{dfa, nfa::contiguous, Anchored, MatchKind, PatternID};

use super::literals::Requirement;

/// The characters outside ASCII that the case-insensitive phrasings match as ASCII letters:
/// the Kelvin sign (k) and the long s (s). Every literal spelt with them would add to the
/// automaton a variant of a word real copy spells in ASCII (a third of the literals, and of
/// the automaton's size); they are left out, and a text holding either is searched by
/// every phrasing.
const FOLDS_TO_ASCII: [&str; 2] = ["\u{212A}", "\u{17F}"];

/// Whether `bytes` hold the Kelvin sign or the long s.
pub(crate) fn folds_to_ascii(bytes: &[u8]) -> bool {
    // The long s begins with 0xC5, rare in copy; the Kelvin sign with 0xE2, as curly
    // quotes and dashes do, which one comparison each passes.
    let mut at = 0;
    while let Some(found) = memchr::memchr2(0xE2, 0xC5, &bytes[at..]) {
        let rest = &bytes[at + found..];
        if FOLDS_TO_ASCII
            .iter()
            .any(|c| rest.starts_with(c.as_bytes()))
        {
            return true;
        }
        at += found + 1;
    }
    false
}

/// A set of phrasing indices, one bit each.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bits(Vec<u64>);

impl Bits {
    fn with_len(len: usize) -> Bits {
        Bits(vec![0; len.div_ceil(64)])
    }

    fn insert(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }

    pub fn contains(&self, i: usize) -> bool {
        self.0.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    /// Adds every member of `other`.
    pub fn union(&mut self, other: &Bits) {
        if self.0.len() < other.0.len() {
            self.0.resize(other.0.len(), 0);
        }
        for (word, &more) in self.0.iter_mut().zip(&other.0) {
            *word |= more;
        }
    }

    /// The members in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.0
            .iter()
            .enumerate()
            .flat_map(|(wi, &word)| set_bits(word).map(move |bit| wi * 64 + bit))
    }
}

/// The positions of `word`'s set bits, lowest first.
pub(crate) fn set_bits(word: u64) -> impl Iterator<Item = usize> {
    let mut rest = word;
    std::iter::from_fn(move || {
        if rest == 0 {
            return None;
        }
        let bit = rest.trailing_zeros() as usize;
        rest &= rest - 1;
        Some(bit)
    })
}

/// Bytes searched with the quick-to-build automaton before the fast one is built: the DFA
/// searches several times as fast but takes ~25 ms to build, which one small file would
/// feel. A run that knows beforehand it has this much text builds it at once.
const DFA_AFTER_BYTES: usize = 1 << 20;

/// One automaton over the literals of every phrasing.
#[derive(Debug)]
pub struct Prefilter {
    /// The literals, for building [`Prefilter::fast`].
    words: Vec<Vec<u8>>,
    automaton: contiguous::NFA,
    /// The same automaton as a DFA, once a run has searched enough text to pay for it.
    fast: OnceLock<dfa::DFA>,
    /// Whether some thread has started building [`Prefilter::fast`].
    building: AtomicBool,
    searched: AtomicUsize,
    /// For each literal in the automaton, the sets that contain it, and whether the set
    /// needs it at a word's edge before and after.
    owners: Vec<Vec<(usize, Edges)>>,
    /// For each set, its phrasing; a phrasing's first set is its best.
    set_owner: Vec<usize>,
    /// For each phrasing, its sets.
    sets: Vec<Vec<usize>>,
    /// Phrasings with no literal: candidates in every sentence.
    always: Bits,
    unfiltered: usize,
}

impl Prefilter {
    /// `literals[i]` is phrasing `i`'s requirement (`None`: always a candidate).
    pub fn new(literals: &[Option<Requirement>]) -> Prefilter {
        let mut index: std::collections::HashMap<&[u8], usize> = Default::default();
        let mut words: Vec<&[u8]> = Vec::new();
        let mut owners: Vec<Vec<(usize, Edges)>> = Vec::new();
        let mut set_owner = Vec::new();
        let mut sets = vec![Vec::new(); literals.len()];
        let mut always = Bits::with_len(literals.len());
        let mut unfiltered = 0;
        for (phrasing, requirement) in literals.iter().enumerate() {
            let Some(requirement) = requirement else {
                always.insert(phrasing);
                unfiltered += 1;
                continue;
            };
            for set in requirement {
                let edges = Edges {
                    before: set.edge_before,
                    after: set.edge_after,
                };
                // The spellings with a Kelvin sign or long s are left out; a text with
                // either character makes every phrasing a candidate instead.
                let set: Vec<&Vec<u8>> = set
                    .literals
                    .iter()
                    .filter(|lit| !folds_to_ascii(lit))
                    .collect();
                if set.is_empty() {
                    // Nothing left to require: a weaker filter, still never too narrow.
                    continue;
                }
                let set_id = set_owner.len();
                set_owner.push(phrasing);
                sets[phrasing].push(set_id);
                for lit in set {
                    let id = *index.entry(lit.as_slice()).or_insert_with(|| {
                        words.push(lit.as_slice());
                        owners.push(Vec::new());
                        words.len() - 1
                    });
                    owners[id].push((set_id, edges));
                }
            }
            if sets[phrasing].is_empty() {
                always.insert(phrasing);
                unfiltered += 1;
            }
        }
        let words: Vec<Vec<u8>> = words.into_iter().map(<[u8]>::to_vec).collect();
        Prefilter {
            automaton: contiguous::Builder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .prefilter(false)
                .build(&words)
                .expect("literal automaton within aho-corasick's limits"),
            words,
            fast: OnceLock::new(),
            building: AtomicBool::new(false),
            searched: AtomicUsize::new(0),
            owners,
            set_owner,
            sets,
            always,
            unfiltered,
        }
    }

    /// Which phrasings could match `text`: those with a literal of every set in it.
    pub fn candidates(&self, text: &str) -> Bits {
        let mut out = Bits::with_len(self.sets.len());
        self.each_candidate(text, |phrasing| out.insert(phrasing));
        out
    }

    /// Calls `found` with each phrasing that could match `text`, in increasing order, as
    /// [`Prefilter::candidates`] lists them; allocates nothing once a thread has warmed up.
    pub fn each_candidate(&self, text: &str, mut found: impl FnMut(usize)) {
        if folds_to_ascii(text.as_bytes()) {
            (0..self.sets.len()).for_each(found);
            return;
        }
        thread_local! {
            // The sets seen in one sentence, and the phrasings they make candidates:
            // reused, as this runs for every sentence.
            static HIT: std::cell::RefCell<Vec<u64>> = const { std::cell::RefCell::new(Vec::new()) };
            static OUT: std::cell::RefCell<Vec<u64>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        let mut hit = Bits(HIT.with_borrow_mut(std::mem::take));
        hit.0.clear();
        hit.0.resize(self.set_owner.len().div_ceil(64), 0);
        let bytes = text.as_bytes();
        let mut literal_found = |literal: PatternID, end: usize| {
            let literal = literal.as_usize();
            let start = end - self.words[literal].len();
            let (inside_before, inside_after) =
                (inside_word(bytes, start), inside_word(bytes, end));
            for &(set, edges) in &self.owners[literal] {
                // Where the set's literal must sit at a word's edge, one inside a word
                // ("app" in "happy") is not it.
                if !((edges.before && inside_before) || (edges.after && inside_after)) {
                    hit.insert(set);
                }
            }
        };
        match self.dfa(text.len()) {
            Some(dfa) => every_literal(dfa, text, &mut literal_found),
            None => every_literal(&self.automaton, text, &mut literal_found),
        }
        let mut out = Bits(OUT.with_borrow_mut(std::mem::take));
        out.0.clear();
        out.0.extend_from_slice(&self.always.0);
        for set in hit.iter() {
            let phrasing = self.set_owner[set];
            let sets = &self.sets[phrasing];
            if sets[0] == set && sets[1..].iter().all(|&s| hit.contains(s)) {
                out.insert(phrasing);
            }
        }
        out.iter().for_each(&mut found);
        HIT.with_borrow_mut(|scratch| *scratch = hit.0);
        OUT.with_borrow_mut(|scratch| *scratch = out.0);
    }

    /// Whether the run is young: it has not yet searched enough text to build the DFA.
    pub fn young(&self) -> bool {
        self.fast.get().is_none()
    }

    /// How many phrasings run on every sentence for want of a literal.
    pub fn unfiltered(&self) -> usize {
        self.unfiltered
    }

    /// Builds the DFA now, unless another thread is building it: a run that knows it has
    /// much text to search need not wait for the NFA to have searched enough.
    pub fn build_fast(&self) {
        if self.building.swap(true, Ordering::AcqRel) {
            return;
        }
        let built = dfa::Builder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(&self.words)
            .expect("literal automaton within aho-corasick's limits");
        let _ = self.fast.set(built);
    }

    /// The DFA once built; `None` (use the NFA) until the run has searched enough text to
    /// pay for the DFA. The search that crosses the mark builds it while other threads go
    /// on with the NFA: both find the same literals.
    fn dfa(&self, text_len: usize) -> Option<&dfa::DFA> {
        if let Some(fast) = self.fast.get() {
            return Some(fast);
        }
        let before = self.searched.fetch_add(text_len, Ordering::Relaxed);
        if before < DFA_AFTER_BYTES && before.saturating_add(text_len) >= DFA_AFTER_BYTES {
            self.build_fast();
        }
        self.fast.get()
    }
}

impl Clone for Prefilter {
    fn clone(&self) -> Self {
        Prefilter {
            words: self.words.clone(),
            automaton: self.automaton.clone(),
            fast: self.fast.clone(),
            building: AtomicBool::new(false),
            searched: AtomicUsize::new(self.searched.load(Ordering::Relaxed)),
            owners: self.owners.clone(),
            set_owner: self.set_owner.clone(),
            sets: self.sets.clone(),
            always: self.always.clone(),
            unfiltered: self.unfiltered,
        }
    }
}

/// Whether the set's literals must start and end at a word's edge (see
/// [`super::literals::LiteralSet`]).
#[derive(Debug, Clone, Copy)]
struct Edges {
    before: bool,
    after: bool,
}

/// Whether `at` lies between two word characters of `text`. Only ASCII ones are known to
/// be: a byte outside ASCII may be part of a letter or not, so it never rules a place out.
fn inside_word(text: &[u8], at: usize) -> bool {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    at > 0 && at < text.len() && word(text[at - 1]) && word(text[at])
}

/// Calls `found` with every literal at every place it ends in `text` (its end offset),
/// overlaps included. Walks the automaton byte by byte itself: the overlapping iterator's
/// per-match return and re-entry cost more than the walk when, as in prose, a literal ends
/// every dozen bytes.
fn every_literal(automaton: &impl Automaton, text: &str, found: &mut impl FnMut(PatternID, usize)) {
    let Ok(mut state) = automaton.start_state(Anchored::No) else {
        return;
    };
    for (at, &byte) in text.as_bytes().iter().enumerate() {
        state = automaton.next_state(Anchored::No, state, byte);
        if automaton.is_special(state) && automaton.is_match(state) {
            for i in 0..automaton.match_len(state) {
                found(automaton.match_pattern(state, i), at + 1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::literals::phrasing_literals;

    #[test]
    fn the_dfa_finds_what_the_nfa_found() {
        let sources = [
            r"\baround the clock\b",
            r"\bOrvenza for (?P<a>\$\d+)",
            r"\bkit\b",
        ];
        let pre = Prefilter::new(&sources.map(phrasing_literals));
        let texts = [
            "Help AROUND THE CLOCK",
            "Orvenza for $5 and a \u{212A}it",
            "nothing",
        ];
        let answers = || texts.map(|t| pre.candidates(t));
        let from_nfa = answers();
        assert!(pre.fast.get().is_none());
        pre.candidates(&"x".repeat(DFA_AFTER_BYTES));
        assert!(
            pre.fast.get().is_some(),
            "built once enough text was searched"
        );
        assert_eq!(answers(), from_nfa);
        // A Kelvin sign reads as "k": every phrasing is a candidate.
        assert_eq!(from_nfa[1].iter().collect::<Vec<_>>(), [0, 1, 2]);
        assert_eq!(from_nfa[0].iter().collect::<Vec<_>>(), [0]);
    }

    #[test]
    fn a_large_run_builds_the_dfa_up_front() {
        let pre = Prefilter::new(&[phrasing_literals(r"\blive chat\b")]);
        assert!(pre.young());
        pre.build_fast();
        assert!(!pre.young(), "built before any search");
        assert_eq!(pre.candidates("LIVE CHAT").iter().collect::<Vec<_>>(), [0]);
    }

    #[test]
    fn the_walk_finds_overlapping_and_nested_literals() {
        let words = ["he", "she", "hers", "ushers"];
        let nfa = contiguous::Builder::new()
            .ascii_case_insensitive(true)
            .build(words)
            .unwrap();
        let dfa = dfa::Builder::new()
            .ascii_case_insensitive(true)
            .build(words)
            .unwrap();
        fn walk(automaton: &impl Automaton, text: &str) -> Vec<usize> {
            let mut seen = Vec::new();
            every_literal(automaton, text, &mut |p, _| seen.push(p.as_usize()));
            seen.sort();
            seen
        }
        let from_nfa = walk(&nfa, "USHERS");
        let from_dfa = walk(&dfa, "USHERS");
        assert_eq!(from_nfa, [0, 1, 2, 3]);
        assert_eq!(from_dfa, from_nfa);
    }

    #[test]
    fn every_required_piece_narrows_the_candidates() {
        let sources = [
            r"\bOrvenza for (?P<amount>\$\d+)",
            r"\binjection reminders?\b",
        ];
        let pre = Prefilter::new(&sources.map(phrasing_literals));
        let found = |text| pre.candidates(text).iter().collect::<Vec<_>>();
        // The best literal alone ("orvenza ", "injectio") would let these through.
        assert!(found("Orvenza for adults; injection site reactions").is_empty());
        assert!(found("Is Orvenza for you? Ask about injection training").is_empty());
        assert_eq!(found("Orvenza for $5"), [0]);
        assert_eq!(found("Set an INJECTION REMINDER"), [1]);
    }

    #[test]
    fn candidates_are_a_superset_of_matches() {
        let sources = [r"\b24/7\b", r"\blive chat\b", r"\d+ hours"];
        let pre = Prefilter::new(&sources.map(phrasing_literals));
        let found = |text| pre.candidates(text).iter().collect::<Vec<_>>();
        assert_eq!(found("Live Chat is open"), [1]);
        assert_eq!(found("Call 24/7 within 2 hours"), [0, 2]);
    }
}
