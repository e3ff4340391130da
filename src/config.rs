//! `vouch.toml`: which copy, which audience, which manifest, which rules and how strict.
//! Discovered by walking up from the working directory; every setting also has a flag.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diag::{did_you_mean, SourceError};
use crate::model::{FailOn, Severity};

pub const FILE_NAME: &str = "vouch.toml";

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub manifest: Option<String>,
    #[serde(default)]
    pub include: Vec<String>,
    #[serde(default)]
    pub exclude: Vec<String>,
    pub fail_on: Option<FailOn>,
    #[serde(default)]
    pub audiences: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub rules: RulesConfig,
    #[serde(default)]
    pub policy: PolicyConfig,
    #[serde(default)]
    pub campaign: CampaignConfig,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesConfig {
    #[serde(default)]
    pub extra: Vec<String>,
    #[serde(default)]
    pub ignore: Vec<String>,
    #[serde(default)]
    pub select: Vec<String>,
    #[serde(default)]
    pub severity: BTreeMap<String, Severity>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyConfig {
    pub dedicated_max_caseload: Option<u32>,
    pub unverifiable: Option<Severity>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CampaignConfig {
    /// New enrollments the campaign expects per month (for the report's capacity view).
    pub expected_enrollments: Option<u32>,
}

/// A loaded config and the folder its relative paths are resolved from.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub config: Config,
    /// The config file, when one was found.
    pub path: Option<PathBuf>,
    /// The folder globs and paths are relative to.
    pub root: PathBuf,
    /// The config file's text (empty without one), for errors found after parsing.
    pub text: String,
}

const KEYS: &[&str] = &[
    "manifest",
    "include",
    "exclude",
    "fail_on",
    "audiences",
    "rules",
    "policy",
    "campaign",
];
const RULE_KEYS: &[&str] = &["extra", "ignore", "select", "severity"];
const POLICY_KEYS: &[&str] = &["dedicated_max_caseload", "unverifiable"];

/// The nearest `vouch.toml` at or above `start`.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let mut dir = Some(start);
    while let Some(d) = dir {
        let candidate = d.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        dir = d.parent();
    }
    None
}

/// Loads `explicit` if given, else the discovered config, else defaults rooted at `cwd`.
pub fn load(explicit: Option<&Path>, cwd: &Path) -> Result<Loaded, Vec<SourceError>> {
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => discover(cwd),
    };
    let Some(path) = path else {
        return Ok(Loaded {
            config: Config::default(),
            path: None,
            root: cwd.to_path_buf(),
            text: String::new(),
        });
    };
    let shown = path.display().to_string();
    let text = crate::inputs::read_to_string_capped(&path, crate::inputs::MAX_SETTINGS_FILE)
        .map_err(|e| {
            vec![SourceError::new(
                &shown,
                "",
                format!("cannot read config `{shown}`: {e}"),
            )]
        })?;
    let config = parse(&shown, &text)?;
    let root = path
        .parent()
        .map(Path::to_path_buf)
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| PathBuf::from("."));
    Ok(Loaded {
        config,
        path: Some(path),
        root,
        text,
    })
}

pub fn parse(path: &str, text: &str) -> Result<Config, Vec<SourceError>> {
    toml::from_str::<Config>(text).map_err(|e| {
        let message = e.message().trim().to_string();
        let mut err = SourceError::new(path, text, first_line(&message));
        if let Some(span) = e.span() {
            err = err.at(span, "here");
        }
        // serde names the unknown key; offer the closest known one.
        if let Some(unknown) = message
            .strip_prefix("unknown field `")
            .and_then(|r| r.split('`').next())
        {
            let known = KEYS.iter().chain(RULE_KEYS).chain(POLICY_KEYS).copied();
            if let Some(k) = did_you_mean(unknown, known) {
                err = err.help(format!("did you mean `{k}`?"));
            }
        }
        vec![err]
    })
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or(s).to_string()
}

/// The starter files `vouch init` writes.
pub const STARTER_CONFIG: &str = include_str!("../templates/vouch.toml");
pub const STARTER_MANIFEST: &str = include_str!("../templates/psp.toml");
