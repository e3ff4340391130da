//! Broken and hostile documents: a clear error naming the file, exit 2, never a panic,
//! bounded memory.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn hostile() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/office/hostile")
}

fn manifest() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/carebridge/psp.toml")
}

/// Checks one file; returns stderr after asserting exit 2 and no panic.
fn fails(dir: &Path, file: &str, expect: &str) -> String {
    let out = Command::cargo_bin("vouch")
        .unwrap()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(["check", "--manifest"])
        .arg(manifest())
        .arg(file)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(2), "{file}: {stderr}");
    assert!(!stderr.contains("panicked"), "{file}: {stderr}");
    assert!(
        stderr.contains(file),
        "{file}: the error names the file: {stderr}"
    );
    assert!(
        stderr.contains(expect),
        "{file}: expected {expect:?} in {stderr}"
    );
    stderr
}

#[test]
fn zip_bombs_are_refused() {
    fails(&hostile(), "bomb.docx", "decompresses to more than 64 MB");
    fails(&hostile(), "bomb-total.docx", "more than 256 MB in total");
}

#[test]
fn truncated_and_malformed_files() {
    fails(&hostile(), "truncated.docx", "not a valid Word document");
    fails(&hostile(), "malformed.docx", "malformed XML");
    fails(&hostile(), "malformed.pptx", "malformed XML");
    fails(&hostile(), "truncated.pdf", "not a readable PDF");
}

#[test]
fn extensions_that_lie() {
    fails(&hostile(), "plain-text.docx", "not a valid Word document");
    fails(&hostile(), "plain-text.pdf", "not a PDF");
    fails(&hostile(), "word-as.pptx", "not a `presentation`");
}

/// A Word document renamed `.pptx`, or a deck renamed `.docx`, is not read as the other
/// kind (which would find nothing and pass): exit 2 naming the file.
#[test]
fn a_package_of_the_other_kind_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = hostile().join("..");
    std::fs::copy(fixtures.join("deck.pptx"), dir.path().join("deck.docx")).unwrap();
    std::fs::copy(
        fixtures.join("brochure.docx"),
        dir.path().join("brochure.pptx"),
    )
    .unwrap();
    fails(
        dir.path(),
        "deck.docx",
        "is a `presentation`, not a `document`",
    );
    fails(
        dir.path(),
        "brochure.pptx",
        "is a `document`, not a `presentation`",
    );
}

#[test]
fn encrypted_pdf() {
    let dir = hostile().join("..");
    fails(&dir, "encrypted.pdf", "encrypted PDF");
}

#[test]
fn too_many_entries() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("entries.docx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..=vouch::office::package::MAX_ENTRIES {
        zip.start_file(format!("{i}"), opts).unwrap();
    }
    zip.start_file("word/document.xml", opts).unwrap();
    zip.write_all(b"<w:document/>").unwrap();
    zip.finish().unwrap();
    fails(dir.path(), "entries.docx", "entries in the package");
}

#[test]
fn one_bad_file_fails_the_run_but_the_others_are_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = hostile().join("..");
    std::fs::copy(fixtures.join("deck.pptx"), dir.path().join("deck.pptx")).unwrap();
    std::fs::copy(
        hostile().join("plain-text.docx"),
        dir.path().join("bad.docx"),
    )
    .unwrap();
    let out = Command::cargo_bin("vouch")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "--format", "json", "--manifest"])
        .arg(manifest())
        .arg(".")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["path"] == "deck.pptx"));
}

/// A minimal PDF of `objects` (object 1 is the catalog), with a correct cross-reference
/// table, so lopdf loads it and the hostile part is what the test put there.
fn pdf(objects: &[&[u8]]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).bytes());
        out.extend(*object);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for offset in offsets {
        out.extend(format!("{offset:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    out
}

fn stream(content: &str) -> Vec<u8> {
    format!(
        "<< /Length {} >>\nstream\n{content}\nendstream",
        content.len()
    )
    .into_bytes()
}

const FONT: &[u8] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";
const PAGE: &[u8] = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> /XObject << /X1 6 0 R >> >> >>";

/// PDFs that hang or crash the PDF parser (pdf-extract): a page tree whose parents loop
/// (it followed them forever), a form that draws itself (it recursed until the stack
/// overflowed and the process aborted), a page tree that leads nowhere (no pages: it used
/// to pass with nothing checked). Each is an error naming the file, and the other files
/// are still checked.
#[test]
fn pdfs_that_hang_or_crash_the_parser_exit_2_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let text = stream("BT /F1 12 Tf 72 712 Td (Our nurses answer 24/7.) Tj ET");
    let form_body = "BT /F1 12 Tf 72 712 Td (Again.) Tj ET /X1 Do";
    let form = format!(
        "<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /XObject << /X1 6 0 R >> /Font << /F1 5 0 R >> >> /Length {} >>\nstream\n{form_body}\nendstream",
        form_body.len()
    );
    let catalog: &[u8] = b"<< /Type /Catalog /Pages 2 0 R >>";
    let files: [(&str, Vec<u8>); 4] = [
        (
            "ok.pdf",
            pdf(&[
                catalog,
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                PAGE,
                &text,
                FONT,
            ]),
        ),
        (
            "parents-loop.pdf",
            pdf(&[
                catalog,
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 3 0 R >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
                &text,
                FONT,
            ]),
        ),
        (
            "draws-itself.pdf",
            pdf(&[
                catalog,
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                PAGE,
                &stream("/X1 Do"),
                FONT,
                form.as_bytes(),
            ]),
        ),
        (
            "kids-loop.pdf",
            pdf(&[
                catalog,
                b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
                PAGE,
                &text,
                FONT,
            ]),
        ),
    ];
    for (name, bytes) in &files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let out = Command::cargo_bin("vouch")
        .unwrap()
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        // The loop is cut off after this long (default: 20 s and 2 s per MB).
        .env("VOUCH_PDF_TIMEOUT", "3")
        .args(["check", "--format", "json", "--manifest"])
        .arg(manifest())
        .arg(".")
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    // The parents' loop spins in a release build and, recursing, overflows the stack in a
    // debug one: cut off by the time limit or by the crash, either way an error.
    for (name, says) in [
        (
            "parents-loop.pdf",
            &["still at it after 3 s", "crashed on it"][..],
        ),
        ("draws-itself.pdf", &["crashed on it"]),
        ("kids-loop.pdf", &["no pages could be found"]),
    ] {
        assert!(
            stderr
                .lines()
                .any(|l| l.contains(name) && says.iter().any(|s| l.contains(s))),
            "{name}: expected one of {says:?} in {stderr}"
        );
    }
    // The parser's own panic and abort messages stay in the child.
    assert!(
        !stderr.contains("overflow") && !stderr.contains("panicked"),
        "{stderr}"
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["path"] == "ok.pdf" && f["rule"] == "availability.always"),
        "the readable PDF was still checked: {doc}"
    );
}

/// XML cut inside the main part's root tag is named with its part, as anywhere else.
#[test]
fn a_main_part_cut_in_its_root_tag_names_the_part() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let mut zip = zip::ZipWriter::new(std::fs::File::create(dir.path().join("cut.docx")).unwrap());
    zip.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    zip.write_all(br#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats"#)
        .unwrap();
    zip.finish().unwrap();
    fails(
        dir.path(),
        "cut.docx",
        "has malformed XML at byte 21: syntax error: attribute value not closed",
    );
    fails(dir.path(), "cut.docx", "in `word/document.xml`");
}

/// The processes whose command line mentions `needle` (Linux's /proc).
#[cfg(target_os = "linux")]
fn processes_mentioning(needle: &str) -> usize {
    std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|e| e.ok())
        .filter_map(|e| std::fs::read(e.path().join("cmdline")).ok())
        .filter(|cmdline| String::from_utf8_lossy(cmdline).contains(needle))
        .count()
}

/// A CI runner that kills vouch on its own timeout must not leave a PDF reader spinning on
/// a looping file: the child ends itself once its parent is gone.
#[cfg(target_os = "linux")]
#[test]
fn a_pdf_reader_ends_when_its_parent_is_killed() {
    let dir = tempfile::tempdir().unwrap();
    let text = stream("BT /F1 12 Tf 72 712 Td (Our nurses answer 24/7.) Tj ET");
    let name = format!("orphan-{}.pdf", std::process::id());
    std::fs::write(
        dir.path().join(&name),
        pdf(&[
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 3 0 R >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            &text,
            FONT,
        ]),
    )
    .unwrap();
    let mut parent = std::process::Command::new(assert_cmd::cargo::cargo_bin("vouch"))
        .current_dir(dir.path())
        .env("VOUCH_PDF_TIMEOUT", "120")
        .args(["check", "--manifest"])
        .arg(manifest())
        .arg(&name)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let wait_for = |count: usize| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while processes_mentioning(&format!("__pdf-text\0{name}")) != count {
            if std::time::Instant::now() > deadline {
                return false;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        true
    };
    let started = wait_for(1);
    parent.kill().unwrap();
    parent.wait().unwrap();
    // In a debug build the loop overflows the reader's stack, maybe before it is seen.
    assert!(
        started || cfg!(debug_assertions),
        "the PDF reader never started"
    );
    assert!(wait_for(0), "the PDF reader outlived its parent");
}
