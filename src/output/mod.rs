//! Output: one renderer per format. The engine produces findings; only this layer writes.

pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod snippets;

use std::io::{self, Write};

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
    /// Counts one checked file and the promises found in it.
    pub fn file(&mut self, report: &FileReport) {
        self.files += 1;
        self.claims += report.promises;
    }

    /// Counts one reported finding.
    pub fn finding(&mut self, f: &Finding) {
        self.findings += 1;
        match f.severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }

    /// The summary of a run held whole.
    pub fn of<'a>(
        files: &[FileReport],
        findings: impl IntoIterator<Item = &'a Finding>,
    ) -> Summary {
        let mut s = Summary::default();
        files.iter().for_each(|f| s.file(f));
        findings.into_iter().for_each(|f| s.finding(f));
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

/// A writer that keeps the first error and drops what is written after it, so output
/// streamed over a whole run is checked for failure once, at the end.
pub struct Sticky<W: Write> {
    inner: W,
    error: Option<io::Error>,
}

impl<W: Write> Sticky<W> {
    pub fn new(inner: W) -> Sticky<W> {
        Sticky { inner, error: None }
    }

    /// Flushes, and hands back the writer, or the first error it met.
    pub fn finish(mut self) -> io::Result<W> {
        match self.error.take() {
            Some(e) => Err(e),
            None => self.inner.flush().map(|()| self.inner),
        }
    }
}

impl<W: Write> Write for Sticky<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.error.is_none() {
            if let Err(e) = self.inner.write_all(buf) {
                self.error = Some(e);
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.error.is_none() {
            if let Err(e) = self.inner.flush() {
                self.error = Some(e);
            }
        }
        Ok(())
    }
}

/// Writes a pretty-printed JSON document whose one long array (`"key": [...]`) arrives an
/// element at a time, so the elements never have to be held together. The document around
/// the array is serde_json's own rendering of it with the array empty (the skeleton), and
/// each element is serde_json's rendering indented to its depth, so the bytes are exactly
/// what `serde_json::to_string_pretty` gives for the whole document.
pub struct JsonArray<W: Write> {
    out: Sticky<W>,
    key: &'static str,
    /// The indentation of the elements, one level deeper than the array's key.
    indent: String,
    items: usize,
    /// One element, rendered, before it is written at once: a finding is some twenty
    /// lines, and each write goes through the sticky-error and destination layers.
    buf: Vec<u8>,
    /// The layout, kept between elements for its buffer.
    layout: Indented,
}

impl<W: Write> JsonArray<W> {
    /// Writes the skeleton up to and including the array's `[`.
    pub fn begin(out: W, skeleton: &str, key: &'static str) -> JsonArray<W> {
        let (at, indent) = locate(skeleton, key);
        let mut out = Sticky::new(out);
        let _ = out.write_all(&skeleton.as_bytes()[..=at]);
        JsonArray {
            out,
            key,
            indent: format!("{indent}  "),
            items: 0,
            buf: Vec::new(),
            layout: Indented::at(&format!("{indent}  ")),
        }
    }

    pub fn push<T: Serialize + ?Sized>(&mut self, item: &T) {
        let buf = &mut self.buf;
        buf.clear();
        buf.extend_from_slice(if self.items == 0 { b"\n" } else { b",\n" });
        buf.extend_from_slice(self.indent.as_bytes());
        self.layout.reset(&self.indent);
        let mut ser = serde_json::Serializer::with_formatter(&mut *buf, &mut self.layout);
        if let Err(e) = item.serialize(&mut ser) {
            // Kept like a write error: the document is abandoned.
            self.out.error.get_or_insert(e.into());
            return;
        }
        let _ = self.out.write_all(buf);
        self.items += 1;
    }

    /// Adds an element `render` writes itself, as `push` would have laid it out: it
    /// receives the buffer and the element's indentation, and starts at the element's
    /// first character.
    pub fn push_rendered(&mut self, render: impl FnOnce(&mut Vec<u8>, &str)) {
        let buf = &mut self.buf;
        buf.clear();
        buf.extend_from_slice(if self.items == 0 { b"\n" } else { b",\n" });
        buf.extend_from_slice(self.indent.as_bytes());
        render(buf, &self.indent);
        let _ = self.out.write_all(buf);
        self.items += 1;
    }

    /// Closes the array and writes the rest of `skeleton` (which may differ from the one
    /// `begin` had in fields after the array, such as a summary); the first write error of
    /// the whole document, if any.
    pub fn end(mut self, skeleton: &str) -> io::Result<W> {
        let (at, _) = locate(skeleton, self.key);
        if self.items > 0 {
            let closing = &self.indent[..self.indent.len() - 2];
            let _ = self.out.write_all(b"\n");
            let _ = self.out.write_all(closing.as_bytes());
        }
        // `at` is the `[` of the skeleton's empty `[]`.
        let _ = self.out.write_all(&skeleton.as_bytes()[at + 1..]);
        self.out.finish()
    }
}

/// serde_json's pretty layout (two spaces a level) starting `base` deep, so an element is
/// rendered at its place in the document in one pass.
struct Indented {
    /// A line break and the current indentation, written before every key and element.
    newline: Vec<u8>,
    has_value: bool,
}

impl Indented {
    fn at(base: &str) -> Indented {
        let mut layout = Indented {
            newline: Vec::new(),
            has_value: false,
        };
        layout.reset(base);
        layout
    }

    /// Back to `base` deep, as for a new element.
    fn reset(&mut self, base: &str) {
        self.newline.clear();
        self.newline.push(b'\n');
        self.newline.extend_from_slice(base.as_bytes());
        self.has_value = false;
    }

    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.newline.extend_from_slice(b"  ");
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.newline.truncate(self.newline.len() - 2);
        if self.has_value {
            w.write_all(&self.newline)?;
        }
        w.write_all(bracket)
    }

    fn next<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        w.write_all(&self.newline)
    }
}

impl serde_json::ser::Formatter for &mut Indented {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.next(w, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.next(w, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// The offset of the `[` of `"key": []` in a pretty-printed skeleton, and the indentation of
/// its line. Quotes inside JSON strings are escaped, so an unescaped `"key": [` is the key.
fn locate<'a>(skeleton: &'a str, key: &str) -> (usize, &'a str) {
    let needle = format!("\"{key}\": []");
    let at = skeleton
        .find(&needle)
        .expect("the skeleton holds the array, empty");
    let line_start = skeleton[..at].rfind('\n').map_or(0, |i| i + 1);
    (at + needle.len() - 2, &skeleton[line_start..at])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FailOn;

    #[derive(Serialize)]
    struct Doc<'a> {
        name: &'a str,
        outer: Outer<'a>,
        tail: u32,
    }

    #[derive(Serialize)]
    struct Outer<'a> {
        items: &'a [serde_json::Value],
        after: &'a str,
    }

    fn streamed(items: &[serde_json::Value]) -> String {
        let skeleton = |tail| {
            serde_json::to_string_pretty(&Doc {
                name: "\"items\": []",
                outer: Outer {
                    items: &[],
                    after: "x\ny",
                },
                tail,
            })
            .unwrap()
        };
        let mut array = JsonArray::begin(Vec::new(), &skeleton(0), "items");
        for item in items {
            array.push(item);
        }
        String::from_utf8(array.end(&skeleton(items.len() as u32)).unwrap()).unwrap()
    }

    #[test]
    fn streamed_arrays_match_serde_json_byte_for_byte() {
        let cases = [
            vec![],
            vec![serde_json::json!(1)],
            vec![
                serde_json::json!({"a": [1, {"b": "line\nbreak \"q\""}], "c": {}, "d": []}),
                serde_json::json!("s"),
                serde_json::json!([[], [1, 2]]),
            ],
            vec![serde_json::json!({
                "evidence": [{"path": "p", "line": 1}, {"key": "k"}],
                "suggestion": null,
                "deep": [[[]], {"o": {}}],
                "last": {"inner": {"x": [1]}}
            })],
        ];
        for items in cases {
            let whole = serde_json::to_string_pretty(&Doc {
                name: "\"items\": []",
                outer: Outer {
                    items: &items,
                    after: "x\ny",
                },
                tail: items.len() as u32,
            })
            .unwrap();
            assert_eq!(streamed(&items), whole);
        }
    }

    /// Findings and claims of real copy, through the real pipeline.
    fn sample() -> (crate::check::Engine, Vec<FileReport>) {
        use crate::check::{Engine, Settings};
        use crate::manifest::Manifest;
        use crate::rules::{RulePack, RuleVars, REFERENCE_MANIFEST};
        let manifest = Manifest::parse("psp \"ref\".toml", REFERENCE_MANIFEST).unwrap();
        let pack = RulePack::load(&[], &RuleVars::from_manifest(&manifest)).unwrap();
        let engine = Engine::new(manifest, pack, Settings::default());
        let pages = [
            (
                "a.md",
                "Our nurses are available 24/7.\n\nCall 1-800-555-0199 for \"help\".\n",
            ),
            ("b/quiet.md", "Talk to your doctor.\n"),
            (
                "c d.md",
                "Pay as little as $0.\n\n<!-- vouch-ignore -->\nAlways here for you.\n",
            ),
        ];
        let reports = pages
            .iter()
            .map(|(path, text)| {
                let prose = crate::extract::extract(crate::extract::Format::Markdown, text);
                engine
                    .check_prose(path, None, text.to_string(), &prose)
                    .unwrap()
            })
            .collect();
        (engine, reports)
    }

    #[test]
    fn streamed_documents_match_the_whole_document_renderers() {
        let (engine, reports) = sample();
        let manifest = &engine.manifest.path;
        let findings: Vec<&Finding> = reports.iter().flat_map(|r| r.findings()).collect();
        let claims: Vec<&Finding> = reports.iter().flat_map(|r| r.claims.iter()).collect();
        assert!(findings.len() > 2 && claims.len() > findings.len());
        let summary = Summary {
            files: 3,
            claims: claims.len(),
            findings: findings.len(),
            ..Summary::default()
        };
        let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
        for items in [&findings[..], &claims[..], &[]] {
            for as_claims in [false, true] {
                let mut json = json::Stream::begin(Vec::new(), manifest, as_claims);
                items.iter().for_each(|f| json.push(f));
                assert_eq!(
                    text(json.finish(summary).unwrap()),
                    json::render(manifest, items, as_claims, summary)
                );
            }
            let mut sarif = sarif::Stream::begin(Vec::new(), &engine.pack, manifest);
            items.iter().for_each(|f| sarif.push(f));
            assert_eq!(
                text(sarif.finish().unwrap()),
                sarif::render(&engine.pack, manifest, items)
            );
        }
        let spool_dir = tempfile::tempdir().unwrap();
        for fail_on in [FailOn::Error, FailOn::Warning, FailOn::Never] {
            let mut suites = junit::Suites::new(spool_dir.path()).unwrap();
            for report in &reports {
                let mine: Vec<&Finding> = report.findings().collect();
                suites.file(&report.path, &mine, fail_on);
            }
            let mut streamed = Vec::new();
            suites.write(&mut streamed).unwrap();
            let whole = junit::render(&reports, &findings, fail_on);
            assert_eq!(fail_on != FailOn::Never, whole.contains("<failure "));
            assert_eq!(text(streamed), whole);
        }
        // The spool has no name: nothing is left in its folder.
        assert_eq!(std::fs::read_dir(spool_dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_junit_spool_that_cannot_be_created_is_an_error() {
        let missing = tempfile::tempdir().unwrap().path().join("gone");
        let error = junit::Suites::new(&missing)
            .err()
            .expect("no folder, no spool");
        assert_eq!(error.dir, missing);
        assert_eq!(error.error.kind(), io::ErrorKind::NotFound);
    }
}
