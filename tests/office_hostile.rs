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
