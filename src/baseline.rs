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
    let mut recorder = Recorder::create(path)?;
    recorder.group(findings);
    recorder.finish()
}

impl Entry {
    pub fn of(f: &Finding) -> Entry {
        Entry {
            fingerprint: f.fingerprint.clone(),
            rule: f.rule.clone(),
            path: f.path.clone(),
            text: f.text.clone(),
        }
    }
}

/// Writes a baseline while a run streams: entries are sorted by path, then rule and
/// fingerprint, and a run delivers files in path order, so sorting each file's entries as
/// it arrives gives the whole file's order without holding every finding.
pub struct Recorder {
    path: std::path::PathBuf,
    file: crate::output::JsonArray<crate::AtomicFile>,
}

impl Recorder {
    /// Opens the file now, so a baseline that cannot be written stops the run before it
    /// prints anything.
    pub fn create(path: &Path) -> Result<Recorder, Vec<SourceError>> {
        let file = crate::AtomicFile::create(path).map_err(|e| cannot_write(path, e))?;
        Ok(Recorder {
            path: path.to_path_buf(),
            file: crate::output::JsonArray::begin(file, &skeleton(), "findings"),
        })
    }

    /// Records findings of one path (or of paths that all sort after those recorded).
    pub fn group(&mut self, findings: &[&Finding]) {
        let mut entries: Vec<Entry> = findings.iter().map(|f| Entry::of(f)).collect();
        entries.sort_by(|a, b| {
            (&a.path, &a.rule, &a.fingerprint).cmp(&(&b.path, &b.rule, &b.fingerprint))
        });
        for e in &entries {
            self.file.push(e);
        }
    }

    /// Completes the file and puts it in place of the old one.
    pub fn finish(self) -> Result<(), Vec<SourceError>> {
        self.file
            .end(&skeleton())
            .and_then(crate::AtomicFile::commit)
            .map_err(|e| cannot_write(&self.path, e))
    }
}

fn skeleton() -> String {
    serde_json::to_string_pretty(&BaselineFile {
        version: 1,
        findings: Vec::new(),
    })
    .expect("baseline serializes")
        + "\n"
}

fn cannot_write(path: &Path, e: std::io::Error) -> Vec<SourceError> {
    vec![SourceError::new(
        path.display().to_string(),
        "",
        format!("cannot write baseline: {e}"),
    )]
}

pub fn read(path: &Path) -> Result<Vec<Entry>, Vec<SourceError>> {
    let shown = path.display().to_string();
    let text = crate::inputs::read_to_string_capped(path, crate::inputs::MAX_BASELINE_FILE)
        .map_err(|e| {
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
    let mut matcher = Matcher::new(baseline);
    let kept = findings.into_iter().filter(|f| !matcher.known(f)).collect();
    (kept, matcher.stale())
}

/// `filter` a finding at a time, in the run's order.
pub struct Matcher {
    remaining: BTreeMap<String, usize>,
}

impl Matcher {
    pub fn new(baseline: &[Entry]) -> Matcher {
        let mut remaining: BTreeMap<String, usize> = BTreeMap::new();
        for e in baseline {
            *remaining.entry(e.fingerprint.clone()).or_default() += 1;
        }
        Matcher { remaining }
    }

    /// Whether the baseline records this finding; each entry covers one occurrence.
    pub fn known(&mut self, f: &Finding) -> bool {
        match self.remaining.get_mut(f.fingerprint.as_str()) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        }
    }

    /// Baseline entries that matched nothing so far.
    pub fn stale(&self) -> usize {
        self.remaining.values().sum()
    }
}
