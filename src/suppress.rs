//! Inline suppressions: `<!-- vouch-ignore availability.always: reason="..." -->` covers
//! the next block of copy. A suppression must say why; one without a reason, naming an
//! unknown rule, or suppressing nothing is itself a finding.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use crate::extract::Prose;
use crate::rules::{selector_matches, RulePack};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// The comment, in the source.
    pub src: Range<usize>,
    /// Rule ids or categories; empty means every rule.
    pub selectors: Vec<String>,
    pub reason: Option<String>,
    /// The source range of the block it covers.
    pub covers: Range<usize>,
}

impl Suppression {
    pub fn covers(&self, offset: usize, rule: &str) -> bool {
        self.covers.contains(&offset)
            && (self.selectors.is_empty()
                || self.selectors.iter().any(|s| selector_matches(s, rule)))
    }
}

fn reason() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"reason\s*=\s*(?:"(?P<q>[^"]*)"|'(?P<s>[^']*)')"#).expect("reason pattern")
    })
}

/// Parses one comment's text; `None` when it is not a vouch directive.
pub fn parse_directive(text: &str) -> Option<(Vec<String>, Option<String>)> {
    let (selectors, rest) = directive_parts(text)?;
    // A name listed twice is one selector (and at most one finding if it is unknown).
    let mut seen = std::collections::HashSet::new();
    let selectors = selectors
        .split([',', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty() && seen.insert(*s))
        .map(str::to_string)
        .collect();
    let reason = rest
        .and_then(|r| reason().captures(r))
        .and_then(|c| {
            c.name("q")
                .or(c.name("s"))
                .map(|m| m.as_str().trim().to_string())
        })
        .filter(|r| !r.is_empty());
    Some((selectors, reason))
}

/// A directive's selectors and, after a colon, the rest (its reason), both trimmed:
/// `[#|//] vouch-ignore SELECTORS[: REST]`, where REST is one line. Read by hand rather
/// than by a regex with captures: the lazy groups cost the backtracker some 70,000
/// instructions a directive, a twentieth of a run over a library full of them.
pub fn directive_parts(text: &str) -> Option<(&str, Option<&str>)> {
    let text = text.trim();
    let text = text
        .strip_prefix('#')
        .or_else(|| text.strip_prefix("//"))
        .unwrap_or(text)
        .trim_start();
    let body = text.strip_prefix("vouch-ignore")?;
    if body
        .chars()
        .next()
        .is_some_and(regex_syntax::is_word_character)
    {
        // "vouch-ignored": not the keyword.
        return None;
    }
    match body.split_once(':') {
        Some((selectors, rest)) => {
            let rest = rest.trim();
            (!rest.contains('\n')).then_some((selectors.trim(), Some(rest)))
        }
        None => Some((body.trim(), None)),
    }
}

/// Every suppression in a document, each with the block it covers.
pub fn parse(prose: &Prose, source: &str) -> Vec<Suppression> {
    let mut block_spans: Vec<Range<usize>> = prose
        .blocks
        .iter()
        .filter_map(|b| Some(b.pieces.first()?.src.start..b.pieces.last()?.src.end))
        .collect();
    // Stable: of blocks starting at the same place, the first in the document is covered.
    block_spans.sort_by_key(|b| b.start);
    let mut out = Vec::new();
    for comment in &prose.comments {
        let Some((selectors, reason)) = parse_directive(&comment.text) else {
            continue;
        };
        let next = block_spans.partition_point(|b| b.start < comment.src.end);
        let covers = block_spans
            .get(next)
            .cloned()
            .unwrap_or(source.len()..source.len());
        out.push(Suppression {
            src: comment.src.clone(),
            selectors,
            reason,
            covers,
        });
    }
    out
}

/// Finds the suppressions covering an offset without trying every one: a file with
/// thousands of suppressions and thousands of promises would otherwise cost their product.
pub struct CoverIndex {
    /// Suppressions with a reason (one without hides nothing), by where their cover starts.
    by_start: Vec<usize>,
    /// For each position in `by_start`, the furthest any cover up to it reaches.
    reach: Vec<usize>,
}

impl CoverIndex {
    pub fn new(suppressions: &[Suppression]) -> CoverIndex {
        let mut by_start: Vec<usize> = (0..suppressions.len())
            .filter(|&i| suppressions[i].reason.is_some())
            .collect();
        by_start.sort_by_key(|&i| suppressions[i].covers.start);
        let reach = by_start
            .iter()
            .scan(0, |furthest, &i| {
                *furthest = suppressions[i].covers.end.max(*furthest);
                Some(*furthest)
            })
            .collect();
        CoverIndex { by_start, reach }
    }

    /// The first suppression, in document order, that covers `rule` at `offset`.
    pub fn first(&self, suppressions: &[Suppression], offset: usize, rule: &str) -> Option<usize> {
        let started = self
            .by_start
            .partition_point(|&i| suppressions[i].covers.start <= offset);
        // Walk back from the last cover starting at or before `offset` until no earlier
        // cover reaches it: with one block per cover, that is the few before this block.
        (0..started)
            .rev()
            .take_while(|&k| self.reach[k] > offset)
            .map(|k| self.by_start[k])
            .filter(|&i| suppressions[i].covers(offset, rule))
            .min()
    }
}

/// One thing wrong with a suppression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem<'s> {
    pub rule: &'static str,
    pub message: String,
    /// The unknown rule name it is about, to point at rather than at the whole comment.
    pub selector: Option<&'s str>,
}

/// What is wrong with a suppression; unknown rule names in the order they are written.
pub fn problems<'s>(s: &'s Suppression, used: bool, pack: &RulePack) -> Vec<Problem<'s>> {
    let mut out = Vec::new();
    let mut push = |rule, message, selector| {
        out.push(Problem {
            rule,
            message,
            selector,
        })
    };
    if s.reason.is_none() {
        push(
            "suppression.missing_reason",
            "suppression without a reason: write `vouch-ignore RULE: reason=\"why this promise is acceptable\"`".to_string(),
            None,
        );
    }
    for sel in &s.selectors {
        if !pack.knows(sel) {
            let help = pack
                .suggest(sel)
                .map(|k| format!("; did you mean `{k}`?"))
                .unwrap_or_default();
            push(
                "suppression.unknown_rule",
                format!("suppression names unknown rule `{sel}`{help}"),
                Some(sel.as_str()),
            );
        }
    }
    if !used && s.reason.is_some() {
        push(
            "suppression.unused",
            "suppression does not suppress anything: the next block has no such finding"
                .to_string(),
            None,
        );
    }
    out
}

/// Where `name` stands in `text` as a whole rule name (not inside a longer one), searching
/// from byte `from`.
pub fn find_name(text: &str, name: &str, from: usize) -> Option<usize> {
    let part_of_name = |c: char| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '*');
    let rest = text.get(from..)?;
    rest.match_indices(name)
        .map(|(at, _)| from + at)
        .find(|&at| {
            !text[..at].chars().next_back().is_some_and(part_of_name)
                && !text[at + name.len()..]
                    .chars()
                    .next()
                    .is_some_and(part_of_name)
        })
}

/// A rule about suppressions themselves, for `vouch rules`, `vouch explain` and SARIF.
pub struct DirectiveRule {
    pub id: &'static str,
    pub summary: &'static str,
    pub why: &'static str,
    pub fix: &'static str,
}

/// Why every suppression rule matters.
const WHY: &str = "A vouch-ignore comment lets a promise through the gate. A reviewer must be \
    able to see which promise and why, and a comment that names no real rule, gives no reason, \
    hides nothing or is misspelt lets through either nothing or more than its writer thinks.";

/// The rules about suppressions themselves.
pub const RULES: &[DirectiveRule] = &[
    DirectiveRule {
        id: "suppression.missing_reason",
        summary: "A vouch-ignore comment without reason=\"...\"",
        why: WHY,
        fix: "Say why the promise is acceptable: `<!-- vouch-ignore RULE: reason=\"why\" -->` \
              just before the paragraph it covers. Without a reason it hides nothing.",
    },
    DirectiveRule {
        id: "suppression.unknown_rule",
        summary: "A vouch-ignore comment naming a rule that does not exist",
        why: WHY,
        fix: "Name a rule or category from `vouch rules` (the finding suggests the closest), or \
              leave the name out to cover every rule in the next paragraph.",
    },
    DirectiveRule {
        id: "suppression.unused",
        summary: "A vouch-ignore comment that suppresses nothing",
        why: WHY,
        fix: "Delete the comment: the copy it covered changed, or the program now keeps the \
              promise. A suppression covers only the paragraph right after it.",
    },
    DirectiveRule {
        id: "suppression.malformed",
        summary: "A comment that looks like a suppression but is not one (`vouch: ignore`, \
                  `VOUCH-IGNORE`, `vouch-disable`)",
        why: WHY,
        fix: "Write it exactly `vouch-ignore RULE: reason=\"why\"`, in lower case, or reword \
              the comment if it was not meant as one.",
    },
];

/// The rule a malformed directive breaks.
pub const MALFORMED: &str = "suppression.malformed";

/// Comments written as a suppression that vouch does not read as one: `vouch: ignore`,
/// `VOUCH-IGNORE`, `vouch-disable`, `vouch skip`. Each hides nothing, and without a word its
/// writer would believe it does. Prose about vouch ("vouch for ...") is not one.
pub fn near_misses(prose: &Prose) -> impl Iterator<Item = Range<usize>> + '_ {
    static RE: OnceLock<Regex> = OnceLock::new();
    let looks_meant = RE.get_or_init(|| {
        Regex::new(
            r"(?i)^(?:#|//)?\s*vouch\s*[-_:.]?\s*(?:ignore|disable|off|skip|noqa|suppress|allow|nolint)\b",
        )
        .expect("near-miss pattern")
    });
    prose
        .comments
        .iter()
        .filter(|c| {
            let text = c.text.trim();
            looks_meant.is_match(text) && directive_parts(text).is_none()
        })
        .map(|c| c.src.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The grammar `directive_parts` reads by hand, as the regex it replaced spelt it.
    fn by_regex(text: &str) -> Option<(&str, Option<&str>)> {
        let directive = Regex::new(
            r#"^\s*(?:#|//)?\s*vouch-ignore\b\s*(?P<selectors>[^:]*?)\s*(?::\s*(?P<rest>.*?))?\s*$"#,
        )
        .unwrap();
        let caps = directive.captures(text.trim())?;
        Some((
            caps.name("selectors").unwrap().as_str(),
            caps.name("rest").map(|r| r.as_str()),
        ))
    }

    #[test]
    fn directives_are_read_as_the_regex_read_them() {
        // Every combination of the pieces a comment is made of, the odd ones included.
        let leads = ["", " ", "#", "# ", "//", "// ", "##", "#//", "\n\t"];
        let keywords = [
            "vouch-ignore",
            "vouch-ignored",
            "vouch-ignore_x",
            "vouch-ignoreé",
            "Vouch-ignore",
            "vouch-ignore-x",
            "vouch-ignore\u{300}",
        ];
        let selectors = [
            "",
            " ",
            " cost",
            " cost.floor, availability ",
            "\ncost\n",
            "cost",
        ];
        let rests = [
            "",
            ":",
            ": ",
            ": reason=\"a b\"",
            ":reason='x' ",
            ": reason=\"two\nlines\"",
            ": reason=\"x\" \n",
            ": a: b",
            ":\u{a0}reason=\"nbsp\"\u{a0}",
            ": reason = \"\" ",
        ];
        let mut compared = 0;
        for lead in leads {
            for keyword in keywords {
                for selector in selectors {
                    for rest in rests {
                        let text = format!("{lead}{keyword}{selector}{rest}");
                        assert_eq!(directive_parts(&text), by_regex(&text), "{text:?}");
                        compared += 1;
                    }
                }
            }
        }
        assert!(compared > 3000);
    }

    #[test]
    fn near_misses_are_found_and_directives_and_prose_are_not() {
        let prose = |texts: &[&str]| Prose {
            comments: texts
                .iter()
                .enumerate()
                .map(|(i, t)| crate::extract::Comment {
                    text: t.to_string(),
                    src: i..i + 1,
                })
                .collect(),
            ..Prose::default()
        };
        let meant = [
            " vouch: ignore availability.always reason=\"x\" ",
            "VOUCH-IGNORE availability.always: reason=\"x\"",
            "Vouch-Ignore",
            "vouch ignore",
            "vouch_ignore cost",
            "vouchignore",
            "vouch-disable availability",
            "vouch: off",
            "# vouch skip",
            "// vouch-suppress cost.floor",
        ];
        let found = prose(&meant);
        assert_eq!(near_misses(&found).count(), meant.len());
        let not_meant = [
            "vouch-ignore availability.always: reason=\"x\"",
            "vouch-ignore",
            "vouch for the copy: legal approved 2026-05",
            "vouched by medical-legal review",
            "voucher terms apply",
            "ignore this paragraph",
            "vouch offers a report",
            "vouch allows a reason on every suppression",
            "vouch ignores code blocks",
        ];
        let kept = prose(&not_meant);
        assert_eq!(
            near_misses(&kept).collect::<Vec<_>>(),
            Vec::<Range<usize>>::new()
        );
    }

    #[test]
    fn directive_with_reason() {
        let (sel, reason) = parse_directive(
            r#" vouch-ignore availability.always: reason="after-hours line launches 2027-01" "#,
        )
        .unwrap();
        assert_eq!(sel, vec!["availability.always"]);
        assert_eq!(reason.as_deref(), Some("after-hours line launches 2027-01"));
    }

    #[test]
    fn the_cover_index_finds_what_trying_every_suppression_finds() {
        let at = |covers: Range<usize>, selectors: &[&str], reason: bool| Suppression {
            src: 0..0,
            selectors: selectors.iter().map(|s| s.to_string()).collect(),
            reason: reason.then(|| "why".to_string()),
            covers,
        };
        // Overlapping, nested, empty, reasonless and repeated covers, in no order.
        let all = [
            at(10..20, &["cost"], true),
            at(0..100, &["availability"], true),
            at(10..20, &[], true),
            at(15..16, &["cost.floor"], true),
            at(30..30, &[], true),
            at(40..50, &[], false),
            at(5..12, &["cost.floor"], true),
        ];
        let index = CoverIndex::new(&all);
        for offset in 0..110 {
            for rule in ["cost.floor", "availability.always", "contact.phone"] {
                let slow = all
                    .iter()
                    .position(|s| s.reason.is_some() && s.covers(offset, rule));
                assert_eq!(index.first(&all, offset, rule), slow, "{rule} at {offset}");
            }
        }
    }

    #[test]
    fn a_name_listed_twice_is_one_selector() {
        let (sel, _) = parse_directive("vouch-ignore cost, cost.floor cost,cost.floor").unwrap();
        assert_eq!(sel, vec!["cost", "cost.floor"]);
    }

    #[test]
    fn finds_a_rule_name_whole_not_inside_a_longer_one() {
        let text = "vouch-ignore cost.floor, cost: reason=\"x\"";
        assert_eq!(find_name(text, "cost", 0), Some(25));
        assert_eq!(find_name(text, "cost.floor", 0), Some(13));
        assert_eq!(find_name(text, "cost.floor", 14), None);
        assert_eq!(find_name(text, "floor", 0), None);
    }

    #[test]
    fn directive_without_reason() {
        let (sel, reason) = parse_directive("vouch-ignore cost.floor").unwrap();
        assert_eq!(sel, vec!["cost.floor"]);
        assert_eq!(reason, None);
        assert!(parse_directive("just a comment").is_none());
    }
}
