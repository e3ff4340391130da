//! `--format junit`: one `<testcase>` per checked file, for CI test-report views.
//!
//! A file fails when it has findings at or above `--fail-on`. JUnit consumers (Jenkins,
//! GitLab, junit-parser, quick-junit) keep a single `<failure>` per test case and read the
//! `failures` attribute as a count of failed test cases, so a failed file carries exactly
//! one `<failure>` that lists every one of its failing findings, one per line; findings
//! below the threshold go to the test case's `<system-out>`.

use crate::check::{FileReport, Finding};
use crate::model::FailOn;

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
    let mut suites = Suites::default();
    for report in reports {
        let mine: Vec<&Finding> = findings
            .iter()
            .copied()
            .filter(|f| f.path == report.path)
            .collect();
        suites.file(&report.path, &mine, fail_on);
    }
    let mut out = Vec::new();
    suites.write(&mut out).expect("writing to memory");
    String::from_utf8(out).expect("the document is text")
}

/// The document built a file at a time. Its header counts the failed files, so the test
/// cases are kept, as text, until `finish`.
#[derive(Default)]
pub struct Suites {
    cases: String,
    tests: usize,
    failed_files: usize,
}

impl Suites {
    /// Adds the test case of one checked file; `findings` are that file's.
    pub fn file(&mut self, path: &str, findings: &[&Finding], fail_on: FailOn) {
        let cases = &mut self.cases;
        self.tests += 1;
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
            return;
        }
        cases.push_str(">\n");
        if let Some(first) = failing.first() {
            self.failed_files += 1;
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
    }

    /// Writes the document: the header with its counts, then the test cases.
    pub fn write(self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let Suites {
            cases,
            tests,
            failed_files,
        } = self;
        out.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")?;
        writeln!(
            out,
            "<testsuites name=\"vouch\" tests=\"{tests}\" failures=\"{failed_files}\" errors=\"0\">"
        )?;
        writeln!(
            out,
            "  <testsuite name=\"vouch\" tests=\"{tests}\" failures=\"{failed_files}\" errors=\"0\" skipped=\"0\">"
        )?;
        out.write_all(cases.as_bytes())?;
        out.write_all(b"  </testsuite>\n</testsuites>\n")
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
