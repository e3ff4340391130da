//! The span contract of `vouch claims --format json`, over every file of the example brand
//! and the evaluation corpus: the bytes at [start, end) are `text`, and line/column (1-based,
//! columns in characters) locate `start` and `end`.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// Every file under `dir`, recursively, sorted.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn claims(dir: &Path, args: &[&str]) -> Value {
    let out = Command::cargo_bin("vouch")
        .unwrap()
        .current_dir(dir)
        .args(["claims", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let code = out.status.code();
    assert!(
        code == Some(0) || code == Some(1),
        "vouch claims in {} exited {code:?}:\n{}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("claims prints JSON")
}

/// 1-based line and character column of byte `offset`.
fn position(text: &str, offset: usize) -> (u64, u64) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line as u64, column as u64)
}

/// Checks every claim against the file it names; returns the files that had claims.
fn check_spans(dir: &Path, doc: &Value) -> BTreeSet<String> {
    let claims = doc["claims"].as_array().expect("`claims` array");
    assert!(!claims.is_empty(), "no claims in {}", dir.display());
    let mut seen = BTreeSet::new();
    let mut problems = Vec::new();
    for c in claims {
        let path = c["path"].as_str().unwrap();
        seen.insert(path.to_string());
        // Word, PowerPoint, PDF: offsets are into the extracted text, lines are the
        // paragraph, slide or page numbers of its lines.
        let (bytes, numbers) = match vouch::inputs::FileFormat::of(Path::new(path)) {
            Some(format) if format.is_document() => {
                let doc = vouch::office::read(&dir.join(path), path, format).unwrap();
                let numbers: Vec<u64> = doc.places.iter().map(|p| p.number as u64).collect();
                (doc.source.into_bytes(), Some(numbers))
            }
            _ => (fs::read(dir.join(path)).unwrap(), None),
        };
        let text = std::str::from_utf8(&bytes).unwrap();
        let position = |text: &str, offset: usize| {
            let (line, column) = position(text, offset);
            match &numbers {
                Some(n) => (n[line as usize - 1], column),
                None => (line, column),
            }
        };
        let start = c["start"].as_u64().unwrap() as usize;
        let end = c["end"].as_u64().unwrap() as usize;
        let want = c["text"].as_str().unwrap();
        if start > end || end > bytes.len() {
            problems.push(format!(
                "{path}: [{start}, {end}) outside the file: {want:?}"
            ));
            continue;
        }
        if &bytes[start..end] != want.as_bytes() {
            problems.push(format!(
                "{path}: bytes [{start}, {end}) are {:?}, text is {want:?}",
                String::from_utf8_lossy(&bytes[start..end])
            ));
            continue;
        }
        let got = (c["line"].as_u64().unwrap(), c["column"].as_u64().unwrap());
        if position(text, start) != got {
            problems.push(format!(
                "{path}: {want:?} starts at {:?}, JSON says {got:?}",
                position(text, start)
            ));
        }
        let got_end = (
            c["end_line"].as_u64().unwrap(),
            c["end_column"].as_u64().unwrap(),
        );
        if position(text, end) != got_end {
            problems.push(format!(
                "{path}: {want:?} ends at {:?}, JSON says {got_end:?}",
                position(text, end)
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} span problems in {}:\n{}",
        problems.len(),
        dir.display(),
        problems.join("\n")
    );
    seen
}

fn copy_files(dir: &Path) -> BTreeSet<String> {
    files_under(&dir.join("copy"))
        .iter()
        .map(|p| {
            p.strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

#[test]
fn example_spans_match_the_file() {
    let dir = root().join("examples/carebridge");
    let seen = check_spans(&dir, &claims(&dir, &[]));
    let expected: BTreeSet<String> = copy_files(&dir)
        .into_iter()
        .filter(|p| !p.starts_with("copy/archive/"))
        .collect();
    assert_eq!(seen, expected, "every checked file has promises");
}

#[test]
fn corpus_spans_match_the_file() {
    let dir = root().join("tests/corpus");
    let seen = check_spans(&dir, &claims(&dir, &[]));
    assert_eq!(seen, copy_files(&dir), "every corpus file has promises");
}

/// Excluded files too: a copy of each brand with a config that includes everything.
#[test]
fn spans_hold_in_every_file_including_excluded_ones() {
    for brand in ["examples/carebridge", "tests/corpus"] {
        let src = root().join(brand);
        let tmp = tempfile::tempdir().unwrap();
        for file in files_under(&src.join("copy")) {
            let to = tmp.path().join(file.strip_prefix(&src).unwrap());
            fs::create_dir_all(to.parent().unwrap()).unwrap();
            fs::copy(&file, &to).unwrap();
        }
        fs::copy(src.join("psp.toml"), tmp.path().join("psp.toml")).unwrap();
        fs::write(
            tmp.path().join("vouch.toml"),
            "manifest = \"psp.toml\"\ninclude = [\"copy/**\"]\n",
        )
        .unwrap();
        let doc = claims(tmp.path(), &[]);
        check_spans(tmp.path(), &doc);
        assert_eq!(
            doc["summary"]["files"].as_u64().unwrap() as usize,
            copy_files(tmp.path()).len(),
            "{brand}: every file was read"
        );
    }
}
