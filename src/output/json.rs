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

/// The document `render` prints, written one item at a time.
pub struct Stream<W: std::io::Write> {
    array: super::JsonArray<W>,
    manifest: String,
    as_claims: bool,
}

impl<W: std::io::Write> Stream<W> {
    pub fn begin(out: W, manifest: &str, as_claims: bool) -> Stream<W> {
        let skeleton = render(manifest, &[], as_claims, Summary::default());
        Stream {
            array: super::JsonArray::begin(out, &skeleton, key(as_claims)),
            manifest: manifest.to_string(),
            as_claims,
        }
    }

    pub fn push(&mut self, item: &Finding) {
        self.array.push(item)
    }

    /// Closes the array and writes the summary; the first write error, if any.
    pub fn finish(self, summary: Summary) -> std::io::Result<W> {
        let skeleton = render(&self.manifest, &[], self.as_claims, summary);
        self.array.end(&skeleton)
    }
}

fn key(as_claims: bool) -> &'static str {
    if as_claims {
        "claims"
    } else {
        "findings"
    }
}
