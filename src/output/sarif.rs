//! `--format sarif`: SARIF 2.1.0, one run, every finding a result.
//! <https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html>
//!
//! Each rule of the pack (and vouch's own suppression rules) is a `reportingDescriptor`;
//! each finding's manifest evidence is a `relatedLocation`; the finding's fingerprint
//! (rule, path and the promise's words) is the `partialFingerprints` entry, so code
//! scanning keeps tracking an alert when lines move.

use serde::Serialize;

use crate::check::Finding;
use crate::model::{Category, Severity};
use crate::rules::RulePack;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI: &str = "https://github.com/vouch-lint/vouch";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    /// Finding columns count Unicode scalar values, not UTF-16 code units.
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
    properties: RunProperties<'a>,
}

#[derive(Serialize)]
struct RunProperties<'a> {
    manifest: &'a str,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<Descriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    id: String,
    name: String,
    short_description: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<Text>,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    category: &'static str,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: [Location; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    partial_fingerprints: Fingerprints<'a>,
    properties: ResultProperties<'a>,
}

/// Bump the key's version if the fingerprint recipe ever changes.
#[derive(Serialize)]
struct Fingerprints<'a> {
    #[serde(rename = "vouch/v1")]
    v1: &'a str,
}

#[derive(Serialize)]
struct ResultProperties<'a> {
    verdict: &'static str,
    category: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    audience: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<usize>,
    /// SARIF's `charOffset` counts characters; ours are byte offsets, so `byteOffset`.
    #[serde(skip_serializing_if = "Option::is_none")]
    byte_offset: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    byte_length: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<Text>,
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// `availability.always` → `AvailabilityAlways`: a readable identifier for `name`.
fn rule_name(id: &str) -> String {
    id.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// A path as shown to the user, as a SARIF `uri`: forward slashes, percent-encoded, relative
/// paths kept relative (code scanning resolves them against the checkout), absolute paths
/// as `file://` URIs.
pub fn path_to_uri(path: &str) -> String {
    let slashed = path.replace('\\', "/");
    let bytes = slashed.as_bytes();
    // `C:/…` (a Windows absolute path); a file named `a:b.md` is not one.
    let drive = bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && &bytes[1..3] == b":/";
    let (prefix, rest) = if drive {
        ("file:///", slashed.as_str())
    } else if let Some(rest) = slashed.strip_prefix('/') {
        ("file:///", rest)
    } else {
        ("", slashed.strip_prefix("./").unwrap_or(&slashed))
    };
    let mut out = String::from(prefix);
    for (i, b) in rest.bytes().enumerate() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'.' | b'_' | b'~' | b'/' | b'!' | b'$' | b'&' | b'\'' | b'(' | b')'
            )
            || matches!(b, b'*' | b'+' | b',' | b';' | b'=' | b'@')
            // A colon in a relative path would read as a scheme; keep a drive letter's.
            || (b == b':' && drive && i == 1);
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Whether byte offsets point into the file as stored (not into text extracted from a
/// zipped document, where they would mislead a viewer).
fn offsets_are_file_bytes(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    !(lower.ends_with(".docx") || lower.ends_with(".pptx") || lower.ends_with(".pdf"))
}

fn descriptors(pack: &RulePack) -> Vec<Descriptor> {
    let mut rules: Vec<Descriptor> = pack
        .rules
        .iter()
        .map(|r| {
            let help = match (r.why.trim(), r.fix.trim()) {
                ("", "") => None,
                (why, "") => Some(why.to_string()),
                ("", fix) => Some(format!("Fix: {fix}")),
                (why, fix) => Some(format!("{why}\n\nFix: {fix}")),
            };
            Descriptor {
                id: r.id.clone(),
                name: rule_name(&r.id),
                short_description: Text {
                    text: r.summary.clone(),
                },
                full_description: (!r.why.trim().is_empty()).then(|| Text {
                    text: r.why.trim().to_string(),
                }),
                help: help.map(|text| Text { text }),
                default_configuration: Configuration {
                    level: level(r.severity),
                },
                properties: RuleProperties {
                    category: r.category.as_str(),
                },
            }
        })
        .collect();
    for rule in crate::suppress::RULES {
        if rules.iter().any(|r| r.id == rule.id) {
            continue;
        }
        rules.push(Descriptor {
            id: rule.id.to_string(),
            name: rule_name(rule.id),
            short_description: Text {
                text: rule.summary.to_string(),
            },
            full_description: Some(Text {
                text: rule.why.to_string(),
            }),
            help: Some(Text {
                text: rule.fix.to_string(),
            }),
            default_configuration: Configuration {
                level: level(Severity::Warning),
            },
            properties: RuleProperties {
                category: Category::Suppression.as_str(),
            },
        });
    }
    rules.push(Descriptor {
        id: crate::office::NO_TEXT_RULE.to_string(),
        name: rule_name(crate::office::NO_TEXT_RULE),
        short_description: Text {
            text: crate::office::NO_TEXT_SUMMARY.to_string(),
        },
        full_description: Some(Text {
            text: crate::office::NO_TEXT_WHY.into(),
        }),
        help: Some(Text {
            text: crate::office::NO_TEXT_FIX.into(),
        }),
        default_configuration: Configuration {
            level: level(Severity::Warning),
        },
        properties: RuleProperties {
            category: Category::Input.as_str(),
        },
    });
    rules
}

fn result<'a>(f: &'a Finding, rules: &[Descriptor]) -> SarifResult<'a> {
    let mut text = f.message.clone();
    if let Some(s) = &f.suggestion {
        text.push_str(&format!("\nSuggestion: {s}"));
    }
    let bytes = offsets_are_file_bytes(&f.path);
    let region = Region {
        start_line: f.line.max(1),
        start_column: Some(f.column.max(1)),
        end_line: Some(f.end_line.max(f.line).max(1)),
        end_column: Some(f.end_column.max(1)),
        byte_offset: bytes.then_some(f.start),
        byte_length: bytes.then_some(f.end.saturating_sub(f.start)),
        snippet: (!f.text.is_empty()).then(|| Text {
            text: f.text.clone(),
        }),
    };
    let related_locations = f
        .evidence
        .iter()
        .enumerate()
        .map(|(i, c)| Location {
            id: Some(i + 1),
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation {
                    uri: path_to_uri(&c.path),
                },
                region: Region {
                    start_line: c.line.max(1),
                    ..Region::default()
                },
            },
            message: Some(Text {
                text: format!("`{}` = {}", c.key, c.value),
            }),
        })
        .collect();
    SarifResult {
        rule_id: &f.rule,
        rule_index: rules.iter().position(|r| r.id == f.rule),
        level: level(f.severity),
        message: Text { text },
        locations: [Location {
            id: None,
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation {
                    uri: path_to_uri(&f.path),
                },
                region,
            },
            // Word, PowerPoint, PDF: "slide 3 (notes)".
            message: f.location.as_ref().map(|l| Text { text: l.clone() }),
        }],
        related_locations,
        partial_fingerprints: Fingerprints { v1: &f.fingerprint },
        properties: ResultProperties {
            verdict: f.verdict.as_str(),
            category: f.category.as_str(),
            audience: f.audience.as_deref(),
        },
    }
}

/// The SARIF log for `findings`, with every rule of `pack` described.
pub fn render(pack: &RulePack, manifest_path: &str, findings: &[&Finding]) -> String {
    let rules = descriptors(pack);
    let results = findings.iter().map(|f| result(f, &rules)).collect();
    log(rules, results, manifest_path)
}

fn log(rules: Vec<Descriptor>, results: Vec<SarifResult>, manifest_path: &str) -> String {
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "vouch",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: INFORMATION_URI,
                    rules,
                },
            },
            column_kind: "unicodeCodePoints",
            results,
            properties: RunProperties {
                manifest: manifest_path,
            },
        }],
    };
    let mut out = serde_json::to_string_pretty(&log).expect("SARIF always serializes");
    out.push('\n');
    out
}

/// The log `render` prints, written one result at a time.
pub struct Stream<W: std::io::Write> {
    array: super::JsonArray<W>,
    /// Results name their rule by its index here.
    rules: Vec<Descriptor>,
    skeleton: String,
}

impl<W: std::io::Write> Stream<W> {
    pub fn begin(out: W, pack: &RulePack, manifest_path: &str) -> Stream<W> {
        // Nothing after the results depends on them, so one skeleton serves both ends.
        let skeleton = log(descriptors(pack), Vec::new(), manifest_path);
        Stream {
            array: super::JsonArray::begin(out, &skeleton, "results"),
            rules: descriptors(pack),
            skeleton,
        }
    }

    pub fn push(&mut self, f: &Finding) {
        self.array.push(&result(f, &self.rules))
    }

    /// Closes the log; the first write error, if any.
    pub fn finish(self) -> std::io::Result<W> {
        self.array.end(&self.skeleton)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_slashed_and_encoded() {
        assert_eq!(path_to_uri("copy/dtc/a b.md"), "copy/dtc/a%20b.md");
        assert_eq!(path_to_uri("./copy\\hcp\\x.md"), "copy/hcp/x.md");
        assert_eq!(path_to_uri("a:b.md"), "a%3Ab.md");
        assert_eq!(path_to_uri("/abs/x.md"), "file:///abs/x.md");
        assert_eq!(path_to_uri("C:\\x\\y.md"), "file:///C:/x/y.md");
        assert_eq!(path_to_uri("copy/é.md"), "copy/%C3%A9.md");
    }

    #[test]
    fn rule_names_are_identifiers() {
        assert_eq!(rule_name("availability.always"), "AvailabilityAlways");
        assert_eq!(
            rule_name("suppression.missing_reason"),
            "SuppressionMissingReason"
        );
    }
}
