//! The literals every match of a phrasing must contain, read from its syntax without
//! compiling it: `\b(?:24/7|round[- ]the[- ]clock)\b` needs one of "24/7",
//! "round-the-clock", "round the clock", …. The build script includes this file too, to
//! work out the built-in phrasings' literals before the program ever starts.

use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind};

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
}

impl Literals {
    fn empty_string() -> Literals {
        Literals {
            set: vec![Vec::new()],
            exact: true,
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
            match class_members(&Class::Unicode(folded)) {
                Some(set) => Some(Literals { set, exact: true }),
                None => first_bytes(class),
            }
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

/// A class too large to spell out (`\d`: 680 digits in many scripts) stood for by the first
/// bytes of its members' encodings (`0`–`9` and eight lead bytes): a match contains one of
/// them. Not exact, being only part of a character. `None` for classes as large as `\w`.
fn first_bytes(class: &ClassUnicode) -> Option<Literals> {
    let size: usize = class
        .ranges()
        .iter()
        .map(|r| r.end() as usize - r.start() as usize + 1)
        .sum();
    if size > MAX_WIDE_CLASS {
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
        set: bytes.into_iter().map(|b| vec![b]).collect(),
        exact: false,
    })
}

/// Adjacent exact pieces join into longer literals; the best-filtering piece wins. Only a
/// run spanning every child is exact: any other piece is just part of a match.
fn concat(children: &[Hir]) -> Option<Literals> {
    concat_sets(children.iter().map(required))
}

/// [`concat`] over the children's literal sets: the best of [`pieces`].
fn concat_sets(children: impl Iterator<Item = Option<Literals>>) -> Option<Literals> {
    let mut best = None;
    for piece in pieces(children) {
        keep(piece, &mut best);
    }
    best
}

/// Every literal set a concatenation's matches must contain, one per piece: each run of
/// adjacent exact children joined, and each inexact child's own set.
fn pieces(children: impl Iterator<Item = Option<Literals>>) -> Vec<Literals> {
    let mut out = Vec::new();
    let mut run = Literals::empty_string();
    let mut whole_exact = true;
    let finish = |run: Literals, out: &mut Vec<Literals>| {
        out.push(Literals {
            exact: false,
            ..run
        })
    };
    for child in children {
        match child {
            Some(lits) if lits.exact && run.set.len() * lits.set.len() <= MAX_SET => {
                run.set = cross(&run.set, &lits.set);
            }
            Some(lits) if lits.exact => {
                whole_exact = false;
                finish(std::mem::replace(&mut run, lits), &mut out);
            }
            Some(lits) => {
                whole_exact = false;
                finish(
                    std::mem::replace(&mut run, Literals::empty_string()),
                    &mut out,
                );
                out.push(Literals {
                    exact: false,
                    ..lits
                });
            }
            None => {
                whole_exact = false;
                finish(
                    std::mem::replace(&mut run, Literals::empty_string()),
                    &mut out,
                );
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

/// What every match of a phrasing contains: one literal of each set.
pub type Requirement = Vec<Vec<Vec<u8>>>;

/// The literal sets every match of `source` (case-insensitive) has a member of; `None`
/// when the phrasing has none worth filtering on, or does not parse. The first set filters
/// best; the others narrow it (`Orvenza for \$\d+` needs "orvenza " and "nza for ").
pub fn phrasing_literals(source: &str) -> Option<Requirement> {
    let hir = parse(source)?;
    let all = match hir.kind() {
        HirKind::Concat(children) => pieces(children.iter().map(required)),
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
        let heads = cut(&piece.set, |l| &l[..l.len().min(MAX_LITERAL)]);
        let tails = cut(&piece.set, |l| &l[l.len().saturating_sub(MAX_LITERAL)..]);
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
        assert!(sets[0].contains(&b"7".to_vec()), "{sets:?}");
        assert!(!sets[0].contains(&b"a".to_vec()));
    }

    #[test]
    fn a_never_matching_alternative_needs_nothing_extra() {
        // `{role_titles}` with no titles expands to an empty class.
        assert_eq!(lits(r"\byour (?:[^\s\S])\b").unwrap(), Vec::<String>::new());
    }

    #[test]
    fn long_literals_are_cut_to_their_start() {
        let sets = phrasing_literals(r"\baround the clock\b").unwrap();
        assert_eq!(sets[0], [b"around t".to_vec()]);
        // The tail, with the Kelvin sign's spelling of `k`.
        assert_eq!(sets[1], [" cloc\u{212A}".as_bytes(), b"he clock"]);
    }
}
