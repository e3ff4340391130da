//! vouch: finds the promises marketing copy makes and checks each against the patient
//! support program's capability manifest.
//!
//! The pipeline, one module per stage: config and manifest → inputs → extracted prose →
//! promises → verdicts → output. The library never prints; only `output` writes.
#![warn(clippy::print_stdout, clippy::print_stderr)]
// Errors carry the file text they quote; they are rare and cold, so their size is fine.
#![allow(clippy::result_large_err)]

pub mod baseline;
pub mod check;
pub mod config;
pub mod diag;
pub mod extract;
pub mod inputs;
pub mod manifest;
pub mod model;
pub mod office;
pub mod output;
pub mod promises;
pub mod report;
pub mod rules;
pub mod ruletest;
pub mod suppress;
pub mod verdicts;

use std::io::Write;
use std::path::Path;

/// Writes a file atomically: a temporary file beside it, then a rename, so an interrupted
/// run never leaves a half-written baseline or report.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let tmp = dir.join(format!(".{name}.vouch-{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
