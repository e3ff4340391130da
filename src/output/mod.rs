//! Output: one renderer per format. The engine produces findings; only this layer writes.

pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

use serde::Serialize;

use crate::check::{FileReport, Finding};
use crate::model::Severity;

/// Output formats for `check` and `claims`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Junit,
    Github,
}

/// Counts for the summary line and the JSON `summary` object.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub files: usize,
    pub claims: usize,
    pub findings: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn of<'a>(
        files: &[FileReport],
        findings: impl IntoIterator<Item = &'a Finding>,
    ) -> Summary {
        let mut s = Summary {
            files: files.len(),
            claims: files.iter().map(|f| f.claims.len()).sum(),
            ..Summary::default()
        };
        for f in findings {
            s.findings += 1;
            match f.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
    }

    pub fn line(&self) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        format!(
            "vouch: {} checked, {} found, {} ({}, {}, {})",
            plural(self.files, "file", "files"),
            plural(self.claims, "promise", "promises"),
            plural(self.findings, "finding", "findings"),
            plural(self.errors, "error", "errors"),
            plural(self.warnings, "warning", "warnings"),
            plural(self.infos, "info", "infos"),
        )
    }
}
