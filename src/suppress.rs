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

fn directive() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"^\s*(?:#|//)?\s*vouch-ignore\b\s*(?P<selectors>[^:]*?)\s*(?::\s*(?P<rest>.*?))?\s*$"#).expect("directive pattern")
    })
}

fn reason() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"reason\s*=\s*(?:"(?P<q>[^"]*)"|'(?P<s>[^']*)')"#).expect("reason pattern")
    })
}

/// Parses one comment's text; `None` when it is not a vouch directive.
pub fn parse_directive(text: &str) -> Option<(Vec<String>, Option<String>)> {
    let caps = directive().captures(text.trim())?;
    let selectors = caps["selectors"]
        .split([',', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let reason = caps
        .name("rest")
        .and_then(|r| reason().captures(r.as_str()))
        .and_then(|c| {
            c.name("q")
                .or(c.name("s"))
                .map(|m| m.as_str().trim().to_string())
        })
        .filter(|r| !r.is_empty());
    Some((selectors, reason))
}

/// Every suppression in a document, each with the block it covers.
pub fn parse(prose: &Prose, source: &str) -> Vec<Suppression> {
    let block_spans: Vec<Range<usize>> = prose
        .blocks
        .iter()
        .filter_map(|b| Some(b.pieces.first()?.src.start..b.pieces.last()?.src.end))
        .collect();
    let mut out = Vec::new();
    for comment in &prose.comments {
        let Some((selectors, reason)) = parse_directive(&comment.text) else {
            continue;
        };
        let covers = block_spans
            .iter()
            .filter(|b| b.start >= comment.src.end)
            .min_by_key(|b| b.start)
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

/// What is wrong with a suppression: (rule id, message) pairs.
pub fn problems(s: &Suppression, used: bool, pack: &RulePack) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if s.reason.is_none() {
        out.push((
            "suppression.missing_reason",
            "suppression without a reason: write `vouch-ignore RULE: reason=\"why this promise is acceptable\"`".to_string(),
        ));
    }
    for sel in &s.selectors {
        if !pack.knows(sel) {
            let help = pack
                .suggest(sel)
                .map(|k| format!("; did you mean `{k}`?"))
                .unwrap_or_default();
            out.push((
                "suppression.unknown_rule",
                format!("suppression names unknown rule `{sel}`{help}"),
            ));
        }
    }
    if !used && s.reason.is_some() {
        out.push((
            "suppression.unused",
            "suppression does not suppress anything: the next block has no such finding"
                .to_string(),
        ));
    }
    out
}

/// The rules about suppressions themselves, for `vouch rules`.
pub const RULES: &[(&str, &str)] = &[
    (
        "suppression.missing_reason",
        "A vouch-ignore comment without reason=\"...\"",
    ),
    (
        "suppression.unknown_rule",
        "A vouch-ignore comment naming a rule that does not exist",
    ),
    (
        "suppression.unused",
        "A vouch-ignore comment that suppresses nothing",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

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
    fn directive_without_reason() {
        let (sel, reason) = parse_directive("vouch-ignore cost.floor").unwrap();
        assert_eq!(sel, vec!["cost.floor"]);
        assert_eq!(reason, None);
        assert!(parse_directive("just a comment").is_none());
    }
}
