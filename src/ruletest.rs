//! `vouch rules test [DIR]`: every rule's examples, run through the real pipeline against
//! a manifest (DIR/psp.toml, else the built-in reference manifest). A "flag" example must
//! produce a finding of its rule; a "pass" example must not.

use std::io::Write;
use std::path::Path;

use crate::check::{Engine, Settings};
use crate::diag::SourceError;
use crate::extract::{self, Format};
use crate::manifest::Manifest;
use crate::model::Verdict;
use crate::rules::{RulePack, RuleVars, REFERENCE_MANIFEST};

/// One example that did not behave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub rule: String,
    pub example: String,
    pub expected_flag: bool,
    /// What the rule found instead.
    pub got: Vec<String>,
}

/// Runs the examples of the built-in pack (`dir` = None) or of the rules in `dir`.
pub fn failures(dir: Option<&Path>) -> Result<(usize, Vec<Failure>), Vec<SourceError>> {
    let manifest = match dir.map(|d| d.join("psp.toml")).filter(|p| p.is_file()) {
        Some(p) => Manifest::load(&p)?,
        None => Manifest::parse("reference-psp.toml", REFERENCE_MANIFEST)?,
    };
    let vars = RuleVars::from_manifest(&manifest);
    let extra: Vec<_> = dir.map(Path::to_path_buf).into_iter().collect();
    let pack = RulePack::load(&extra, &vars)?;
    let tested: Vec<usize> = (0..pack.rules.len())
        .filter(|&i| pack.rules[i].builtin == dir.is_none())
        .collect();
    let engine = Engine::new(manifest, pack, Settings::default());
    let mut count = 0;
    let mut failures = Vec::new();
    for i in tested {
        let rule = &engine.pack.rules[i];
        for (example, expected_flag) in rule
            .examples
            .flag
            .iter()
            .map(|e| (e, true))
            .chain(rule.examples.pass.iter().map(|e| (e, false)))
        {
            count += 1;
            let prose = extract::extract(Format::Text, example);
            let report = engine
                .check_prose("example", None, example.clone(), &prose)
                .map_err(|e| vec![e])?;
            let hits: Vec<String> = report
                .claims
                .iter()
                .filter(|c| c.rule == rule.id)
                .map(|c| format!("{} \"{}\": {}", c.verdict.as_str(), c.text, c.message))
                .collect();
            let flagged = report.claims.iter().any(|c| {
                c.rule == rule.id
                    && matches!(c.verdict, Verdict::Unsupported | Verdict::Unverifiable)
            });
            if flagged != expected_flag {
                failures.push(Failure {
                    rule: rule.id.clone(),
                    example: example.clone(),
                    expected_flag,
                    got: hits,
                });
            }
        }
    }
    Ok((count, failures))
}

pub fn run(dir: Option<&Path>, out: &mut dyn Write) -> Result<u8, Vec<SourceError>> {
    let (count, failures) = failures(dir)?;
    for f in &failures {
        let want = if f.expected_flag {
            "should be flagged"
        } else {
            "should pass"
        };
        let _ = writeln!(out, "FAIL {}: {want}: {:?}", f.rule, f.example);
        for g in &f.got {
            let _ = writeln!(out, "     found: {g}");
        }
        if f.got.is_empty() {
            let _ = writeln!(out, "     found: no promise of this rule");
        }
    }
    let _ = writeln!(
        out,
        "{} examples, {} passed, {} failed",
        count,
        count - failures.len(),
        failures.len()
    );
    Ok(if failures.is_empty() { 0 } else { 1 })
}
