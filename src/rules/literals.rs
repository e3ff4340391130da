//! The literals every match of a phrasing must contain, read from its syntax without
//! compiling it: `\b(?:24/7|round[- ]the[- ]clock)\b` needs one of "24/7",
//! "round-the-clock", "round the clock", …. The build script includes this file too, to
//! work out the built-in phrasings' literals before the program ever starts.

use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Look};

/// Most alternatives a literal set may grow to before it stops being a useful filter.
const MAX_SET: usize = 64;
/// Longest literal kept; see [`phrasing_literals`].
const MAX_LITERAL: usize = 8;
/// Most characters a character class may have to be spelled out as literals.
const MAX_CLASS: usize = 8;
/// Most characters a larger class (`\d`) may have to be stood for by the first bytes of
/// their UTF-8 encodings, and most such bytes.
const MAX_WIDE_CLASS: usize = 2048;
const MAX_FIRST_BYTES: usize = 24;
/// Shortest word-like literal a set needs to narrow a phrasing's candidacy beyond its best
/// set: shorter ones occur in most sentences and would only cost automaton matches.
const MIN_NARROWING: usize = 3;
/// Most sets, beyond the best, that narrow one phrasing.
const MAX_NARROWING: usize = 2;

/// The literals one of which every match contains.
#[derive(Debug, Clone)]
struct Literals {
    set: Vec<Vec<u8>>,
    /// The set is every string the expression matches, so neighbours may be appended.
    exact: bool,
    /// Where a match holds one of the literals, its start (or end) is at a word's edge,
    /// never between two word characters: the pattern has `\b` or an anchor there.
    edge_before: bool,
    edge_after: bool,
}

impl Literals {
    fn empty_string() -> Literals {
        Literals::exact(vec![Vec::new()])
    }

    /// `set` as every string the expression matches, with nothing known of its edges.
    fn exact(set: Vec<Vec<u8>>) -> Literals {
        Literals {
            set,
            exact: true,
            edge_before: false,
            edge_after: false,
        }
    }

    /// How well the set filters: its commonest literal's [`rarity`] (an empty set never
    /// matches, best).
    fn score(&self) -> usize {
        self.set
            .iter()
            .map(|l| rarity(l))
            .min()
            .unwrap_or(usize::MAX)
    }

    fn better_than(&self, other: &Literals) -> bool {
        (self.score(), std::cmp::Reverse(self.set.len()))
            > (other.score(), std::cmp::Reverse(other.set.len()))
    }
}

/// How rare a literal is in prose, roughly: twice its length, a lone letter or space less
/// than a lone digit or symbol (`[ap]` is in nearly every sentence, `\d` in few). Zero only
/// for the empty literal, which every text contains.
fn rarity(literal: &[u8]) -> usize {
    match literal {
        [b] if b.is_ascii_alphabetic() || b.is_ascii_whitespace() => 1,
        _ => 2 * literal.len(),
    }
}

/// The required literals of one phrasing, parsed case-sensitively (much cheaper: `\w` and
/// friends are not re-folded); case is restored here the way a case-insensitive parse
/// would have it, each character standing for its simple case folds (`k` also the Kelvin
/// sign). ASCII case is left to the automaton, which ignores it.
fn required(hir: &Hir) -> Option<Literals> {
    match hir.kind() {
        HirKind::Empty => Some(Literals::empty_string()),
        HirKind::Look(look) => {
            let edge = at_word_edge(*look);
            Some(Literals {
                edge_before: edge,
                edge_after: edge,
                ..Literals::empty_string()
            })
        }
        HirKind::Literal(lit) => match std::str::from_utf8(&lit.0) {
            Ok(text) if !text.is_ascii() || text.bytes().any(|b| b"kKsS".contains(&b)) => {
                concat_sets(text.chars().map(|c| {
                    let mut class = ClassUnicode::new([ClassUnicodeRange::new(c, c)]);
                    class.case_fold_simple();
                    (
                        class_members(&Class::Unicode(class)).map(Literals::exact),
                        false,
                    )
                }))
            }
            _ => Some(Literals::exact(vec![lit.0.to_ascii_lowercase()])),
        },
        HirKind::Class(Class::Unicode(class)) => {
            let mut folded = class.clone();
            if folded.ranges().len() <= MAX_CLASS {
                folded.case_fold_simple();
            }
            match class_members(&Class::Unicode(folded)) {
                Some(set) => Some(Literals::exact(set)),
                None => first_bytes(class),
            }
        }
        HirKind::Class(class) => class_members(class).map(Literals::exact),
        HirKind::Repetition(rep) => {
            if rep.min == 0 {
                // An optional piece (`s?`) is its literals or nothing: "app" and "apps",
                // which a following `\b` then holds to a word's edge.
                let sub = required(&rep.sub).filter(|sub| sub.exact && rep.max == Some(1))?;
                let mut set = sub.set;
                set.push(Vec::new());
                set.sort();
                set.dedup();
                return Some(Literals::exact(set));
            }
            // Each repeat holds the literals where the sub-expression alone would, edges
            // and all.
            let sub = required(&rep.sub)?;
            Some(Literals {
                exact: sub.exact && rep.min == 1 && rep.max == Some(1),
                ..sub
            })
        }
        HirKind::Capture(cap) => required(&cap.sub),
        HirKind::Concat(children) => concat(children),
        HirKind::Alternation(children) => {
            let mut set: Vec<Vec<u8>> = Vec::new();
            let (mut exact, mut edge_before, mut edge_after) = (true, true, true);
            for child in children {
                let lits = required(child)?;
                exact &= lits.exact;
                // A branch that never matches (an empty class) says nothing of edges.
                if !lits.set.is_empty() {
                    edge_before &= lits.edge_before;
                    edge_after &= lits.edge_after;
                }
                set.extend(lits.set);
                if set.len() > MAX_SET * 4 {
                    return None;
                }
            }
            set.sort();
            set.dedup();
            Some(Literals {
                set,
                exact,
                edge_before,
                edge_after,
            })
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

/// A class too large to spell out (`\d`: 680 digits in many scripts) stood for by the first
/// bytes of its members' encodings (`0`–`9` and eight lead bytes): a match contains one of
/// them. Not exact, being only part of a character. `None` for classes as large as `\w`.
fn first_bytes(class: &ClassUnicode) -> Option<Literals> {
    if class_size(class) > MAX_WIDE_CLASS {
        return None;
    }
    let mut folded = class.clone();
    folded.case_fold_simple();
    let mut bytes = std::collections::BTreeSet::new();
    for range in folded.ranges() {
        for ch in range.start()..=range.end() {
            let mut buf = [0u8; 4];
            bytes.insert(ch.encode_utf8(&mut buf).as_bytes()[0].to_ascii_lowercase());
            if bytes.len() > MAX_FIRST_BYTES {
                return None;
            }
        }
    }
    Some(Literals {
        exact: false,
        ..Literals::exact(bytes.into_iter().map(|b| vec![b]).collect())
    })
}

/// How many characters `class` holds.
fn class_size(class: &ClassUnicode) -> usize {
    class
        .ranges()
        .iter()
        .map(|r| r.end() as usize - r.start() as usize + 1)
        .sum()
}

/// Whether `look` holds only where the text is not inside a word, that is never between
/// two word characters: word boundaries (not their negations) and anchors.
fn at_word_edge(look: Look) -> bool {
    matches!(
        look,
        Look::WordAscii
            | Look::WordUnicode
            | Look::WordStartAscii
            | Look::WordEndAscii
            | Look::WordStartUnicode
            | Look::WordEndUnicode
            | Look::WordStartHalfAscii
            | Look::WordEndHalfAscii
            | Look::WordStartHalfUnicode
            | Look::WordEndHalfUnicode
            | Look::Start
            | Look::End
            | Look::StartLF
            | Look::EndLF
            | Look::StartCRLF
            | Look::EndCRLF
    )
}

/// `left` followed by `right`: every joined pair. A joined literal starts where `left`'s
/// does, or, when `left`'s literals are all empty, at the same place as `right`'s; so too
/// its end.
fn join(left: &Literals, right: &Literals) -> Literals {
    let all_empty = |set: &[Vec<u8>]| set.iter().all(Vec::is_empty);
    Literals {
        set: cross(&left.set, &right.set),
        exact: true,
        edge_before: left.edge_before
            || (all_empty(&left.set) && (left.edge_after || right.edge_before)),
        edge_after: right.edge_after
            || (all_empty(&right.set) && (right.edge_before || left.edge_after)),
    }
}

/// Adjacent exact pieces join into longer literals; the best-filtering piece wins. Only a
/// run spanning every child is exact: any other piece is just part of a match.
fn concat(children: &[Hir]) -> Option<Literals> {
    concat_sets(children.iter().map(child))
}

/// A concatenation's child: its literal set, and whether it is a [`gap`].
fn child(hir: &Hir) -> (Option<Literals>, bool) {
    (required(hir), gap(hir))
}

/// Whether every match of `hir` is one or more characters, none of them a word character
/// (`\s+`, `[-–]`): the literals on either side of it end and start at a word's edge.
fn gap(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => {
            class_size(class) <= MAX_WIDE_CLASS
                && class
                    .ranges()
                    .iter()
                    .flat_map(|r| r.start()..=r.end())
                    .all(|c| !regex_syntax::is_word_character(c))
        }
        HirKind::Class(Class::Bytes(class)) => class.ranges().iter().all(|r| {
            (r.start()..=r.end()).all(|b| b.is_ascii() && !(b.is_ascii_alphanumeric() || b == b'_'))
        }),
        HirKind::Repetition(rep) => rep.min >= 1 && gap(&rep.sub),
        HirKind::Capture(cap) => gap(&cap.sub),
        _ => false,
    }
}

/// [`concat`] over the children's literal sets: the best of [`pieces`].
fn concat_sets(children: impl Iterator<Item = (Option<Literals>, bool)>) -> Option<Literals> {
    let mut best = None;
    for piece in pieces(children) {
        keep(piece, &mut best);
    }
    best
}

/// Every literal set a concatenation's matches must contain, one per piece: each run of
/// adjacent exact children joined, and each inexact child's own set. A run that a [`gap`]
/// ends ends at a word's edge, and the run after it starts at one.
fn pieces(children: impl Iterator<Item = (Option<Literals>, bool)>) -> Vec<Literals> {
    let mut out = Vec::new();
    let mut run = Literals::empty_string();
    let mut whole_exact = true;
    let finish = |run: Literals, out: &mut Vec<Literals>| {
        out.push(Literals {
            exact: false,
            ..run
        })
    };
    // The run that starts after a child: at a word's edge when the child is a gap.
    let after = |gap: bool| Literals {
        edge_before: gap,
        edge_after: gap,
        ..Literals::empty_string()
    };
    for (child, gap) in children {
        match child {
            Some(lits) if lits.exact && run.set.len() * lits.set.len() <= MAX_SET => {
                run = join(&run, &lits);
            }
            Some(lits) if lits.exact => {
                whole_exact = false;
                run.edge_after |= gap;
                finish(std::mem::replace(&mut run, lits), &mut out);
            }
            Some(lits) => {
                whole_exact = false;
                run.edge_after |= gap;
                finish(std::mem::replace(&mut run, after(gap)), &mut out);
                out.push(Literals {
                    exact: false,
                    ..lits
                });
            }
            None => {
                whole_exact = false;
                run.edge_after |= gap;
                finish(std::mem::replace(&mut run, after(gap)), &mut out);
            }
        }
    }
    run.exact = whole_exact;
    out.push(run);
    out
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

/// Literals one of which every match contains, and what is known of where it sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiteralSet {
    pub literals: Vec<Vec<u8>>,
    /// The literal a match holds starts at a word's edge: never between two word
    /// characters (`\bapps?\b` is not in "happy").
    pub edge_before: bool,
    /// And ends at one ("appointment").
    pub edge_after: bool,
}

/// What every match of a phrasing contains: one literal of each set.
pub type Requirement = Vec<LiteralSet>;

/// `requirement` with nothing claimed of edges: for patterns that are also run on parts of
/// the text that was scanned, where a part's own start or end is an edge the whole text
/// does not have.
pub fn anywhere(requirement: Requirement) -> Requirement {
    requirement
        .into_iter()
        .map(|set| LiteralSet {
            edge_before: false,
            edge_after: false,
            ..set
        })
        .collect()
}

/// The literal sets every match of `source` (case-insensitive) has a member of; `None`
/// when the phrasing has none worth filtering on, or does not parse. The first set filters
/// best; the others narrow it (`Orvenza for \$\d+` needs "orvenza " and "nza for ").
pub fn phrasing_literals(source: &str) -> Option<Requirement> {
    let hir = parse(source)?;
    let all = match hir.kind() {
        HirKind::Concat(children) => pieces(children.iter().map(child)),
        _ => vec![required(&hir)?],
    };
    let mut best = None;
    for piece in &all {
        keep(piece.clone(), &mut best);
    }
    let best = best.filter(|b| b.score() > 0)?;
    let mut others: Vec<&Literals> = all
        .iter()
        .filter(|p| p.set != best.set && p.set.iter().all(|l| narrows(l)))
        .collect();
    others.sort_by_key(|p| std::cmp::Reverse(p.score()));
    let mut out: Requirement = Vec::new();
    for piece in std::iter::once(&best).chain(others.into_iter().take(MAX_NARROWING)) {
        // A literal's first bytes are required too, and filter almost as well: shorter
        // literals share automaton states, which keeps start-up quick. Its last bytes are
        // required as well, so a long literal also narrows by its end.
        // A cut literal keeps only the edge it was not cut at.
        let whole = piece.set.iter().all(|l| l.len() <= MAX_LITERAL);
        let heads = LiteralSet {
            literals: cut(&piece.set, |l| &l[..l.len().min(MAX_LITERAL)]),
            edge_before: piece.edge_before,
            edge_after: piece.edge_after && whole,
        };
        let tails = LiteralSet {
            literals: cut(&piece.set, |l| &l[l.len().saturating_sub(MAX_LITERAL)..]),
            edge_before: piece.edge_before && whole,
            edge_after: piece.edge_after,
        };
        for set in [heads, tails] {
            if !out.contains(&set) {
                out.push(set);
            }
        }
    }
    Some(out)
}

/// Whether a literal is rare enough in prose to be worth finding: a word-length one, or a
/// symbol such as `$`, `%` or `€`.
fn narrows(literal: &[u8]) -> bool {
    literal.len() >= MIN_NARROWING
        || (!literal.is_empty()
            && literal.iter().all(|b| {
                !b.is_ascii_alphanumeric()
                    && !b.is_ascii_whitespace()
                    && !b".,;:'\"-()!?/&*".contains(b)
            }))
}

/// Each literal cut by `part`, sorted and deduplicated.
fn cut(set: &[Vec<u8>], part: impl Fn(&[u8]) -> &[u8]) -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = set.iter().map(|l| part(l).to_vec()).collect();
    out.sort();
    out.dedup();
    out
}

fn parse(source: &str) -> Option<Hir> {
    regex_syntax::ParserBuilder::new()
        .build()
        .parse(source)
        .ok()
}

/// The best-filtering required literals in full.
#[cfg(test)]
fn required_literals(source: &str) -> Option<Vec<Vec<u8>>> {
    let lits = required(&parse(source)?)?;
    (lits.score() > 0).then_some(lits.set)
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
    fn an_optional_piece_is_spelt_with_and_without() {
        // "stays?" joins what follows as "stay" and as "stays": "stays the same" holds no
        // "stay the", so "stay" alone joined to it would miss.
        let set = lits(r"\b(?:stays?|remains?) (?:the same|with you)\b").unwrap();
        for spelling in ["stay the same", "stays the same", "remains with you"] {
            assert!(set.contains(&spelling.to_string()), "{spelling}: {set:?}");
        }
        assert!(!set.iter().any(|l| l.starts_with(" ")), "{set:?}");
        // Optional text with no literal of its own still ends the piece: "call" is not
        // joined to " now".
        assert_eq!(lits(r"\bcall(?:\w+)? now\b").unwrap(), ["call"]);
    }

    #[test]
    fn optional_and_open_pieces_require_nothing() {
        assert_eq!(lits(r"(?:nurse)?\w+"), None);
        assert_eq!(lits(r"a|\w+"), None);
        assert_eq!(lits(r"(?:\d+)?"), None);
    }

    #[test]
    fn a_digit_is_stood_for_by_its_first_byte() {
        let set = required_literals(r"\d+").unwrap();
        assert!(set.len() <= MAX_FIRST_BYTES);
        // Every Unicode digit, in every script, starts with one of the bytes.
        let digit = regex::Regex::new(r"^\d$").unwrap();
        for ch in ('\0'..=char::MAX).filter(|c| digit.is_match(c.encode_utf8(&mut [0; 4]))) {
            let mut buf = [0u8; 4];
            let first = ch.encode_utf8(&mut buf).as_bytes()[0];
            assert!(set.contains(&vec![first]), "{ch:?}");
        }
    }

    #[test]
    fn a_digit_filters_better_than_a_lone_letter() {
        // Stated times: `[ap]` is in nearly every sentence, a digit in few.
        let sets = phrasing_literals(r"\d\s*(?:a\.?m\b|p\.?m\b|[ap]\b)").unwrap();
        assert!(sets[0].literals.contains(&b"7".to_vec()), "{sets:?}");
        assert!(!sets[0].literals.contains(&b"a".to_vec()));
    }

    #[test]
    fn a_never_matching_alternative_needs_nothing_extra() {
        // `{role_titles}` with no titles expands to an empty class.
        assert_eq!(lits(r"\byour (?:[^\s\S])\b").unwrap(), Vec::<String>::new());
    }

    #[test]
    fn long_literals_are_cut_to_their_start() {
        let sets = phrasing_literals(r"\baround the clock\b").unwrap();
        assert_eq!(sets[0].literals, [b"around t".to_vec()]);
        // The tail, with the Kelvin sign's spelling of `k`.
        assert_eq!(sets[1].literals, [" cloc\u{212A}".as_bytes(), b"he clock"]);
        // Each keeps the edge it was not cut at.
        assert!(sets[0].edge_before && !sets[0].edge_after);
        assert!(!sets[1].edge_before && sets[1].edge_after);
    }

    /// The first set's edges, before and after.
    fn edges(source: &str) -> (bool, bool) {
        let sets = phrasing_literals(source).unwrap();
        (sets[0].edge_before, sets[0].edge_after)
    }

    #[test]
    fn word_boundaries_and_anchors_mark_a_literals_edges() {
        assert_eq!(edges(r"\bapps?\b"), (true, true));
        assert_eq!(edges(r"\bapp(?:\w+)?\b"), (true, false));
        assert_eq!(edges(r"\bnurse"), (true, false));
        assert_eq!(edges(r"(?:nurse)\b"), (false, true));
        assert_eq!(edges(r"^refill\b{end}"), (true, true));
        assert_eq!(edges(r"\b{start-half}coach"), (true, false));
        // Through groups, captures and a repeat.
        assert_eq!(edges(r"\b(?P<who>(?:nurse|coach))\b"), (true, true));
        assert_eq!(edges(r"(?:\bnurse\b)+"), (true, true));
        // Every branch must have it.
        assert_eq!(edges(r"\bnurse\b|coach"), (false, false));
        assert_eq!(edges(r"(?:\bnurse|\bcoach)\b"), (true, true));
        // Not a negated boundary, nor a boundary with text between it and the literal.
        assert_eq!(edges(r"\Bnurse\B"), (false, false));
        assert_eq!(edges(r"\b\w*nurse\w*\b"), (false, false));
        // `\d` is stood for by first bytes, only part of a character.
        assert_eq!(edges(r"\bcall \d"), (true, false));
        // Whitespace or punctuation that must be there is an edge as good as `\b`; one
        // that may be absent (`\s*`) or may hold a letter (`.+`) is not.
        assert_eq!(edges(r"\s+inject\s+"), (true, true));
        assert_eq!(edges(r"[-.]+inject[)(]+"), (true, true));
        assert_eq!(edges(r"\s*inject\s*"), (false, false));
        assert_eq!(edges(r".+inject.+"), (false, false));
    }
}
