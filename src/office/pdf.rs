//! PDF: text page by page (pdf-extract over lopdf). A page's lines stay lines; pages are
//! separated by a blank line, so a paragraph never runs across a page break. Pages without
//! any text are recorded so the check can say so instead of passing silently.

use std::path::{Path, PathBuf};

use pdf_extract::{Document as Pdf, OutputDev, PlainTextOutput};

use super::{Document, Place};
use crate::extract::{self, Format};

/// Reads a PDF: in a child process when [`isolate_with`] named vouch's executable (the
/// command line does), else in this one.
pub fn read(path: &Path, bytes: Vec<u8>) -> Result<Document, String> {
    let pages = match HELPER.get() {
        Some(exe) => {
            // The child reads the file itself; a large PDF need not be held twice.
            let size = bytes.len() as u64;
            drop(bytes);
            isolated(exe, path, size)?
        }
        None => pages_text(&bytes)?,
    };
    document(pages)
}

/// The hidden subcommand that reads one PDF for its parent: `vouch __pdf-text FILE`.
pub const PDF_TEXT_COMMAND: &str = "__pdf-text";

static HELPER: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

/// Makes [`read`] parse PDFs in a child process, `exe PDF_TEXT_COMMAND FILE`. pdf-extract
/// runs on untrusted bytes and can loop forever (a page whose parents lead back to it) or
/// recurse until the stack overflows (a form that draws itself), which no `catch_unwind`
/// survives: in a child, a crash or a hang costs that file, reported as an error, not the
/// run.
pub fn isolate_with(exe: PathBuf) {
    let _ = HELPER.set(exe);
}

/// What the child prints: the text of each page, or why the PDF cannot be read.
#[derive(serde::Serialize, serde::Deserialize)]
pub enum PagesText {
    Pages(Vec<String>),
    Error(String),
}

/// The child's side: reads `path` and prints its pages as JSON on stdout.
pub fn print_pages_text(path: &Path, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    watch_over_child(path);
    let answer = match std::fs::read(path) {
        Ok(bytes) => match std::panic::catch_unwind(|| pages_text(&bytes)) {
            Ok(Ok(pages)) => PagesText::Pages(pages),
            Ok(Err(message)) => PagesText::Error(message),
            Err(_) => PagesText::Error(PARSER_FAILED.to_string()),
        },
        Err(e) => PagesText::Error(format!("cannot be read: {e}")),
    };
    serde_json::to_writer(&mut *out, &answer)?;
    out.flush()
}

/// A child whose parent is gone (killed by a CI runner's timeout, say) or that outlives its
/// time limit ends itself: a PDF that loops must not keep a core busy after the run.
fn watch_over_child(path: &Path) {
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    let limit = time_limit(size) + std::time::Duration::from_secs(1);
    #[cfg(unix)]
    let parent = std::os::unix::process::parent_id();
    std::thread::spawn(move || {
        let started = std::time::Instant::now();
        loop {
            std::thread::sleep(std::time::Duration::from_millis(200));
            #[cfg(unix)]
            let orphaned = std::os::unix::process::parent_id() != parent;
            #[cfg(not(unix))]
            let orphaned = false;
            if orphaned || started.elapsed() > limit {
                std::process::exit(3);
            }
        }
    });
}

const PARSER_FAILED: &str =
    "could not be read: the PDF parser failed on it (damaged or unsupported file)";

/// How long the child may take: generous for a real document (pdf-extract reads several
/// MB a second), bounded for one that loops. `VOUCH_PDF_TIMEOUT` (seconds) overrides it.
fn time_limit(size: u64) -> std::time::Duration {
    let seconds = std::env::var("VOUCH_PDF_TIMEOUT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20 + 2 * size / (1024 * 1024));
    std::time::Duration::from_secs(seconds)
}

fn isolated(exe: &Path, path: &Path, size: u64) -> Result<Vec<String>, String> {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let mut child = Command::new(exe)
        .arg(PDF_TEXT_COMMAND)
        .arg(path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        // A crashing parser's panic or abort message is not the user's business; the error
        // below names the file.
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("could not be read: vouch could not start its PDF reader: {e}"))?;
    // Read while waiting, so a large answer cannot fill the pipe and stall the child.
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let answer = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        stdout.read_to_end(&mut bytes).map(|_| bytes)
    });
    let limit = time_limit(size);
    let started = std::time::Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "could not be read: the PDF parser was still at it after {} s (a page tree or drawing that loops?)",
                    limit.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(std::time::Duration::from_millis(2)),
            Err(e) => return Err(format!("could not be read: its PDF reader failed: {e}")),
        }
    };
    let bytes = answer.join().ok().and_then(Result::ok).unwrap_or_default();
    if !status.success() {
        // Killed by a signal or aborted: a stack overflow, most often.
        return Err(PARSER_FAILED.replace("failed on it", "crashed on it"));
    }
    match serde_json::from_slice(&bytes) {
        Ok(PagesText::Pages(pages)) => Ok(pages),
        Ok(PagesText::Error(message)) => Err(message),
        Err(_) => Err(PARSER_FAILED.to_string()),
    }
}

/// The text of each page, in order (pdf-extract over lopdf, in this process).
pub fn pages_text(bytes: &[u8]) -> Result<Vec<String>, String> {
    if !bytes.starts_with(b"%PDF-")
        && !bytes[..bytes.len().min(1024)]
            .windows(5)
            .any(|w| w == b"%PDF-")
    {
        return Err("is not a PDF file (no `%PDF-` header)".to_string());
    }
    let mut pdf = Pdf::load_mem(bytes).map_err(|e| match e {
        lopdf_error if format!("{lopdf_error:?}").contains("Decryption") => {
            "is an encrypted PDF: vouch cannot read its text; lint an unencrypted copy".to_string()
        }
        e => format!("is not a readable PDF: {e}"),
    })?;
    if pdf.is_encrypted() && pdf.decrypt("").is_err() {
        return Err(
            "is an encrypted PDF (it needs a password to open): vouch cannot read its text; lint an unencrypted copy"
                .to_string(),
        );
    }
    let pages: Vec<u32> = pdf.get_pages().keys().copied().collect();
    if pages.is_empty() {
        // Every PDF has a page; none found is a page tree lopdf could not follow.
        return Err(
            "is not a readable PDF: no pages could be found (a damaged page tree?)".to_string(),
        );
    }
    let mut texts = Vec::with_capacity(pages.len());
    for (i, page) in pages.iter().enumerate() {
        let number = i + 1;
        let mut text = String::new();
        {
            let mut out = PlainTextOutput::new(&mut text);
            pdf_extract::output_doc_page(&pdf, &mut out as &mut dyn OutputDev, *page)
                .map_err(|e| format!("has a page ({number}) vouch cannot read: {e}"))?;
        }
        texts.push(text);
    }
    Ok(texts)
}

/// The synthetic text of a PDF's pages: a page's lines stay lines, and pages are separated
/// by a blank line.
fn document(pages: Vec<String>) -> Result<Document, String> {
    let mut source = String::new();
    let mut places = Vec::new();
    let mut pages_without_text = Vec::new();
    let count = pages.len();
    for (i, text) in pages.into_iter().enumerate() {
        let number = i + 1;
        let text = text.replace("\r\n", "\n").replace(['\r', '\u{c}'], "\n");
        if text.trim().is_empty() {
            pages_without_text.push(number);
        }
        let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
        for line in lines {
            // Lines keep their words; a line of only spaces would still split paragraphs.
            source.push_str(line.trim_start());
            source.push('\n');
            places.push(Place {
                number,
                label: format!("page {number}"),
            });
        }
        source.push('\n');
        places.push(Place {
            number,
            label: format!("page {number}"),
        });
    }
    let prose = extract::extract(Format::Text, &source);
    Ok(Document {
        source,
        prose,
        places,
        pages_without_text,
        pages: count,
    })
}
