//! `--format junit`: one `<testcase>` per checked file, for CI test-report views.
//!
//! A file fails when it has findings at or above `--fail-on`. JUnit consumers (Jenkins,
//! GitLab, junit-parser, quick-junit) keep a single `<failure>` per test case and read the
//! `failures` attribute as a count of failed test cases, so a failed file carries exactly
//! one `<failure>` that lists every one of its failing findings, one per line; findings
//! below the threshold go to the test case's `<system-out>`.

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::check::{FileReport, Finding};
use crate::model::FailOn;
use crate::output::Sticky;

/// What XML 1.0 can carry: C0 controls other than tab, LF and CR, and U+FFFE and U+FFFF
/// cannot appear even as references, so they become U+FFFD.
fn xml_char(c: char) -> char {
    match c {
        '\t' | '\n' | '\r' => c,
        '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => '\u{fffd}',
        c => c,
    }
}

/// Escapes an attribute value: markup characters and both quotes as entities; tab, LF and
/// CR as character references, so attribute-value normalization keeps them.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match xml_char(c) {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

/// Element text as a CDATA section, so every consumer reads it back verbatim (some JUnit
/// readers drop entity references in element text). `]]>` is split across two sections.
pub fn cdata(s: &str) -> String {
    let clean: String = s.chars().map(xml_char).collect();
    format!("<![CDATA[{}]]>", clean.replace("]]>", "]]]]><![CDATA[>"))
}

/// `path:line:column: severity rule: message`, plus the suggestion on its own line.
fn describe(f: &Finding) -> String {
    let mut s = format!(
        "{}:{}:{}: {} {}: {}",
        f.path,
        f.line,
        f.column,
        f.severity.as_str(),
        f.rule,
        f.message
    );
    if let Some(sugg) = &f.suggestion {
        s.push_str(&format!("\n  suggestion: {sugg}"));
    }
    s
}

pub fn render(reports: &[FileReport], findings: &[&Finding], fail_on: FailOn) -> String {
    let mut cases = String::new();
    let mut failed_files = 0;
    for report in reports {
        let mine: Vec<&Finding> = findings
            .iter()
            .copied()
            .filter(|f| f.path == report.path)
            .collect();
        failed_files += usize::from(test_case(&mut cases, &report.path, &mine, fail_on));
    }
    format!("{}{cases}{FOOTER}", header(reports.len(), failed_files))
}

const FOOTER: &str = "  </testsuite>\n</testsuites>\n";

/// The XML declaration and both opening tags, which carry the counts.
fn header(tests: usize, failed_files: usize) -> String {
    let counts = format!("tests=\"{tests}\" failures=\"{failed_files}\" errors=\"0\"");
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <testsuites name=\"vouch\" {counts}>\n  <testsuite name=\"vouch\" {counts} skipped=\"0\">\n"
    )
}

/// Appends the test case of one checked file to `cases`; `findings` are that file's.
/// Whether the file failed.
fn test_case(cases: &mut String, path: &str, findings: &[&Finding], fail_on: FailOn) -> bool {
    let (failing, rest): (Vec<&Finding>, Vec<&Finding>) = findings
        .iter()
        .copied()
        .partition(|f| fail_on.fails(f.severity));
    cases.push_str(&format!(
        "    <testcase name=\"{}\" classname=\"vouch\"",
        escape(path)
    ));
    if failing.is_empty() && rest.is_empty() {
        cases.push_str("/>\n");
        return false;
    }
    cases.push_str(">\n");
    if let Some(first) = failing.first() {
        let mut message = format!("{}: {}", first.rule, first.message);
        if failing.len() > 1 {
            message.push_str(&format!(" (and {} more)", failing.len() - 1));
        }
        let mut kinds: Vec<&str> = Vec::new();
        for f in &failing {
            if !kinds.contains(&f.rule.as_str()) {
                kinds.push(&f.rule);
            }
        }
        let body: Vec<String> = failing.iter().map(|f| describe(f)).collect();
        cases.push_str(&format!(
            "      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
            escape(&message),
            escape(&kinds.join(",")),
            cdata(&body.join("\n"))
        ));
    }
    if !rest.is_empty() {
        let body: Vec<String> = rest.iter().map(|f| describe(f)).collect();
        cases.push_str(&format!(
            "      <system-out>{}</system-out>\n",
            cdata(&body.join("\n"))
        ));
    }
    cases.push_str("    </testcase>\n");
    !failing.is_empty()
}

/// Why a streamed document was not written.
#[derive(Debug)]
pub enum Error {
    /// The scratch file that holds the test cases: the run's own failure, wherever the
    /// document was going.
    Spool(SpoolError),
    /// The document's destination.
    Output(io::Error),
}

/// A failure of the scratch file in `dir`.
#[derive(Debug)]
pub struct SpoolError {
    pub dir: PathBuf,
    pub error: io::Error,
}

/// The document streamed a file at a time. Its header counts the test cases and the failed
/// files, known only at the end, so the test cases go to an unnamed scratch file and are
/// copied after the header: memory stays flat however many files there are.
pub struct Suites {
    dir: PathBuf,
    spool: Sticky<BufWriter<File>>,
    /// One test case's text, reused.
    case: String,
    tests: usize,
    failed_files: usize,
}

impl Suites {
    /// Starts a document whose test cases wait in a scratch file in `dir`.
    pub fn new(dir: &Path) -> Result<Suites, SpoolError> {
        let spool = scratch(dir).map_err(|error| SpoolError {
            dir: dir.to_path_buf(),
            error,
        })?;
        Ok(Suites {
            dir: dir.to_path_buf(),
            spool: Sticky::new(BufWriter::with_capacity(64 * 1024, spool)),
            case: String::new(),
            tests: 0,
            failed_files: 0,
        })
    }

    /// Adds the test case of one checked file; `findings` are that file's. A spool error is
    /// kept for `write`.
    pub fn file(&mut self, path: &str, findings: &[&Finding], fail_on: FailOn) {
        self.case.clear();
        self.tests += 1;
        self.failed_files += usize::from(test_case(&mut self.case, path, findings, fail_on));
        let _ = self.spool.write_all(self.case.as_bytes());
    }

    /// Writes the document: the header with its counts, then the spooled test cases.
    pub fn write(self, out: &mut dyn Write) -> Result<(), Error> {
        let Suites {
            dir,
            spool,
            tests,
            failed_files,
            ..
        } = self;
        let spooled = |error| {
            Error::Spool(SpoolError {
                dir: dir.clone(),
                error,
            })
        };
        // The spool is settled before anything is written, so a failed one writes nothing.
        let mut file = spool
            .finish()
            .and_then(|w| w.into_inner().map_err(|e| e.into_error()))
            .map_err(spooled)?;
        file.seek(SeekFrom::Start(0)).map_err(spooled)?;
        out.write_all(header(tests, failed_files).as_bytes())
            .map_err(Error::Output)?;
        let mut buf = vec![0; 64 * 1024];
        loop {
            let n = match file.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(spooled(e)),
            };
            out.write_all(&buf[..n]).map_err(Error::Output)?;
        }
        out.write_all(FOOTER.as_bytes()).map_err(Error::Output)
    }
}

/// A new file in `dir`, opened to write and read back, whose name is removed at once: it
/// leaves nothing behind however the run ends, and its space is freed when it is closed.
/// (Windows allows the removal too, as std opens files with `FILE_SHARE_DELETE`.)
fn scratch(dir: &Path) -> io::Result<File> {
    static SEQ: AtomicUsize = AtomicUsize::new(0);
    let mut attempts = 0;
    loop {
        // The process id and sequence keep runs apart; the time varies a retry, should
        // someone else hold the name in a shared temp folder.
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let seq = SEQ.fetch_add(1, Ordering::Relaxed);
        let path = dir.join(format!(
            ".vouch-junit-{}-{seq}-{nanos:x}.tmp",
            std::process::id()
        ));
        // `create_new` never follows a symlink planted at the name.
        match OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(file) => {
                std::fs::remove_file(&path)?;
                return Ok(file);
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempts < 16 => attempts += 1,
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_quotes_and_controls() {
        assert_eq!(
            escape("a & <b> \"c\" 'd'"),
            "a &amp; &lt;b&gt; &quot;c&quot; &apos;d&apos;"
        );
        assert_eq!(escape("x\u{1b}y\u{0}"), "x\u{fffd}y\u{fffd}");
        assert_eq!(escape("1\n2\t3\r"), "1&#10;2&#9;3&#13;");
        assert_eq!(escape("ünï"), "ünï");
    }

    #[test]
    fn cdata_keeps_text_and_splits_its_terminator() {
        assert_eq!(cdata("a & <b> 'c'\n"), "<![CDATA[a & <b> 'c'\n]]>");
        assert_eq!(cdata("x]]>y"), "<![CDATA[x]]]]><![CDATA[>y]]>");
        assert_eq!(cdata("bell\u{7}"), "<![CDATA[bell\u{fffd}]]>");
    }
}
