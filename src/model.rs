//! Small vocabulary shared by every stage: categories, verdicts, severities.

use serde::{Deserialize, Serialize};

/// What a promise is about (the JSON `category` field).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Availability,
    DedicatedStaff,
    StaffRole,
    Channel,
    Language,
    Cost,
    Eligibility,
    Timeliness,
    Service,
    Contact,
    Capacity,
    /// Problems with vouch's own directives (suppressions).
    Suppression,
    /// Problems with an input vouch could only partly read (a PDF without text).
    Input,
}

impl Category {
    pub const ALL: [Category; 11] = [
        Category::Availability,
        Category::DedicatedStaff,
        Category::StaffRole,
        Category::Channel,
        Category::Language,
        Category::Cost,
        Category::Eligibility,
        Category::Timeliness,
        Category::Service,
        Category::Contact,
        Category::Capacity,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Availability => "availability",
            Category::DedicatedStaff => "dedicated_staff",
            Category::StaffRole => "staff_role",
            Category::Channel => "channel",
            Category::Language => "language",
            Category::Cost => "cost",
            Category::Eligibility => "eligibility",
            Category::Timeliness => "timeliness",
            Category::Service => "service",
            Category::Contact => "contact",
            Category::Capacity => "capacity",
            Category::Suppression => "suppression",
            Category::Input => "input",
        }
    }
}

/// How the manifest judges a promise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The manifest backs it.
    Supported,
    /// The manifest contradicts it or lacks what it needs.
    Unsupported,
    /// The copy's own fine print limits it to what is delivered.
    Qualified,
    /// The manifest is silent.
    Unverifiable,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Supported => "supported",
            Verdict::Unsupported => "unsupported",
            Verdict::Qualified => "qualified",
            Verdict::Unverifiable => "unverifiable",
        }
    }
}

/// How loudly a finding is reported; ordered so `>=` means "at least as severe".
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// The `--fail-on` threshold: a severity, or `never`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    pub fn fails(self, severity: Severity) -> bool {
        match self {
            FailOn::Error => severity >= Severity::Error,
            FailOn::Warning => severity >= Severity::Warning,
            FailOn::Info => true,
            FailOn::Never => false,
        }
    }
}
