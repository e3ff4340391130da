//! `--format github`: GitHub Actions workflow commands, one per finding.
//! <https://docs.github.com/actions/reference/workflow-commands-for-github-actions>

use crate::check::Finding;
use crate::model::Severity;

/// Escapes a message (`%`, CR, LF) as GitHub documents.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value: the message escapes plus `:` and `,`.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(findings: &[&Finding]) -> String {
    findings.iter().map(|f| command(f)).collect()
}

/// One finding's workflow command, with its newline.
pub fn command(f: &Finding) -> String {
    let command = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let mut props = format!(
        "file={},line={},endLine={}",
        escape_property(&f.path),
        f.line,
        f.end_line
    );
    // GitHub rejects columns on annotations that span several lines.
    if f.line == f.end_line {
        props.push_str(&format!(",col={},endColumn={}", f.column, f.end_column));
    }
    props.push_str(&format!(",title={}", escape_property(&f.rule)));
    let mut message = f.message.clone();
    if let Some(s) = &f.suggestion {
        message.push_str(&format!("\nsuggestion: {s}"));
    }
    format!("::{command} {props}::{}\n", escape_data(&message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_github_documents() {
        assert_eq!(escape_data("50% off\nnow"), "50%25 off%0Anow");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
