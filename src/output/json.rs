//! `--format json`: the SPEC's stable object. `claims` prints the same object with
//! `"claims"` in place of `"findings"`.

use serde::Serialize;

use super::Summary;
use crate::check::Finding;

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool,
    manifest: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    findings: Option<&'a [&'a Finding]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    claims: Option<&'a [&'a Finding]>,
    summary: Summary,
}

pub fn render(manifest: &str, items: &[&Finding], as_claims: bool, summary: Summary) -> String {
    let doc = Document {
        version: 1,
        tool: Tool {
            name: "vouch",
            version: env!("CARGO_PKG_VERSION"),
        },
        manifest,
        findings: (!as_claims).then_some(items),
        claims: as_claims.then_some(items),
        summary,
    };
    let mut out = serde_json::to_string_pretty(&doc).expect("findings always serialize");
    out.push('\n');
    out
}
