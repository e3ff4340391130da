//! The program's own role titles ("Nurse Educator", "Care Coordinator"), found in a
//! sentence.
//!
//! Every promising sentence asks after each title, and most name none of them. A title's
//! regex costs about a thousand instructions a search even when it finds nothing, so each
//! title is first looked for by its longest ASCII word, in any case (an [`Anchor`]).

use std::ops::Range;

use crate::anchor::Anchor;
use crate::rules::matcher::Matcher;

/// Titles up to this long compile well within the size limit (see [`Titles::new`]).
const MAX_DEFERRED_TITLE: usize = 200;

#[derive(Debug, Clone, Default)]
pub struct Titles {
    list: Vec<Title>,
}

#[derive(Debug, Clone)]
struct Title {
    role: String,
    matcher: Matcher,
    /// A word of the title made only of ASCII: a sentence without it cannot name the
    /// title. `None` when every word has a character outside ASCII.
    word: Option<Anchor>,
}

impl Titles {
    /// From (role, title) pairs; blank titles are left out.
    pub fn new(titles: impl IntoIterator<Item = (String, String)>) -> Titles {
        let list = titles
            .into_iter()
            .filter(|(_, t)| !t.trim().is_empty())
            .filter_map(|(role, title)| {
                let words: Vec<String> = title.split_whitespace().map(regex::escape).collect();
                let pattern = format!(r"\b{}s?\b", words.join(r"\s+"));
                // Built on first use, like the pack's phrasings: a run whose copy names
                // no role never compiles it. Escaped words always compile unless the
                // title is long enough to pass the size limit; a long one is compiled
                // now, and dropped if it does not.
                let matcher = if title.len() <= MAX_DEFERRED_TITLE {
                    Matcher::deferred(pattern, true)
                } else {
                    Matcher::compiled(pattern, true).ok()?
                };
                // The longest word is the rarest, near enough.
                let word = title
                    .split_whitespace()
                    .filter(|w| w.is_ascii())
                    .max_by_key(|w| w.len())
                    .map(Anchor::new);
                Some(Title {
                    role,
                    matcher,
                    word,
                })
            })
            .collect();
        Titles { list }
    }

    /// Each title named in `text`: (role, where).
    pub fn find(&self, text: &str) -> Vec<(&str, Range<usize>)> {
        // Under Unicode case folding two ASCII letters match a character outside ASCII:
        // `k` the Kelvin sign, `s` the long s. A text holding either is searched in full.
        let folds_outside_ascii = crate::rules::prefilter::folds_to_ascii(text.as_bytes());
        let mut found = Vec::new();
        for title in &self.list {
            let may_name = match &title.word {
                Some(word) if !folds_outside_ascii => word.is_in(text),
                _ => true,
            };
            if may_name {
                found.extend(
                    title
                        .matcher
                        .find_iter(text)
                        .into_iter()
                        .map(|at| (title.role.as_str(), at)),
                );
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles() -> Titles {
        Titles::new(
            [
                ("nurse", "Nurse Educator"),
                ("case_manager", "Care Coordinator"),
                ("access_specialist", "Access Specialist"),
                ("pharmacist", "Clinical Pharmacist"),
                ("navigator", "Navegadora de Pacientes Ñ"),
                ("blank", "  "),
            ]
            .map(|(r, t)| (r.to_string(), t.to_string())),
        )
    }

    /// What every title's regex finds, asked without the word check.
    fn ungated(titles: &Titles, text: &str) -> Vec<(String, Range<usize>)> {
        titles
            .list
            .iter()
            .flat_map(|t| {
                t.matcher
                    .find_iter(text)
                    .into_iter()
                    .map(|at| (t.role.clone(), at))
            })
            .collect()
    }

    #[test]
    fn the_word_check_never_loses_a_title() {
        let titles = titles();
        let sentences = [
            "Your Nurse Educator calls you.",
            "YOUR NURSE EDUCATORS CALL YOU.",
            "a care\u{a0}coordinator and an Access Specialist",
            "Ask an access specialist or a clinical pharmacist today.",
            // Long s and the Kelvin sign fold to `s` and `k`: the regex finds these.
            "An Acceſs Specialiſt answers.",
            "A Clinical Pharmaciſt answers.",
            "Call a \u{212A}nown Care Coordinator.",
            "Una Navegadora de Pacientes Ñ le llama.",
            "una NAVEGADORA DE PACIENTES ñ",
            "Nurses and educators, but no title.",
            "Educator",
            "",
            "coordinato",
        ];
        for text in sentences {
            let gated: Vec<(String, Range<usize>)> = titles
                .find(text)
                .into_iter()
                .map(|(r, at)| (r.to_string(), at))
                .collect();
            assert_eq!(gated, ungated(&titles, text), "{text}");
        }
        assert_eq!(titles.find("An Acceſs Specialiſt answers.").len(), 1);
        assert!(titles
            .find("Nurses and educators, but no title.")
            .is_empty());
    }
}
