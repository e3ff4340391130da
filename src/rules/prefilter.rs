//! The combined matcher: which phrasings could match a sentence, found in one pass.
//!
//! Every phrasing is parsed once (no compilation) and reduced to the literals any of its
//! matches must contain: `\b(?:24/7|round[- ]the[- ]clock)\b` needs one of "24/7",
//! "round-the-clock", "round the clock", …. All literals of all phrasings go into one
//! Aho-Corasick automaton, so a sentence is scanned once however many rules there are, and
//! only the phrasings whose literals occur run their own regex. The answer is a superset
//! of the phrasings that match — never fewer — so findings are the same as running every
//! regex; phrasings with no usable literal are always run.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind};

/// Most alternatives a literal set may grow to before it stops being a useful filter.
const MAX_SET: usize = 64;
/// Longest literal kept; see [`phrasing_literals`].
const MAX_LITERAL: usize = 8;
/// Most characters a character class may have to be spelled out as literals.
const MAX_CLASS: usize = 8;

/// The literals one of which every match contains.
#[derive(Debug, Clone)]
struct Literals {
    set: Vec<Vec<u8>>,
    /// The set is every string the expression matches, so neighbours may be appended.
    exact: bool,
}

impl Literals {
    fn empty_string() -> Literals {
        Literals {
            set: vec![Vec::new()],
            exact: true,
        }
    }

    /// How well the set filters: its shortest literal (an empty set never matches, best).
    fn score(&self) -> usize {
        self.set.iter().map(Vec::len).min().unwrap_or(usize::MAX)
    }

    fn better_than(&self, other: &Literals) -> bool {
        (self.score(), std::cmp::Reverse(self.set.len()))
            > (other.score(), std::cmp::Reverse(other.set.len()))
    }
}

/// The required literals of one phrasing, parsed case-sensitively (much cheaper: `\w` and
/// friends are not re-folded); case is restored here the way a case-insensitive parse
/// would have it, each character standing for its simple case folds (`k` also the Kelvin
/// sign). ASCII case is left to the automaton, which ignores it.
fn required(hir: &Hir) -> Option<Literals> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Some(Literals::empty_string()),
        HirKind::Literal(lit) => match std::str::from_utf8(&lit.0) {
            Ok(text) if !text.is_ascii() || text.bytes().any(|b| b"kKsS".contains(&b)) => {
                concat_sets(text.chars().map(|c| {
                    let mut class = ClassUnicode::new([ClassUnicodeRange::new(c, c)]);
                    class.case_fold_simple();
                    class_members(&Class::Unicode(class)).map(|set| Literals { set, exact: true })
                }))
            }
            _ => Some(Literals {
                set: vec![lit.0.to_ascii_lowercase()],
                exact: true,
            }),
        },
        HirKind::Class(Class::Unicode(class)) => {
            let mut folded = class.clone();
            if folded.ranges().len() <= MAX_CLASS {
                folded.case_fold_simple();
            }
            class_members(&Class::Unicode(folded)).map(|set| Literals { set, exact: true })
        }
        HirKind::Class(class) => class_members(class).map(|set| Literals { set, exact: true }),
        HirKind::Repetition(rep) => {
            if rep.min == 0 {
                return None;
            }
            let sub = required(&rep.sub)?;
            Some(Literals {
                exact: sub.exact && rep.min == 1 && rep.max == Some(1),
                set: sub.set,
            })
        }
        HirKind::Capture(cap) => required(&cap.sub),
        HirKind::Concat(children) => concat(children),
        HirKind::Alternation(children) => {
            let mut set: Vec<Vec<u8>> = Vec::new();
            let mut exact = true;
            for child in children {
                let lits = required(child)?;
                exact &= lits.exact;
                set.extend(lits.set);
                if set.len() > MAX_SET * 4 {
                    return None;
                }
            }
            set.sort();
            set.dedup();
            Some(Literals { set, exact })
        }
    }
}

/// A class small enough to spell out (`[- ]`, a case-folded letter `[Kk\u{212A}]`).
fn class_members(class: &Class) -> Option<Vec<Vec<u8>>> {
    let mut out = Vec::new();
    match class {
        Class::Unicode(c) => {
            for range in c.ranges() {
                for ch in range.start()..=range.end() {
                    if out.len() == MAX_CLASS {
                        return None;
                    }
                    let mut buf = [0u8; 4];
                    out.push(ch.encode_utf8(&mut buf).as_bytes().to_ascii_lowercase());
                }
            }
        }
        Class::Bytes(c) => {
            for range in c.ranges() {
                for b in range.start()..=range.end() {
                    if out.len() == MAX_CLASS {
                        return None;
                    }
                    out.push(vec![b.to_ascii_lowercase()]);
                }
            }
        }
    }
    out.sort();
    out.dedup();
    Some(out)
}

/// Adjacent exact pieces join into longer literals; the best-filtering piece wins. Only a
/// run spanning every child is exact: any other piece is just part of a match.
fn concat(children: &[Hir]) -> Option<Literals> {
    concat_sets(children.iter().map(required))
}

/// [`concat`] over the children's literal sets.
fn concat_sets(children: impl Iterator<Item = Option<Literals>>) -> Option<Literals> {
    let mut best: Option<Literals> = None;
    let mut run = Literals::empty_string();
    let mut whole_exact = true;
    let finish = |run: Literals, best: &mut Option<Literals>| {
        keep(
            Literals {
                exact: false,
                ..run
            },
            best,
        )
    };
    for child in children {
        match child {
            Some(lits) if lits.exact && run.set.len() * lits.set.len() <= MAX_SET => {
                run.set = cross(&run.set, &lits.set);
            }
            Some(lits) if lits.exact => {
                whole_exact = false;
                finish(std::mem::replace(&mut run, lits), &mut best);
            }
            Some(lits) => {
                whole_exact = false;
                finish(
                    std::mem::replace(&mut run, Literals::empty_string()),
                    &mut best,
                );
                keep(
                    Literals {
                        exact: false,
                        ..lits
                    },
                    &mut best,
                );
            }
            None => {
                whole_exact = false;
                finish(
                    std::mem::replace(&mut run, Literals::empty_string()),
                    &mut best,
                );
            }
        }
    }
    run.exact = whole_exact;
    keep(run, &mut best);
    best
}

fn keep(candidate: Literals, best: &mut Option<Literals>) {
    if best.as_ref().is_none_or(|b| candidate.better_than(b)) {
        *best = Some(candidate);
    }
}

fn cross(left: &[Vec<u8>], right: &[Vec<u8>]) -> Vec<Vec<u8>> {
    let mut out = Vec::with_capacity(left.len() * right.len());
    for l in left {
        for r in right {
            let mut joined = l.clone();
            joined.extend_from_slice(r);
            out.push(joined);
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The literals one of which every match of `source` (case-insensitive) contains; `None`
/// when the phrasing has none worth filtering on, or does not parse.
pub fn phrasing_literals(source: &str) -> Option<Vec<Vec<u8>>> {
    // A literal's first bytes are required too, and filter almost as well: shorter
    // literals share automaton states, which keeps start-up quick.
    let mut set: Vec<Vec<u8>> = required_literals(source)?
        .into_iter()
        .map(|mut l| {
            l.truncate(MAX_LITERAL);
            l
        })
        .collect();
    set.sort();
    set.dedup();
    Some(set)
}

/// The required literals in full.
fn required_literals(source: &str) -> Option<Vec<Vec<u8>>> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(source)
        .ok()?;
    let lits = required(&hir)?;
    (lits.score() > 0).then_some(lits.set)
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

    /// The members in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().enumerate().flat_map(|(wi, &word)| {
            let mut rest = word;
            std::iter::from_fn(move || {
                if rest == 0 {
                    return None;
                }
                let bit = rest.trailing_zeros() as usize;
                rest &= rest - 1;
                Some(wi * 64 + bit)
            })
        })
    }
}

/// One automaton over the literals of every phrasing.
#[derive(Debug, Clone)]
pub struct Prefilter {
    automaton: AhoCorasick,
    /// For each literal in the automaton, the phrasings that require it.
    owners: Vec<Vec<usize>>,
    /// Phrasings with no literal: candidates in every sentence.
    always: Bits,
    unfiltered: usize,
}

impl Prefilter {
    /// `literals[i]` is phrasing `i`'s required literals (`None`: always a candidate).
    pub fn new(literals: &[Option<Vec<Vec<u8>>>]) -> Prefilter {
        let mut index: std::collections::HashMap<&[u8], usize> = Default::default();
        let mut words: Vec<&[u8]> = Vec::new();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        let mut always = Bits::with_len(literals.len());
        let mut unfiltered = 0;
        for (phrasing, lits) in literals.iter().enumerate() {
            match lits {
                None => {
                    always.insert(phrasing);
                    unfiltered += 1;
                }
                Some(set) => {
                    for lit in set {
                        let id = *index.entry(lit.as_slice()).or_insert_with(|| {
                            words.push(lit.as_slice());
                            owners.push(Vec::new());
                            words.len() - 1
                        });
                        owners[id].push(phrasing);
                    }
                }
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            // The DFA searches no faster on sentences this short and takes longer to build,
            // which one small file would feel.
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&words)
            .expect("literal automaton within aho-corasick's limits");
        Prefilter {
            automaton,
            owners,
            always,
            unfiltered,
        }
    }

    /// Which phrasings could match `text`.
    pub fn candidates(&self, text: &str) -> Bits {
        let mut out = self.always.clone();
        for m in self.automaton.find_overlapping_iter(text) {
            for &p in &self.owners[m.pattern().as_usize()] {
                out.insert(p);
            }
        }
        out
    }

    /// How many phrasings run on every sentence for want of a literal.
    pub fn unfiltered(&self) -> usize {
        self.unfiltered
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lits(source: &str) -> Option<Vec<String>> {
        required_literals(source).map(|set| {
            set.into_iter()
                .map(|l| String::from_utf8(l).unwrap())
                .collect()
        })
    }

    #[test]
    fn alternatives_and_classes_are_spelled_out() {
        assert_eq!(
            lits(r"\b(?:24/7|round[- ]the day)\b").unwrap(),
            ["24/7", "round the day", "round-the day"]
        );
    }

    #[test]
    fn case_folding_keeps_every_spelling() {
        // Unicode case folding maps `k` to the Kelvin sign too; both must be literals.
        let set = lits(r"\bkit\b").unwrap();
        assert!(set.contains(&"kit".to_string()));
        assert!(set.contains(&"\u{212A}it".to_string()));
    }

    #[test]
    fn the_longest_required_piece_is_chosen() {
        assert_eq!(
            lits(r"\b(?:we|us)\s+will\s+(?:phone|contact)\b").unwrap(),
            ["contact", "phone"]
        );
    }

    #[test]
    fn an_optional_tail_ends_the_literal() {
        // "stays?" must not join "stay" to what follows: "stays the same" has no "stay the".
        assert_eq!(
            lits(r"\b(?:stays?|remains?) (?:the same|with you)\b").unwrap(),
            [" the same", " the ſame", " with you"]
        );
    }

    #[test]
    fn optional_and_open_pieces_require_nothing() {
        assert_eq!(lits(r"(?:nurse)?\w+"), None);
        assert_eq!(lits(r"\d+"), None);
        assert_eq!(lits(r"a|\d+"), None);
    }

    #[test]
    fn a_never_matching_alternative_needs_nothing_extra() {
        // `{role_titles}` with no titles expands to an empty class.
        assert_eq!(lits(r"\byour (?:[^\s\S])\b").unwrap(), Vec::<String>::new());
    }

    #[test]
    fn long_literals_are_cut_to_their_start() {
        let set = phrasing_literals(r"\baround the clock\b").unwrap();
        assert_eq!(set, [b"around t".to_vec()]);
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
