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
        self.array
            .push_rendered(|out, indent| write_finding(out, item, indent))
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

/// `finding` as serde_json's pretty printer lays it out `indent` deep, byte for byte,
/// written directly: a run over a library of boilerplate writes more JSON than it reads,
/// and serializing it through serde_json (whose string escaping is a table lookup a byte)
/// was a seventh of such a run.
fn write_finding(out: &mut Vec<u8>, finding: &Finding, indent: &str) {
    let mut fields = Fields::open(out, indent);
    fields.string("rule", &finding.rule);
    fields.string("category", finding.category.as_str());
    fields.string("verdict", finding.verdict.as_str());
    fields.string("severity", finding.severity.as_str());
    fields.string("path", &finding.path);
    fields.optional("audience", finding.audience.as_deref());
    fields.number("start", finding.start);
    fields.number("end", finding.end);
    fields.number("line", finding.line);
    fields.number("column", finding.column);
    fields.number("end_line", finding.end_line);
    fields.number("end_column", finding.end_column);
    fields.string("text", &finding.text);
    fields.string("message", &finding.message);
    fields.key("evidence");
    if finding.evidence.is_empty() {
        fields.out.extend_from_slice(b"[]");
    } else {
        let inner = format!("{indent}    ");
        fields.out.push(b'[');
        for (i, citation) in finding.evidence.iter().enumerate() {
            if i > 0 {
                fields.out.push(b',');
            }
            fields.out.push(b'\n');
            fields.out.extend_from_slice(inner.as_bytes());
            let mut cited = Fields::open(fields.out, &inner);
            cited.string("path", &citation.path);
            cited.number("line", citation.line);
            cited.string("key", &citation.key);
            cited.string("value", &citation.value);
            cited.close();
        }
        fields.out.push(b'\n');
        fields.out.extend_from_slice(indent.as_bytes());
        fields.out.extend_from_slice(b"  ]");
    }
    fields.optional("suggestion", finding.suggestion.as_deref());
    fields.string("fingerprint", &finding.fingerprint);
    if let Some(location) = &finding.location {
        fields.string("location", location);
    }
    fields.close();
}

/// One object's fields, each on its own line two spaces deeper than the object.
struct Fields<'o> {
    out: &'o mut Vec<u8>,
    /// `,` and a line break, the indentation and the key's opening quote: what comes
    /// before every key but the first, which skips the comma.
    lead: Vec<u8>,
    first: bool,
}

impl<'o> Fields<'o> {
    fn open(out: &'o mut Vec<u8>, indent: &str) -> Fields<'o> {
        out.push(b'{');
        let mut lead = Vec::with_capacity(indent.len() + 5);
        lead.extend_from_slice(b",\n");
        lead.extend_from_slice(indent.as_bytes());
        lead.extend_from_slice(b"  \"");
        Fields {
            out,
            lead,
            first: true,
        }
    }

    fn key(&mut self, key: &str) {
        let lead = if self.first {
            &self.lead[1..]
        } else {
            &self.lead
        };
        self.first = false;
        self.out.extend_from_slice(lead);
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(b"\": ");
    }

    fn string(&mut self, key: &str, value: &str) {
        self.key(key);
        write_escaped(self.out, value);
    }

    fn optional(&mut self, key: &str, value: Option<&str>) {
        match value {
            Some(value) => self.string(key, value),
            None => {
                self.key(key);
                self.out.extend_from_slice(b"null");
            }
        }
    }

    fn number(&mut self, key: &str, value: usize) {
        self.key(key);
        self.out
            .extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
    }

    fn close(self) {
        if !self.first {
            // The lead without its comma and the two spaces and quote of a key.
            self.out
                .extend_from_slice(&self.lead[1..self.lead.len() - 3]);
        }
        self.out.push(b'}');
    }
}

/// `text` as a JSON string, escaped as serde_json escapes it: `"` and `\\`, the control
/// characters by their short forms where JSON has one, else `\\u00XX`. Eight bytes are
/// checked at once (most text needs no escape at all); a word that holds one is written a
/// byte at a time.
pub(crate) fn write_escaped(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    out.push(b'"');
    let mut clean = 0;
    let mut at = 0;
    while at < bytes.len() {
        if let Some(word) = bytes.get(at..at + 8) {
            let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
            if !word_needs_escape(word) {
                at += 8;
                continue;
            }
        }
        let b = bytes[at];
        if b < 0x20 || b == b'"' || b == b'\\' {
            out.extend_from_slice(&bytes[clean..at]);
            match b {
                b'"' => out.extend_from_slice(b"\\\""),
                b'\\' => out.extend_from_slice(b"\\\\"),
                b'\n' => out.extend_from_slice(b"\\n"),
                b'\r' => out.extend_from_slice(b"\\r"),
                b'\t' => out.extend_from_slice(b"\\t"),
                0x08 => out.extend_from_slice(b"\\b"),
                0x0C => out.extend_from_slice(b"\\f"),
                _ => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    out.extend_from_slice(b"\\u00");
                    out.push(HEX[usize::from(b >> 4)]);
                    out.push(HEX[usize::from(b & 0xF)]);
                }
            }
            clean = at + 1;
        }
        at += 1;
    }
    out.extend_from_slice(&bytes[clean..]);
    out.push(b'"');
}

/// Whether any of the eight bytes in `word` is below 0x20, `"` or `\\`: the classic
/// test for a zero byte (a borrow reaches the top bit only from a byte that was zero, or
/// below the subtrahend), exact as to whether there is one.
fn word_needs_escape(word: u64) -> bool {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const TOPS: u64 = u64::from_le_bytes([0x80; 8]);
    let below = |w: u64, n: u8| w.wrapping_sub(ONES * u64::from(n)) & !w & TOPS;
    let quote = word ^ (ONES * u64::from(b'"'));
    let backslash = word ^ (ONES * u64::from(b'\\'));
    below(word, 0x20) | below(quote, 1) | below(backslash, 1) != 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::Citation;
    use crate::model::{Category, Severity, Verdict};

    /// What `Stream` wrote before it wrote findings itself: each through serde_json.
    fn by_serde(manifest: &str, items: &[&Finding]) -> Vec<u8> {
        let mut array = crate::output::JsonArray::begin(
            Vec::new(),
            &render(manifest, &[], false, Summary::default()),
            "findings",
        );
        for item in items {
            array.push(*item);
        }
        array
            .end(&render(manifest, &[], false, Summary::default()))
            .unwrap()
    }

    #[test]
    fn names_are_spelt_as_serde_spells_them() {
        let quoted = |name: &str| format!("\"{name}\"");
        // Every category: the eleven that promises fall in, and the two of vouch's own.
        for category in Category::ALL
            .into_iter()
            .chain([Category::Suppression, Category::Input])
        {
            let serde = serde_json::to_string(&category).unwrap();
            assert_eq!(serde, quoted(category.as_str()));
        }
        for verdict in [
            Verdict::Supported,
            Verdict::Unsupported,
            Verdict::Qualified,
            Verdict::Unverifiable,
        ] {
            assert_eq!(
                serde_json::to_string(&verdict).unwrap(),
                quoted(verdict.as_str())
            );
        }
        for severity in [Severity::Info, Severity::Warning, Severity::Error] {
            let serde = serde_json::to_string(&severity).unwrap();
            assert_eq!(serde, quoted(severity.as_str()));
        }
    }

    #[test]
    fn a_word_needs_escape_exactly_when_one_of_its_bytes_does() {
        for filler in [b'a', b' ', 0x20, 0x21, 0x7f, 0x80, 0xc3, 0xff] {
            for b in 0..=255u8 {
                for at in 0..8 {
                    let mut bytes = [filler; 8];
                    bytes[at] = b;
                    let expected = bytes.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
                    assert_eq!(
                        word_needs_escape(u64::from_le_bytes(bytes)),
                        expected,
                        "{bytes:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn findings_are_written_as_serde_json_writes_them() {
        // Every character JSON escapes, text outside ASCII, and strings around the
        // writer's 16-byte steps.
        let pieces = [
            "a",
            "nurse ",
            "\"",
            "\\",
            "\n",
            "\r",
            "\t",
            "\u{8}",
            "\u{c}",
            "\u{1}",
            "\u{1f}",
            "\u{7f}",
            "é",
            "—",
            "24/7",
            "0123456789abcdef",
            "",
        ];
        let texts = crate::testing::texts_of(&pieces, 40, 300);
        let categories = [
            Category::Availability,
            Category::DedicatedStaff,
            Category::Input,
        ];
        let verdicts = [
            Verdict::Unsupported,
            Verdict::Qualified,
            Verdict::Unverifiable,
        ];
        let severities = [Severity::Error, Severity::Warning, Severity::Info];
        let findings: Vec<Finding> = texts
            .iter()
            .enumerate()
            .map(|(i, text)| Finding {
                rule: format!("rule.{i}"),
                category: categories[i % 3],
                verdict: verdicts[i % 3],
                severity: severities[i % 3],
                path: text.clone(),
                audience: (i % 2 == 0).then(|| text.clone()),
                start: i,
                end: i * 1000,
                line: usize::MAX - i,
                column: 0,
                end_line: 7,
                end_column: 12,
                text: text.clone(),
                message: text.chars().rev().collect(),
                evidence: (0..i % 4)
                    .map(|k| Citation {
                        path: format!("psp{k}.toml"),
                        line: k,
                        key: text.clone(),
                        value: "v\"".repeat(k),
                    })
                    .collect(),
                suggestion: (i % 3 == 1).then(|| text.clone()),
                fingerprint: format!("{i:016x}"),
                sentence: text.clone(),
                location: (i % 5 == 0).then(|| format!("slide {i}")),
            })
            .collect();
        let items: Vec<&Finding> = findings.iter().collect();
        for chunk in [&items[..0], &items[..1], &items[..]] {
            let mut stream = Stream::begin(Vec::new(), "psp.toml", false);
            for item in chunk {
                stream.push(item);
            }
            let written = stream.finish(Summary::default()).unwrap();
            assert_eq!(
                String::from_utf8(written).unwrap(),
                String::from_utf8(by_serde("psp.toml", chunk)).unwrap()
            );
        }
    }
}
