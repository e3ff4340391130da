//! A built-in regex that is cheap to start with and fast once it is used a lot.
//!
//! Compiling the full `regex::Regex` (forward and reverse automata, prefilters) costs
//! ~0.3 ms for a case-insensitive phrasing with `\w`; a file touching a hundred of them
//! would spend most of its run compiling. A [`Matcher`] first answers from the Thompson
//! NFA alone, through the PikeVM (about a quarter of the build cost, slower per byte but
//! fine on a sentence), and compiles the full regex once it has been asked often enough
//! for the search speed to matter. Both engines implement the same leftmost-first
//! semantics on the same syntax, so answers do not depend on which one gave them.

use std::ops::Range;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

use regex::{Regex, RegexBuilder};
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

#[derive(Debug)]
pub struct Matcher {
    source: String,
    case_insensitive: bool,
    slow: OnceLock<Slow>,
    full: OnceLock<Regex>,
    /// Group names by index, from whichever engine was built first.
    names: OnceLock<Vec<Option<String>>>,
    uses: AtomicU32,
}

impl Clone for Matcher {
    fn clone(&self) -> Self {
        Matcher {
            source: self.source.clone(),
            case_insensitive: self.case_insensitive,
            slow: OnceLock::new(),
            full: self.full.clone(),
            names: self.names.clone(),
            uses: AtomicU32::new(self.uses.load(Ordering::Relaxed)),
        }
    }
}

fn build_full(source: &str, case_insensitive: bool) -> Result<Regex, regex::Error> {
    RegexBuilder::new(source)
        .case_insensitive(case_insensitive)
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
            slow: OnceLock::new(),
            full: OnceLock::new(),
            names: OnceLock::new(),
            uses: AtomicU32::new(0),
        }
    }

    /// A pattern compiled in full now, so an error shows where the pattern was written.
    pub fn compiled(
        source: impl Into<String>,
        case_insensitive: bool,
    ) -> Result<Matcher, regex::Error> {
        let m = Matcher::deferred(source, case_insensitive);
        let regex = build_full(&m.source, case_insensitive)?;
        let _ = m.names.set(
            regex
                .capture_names()
                .map(|n| n.map(str::to_string))
                .collect(),
        );
        let _ = m.full.set(regex);
        Ok(m)
    }

    /// Whether either engine is built.
    pub fn is_built(&self) -> bool {
        self.slow.get().is_some() || self.full.get().is_some()
    }

    /// Builds the engine the first search would, now.
    pub fn build(&self) {
        if !self.is_built() {
            self.slow();
        }
    }

    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Names of the capture groups, by group index.
    pub fn group_names(&self) -> &[Option<String>] {
        self.names.get_or_init(|| {
            let info = self.slow().vm.get_nfa().group_info().clone();
            info.pattern_names(regex_automata::PatternID::ZERO)
                .map(|n| n.map(str::to_string))
                .collect()
        })
    }

    fn slow(&self) -> &Slow {
        self.slow.get_or_init(|| {
            let vm = PikeVM::builder()
                .syntax(syntax::Config::new().case_insensitive(self.case_insensitive))
                .thompson(
                    regex_automata::nfa::thompson::Config::new().nfa_size_limit(Some(SIZE_LIMIT)),
                )
                .build(&self.source)
                .unwrap_or_else(|e| {
                    panic!("built-in pattern {:?} does not compile: {e}", self.source)
                });
            let for_caches = vm.clone();
            Slow {
                vm,
                caches: Pool::new(Box::new(move || for_caches.create_cache())),
            }
        })
    }

    /// The full regex, once this matcher has earned it or `haystack` needs it.
    fn full(&self, haystack: &str) -> Option<&Regex> {
        if let Some(regex) = self.full.get() {
            return Some(regex);
        }
        if self.uses.fetch_add(1, Ordering::Relaxed) < PROMOTE_AFTER
            && haystack.len() <= PIKEVM_MAX_LEN
        {
            return None;
        }
        Some(self.full.get_or_init(|| {
            build_full(&self.source, self.case_insensitive).unwrap_or_else(|e| {
                panic!("built-in pattern {:?} does not compile: {e}", self.source)
            })
        }))
    }

    pub fn is_match(&self, haystack: &str) -> bool {
        if let Some(regex) = self.full(haystack) {
            return regex.is_match(haystack);
        }
        let slow = self.slow();
        slow.vm.is_match(&mut slow.caches.get(), haystack)
    }

    pub fn find(&self, haystack: &str) -> Option<Range<usize>> {
        if let Some(regex) = self.full(haystack) {
            return regex.find(haystack).map(|m| m.range());
        }
        let slow = self.slow();
        slow.vm
            .find(&mut slow.caches.get(), haystack)
            .map(|m| m.range())
    }

    /// Successive non-overlapping matches, leftmost first.
    pub fn find_iter(&self, haystack: &str) -> Vec<Range<usize>> {
        if let Some(regex) = self.full(haystack) {
            return regex.find_iter(haystack).map(|m| m.range()).collect();
        }
        let slow = self.slow();
        let mut cache = slow.caches.get();
        slow.vm
            .find_iter(&mut cache, haystack)
            .map(|m| m.range())
            .collect()
    }

    pub fn captures(&self, haystack: &str) -> Option<Groups> {
        self.captures_at(haystack, 0)
    }

    /// The first match starting at or after `start`, with its groups; the text before
    /// `start` still counts for `\b` and the like.
    pub fn captures_at(&self, haystack: &str, start: usize) -> Option<Groups> {
        if let Some(regex) = self.full(haystack) {
            return regex
                .captures_at(haystack, start)
                .map(|c| c.iter().map(|g| g.map(|m| m.range())).collect());
        }
        let slow = self.slow();
        let mut caps = slow.vm.create_captures();
        let input = regex_automata::Input::new(haystack).range(start..);
        slow.vm.search(&mut slow.caches.get(), &input, &mut caps);
        caps.is_match().then(|| {
            (0..caps.group_len())
                .map(|i| caps.get_group(i).map(|s| s.range()))
                .collect()
        })
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
        if let Some(regex) = self.full(haystack) {
            return regex
                .captures_iter(haystack)
                .map(|c| c.iter().map(|g| g.map(|m| m.range())).collect())
                .collect();
        }
        let slow = self.slow();
        let mut cache = slow.caches.get();
        slow.vm
            .captures_iter(&mut cache, haystack)
            .map(|caps| {
                (0..caps.group_len())
                    .map(|i| caps.get_group(i).map(|s| s.range()))
                    .collect()
            })
            .collect()
    }
}

/// Builds, on every core, those of `matchers` that are not built yet (each once, however
/// often it is listed).
pub fn build_all<'m>(matchers: impl IntoIterator<Item = &'m Matcher>) {
    use rayon::prelude::*;
    let mut unbuilt: Vec<&Matcher> = matchers.into_iter().filter(|m| !m.is_built()).collect();
    unbuilt.sort_unstable_by_key(|m| *m as *const Matcher);
    unbuilt.dedup_by_key(|m| *m as *const Matcher);
    unbuilt.par_iter().for_each(|m| m.build());
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
            long.full.get().is_some(),
            "a long text goes to the full regex"
        );
        assert!(m.full.get().is_some(), "promoted after enough use");
        let later = (m.find_iter(text), m.captures_iter(text), m.captures(text));
        assert_eq!(first, later);
        assert_eq!(first.0.len(), 4);
        let names: Vec<_> = m.group_names().iter().flatten().cloned().collect();
        assert_eq!(names, ["n", "unit"]);
    }

    #[test]
    fn a_compiled_matcher_reports_errors_at_once() {
        assert!(Matcher::compiled(r"(unclosed", true).is_err());
        assert!(Matcher::compiled(r"(?:a{1000}){1000}", true).is_err());
    }
}
