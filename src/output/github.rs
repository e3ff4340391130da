//! `--format github`: GitHub Actions workflow commands, one per finding.
//! <https://docs.github.com/actions/reference/workflow-commands-for-github-actions>

use crate::check::Finding;
use crate::model::Severity;

use std::fmt::Write as _;

/// Appends `s` to `out`, escaped as GitHub documents for a message (`%`, CR, LF) or, with
/// `property`, for a property value (also `:` and `,`).
fn push_escaped(out: &mut String, s: &str, property: bool) {
    let mut rest = s;
    while let Some(at) =
        rest.find(|c| matches!(c, '%' | '\r' | '\n') || property && matches!(c, ':' | ','))
    {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'%' => "%25",
            b'\r' => "%0D",
            b'\n' => "%0A",
            b':' => "%3A",
            _ => "%2C",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

pub fn render(findings: &[&Finding]) -> String {
    findings.iter().map(|f| command(f)).collect()
}

/// One finding's workflow command, with its newline: built in one string, as a run with
/// many findings writes one per finding.
pub fn command(f: &Finding) -> String {
    let command = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let mut out = String::with_capacity(128 + f.path.len() + f.message.len());
    // Writing into a String cannot fail.
    let _ = write!(out, "::{command} file=");
    push_escaped(&mut out, &f.path, true);
    let _ = write!(out, ",line={},endLine={}", f.line, f.end_line);
    // GitHub rejects columns on annotations that span several lines.
    if f.line == f.end_line {
        let _ = write!(out, ",col={},endColumn={}", f.column, f.end_column);
    }
    out.push_str(",title=");
    push_escaped(&mut out, &f.rule, true);
    out.push_str("::");
    push_escaped(&mut out, &f.message, false);
    if let Some(s) = &f.suggestion {
        out.push_str("%0Asuggestion: ");
        push_escaped(&mut out, s, false);
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escape_data(s: &str) -> String {
        let mut out = String::new();
        push_escaped(&mut out, s, false);
        out
    }

    fn escape_property(s: &str) -> String {
        let mut out = String::new();
        push_escaped(&mut out, s, true);
        out
    }

    #[test]
    fn escapes_as_github_documents() {
        assert_eq!(escape_data("50% off\nnow"), "50%25 off%0Anow");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
        assert_eq!(escape_data("a:b,c%\r\n"), "a:b,c%25%0D%0A");
        assert_eq!(escape_property("%:,\n"), "%25%3A%2C%0A");
    }
}
