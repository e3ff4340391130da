//! Word, PowerPoint and PDF files made by LibreOffice (tests/fixtures/office, regenerated
//! by its regenerate.sh): every known promise is found at the right paragraph, slide or
//! page, its fine print is honoured, and `source[start..end] == text` on the extracted text.

#[path = "extract_support.rs"]
mod support;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use vouch::inputs::FileFormat;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/office")
}

fn manifest() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/carebridge/psp.toml")
}

/// `vouch claims --format json` on one fixture: (exit code, claims).
fn claims(file: &str) -> (i32, Vec<Value>) {
    claims_in(&fixtures(), file)
}

/// `vouch claims --format json` on `file` in `dir`: (exit code, claims).
fn claims_in(dir: &Path, file: &str) -> (i32, Vec<Value>) {
    let out = Command::cargo_bin("vouch")
        .unwrap()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(["claims", "--format", "json", "--manifest"])
        .arg(manifest())
        .arg(file)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let doc: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON ({e}): {stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (
        out.status.code().unwrap(),
        doc["claims"].as_array().unwrap().clone(),
    )
}

/// The claim of `rule` whose text is `text`: (verdict, line, location).
fn find<'a>(claims: &'a [Value], rule: &str, text: &str, line: u64) -> &'a Value {
    claims
        .iter()
        .find(|c| c["rule"] == rule && c["text"] == text && c["line"] == line)
        .unwrap_or_else(|| {
            let all: Vec<String> = claims
                .iter()
                .map(|c| {
                    format!(
                        "{} {:?} line {} ({})",
                        c["rule"], c["text"], c["line"], c["location"]
                    )
                })
                .collect();
            panic!(
                "no {rule} {text:?} on line {line}; found:\n{}",
                all.join("\n")
            )
        })
}

fn check(c: &Value, verdict: &str, location: &str) {
    assert_eq!(c["verdict"], verdict, "{c}");
    assert_eq!(c["location"], location, "{c}");
}

/// The span property on the extracted text, for every claim and every block.
fn spans_hold(file: &str, format: FileFormat, claims: &[Value]) {
    let doc = vouch::office::read(&fixtures().join(file), file, format).unwrap();
    for c in claims {
        let (s, e) = (
            c["start"].as_u64().unwrap() as usize,
            c["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&doc.source[s..e], c["text"].as_str().unwrap(), "{c}");
    }
    for block in &doc.prose.blocks {
        for p in block.pieces.iter().filter(|p| p.exact) {
            let (src, text) = (
                &doc.source[p.src.clone()],
                &block.text[p.text_start..p.text_start + p.text_len],
            );
            assert!(support::same_but_spaces(text, src), "{text:?} vs {src:?}");
        }
    }
    assert_eq!(
        doc.places.len(),
        doc.source.lines().count(),
        "one place per line"
    );
}

/// Copies a package entry by entry, renaming entries by `rename` and rewriting each
/// entry's text by `rewrite`.
fn repackage(
    from: &Path,
    to: &Path,
    rename: impl Fn(&str) -> String,
    rewrite: impl Fn(&str, String) -> String,
) {
    repackage_adding(from, to, rename, rewrite, &[]);
}

/// [`repackage`], then `added` entries (name, text) at the end.
fn repackage_adding(
    from: &Path,
    to: &Path,
    rename: impl Fn(&str) -> String,
    rewrite: impl Fn(&str, String) -> String,
    added: &[(&str, &str)],
) {
    use std::io::{Read, Write};
    let mut input = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut output = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for i in 0..input.len() {
        let mut entry = input.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut text = String::new();
        entry.read_to_string(&mut text).unwrap();
        output
            .start_file(rename(&name), zip::write::SimpleFileOptions::default())
            .unwrap();
        output.write_all(rewrite(&name, text).as_bytes()).unwrap();
    }
    for (name, text) in added {
        output
            .start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        output.write_all(text.as_bytes()).unwrap();
    }
    output.finish().unwrap();
}

/// A SmartArt diagram's data part as PowerPoint and Word write it: one point per shape,
/// each with DrawingML paragraphs, plus the document and connector points with none.
const SMARTART_DATA: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<dgm:dataModel xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><dgm:ptLst><dgm:pt modelId="{A0}" type="doc"><dgm:prSet/><dgm:spPr/><dgm:t><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang="en-US"/></a:p></dgm:t></dgm:pt><dgm:pt modelId="{A1}"><dgm:prSet phldrT="[Text]"/><dgm:spPr/><dgm:t><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-US"/><a:t>Enroll online</a:t></a:r></a:p></dgm:t></dgm:pt><dgm:pt modelId="{A2}"><dgm:prSet/><dgm:spPr/><dgm:t><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-US" b="1"/><a:t>Nurses on call </a:t></a:r><a:r><a:rPr lang="en-US"/><a:t>24/7</a:t></a:r></a:p></dgm:t></dgm:pt><dgm:pt modelId="{A3}" type="parTrans"><dgm:prSet/><dgm:spPr/><dgm:t><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang="en-US"/></a:p></dgm:t></dgm:pt></dgm:ptLst><dgm:cxnLst><dgm:cxn modelId="{C1}" srcId="{A0}" destId="{A1}" srcOrd="0" destOrd="0"/></dgm:cxnLst></dgm:dataModel>"#;

/// PowerPoint's and Word's drawing of the same diagram, which repeats its text.
const SMARTART_DRAWING: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<dsp:drawing xmlns:dsp="http://schemas.microsoft.com/office/drawing/2008/diagram" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><dsp:spTree><dsp:sp modelId="{D2}"><dsp:txBody><a:bodyPr/><a:p><a:r><a:t>Nurses on call 24/7</a:t></a:r></a:p></dsp:txBody></dsp:sp></dsp:spTree></dsp:drawing>"#;

/// The relationships a slide or document gains for its SmartArt.
const SMARTART_RELS: &str = r#"<Relationship Id="rIdDgm1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/diagramData" Target="../diagrams/data1.xml"/><Relationship Id="rIdDgm2" Type="http://schemas.microsoft.com/office/2007/relationships/diagramDrawing" Target="../diagrams/drawing1.xml"/></Relationships>"#;

/// SmartArt text lives outside the slide and the body, in the diagram's data part: a deck
/// whose promise is in SmartArt used to pass. It is read once, not again from the drawing.
#[test]
fn smartart_text_is_read_once_from_its_data_part() {
    let dir = tempfile::tempdir().unwrap();
    repackage_adding(
        &fixtures().join("deck.pptx"),
        &dir.path().join("smartart.pptx"),
        str::to_string,
        |name, text| match name {
            "ppt/slides/_rels/slide1.xml.rels" => text.replace("</Relationships>", SMARTART_RELS),
            _ => text,
        },
        &[
            ("ppt/diagrams/data1.xml", SMARTART_DATA),
            ("ppt/diagrams/drawing1.xml", SMARTART_DRAWING),
        ],
    );
    // Word resolves the same targets against `word/`: `../diagrams` is `diagrams` there.
    repackage_adding(
        &fixtures().join("brochure.docx"),
        &dir.path().join("smartart.docx"),
        str::to_string,
        |name, text| match name {
            "word/_rels/document.xml.rels" => text.replace(
                "</Relationships>",
                &SMARTART_RELS.replace("../diagrams/", "diagrams/"),
            ),
            _ => text,
        },
        &[
            ("word/diagrams/data1.xml", SMARTART_DATA),
            ("word/diagrams/drawing1.xml", SMARTART_DRAWING),
        ],
    );
    for (file, location) in [
        ("smartart.pptx", "slide 1 (SmartArt)"),
        ("smartart.docx", "SmartArt (paragraph 14)"),
    ] {
        let (code, claims) = claims_in(dir.path(), file);
        assert_eq!(code, 1, "{file}: {claims:?}");
        let in_smartart: Vec<&Value> = claims
            .iter()
            .filter(|c| c["location"].as_str().unwrap().contains("SmartArt"))
            .collect();
        let always: Vec<&&Value> = in_smartart
            .iter()
            .filter(|c| c["rule"] == "availability.always" && c["text"] == "24/7")
            .collect();
        assert_eq!(always.len(), 1, "{file}: {in_smartart:?}");
        assert_eq!(always[0]["verdict"], "unsupported", "{file}");
        assert_eq!(always[0]["location"], location, "{file}");
    }
}

/// Word Online saves the body as `word/document2.xml`; other producers name the notes parts
/// as they like. The parts are found by the package's relationships, so the same document
/// gives the same promises.
#[test]
fn word_parts_are_found_by_relationship_not_by_name() {
    let dir = tempfile::tempdir().unwrap();
    repackage(
        &fixtures().join("brochure.docx"),
        &dir.path().join("online.docx"),
        |name| {
            match name {
                "word/document.xml" => "word/document2.xml",
                "word/_rels/document.xml.rels" => "word/_rels/document2.xml.rels",
                "word/footnotes.xml" => "word/notes/fn.xml",
                "word/header1.xml" => "word/hdr.xml",
                other => other,
            }
            .to_string()
        },
        |name, text| match name {
            "_rels/.rels" | "[Content_Types].xml" => {
                text.replace("word/document.xml", "word/document2.xml")
            }
            "word/_rels/document.xml.rels" => text
                .replace("\"footnotes.xml\"", "\"notes/fn.xml\"")
                .replace("\"header1.xml\"", "\"hdr.xml\""),
            _ => text,
        },
    );
    let (code, moved) = claims_in(dir.path(), "online.docx");
    let (_, original) = claims("brochure.docx");
    assert_eq!(code, 1, "{moved:?}");
    let strip = |claims: &[Value]| -> Vec<Value> {
        claims
            .iter()
            .map(|c| {
                // The path, and the fingerprint made from it, name the other file.
                let mut c = c.clone();
                c.as_object_mut().unwrap().remove("path");
                c.as_object_mut().unwrap().remove("fingerprint");
                c
            })
            .collect()
    };
    assert_eq!(strip(&moved), strip(&original));
    // Footnote fine print and the header were read from their new names.
    assert!(original
        .iter()
        .any(|c| c["location"].as_str().unwrap().starts_with("header")));
}

#[test]
fn word_brochure() {
    let (code, claims) = claims("brochure.docx");
    assert_eq!(code, 1, "unsupported promises fail the gate");
    // Bold "24/7" + plain " nurse support": runs join across formatting changes.
    check(
        find(&claims, "availability.always", "24/7", 2),
        "unsupported",
        "paragraph 2",
    );
    check(
        find(&claims, "availability.always", "whenever you need it", 2),
        "unsupported",
        "paragraph 2",
    );
    // Fine print in a real Word footnote qualifies the promise that references it.
    check(
        find(&claims, "availability.always", "24/7", 3),
        "qualified",
        "paragraph 3",
    );
    // A universal headline stays broken when its footnote takes it back, and says so.
    let every = find(&claims, "eligibility.patients", "Every patient", 4);
    check(every, "unsupported", "paragraph 4");
    assert!(
        every["message"]
            .as_str()
            .unwrap()
            .contains("contradicts the headline"),
        "{every}"
    );
    // A table cell, a text box, a footer.
    check(
        find(&claims, "availability.always", "around the clock", 8),
        "unsupported",
        "paragraph 8 (table)",
    );
    check(
        find(&claims, "dedicated_staff.assigned", "dedicated nurse", 11),
        "unsupported",
        "paragraph 11 (text box)",
    );
    check(
        find(&claims, "contact.phone", "1-800-555-0199", 17),
        "unsupported",
        "footer (paragraph 17)",
    );
    // A footnote is fine print, and copy too: a promise in it is found there.
    check(
        find(&claims, "contact.phone", "1-800-555-0123", 15),
        "unsupported",
        "footnote 3 (paragraph 15)",
    );
    // The inserted tracked change is copy; the deleted one ("Text us anytime") is not.
    find(
        &claims,
        "service.adherence_reminders",
        "refill reminders",
        9,
    );
    assert!(!claims
        .iter()
        .any(|c| c["rule"].as_str().unwrap().starts_with("channel.sms")));
    // A Word comment `vouch-ignore availability: reason="..."` suppresses its paragraph.
    assert!(
        !claims
            .iter()
            .any(|c| c["line"] == 10 && c["rule"] == "availability.always"),
        "the commented paragraph is suppressed"
    );
    spans_hold("brochure.docx", FileFormat::Docx, &claims);
}

#[test]
fn word_footnotes_become_markers() {
    let doc =
        vouch::office::read(&fixtures().join("brochure.docx"), "b", FileFormat::Docx).unwrap();
    assert!(doc
        .source
        .contains("Nurse support is available 24/7.[^1]\n"));
    assert!(doc
        .source
        .contains("\n[^1]: Nurse Educators answer Monday to Friday"));
    assert!(
        !doc.source.contains("Text us anytime"),
        "deleted text is skipped"
    );
    assert!(
        doc.source.contains("CareBridge patient guide"),
        "the header is read"
    );
}

#[test]
fn powerpoint_deck() {
    let (_, claims) = claims("deck.pptx");
    check(
        find(&claims, "dedicated_staff.assigned", "dedicated nurse", 1),
        "unsupported",
        "slide 1",
    );
    check(
        find(&claims, "availability.always", "around the clock", 2),
        "unsupported",
        "slide 2 (table)",
    );
    // Split across a bold run, inside a group.
    check(
        find(&claims, "availability.always", "24/7", 3),
        "unsupported",
        "slide 3",
    );
    // Speaker notes are read and reported as notes.
    let notes: Vec<&Value> = claims
        .iter()
        .filter(|c| c["location"] == "slide 3 (notes)" && c["rule"] == "availability.always")
        .collect();
    assert_eq!(notes.len(), 1, "{claims:?}");
    assert_eq!(notes[0]["text"], "around the clock");
    // An asterisk footnote on the slide qualifies the promise.
    check(
        find(&claims, "availability.always", "24/7", 4),
        "qualified",
        "slide 4",
    );
    spans_hold("deck.pptx", FileFormat::Pptx, &claims);
}

#[test]
fn pdf_two_columns_and_pages() {
    let (_, claims) = claims("leaflet.pdf");
    check(
        find(&claims, "availability.always", "24/7", 1),
        "unsupported",
        "page 1",
    );
    check(
        find(&claims, "availability.always", "around the clock", 1),
        "unsupported",
        "page 1",
    );
    check(
        find(&claims, "availability.always", "24/7", 2),
        "qualified",
        "page 2",
    );
    // Reading order: the left column before the right one.
    let doc = vouch::office::read(&fixtures().join("leaflet.pdf"), "l", FileFormat::Pdf).unwrap();
    let left = doc.source.find("Left column").unwrap();
    let right = doc.source.find("Right column").unwrap();
    assert!(left < right);
    spans_hold("leaflet.pdf", FileFormat::Pdf, &claims);
}

#[test]
fn pdf_without_text_is_a_notice_not_a_pass() {
    let out = Command::cargo_bin("vouch")
        .unwrap()
        .current_dir(fixtures())
        .args(["check", "--format", "json", "--manifest"])
        .arg(manifest())
        .arg("scanned.pdf")
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = doc["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{doc}");
    assert_eq!(findings[0]["rule"], "input.no_text");
    assert_eq!(findings[0]["severity"], "warning");
    assert_eq!(findings[0]["location"], "page 1");
    // A warning: the default gate (fail_on = error) passes, `--fail-on warning` does not.
    assert_eq!(out.status.code(), Some(0));
    let strict = Command::cargo_bin("vouch")
        .unwrap()
        .current_dir(fixtures())
        .args(["check", "-q", "--fail-on", "warning", "--manifest"])
        .arg(manifest())
        .arg("scanned.pdf")
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(1));
}

/// Writes a package of `entries` (name, text).
fn package(path: &Path, entries: &[(&str, &str)]) {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, text) in entries {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

/// A Word document or deck with no text at all keeps its copy in pictures or objects
/// vouch cannot read: a warning, like a scanned PDF, never a silent pass.
#[test]
fn word_and_powerpoint_files_without_text_are_a_notice_not_a_pass() {
    let dir = tempfile::tempdir().unwrap();
    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
    const P: &str = r#"xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;
    let body = format!(
        r#"<w:document {W}><w:body><w:p><w:r><w:drawing/></w:r></w:p><w:p/></w:body></w:document>"#
    );
    package(
        &dir.path().join("pictures.docx"),
        &[("word/document.xml", &body)],
    );
    let presentation = format!(
        r#"<p:presentation {P}><p:sldIdLst><p:sldId id="256" r:id="rId1"/></p:sldIdLst></p:presentation>"#
    );
    let slide = format!(
        r#"<p:sld {P}><p:cSld><p:spTree><p:pic/><p:sp><p:txBody><a:p><a:endParaRPr/></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>"#
    );
    let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide" Target="slides/slide1.xml"/></Relationships>"#;
    package(
        &dir.path().join("pictures.pptx"),
        &[
            ("ppt/presentation.xml", &presentation),
            ("ppt/_rels/presentation.xml.rels", rels),
            ("ppt/slides/slide1.xml", &slide),
        ],
    );
    for (file, kind) in [
        ("pictures.docx", "Word document"),
        ("pictures.pptx", "PowerPoint deck"),
    ] {
        let out = Command::cargo_bin("vouch")
            .unwrap()
            .current_dir(dir.path())
            .args(["check", "--format", "json", "--manifest"])
            .arg(manifest())
            .arg(file)
            .output()
            .unwrap();
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        let findings = doc["findings"].as_array().unwrap();
        assert_eq!(findings.len(), 1, "{file}: {doc}");
        assert_eq!(findings[0]["rule"], "input.no_text", "{file}");
        assert_eq!(findings[0]["severity"], "warning", "{file}");
        assert_eq!(findings[0]["line"], 1, "{file}");
        let message = findings[0]["message"].as_str().unwrap();
        assert!(
            message.contains(&format!("this {kind} has no text")),
            "{message}"
        );
        assert_eq!(out.status.code(), Some(0), "{file}");
        let strict = Command::cargo_bin("vouch")
            .unwrap()
            .current_dir(dir.path())
            .args(["check", "-q", "--fail-on", "warning", "--manifest"])
            .arg(manifest())
            .arg(file)
            .output()
            .unwrap();
        assert_eq!(strict.status.code(), Some(1), "{file}");
    }
}

#[test]
fn human_output_names_the_place() {
    let out = Command::cargo_bin("vouch")
        .unwrap()
        .current_dir(fixtures())
        .args(["check", "--color", "never", "--manifest"])
        .arg(manifest())
        .arg("deck.pptx")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("= in slide 3 (notes)"), "{stdout}");
    assert_eq!(out.status.code(), Some(1));
}

/// Word and PowerPoint table cells know their row, so a cell's subject is looked for in its
/// own row only (see `a_table_cell_takes_its_subject_from_its_own_row_only`).
#[test]
fn office_table_cells_know_their_row() {
    for (file, format) in [
        ("brochure.docx", FileFormat::Docx),
        ("deck.pptx", FileFormat::Pptx),
    ] {
        let doc = vouch::office::read(&fixtures().join(file), file, format).unwrap();
        let cells: Vec<(Option<usize>, &str)> = doc
            .prose
            .blocks
            .iter()
            .filter(|b| b.kind == vouch::extract::BlockKind::TableCell)
            .map(|b| (b.row, b.text.as_str()))
            .collect();
        assert!(cells.len() >= 4, "{file}: {cells:?}");
        assert!(
            cells.iter().all(|(row, _)| row.is_some()),
            "{file}: {cells:?}"
        );
        let mut rows: Vec<usize> = cells.iter().filter_map(|(row, _)| *row).collect();
        // In reading order, and more than one.
        assert!(rows.windows(2).all(|w| w[0] <= w[1]), "{file}: {cells:?}");
        rows.dedup();
        assert!(rows.len() >= 2, "{file}: {cells:?}");
    }
    // Other blocks have none.
    let doc =
        vouch::office::read(&fixtures().join("brochure.docx"), "b", FileFormat::Docx).unwrap();
    assert!(doc
        .prose
        .blocks
        .iter()
        .filter(|b| b.kind != vouch::extract::BlockKind::TableCell)
        .all(|b| b.row.is_none()));
}
