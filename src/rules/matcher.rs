//! A built-in regex that is cheap to start with and fast once it is used a lot.
//!
//! Compiling the full regex (forward and reverse automata, prefilters) costs ~0.3 ms for a
//! case-insensitive phrasing with `\w`; a file touching a hundred of them would spend most
//! of its run compiling. A [`Matcher`] first answers from the Thompson NFA alone, through
//! the PikeVM (about a quarter of the build cost, slower per byte but fine on a sentence),
//! and compiles the full regex once it has been asked often enough for the search speed to
//! matter. Both engines implement the same leftmost-first semantics on the same syntax, so
//! answers do not depend on which one gave them.
//!
//! Most sentences are ASCII, and on ASCII text a pattern compiled with ASCII-only classes
//! (`\w`, `\s`, `\d`, `\b` and case folding, `(?-u)`) matches exactly what the Unicode
//! pattern matches: every character it could differ on is outside ASCII. Unicode `\w`
//! alone is ~160 µs of NFA to build each time it is written, its ASCII form ~3 µs. So a
//! matcher keeps a second pair of engines built that way, for ASCII haystacks, whenever
//! the pattern compiles that way (a non-ASCII character in a class does not).

use std::ops::Range;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

use regex::bytes::{Regex, RegexBuilder};
use regex_automata::nfa::thompson::pikevm::{Cache, PikeVM};
use regex_automata::util::pool::Pool;
use regex_automata::util::syntax;

/// Searches answered by the PikeVM before the full regex is compiled.
const PROMOTE_AFTER: u32 = 24;
/// Longer texts go to the full regex at once: the PikeVM's cost grows with the text, and a
/// sentence with no end (a 20 MB line) would take it minutes.
const PIKEVM_MAX_LEN: usize = 4096;

/// Regexes larger than this are rejected: a pattern must not be able to make a scan slow
/// or exhaust memory.
pub const SIZE_LIMIT: usize = 1 << 20;

type CachePool = Pool<Cache, Box<dyn Fn() -> Cache + Send + Sync>>;

struct Slow {
    vm: PikeVM,
    caches: CachePool,
}

impl std::fmt::Debug for Slow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PikeVM")
    }
}

/// The group spans of one match, by group index (0 is the whole match).
pub type Groups = Vec<Option<Range<usize>>>;

/// How a pattern's classes, boundaries and case are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Classes {
    Unicode,
    /// ASCII-only, for haystacks with no byte over 0x7F.
    Ascii,
}

/// One way of compiling the pattern: its PikeVM, then its full regex.
#[derive(Debug)]
struct Engines {
    classes: Classes,
    slow: OnceLock<Slow>,
    /// `None` once an ASCII-only build failed where the PikeVM's did not (a size limit
    /// its reverse automaton passes): the Unicode engines answer from then on.
    full: OnceLock<Option<Regex>>,
    uses: AtomicU32,
}

/// Whether a search goes to the full regex.
enum Full<'r> {
    Built(&'r Regex),
    NotYet,
    Failed,
}

impl<'r> Full<'r> {
    fn of(regex: &'r Option<Regex>) -> Full<'r> {
        match regex {
            Some(regex) => Full::Built(regex),
            None => Full::Failed,
        }
    }
}

impl Clone for Engines {
    fn clone(&self) -> Self {
        Engines {
            classes: self.classes,
            slow: OnceLock::new(),
            full: self.full.clone(),
            uses: AtomicU32::new(self.uses.load(Ordering::Relaxed)),
        }
    }
}

impl Engines {
    fn new(classes: Classes) -> Engines {
        Engines {
            classes,
            slow: OnceLock::new(),
            full: OnceLock::new(),
            uses: AtomicU32::new(0),
        }
    }

    fn is_built(&self) -> bool {
        self.slow.get().is_some() || self.full.get().is_some_and(Option::is_some)
    }

    fn build_slow(
        source: &str,
        case_insensitive: bool,
        classes: Classes,
    ) -> Result<Slow, regex_automata::nfa::thompson::BuildError> {
        let unicode = classes == Classes::Unicode;
        let vm = PikeVM::builder()
            .syntax(
                syntax::Config::new()
                    .case_insensitive(case_insensitive)
                    .unicode(unicode)
                    .utf8(unicode),
            )
            .thompson(
                regex_automata::nfa::thompson::Config::new()
                    .nfa_size_limit(Some(SIZE_LIMIT))
                    .utf8(unicode),
            )
            .build(source)?;
        let for_caches = vm.clone();
        Ok(Slow {
            vm,
            caches: Pool::new(Box::new(move || for_caches.create_cache())),
        })
    }

    fn slow(&self, source: &str, case_insensitive: bool) -> &Slow {
        self.slow.get_or_init(|| {
            Self::build_slow(source, case_insensitive, self.classes)
                .unwrap_or_else(|e| panic!("built-in pattern {source:?} does not compile: {e}"))
        })
    }

    /// The full regex, once these engines have earned it or `haystack` needs it.
    fn full(&self, source: &str, case_insensitive: bool, haystack: &str) -> Full<'_> {
        if let Some(regex) = self.full.get() {
            return Full::of(regex);
        }
        if self.uses.fetch_add(1, Ordering::Relaxed) < PROMOTE_AFTER
            && haystack.len() <= PIKEVM_MAX_LEN
        {
            return Full::NotYet;
        }
        Full::of(self.full.get_or_init(|| {
            match build_full(source, case_insensitive, self.classes) {
                Ok(regex) => Some(regex),
                Err(_) if self.classes == Classes::Ascii => None,
                Err(e) => panic!("built-in pattern {source:?} does not compile: {e}"),
            }
        }))
    }
}

#[derive(Debug, Clone)]
pub struct Matcher {
    source: String,
    case_insensitive: bool,
    unicode: Engines,
    /// The ASCII-only engines; `None` when the pattern does not compile that way.
    ascii: OnceLock<Option<Engines>>,
    /// Group names by index, from whichever engine was built first.
    names: OnceLock<Vec<Option<String>>>,
}

fn build_full(
    source: &str,
    case_insensitive: bool,
    classes: Classes,
) -> Result<Regex, regex::Error> {
    let unicode = classes == Classes::Unicode;
    RegexBuilder::new(source)
        .case_insensitive(case_insensitive)
        .unicode(unicode)
        .size_limit(SIZE_LIMIT)
        .dfa_size_limit(SIZE_LIMIT)
        .build()
}

impl Matcher {
    /// A pattern known to be valid (a built-in one, checked by the tests), built on first
    /// use.
    pub fn deferred(source: impl Into<String>, case_insensitive: bool) -> Matcher {
        Matcher {
            source: source.into(),
            case_insensitive,
            unicode: Engines::new(Classes::Unicode),
            ascii: OnceLock::new(),
            names: OnceLock::new(),
        }
    }

    /// A pattern compiled in full now, so an error shows where the pattern was written.
    pub fn compiled(
        source: impl Into<String>,
        case_insensitive: bool,
    ) -> Result<Matcher, regex::Error> {
        let m = Matcher::deferred(source, case_insensitive);
        let regex = build_full(&m.source, case_insensitive, Classes::Unicode)?;
        let _ = m.names.set(
            regex
                .capture_names()
                .map(|n| n.map(str::to_string))
                .collect(),
        );
        let _ = m.unicode.full.set(Some(regex));
        Ok(m)
    }

    /// Whether any engine is built.
    pub fn is_built(&self) -> bool {
        self.unicode.is_built() || self.ascii.get().is_some()
    }

    /// Whether the engine a search of ASCII text (`ascii`), or of other text, would
    /// start with is built.
    fn is_built_for(&self, ascii: bool) -> bool {
        match self.ascii.get() {
            Some(Some(_)) if ascii => true,
            None if ascii => false,
            _ => self.unicode.is_built(),
        }
    }

    /// Builds the engine a search of ASCII text (`ascii`), or of other text, would start
    /// with: for ASCII text, the ASCII-only one when the pattern compiles that way.
    pub fn build_for(&self, ascii: bool) {
        if ascii && self.ascii_engines().is_some() {
            return;
        }
        if !self.unicode.is_built() {
            self.unicode.slow(&self.source, self.case_insensitive);
        }
    }

    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Names of the capture groups, by group index.
    pub fn group_names(&self) -> &[Option<String>] {
        self.names.get_or_init(|| {
            let engines = self.ascii_engines().unwrap_or(&self.unicode);
            let slow = engines.slow(&self.source, self.case_insensitive);
            let info = slow.vm.get_nfa().group_info().clone();
            info.pattern_names(regex_automata::PatternID::ZERO)
                .map(|n| n.map(str::to_string))
                .collect()
        })
    }

    /// The ASCII-only engines, their PikeVM built, if the pattern compiles that way.
    fn ascii_engines(&self) -> Option<&Engines> {
        self.ascii
            .get_or_init(|| {
                let slow = Engines::build_slow(&self.source, self.case_insensitive, Classes::Ascii);
                let engines = Engines::new(Classes::Ascii);
                let _ = engines.slow.set(slow.ok()?);
                Some(engines)
            })
            .as_ref()
    }

    /// The engine to search `haystack` with.
    fn engine(&self, haystack: &str) -> Engine<'_> {
        let ascii = haystack.is_ascii().then(|| self.ascii_engines()).flatten();
        for engines in ascii.into_iter().chain([&self.unicode]) {
            match engines.full(&self.source, self.case_insensitive, haystack) {
                Full::Built(regex) => return Engine::Full(regex),
                Full::NotYet => {
                    return Engine::Slow(engines.slow(&self.source, self.case_insensitive))
                }
                // Only the ASCII-only engines fail; the Unicode ones answer instead.
                Full::Failed => continue,
            }
        }
        unreachable!("the Unicode engines build or panic")
    }

    pub fn is_match(&self, haystack: &str) -> bool {
        match self.engine(haystack) {
            Engine::Full(regex) => regex.is_match(haystack.as_bytes()),
            Engine::Slow(slow) => slow.vm.is_match(&mut slow.caches.get(), haystack),
        }
    }

    pub fn find(&self, haystack: &str) -> Option<Range<usize>> {
        match self.engine(haystack) {
            Engine::Full(regex) => regex.find(haystack.as_bytes()).map(|m| m.range()),
            Engine::Slow(slow) => slow
                .vm
                .find(&mut slow.caches.get(), haystack)
                .map(|m| m.range()),
        }
    }

    /// Successive non-overlapping matches, leftmost first.
    pub fn find_iter(&self, haystack: &str) -> Vec<Range<usize>> {
        match self.engine(haystack) {
            Engine::Full(regex) => regex
                .find_iter(haystack.as_bytes())
                .map(|m| m.range())
                .collect(),
            Engine::Slow(slow) => slow
                .vm
                .find_iter(&mut slow.caches.get(), haystack)
                .map(|m| m.range())
                .collect(),
        }
    }

    pub fn captures(&self, haystack: &str) -> Option<Groups> {
        self.captures_at(haystack, 0)
    }

    /// The first match starting at or after `start`, with its groups; the text before
    /// `start` still counts for `\b` and the like.
    pub fn captures_at(&self, haystack: &str, start: usize) -> Option<Groups> {
        match self.engine(haystack) {
            Engine::Full(regex) => regex
                .captures_at(haystack.as_bytes(), start)
                .map(|c| c.iter().map(|g| g.map(|m| m.range())).collect()),
            Engine::Slow(slow) => {
                let mut caps = slow.vm.create_captures();
                let input = regex_automata::Input::new(haystack).range(start..);
                slow.vm.search(&mut slow.caches.get(), &input, &mut caps);
                caps.is_match().then(|| {
                    (0..caps.group_len())
                        .map(|i| caps.get_group(i).map(|s| s.range()))
                        .collect()
                })
            }
        }
    }

    /// The span of the group named `name` in `groups`, if it took part in the match.
    pub fn group(&self, groups: &Groups, name: &str) -> Option<Range<usize>> {
        let index = self
            .group_names()
            .iter()
            .position(|n| n.as_deref() == Some(name))?;
        groups.get(index).cloned().flatten()
    }

    /// Every match with its groups, as [`Matcher::find_iter`] finds them.
    pub fn captures_iter(&self, haystack: &str) -> Vec<Groups> {
        match self.engine(haystack) {
            Engine::Full(regex) => regex
                .captures_iter(haystack.as_bytes())
                .map(|c| c.iter().map(|g| g.map(|m| m.range())).collect())
                .collect(),
            Engine::Slow(slow) => slow
                .vm
                .captures_iter(&mut slow.caches.get(), haystack)
                .map(|caps| {
                    (0..caps.group_len())
                        .map(|i| caps.get_group(i).map(|s| s.range()))
                        .collect()
                })
                .collect(),
        }
    }
}

/// The engine a search runs on.
enum Engine<'m> {
    Slow(&'m Slow),
    Full(&'m Regex),
}

/// Builds, on every core, those of `matchers` that are not built yet for the text they
/// will search, ASCII (`true`) or not (each once, however often it is listed).
pub fn build_all<'m>(matchers: impl IntoIterator<Item = (&'m Matcher, bool)>) {
    use rayon::prelude::*;
    let mut unbuilt: Vec<(&Matcher, bool)> = matchers
        .into_iter()
        .filter(|&(m, ascii)| !m.is_built_for(ascii))
        .collect();
    unbuilt.sort_unstable_by_key(|&(m, ascii)| (m as *const Matcher, ascii));
    unbuilt.dedup_by_key(|&mut (m, ascii)| (m as *const Matcher, ascii));
    unbuilt
        .par_iter()
        .for_each(|&(m, ascii)| m.build_for(ascii));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first searches (PikeVM) and the later ones (full regex) agree.
    #[test]
    fn both_engines_give_the_same_answers() {
        let m = Matcher::deferred(r"\b(?P<n>\d+)\s*(?P<unit>hours?|días?)\b|\bé", true);
        let text = "Call within 24 HOURS or 2 días; é É x";
        let first = (m.find_iter(text), m.captures_iter(text), m.captures(text));
        for _ in 0..PROMOTE_AFTER * 2 {
            m.is_match(text);
        }
        let long = Matcher::deferred(r"\bx\b", true);
        long.is_match(&"y ".repeat(PIKEVM_MAX_LEN));
        assert!(
            long.ascii_engines()
                .unwrap()
                .full
                .get()
                .is_some_and(Option::is_some),
            "a long text goes to the full regex"
        );
        assert!(
            m.unicode.full.get().is_some_and(Option::is_some),
            "promoted after enough use"
        );
        let later = (m.find_iter(text), m.captures_iter(text), m.captures(text));
        assert_eq!(first, later);
        assert_eq!(first.0.len(), 4);
        let names: Vec<_> = m.group_names().iter().flatten().cloned().collect();
        assert_eq!(names, ["n", "unit"]);
    }

    /// On ASCII text the ASCII-only engines answer, and as the Unicode ones would.
    #[test]
    fn ascii_text_is_searched_by_the_ascii_engines() {
        let m = Matcher::deferred(r"\bdedicated\s+(?:\w+\s+){0,2}?(?P<who>nurse)s?\b", true);
        let text = "Your DEDICATED skilled Nurses and a dedicated nurse.";
        let unicode = regex::RegexBuilder::new(m.as_str())
            .case_insensitive(true)
            .build()
            .unwrap();
        let expected: Vec<_> = unicode.find_iter(text).map(|m| m.range()).collect();
        assert_eq!(expected.len(), 2);
        for _ in 0..PROMOTE_AFTER + 2 {
            assert_eq!(m.find_iter(text), expected);
            let who = m.captures(text).and_then(|g| m.group(&g, "who"));
            assert_eq!(who.map(|r| &text[r]), Some("Nurse"));
        }
        let ascii = m.ascii_engines().expect("compiles ASCII-only");
        assert!(ascii.full.get().is_some_and(Option::is_some), "promoted");
        assert!(
            !m.unicode.is_built(),
            "the Unicode engines were never needed"
        );
        // A class with a character outside ASCII has no ASCII-only form.
        let dash = Matcher::deferred(r"\d[‑–]\d", true);
        assert_eq!(dash.find("1–2"), Some(0..5));
        assert_eq!(dash.find("1-2"), None);
        assert!(dash.ascii_engines().is_none());
    }

    #[test]
    fn a_compiled_matcher_reports_errors_at_once() {
        assert!(Matcher::compiled(r"(unclosed", true).is_err());
        assert!(Matcher::compiled(r"(?:a{1000}){1000}", true).is_err());
    }
}
