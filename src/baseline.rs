//! Baselines: today's findings recorded by fingerprint, so a team adopting vouch on years
//! of copy is told only about new broken promises — and how many old ones were fixed.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::check::Finding;
use crate::diag::SourceError;

#[derive(Debug, Serialize, Deserialize)]
struct BaselineFile {
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    pub fingerprint: String,
    pub rule: String,
    pub path: String,
    /// For people reading the file; matching uses the fingerprint alone.
    pub text: String,
}

pub fn write(path: &Path, findings: &[&Finding]) -> Result<(), Vec<SourceError>> {
    let mut entries: Vec<Entry> = findings
        .iter()
        .map(|f| Entry {
            fingerprint: f.fingerprint.clone(),
            rule: f.rule.clone(),
            path: f.path.clone(),
            text: f.text.clone(),
        })
        .collect();
    entries.sort_by(|a, b| {
        (&a.path, &a.rule, &a.fingerprint).cmp(&(&b.path, &b.rule, &b.fingerprint))
    });
    let text = serde_json::to_string_pretty(&BaselineFile {
        version: 1,
        findings: entries,
    })
    .expect("baseline serializes")
        + "\n";
    crate::atomic_write(path, text.as_bytes()).map_err(|e| {
        vec![SourceError::new(
            path.display().to_string(),
            "",
            format!("cannot write baseline: {e}"),
        )]
    })
}

pub fn read(path: &Path) -> Result<Vec<Entry>, Vec<SourceError>> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        vec![SourceError::new(
            &shown,
            "",
            format!("cannot read baseline: {e}"),
        )]
    })?;
    let file: BaselineFile = serde_json::from_str(&text).map_err(|e| {
        let offset: usize = text
            .split_inclusive('\n')
            .take(e.line().saturating_sub(1))
            .map(str::len)
            .sum::<usize>()
            + e.column().saturating_sub(1);
        vec![
            SourceError::new(&shown, text.clone(), format!("not a vouch baseline: {e}"))
                .at(offset..offset, "here"),
        ]
    })?;
    Ok(file.findings)
}

/// Findings not in the baseline, and how many baseline entries matched nothing. The same
/// promise made twice in a file needs two entries: matching counts occurrences.
pub fn filter<'a>(baseline: &[Entry], findings: Vec<&'a Finding>) -> (Vec<&'a Finding>, usize) {
    let mut remaining: BTreeMap<&str, usize> = BTreeMap::new();
    for e in baseline {
        *remaining.entry(e.fingerprint.as_str()).or_default() += 1;
    }
    let mut kept = Vec::new();
    for f in findings {
        match remaining.get_mut(f.fingerprint.as_str()) {
            Some(n) if *n > 0 => *n -= 1,
            _ => kept.push(f),
        }
    }
    let stale = remaining.values().sum();
    (kept, stale)
}
