//! Bad inputs, each with the behaviour a user expects, all through the CLI. None may panic or
//! hang: every run has a timeout, and every outcome is either a lint (exit 0/1) or exit 2
//! with a message naming the file.
//!
//! | input                                   | expected                                       |
//! | --------------------------------------- | ---------------------------------------------- |
//! | empty file                              | linted, no findings, exit 0                     |
//! | whitespace only                         | linted, no findings, exit 0                     |
//! | invalid UTF-8                           | exit 2, names the file and the byte offset      |
//! | classic Mac line endings (CR alone)     | linted; lines and columns as an editor shows    |
//! | non-UTF-8 HTML, charset declared or not | decoded as a browser would (else Windows-1252)  |
//! | non-UTF-8 HTML that declares UTF-8      | exit 2, names the file                          |
//! | UTF-16 LE/BE with BOM                   | decoded and linted; spans are UTF-8 offsets     |
//! | UTF-32 LE/BE with BOM                   | decoded and linted, never read as UTF-16        |
//! | a BOM, then NUL bytes (UTF-8/16/32)     | exit 2, names the file ("binary")               |
//! | NUL-laden binary named `.md`            | exit 2, names the file ("binary")               |
//! | 20 MB single line (500 MB: see README)  | linted, finds the promise at the end            |
//! | 2.4 MB of nothing but promises          | exit 2 naming it: over the per-file cap         |
//! | 200 KB of promises with no terminator   | linted in time; cut into bounded sentences     |
//! | 5,000 promises citing a 320 KB footnote | linted in time; fine print kept to a few KB     |
//! | a finding on a 400 KB minified line     | quoted as an excerpt with its true column      |
//! | 100,000 nested HTML elements            | linted, finds the promise inside                |
//! | 10 MB paragraph of footnote-led lines   | linted in time (was quadratic in the parser)    |
//! | FIFO / device in the folder, or named   | skipped in a folder; named: exit 2 naming it    |
//! | FIFO named `*.toml` in `rules.extra`    | skipped, the run goes on                        |
//! | text file over 1 GB (sparse)            | exit 2 naming it, without reading it            |
//! | symlink loop in the folder              | not followed; the other files are linted        |
//! | permission-denied file / folder         | exit 2 naming it (skipped as root)              |
//! | unreadable folder entry (as root too)   | a dangling symlink: skipped, not a crash        |
//! | explicit path that does not exist       | exit 2 naming it (a file deleted mid-run)       |
//! | a folder with no file to check          | exit 2 naming it (globs leave all out, or none) |
//! | empty manifest                          | linted; promises are unverifiable, exit 0/1     |
//! | manifest with every section wrong       | exit 2, every error with its span               |
//! | 7,000 errors in one manifest, 5,000 broken rules in one file | exit 2, each error, one copy of the file (manifest_errors.rs) |
//! | config pointing at a missing manifest   | exit 2 naming the manifest                      |
//! | `--manifest`/`--config`/`--baseline` that never ends (`/dev/zero`) | exit 2 naming it, past a size cap |
//! | config with an invalid glob             | exit 2 pointing at the glob in vouch.toml       |
//! | catastrophic regex in `rules.extra`     | rejected at load (size limit) with its span     |
//! | thousands of suppressions               | linted in time, each judged                     |
//! | one directive naming 2,000 rules, ×10   | one finding per unknown name, pointing at it    |
//! | report to a read-only folder            | exit 2; the previous report is left intact      |
//! | PDF that loops / crashes the parser     | exit 2 naming it; the run goes on (office_hostile.rs) |
//! | `-o` through a symlink, or into a FIFO  | the target / the FIFO is written, never replaced |
//! | stdout on a full disk (`> /dev/full`)   | exit 2 naming standard output; a closed pipe is not an error, nor through `-o /dev/stdout` |

use std::fs;
use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

const REFERENCE: &str = include_str!("../rules/reference-psp.toml");
const PROMISE: &str = "Our nurses are available 24/7 to answer your questions.";

fn vouch(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("vouch").unwrap();
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .timeout(Duration::from_secs(60));
    cmd
}

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(dir: &Path, args: &[&str]) -> Out {
    let out = vouch(dir).args(args).output().unwrap();
    let code = out
        .status
        .code()
        .unwrap_or_else(|| panic!("vouch was killed (signal or timeout): {out:?}"));
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "vouch panicked: {stderr}");
    Out {
        code,
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr,
    }
}

fn project(files: &[(&str, &[u8])]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    configure(&dir, "manifest = \"psp.toml\"\ninclude = [\"copy/**\"]\n");
    fs::write(dir.path().join("psp.toml"), REFERENCE).unwrap();
    fs::create_dir(dir.path().join("copy")).unwrap();
    for (name, bytes) in files {
        let path = dir.path().join("copy").join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
    dir
}

/// Replaces the project's vouch.toml with `config`.
fn configure(dir: &TempDir, config: &str) {
    fs::write(dir.path().join("vouch.toml"), config).unwrap();
}

/// `vouch claims --format json` on the project: exit code and the claims.
fn claims(dir: &Path, args: &[&str]) -> (Out, Vec<Value>) {
    let mut all = vec!["claims", "--format", "json"];
    all.extend_from_slice(args);
    let out = run(dir, &all);
    let claims = serde_json::from_str::<Value>(&out.stdout)
        .ok()
        .and_then(|v| v["claims"].as_array().cloned())
        .unwrap_or_default();
    (out, claims)
}

/// The run's messages say `text`.
fn assert_stderr(out: &Out, text: &str) {
    assert!(
        out.stderr.contains(text),
        "expected {text:?} in: {}",
        out.stderr
    );
}

fn assert_untrusted(out: &Out, names: &str) {
    assert_eq!(out.code, 2, "expected exit 2; stderr: {}", out.stderr);
    assert!(
        out.stderr.contains(names),
        "the message must name `{names}`: {}",
        out.stderr
    );
}

fn is_root() -> bool {
    // SAFETY-free check: root can read a 000 file.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("probe");
    fs::write(&p, "x").unwrap();
    set_mode(&p, 0o000);
    fs::read(&p).is_ok()
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn empty_and_whitespace_only_files_lint_clean() {
    for body in [&b""[..], b"   \n\t\n  \r\n", b"\xEF\xBB\xBF"] {
        for name in ["a.md", "a.html", "a.txt"] {
            let dir = project(&[(name, body)]);
            let (out, claims) = claims(dir.path(), &[]);
            assert_eq!(out.code, 0, "{name} {body:?}: {}", out.stderr);
            assert!(claims.is_empty());
            let out = run(dir.path(), &["check"]);
            assert_eq!(out.code, 0, "{}", out.stderr);
        }
    }
}

#[test]
fn classic_mac_line_endings_give_true_lines() {
    // CR alone ends each line: the promise is on line 5, and the heading's line is not
    // run into the paragraph below it.
    let body = format!("Support\r\rWe are here for you.\r\r{PROMISE}\r");
    for name in ["a.txt", "a.md", "a.html"] {
        let dir = project(&[(name, body.as_bytes())]);
        let (out, claims) = claims(dir.path(), &["--fail-on", "never"]);
        assert_eq!(out.code, 0, "{name}: {}", out.stderr);
        let always = claims
            .iter()
            .find(|c| c["rule"] == "availability.always")
            .unwrap_or_else(|| panic!("{name}: no availability claim in {claims:?}"));
        assert_eq!(
            (&always["line"], &always["column"]),
            (&5.into(), &26.into()),
            "{name}"
        );
        assert_eq!(always["text"], "24/7", "{name}");
    }
}

#[test]
fn invalid_utf8_exits_2_naming_the_file() {
    let dir = project(&[("bad.md", b"Support 24/7 \xFF\xFE caf\xE9\n")]);
    let out = run(dir.path(), &["check"]);
    assert_untrusted(&out, "bad.md");
    assert_stderr(&out, "UTF-8");
    assert_stderr(&out, "help: save it as UTF-8");
}

/// HTML that is not UTF-8 is read as a browser reads it: in the legacy charset it declares,
/// else as Windows-1252. A page that declares UTF-8 and is not is broken: exit 2.
#[test]
fn legacy_charset_html_is_decoded_as_a_browser_would() {
    let page = |meta: &str| {
        let mut bytes = format!("<html><head>{meta}</head><body><p>Caf").into_bytes();
        // "é" and a curly apostrophe in Latin-1 / Windows-1252, not UTF-8.
        bytes.extend_from_slice(b"\xE9 hours are over. We\x92re here: ");
        bytes.extend_from_slice(PROMISE.as_bytes());
        bytes.extend_from_slice(b"</p></body></html>");
        bytes
    };
    let latin1 =
        page(r#"<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">"#);
    let undeclared = page("<title>Support</title>");
    let dir = project(&[("latin1.html", &latin1), ("undeclared.html", &undeclared)]);
    let (out, claims) = claims(dir.path(), &[]);
    assert!(out.code <= 1, "{}", out.stderr);
    for name in ["latin1.html", "undeclared.html"] {
        let claim = claims
            .iter()
            .find(|c| {
                c["rule"] == "availability.always" && c["path"].as_str().unwrap().ends_with(name)
            })
            .unwrap_or_else(|| panic!("{name}: promise not found in {claims:?}"));
        // Line and column count decoded characters: "é" is one.
        assert_eq!(claim["line"], 1, "{claim}");
    }

    let broken = page(r#"<meta charset="utf-8">"#);
    let dir = project(&[("broken.html", &broken)]);
    let out = run(dir.path(), &["check"]);
    assert_untrusted(&out, "broken.html");
    assert_stderr(&out, "UTF-8");
}

/// `text` in UTF-16 (`width` 2) or UTF-32 (4), little- or big-endian, after its byte order
/// mark (U+FEFF encoded the same way).
fn with_bom(text: &str, width: usize, little: bool) -> Vec<u8> {
    let units: Vec<u32> = if width == 2 {
        text.encode_utf16().map(u32::from).collect()
    } else {
        text.chars().map(u32::from).collect()
    };
    let mut out = Vec::new();
    for unit in std::iter::once(0xFEFF).chain(units) {
        if little {
            out.extend(&unit.to_le_bytes()[..width]);
        } else {
            out.extend(&unit.to_be_bytes()[4 - width..]);
        }
    }
    out
}

fn utf16(text: &str, little: bool) -> Vec<u8> {
    with_bom(text, 2, little)
}

fn utf32(text: &str, little: bool) -> Vec<u8> {
    with_bom(text, 4, little)
}

/// Copy with an accent, a dash and an emoji, then the promise, in `width`-byte units in both
/// byte orders: the promise is found, as in the UTF-8 file.
fn assert_promise_found_in(width: usize) {
    for little in [true, false] {
        let text = format!("# Soporte — español 🕐\n\n{PROMISE}\n");
        let dir = project(&[("encoded.md", &with_bom(&text, width, little))]);
        let (out, claims) = claims(dir.path(), &[]);
        assert!(out.code <= 1, "{}", out.stderr);
        let hit = claims
            .iter()
            .find(|c| c["rule"] == "availability.always")
            .unwrap_or_else(|| panic!("24/7 promise not found in {width}-byte units: {claims:?}"));
        assert!(hit["text"].as_str().unwrap().contains("24/7"), "{hit}");
    }
}

#[test]
fn utf16_with_bom_is_decoded_and_linted() {
    assert_promise_found_in(2);
    // An odd byte count is not UTF-16: exit 2 naming the file.
    let mut odd = utf16("Hello", true);
    odd.push(0x41);
    let dir = project(&[("odd.md", &odd)]);
    assert_untrusted(&run(dir.path(), &["check"]), "odd.md");
}

/// UTF-32's little-endian mark starts with UTF-16's: read as UTF-16, every other character
/// was a NUL, no promise was found, and the gate passed.
#[test]
fn utf32_with_bom_is_decoded_and_linted() {
    assert_promise_found_in(4);
    // Not a multiple of four bytes, or past the last character: exit 2 naming the file.
    let mut ragged = utf32("Hello", true);
    ragged.push(0x41);
    let mut beyond = utf32("Hello", false);
    beyond.extend([0x00, 0x11, 0x00, 0x00]);
    let dir = project(&[("ragged.md", &ragged), ("beyond.md", &beyond)]);
    let out = run(dir.path(), &["check"]);
    assert_untrusted(&out, "ragged.md");
    assert_untrusted(&out, "beyond.md");
    assert_stderr(&out, "invalid UTF-32 text (at byte 24)");
}

/// A byte order mark does not make a binary file copy: NUL bytes after any BOM exit 2.
#[test]
fn nul_bytes_after_a_byte_order_mark_exit_2() {
    let mut utf8 = b"\xEF\xBB\xBF".to_vec();
    utf8.extend(b"Call us 24/7.\0\0\0");
    let mut broken_utf16 = utf16("Call us", true);
    broken_utf16.extend([0x00, 0xD8, 0x41, 0x00]);
    let dir = project(&[
        ("bom8.md", &utf8),
        ("bom16.md", &utf16("Call\0us\0", true)),
        ("bom32.md", &utf32("Call\0us\0", false)),
        ("surrogate.md", &broken_utf16),
    ]);
    let out = run(dir.path(), &["check"]);
    for name in ["bom8.md", "bom16.md", "bom32.md", "surrogate.md"] {
        assert_untrusted(&out, name);
    }
    assert_stderr(&out, "binary");
    // The unpaired surrogate is named by its byte: the mark is 2 bytes, "Call us" 14.
    assert_stderr(&out, "invalid UTF-16 text (at byte 16)");
}

#[test]
fn nul_laden_binary_with_a_text_extension_exits_2() {
    let mut bytes = b"PK\x03\x04".to_vec();
    bytes.extend((0..4096u32).map(|i| if i % 3 == 0 { 0 } else { (i % 97) as u8 }));
    let dir = project(&[("slides.md", &bytes), ("ok.md", PROMISE.as_bytes())]);
    let out = run(dir.path(), &["check"]);
    assert_untrusted(&out, "slides.md");
    assert_stderr(&out, "binary");
    // The good file is still checked and reported.
    assert!(out.stdout.contains("ok.md"), "{}", out.stdout);
}

/// 20 MB on one line keeps CI's debug build fast. A release build lints a 500 MB line in
/// ~5 s at ~1 GB peak RSS, the source and its extracted text (README, Bad input).
#[test]
fn a_huge_single_line_is_linted() {
    let line = |mb: usize| {
        let mut line =
            "Read the Medication Guide before you start, ask your doctor, and keep it handy "
                .repeat(mb * 1_000_000 / 80);
        line.push_str(PROMISE);
        line
    };
    let (long, short) = (line(20), line(1));
    let dir = project(&[
        ("long.txt", long.as_bytes()),
        ("long.md", short.as_bytes()),
        ("long.html", short.as_bytes()),
    ]);
    // One run for all three; a debug build on a busy CI machine needs the room.
    let out = vouch(dir.path())
        .args(["claims", "--format", "json"])
        .timeout(Duration::from_secs(300))
        .output()
        .unwrap();
    assert!(out.status.code().is_some_and(|c| c <= 1), "{out:?}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    for name in ["long.txt", "long.md", "long.html"] {
        assert!(
            v["claims"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["rule"] == "availability.always"
                    && c["path"].as_str().unwrap().ends_with(name)),
            "{name}: the promise at the end of a long line was not found"
        );
    }
}

/// A line of nothing but promises is not copy but a generated dump: holding every promise of
/// a 500 MB one, with its findings, would take many gigabytes. Past the per-file cap vouch
/// stops with exit 2, naming the file and the sentence it stopped at, and the other files
/// are still linted.
#[test]
fn a_file_of_nothing_but_promises_exits_2_naming_it() {
    let dump = "Our nurses answer 24/7. ".repeat(100_001);
    let dir = project(&[("dump.txt", dump.as_bytes()), ("ok.md", PROMISE.as_bytes())]);
    let out = vouch(dir.path())
        .args(["check", "--format", "json"])
        .timeout(Duration::from_secs(300))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("dump.txt"), "{stderr}");
    assert!(stderr.contains("could not be checked in full"), "{stderr}");
    assert!(stderr.contains("100000 promises"), "{stderr}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = v["findings"].as_array().unwrap();
    assert!(
        findings
            .iter()
            .any(|f| f["path"].as_str().unwrap().ends_with("ok.md")),
        "the other file was not linted: {v}"
    );
}

/// `vouch claims` on machine-made input, with room for a busy CI machine's debug build:
/// how many round-the-clock promises it found. A bound that regressed would take minutes.
fn always_promises_in_time(dir: &Path) -> usize {
    let out = vouch(dir)
        .args(["claims", "--format", "json"])
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    assert!(out.status.code().is_some_and(|c| c <= 1), "{out:?}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["claims"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["rule"] == "availability.always")
        .count()
}

/// Text with no sentence terminator is cut into bounded pieces: each promise keeps its
/// sentence as evidence, so one 200 KB "sentence" with thousands of promises used to cost
/// minutes and gigabytes. Every promise is still found, in time.
#[test]
fn a_long_run_of_promises_with_no_terminator_is_linted_in_time() {
    let run = "our nurses answer 24/7 and ".repeat(7_500);
    let dir = project(&[("run.txt", run.as_bytes())]);
    let always = always_promises_in_time(dir.path());
    // A piece boundary may split one "24/7" from its subject; nearly all are found.
    assert!(always >= 7_400, "{always} of 7,500 promises found");
}

/// A block that merely starts like a footnote ("* …", a numbered listing) is kept as fine
/// print only up to a few KB: each promise citing it carried the whole block, so 5,000
/// promises citing a 320 KB "footnote" took 3 GB. Every promise is still judged.
#[test]
fn promises_citing_a_huge_footnote_are_linted_in_time() {
    let promises = "Our nurses are available 24/7.* ".repeat(5_000);
    let note = format!(
        "* Eligibility applies. {}",
        "More text here. ".repeat(20_000)
    );
    let dir = project(&[("fine.md", format!("{promises}\n\n{note}\n").as_bytes())]);
    let always = always_promises_in_time(dir.path());
    assert_eq!(always, 5_000);
}

/// A finding on a machine-made line (a minified HTML email) quotes the part around it, not
/// the whole line, and still names the true column.
#[test]
fn a_finding_on_a_long_line_quotes_an_excerpt() {
    let filler = "<td>Read the Medication Guide before you start.</td>".repeat(4_000);
    let page = format!("<table><tr>{filler}<td>{PROMISE}</td>{filler}</tr></table>");
    let dir = project(&[("email.html", page.as_bytes())]);
    let out = run(dir.path(), &["check"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stdout.len() < 4_000,
        "{} bytes of output",
        out.stdout.len()
    );
    let column = 11 + filler.len() + 4 + PROMISE.find("24/7").unwrap() + 1;
    assert!(
        out.stdout.contains(&format!("email.html:1:{column}")),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("…"), "{}", out.stdout);
    assert!(
        out.stdout.contains("available 24/7 to answer"),
        "{}",
        out.stdout
    );

    // A promise that runs from a short line onto a long one is underlined on the short one.
    let wrapped = format!(
        "Our nurses are here around the\nclock {}\n",
        "to help you ".repeat(4_000)
    );
    let dir = project(&[("wrapped.md", wrapped.as_bytes())]);
    let out = run(dir.path(), &["check"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stdout.len() < 4_000,
        "{} bytes of output",
        out.stdout.len()
    );
    assert!(out.stdout.contains("wrapped.md:1:21"), "{}", out.stdout);
}

/// pulldown-cmark 0.12 validated the rest of the document as UTF-8 at every paragraph line
/// that starts with `[^`: a 5 MB file of such lines took 19 s, a 15 MB one 132 s, and this
/// 18 MB one longer still (now well under a second in a release build).
#[test]
fn a_paragraph_of_footnote_led_lines_is_linted_in_time() {
    let mut copy = "[^note] Ask your nurse about the next step.\n".repeat(400_000);
    copy.push_str(&format!("\n{PROMISE}\n\n[^note]: Terms apply.\n"));
    let dir = project(&[("notes.md", copy.as_bytes())]);
    assert_eq!(always_promises_in_time(dir.path()), 1);
}

#[test]
fn deeply_nested_html_is_linted() {
    let depth = 100_000;
    let mut html = String::from("<html><body>");
    for i in 0..depth {
        html.push_str(if i % 2 == 0 { "<div>" } else { "<span>" });
    }
    html.push_str(PROMISE);
    for i in (0..depth).rev() {
        html.push_str(if i % 2 == 0 { "</div>" } else { "</span>" });
    }
    html.push_str("</body></html>");
    // Unclosed nesting too.
    let unclosed = "<div>".repeat(depth) + PROMISE;
    // And deeply nested Markdown block quotes and lists.
    let quotes = ">".repeat(10_000) + " " + PROMISE + "\n";
    let lists = (0..5_000)
        .map(|i| format!("{}- item\n", "  ".repeat(i)))
        .collect::<String>()
        + PROMISE
        + "\n";
    let dir = project(&[
        ("nested.html", html.as_bytes()),
        ("unclosed.html", unclosed.as_bytes()),
        ("quotes.md", quotes.as_bytes()),
        ("lists.md", lists.as_bytes()),
    ]);
    let (out, claims) = claims(dir.path(), &[]);
    assert!(out.code <= 1, "{}", out.stderr);
    for name in ["nested.html", "unclosed.html"] {
        assert!(
            claims.iter().any(|c| c["rule"] == "availability.always"
                && c["path"].as_str().unwrap().ends_with(name)),
            "{name}: promise inside nesting not found"
        );
    }
}

/// Reading a FIFO waits for a writer forever and a device never ends: in a folder they are
/// skipped like ripgrep skips them; named on the command line they exit 2 naming them.
#[cfg(unix)]
#[test]
fn pipes_and_devices_do_not_hang_the_run() {
    let dir = project(&[("a.md", PROMISE.as_bytes())]);
    let copy = dir.path().join("copy");
    let made = std::process::Command::new("mkfifo")
        .arg(copy.join("pipe.md"))
        .status()
        .unwrap();
    assert!(made.success());
    std::os::unix::fs::symlink("/dev/zero", copy.join("zero.txt")).unwrap();
    let (out, claims) = claims(dir.path(), &[]);
    assert!(out.code <= 1, "{}", out.stderr);
    assert_eq!(
        claims
            .iter()
            .filter(|c| c["rule"] == "availability.always")
            .count(),
        1
    );
    for name in ["copy/pipe.md", "copy/zero.txt"] {
        let out = run(dir.path(), &["check", name]);
        assert_untrusted(&out, name);
        assert_stderr(&out, "not a file or folder");
    }

    // The same in a `rules.extra` folder: a FIFO named like a rule file is not waited on.
    let rules = dir.path().join("rules");
    fs::create_dir(&rules).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(rules.join("pipe.toml"))
        .status()
        .unwrap();
    assert!(made.success());
    configure(
        &dir,
        "manifest = \"psp.toml\"\ninclude = [\"copy/**\"]\n[rules]\nextra = [\"rules\"]\n",
    );
    let out = run(dir.path(), &["check", "copy/a.md"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
}

/// Past 1 GB a text file is a dump, not copy: exit 2 naming it, before reading it (a sparse
/// file, so the test costs no disk).
#[test]
fn a_text_file_over_a_gigabyte_exits_2_without_reading_it() {
    let dir = project(&[]);
    let path = dir.path().join("copy").join("dump.txt");
    fs::File::create(&path)
        .unwrap()
        .set_len((1 << 30) + 1)
        .unwrap();
    let out = run(dir.path(), &["check"]);
    assert_untrusted(&out, "dump.txt");
    assert_stderr(&out, "1024 MB");
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_not_followed() {
    let dir = project(&[("a.md", PROMISE.as_bytes())]);
    let copy = dir.path().join("copy");
    std::os::unix::fs::symlink(&copy, copy.join("loop")).unwrap();
    std::os::unix::fs::symlink(copy.join("self.md"), copy.join("self.md")).unwrap();
    std::os::unix::fs::symlink(copy.join("nowhere.md"), copy.join("dangling.md")).unwrap();
    let (out, claims) = claims(dir.path(), &[]);
    assert!(out.code <= 1, "{}", out.stderr);
    assert_eq!(
        claims
            .iter()
            .filter(|c| c["rule"] == "availability.always")
            .count(),
        1,
        "a.md is linted once: {claims:?}"
    );
    // A symlink loop named explicitly is an input that cannot be read: exit 2 naming it.
    let out = run(dir.path(), &["check", "copy/self.md"]);
    assert_untrusted(&out, "self.md");
}

#[cfg(unix)]
#[test]
fn permission_denied_file_and_folder_exit_2() {
    if is_root() {
        eprintln!("skipped: root reads files whatever their permissions");
        return;
    }
    let dir = project(&[("locked.md", PROMISE.as_bytes()), ("sub/inner.md", b"Hi.")]);
    set_mode(&dir.path().join("copy/locked.md"), 0o000);
    set_mode(&dir.path().join("copy/sub"), 0o000);
    let out = run(dir.path(), &["check"]);
    set_mode(&dir.path().join("copy/sub"), 0o755);
    assert_untrusted(&out, "locked.md");
    assert_stderr(&out, "sub");
}

#[test]
fn a_missing_explicit_path_exits_2_naming_it() {
    // What a file deleted between the walk and the read looks like from outside.
    let dir = project(&[("a.md", PROMISE.as_bytes())]);
    let out = run(dir.path(), &["check", "copy/a.md", "copy/gone.md"]);
    assert_untrusted(&out, "gone.md");
}

#[test]
fn a_folder_with_nothing_to_check_exits_2_naming_it() {
    // The include globs name `copy/`; the copy lives in `site/`. A gate that checked
    // nothing must not pass, whatever --fail-on says.
    let dir = project(&[("a.md", PROMISE.as_bytes())]);
    fs::create_dir_all(dir.path().join("site")).unwrap();
    fs::write(dir.path().join("site/page.md"), PROMISE).unwrap();
    let out = run(dir.path(), &["check", "--fail-on", "never", "site"]);
    assert_untrusted(&out, "nothing to check in `site`");
    assert_stderr(&out, "the one file in it that vouch reads is left out");

    // A folder of files vouch does not read; the default path with no copy at all.
    fs::create_dir_all(dir.path().join("assets")).unwrap();
    fs::write(dir.path().join("assets/logo.png"), [0x89, b'P', b'N', b'G']).unwrap();
    let out = run(dir.path(), &["check", "copy", "assets"]);
    assert_untrusted(&out, "nothing to check in `assets`: it holds no Markdown");
    let empty = tempfile::tempdir().unwrap();
    fs::write(empty.path().join("psp.toml"), REFERENCE).unwrap();
    let out = run(empty.path(), &["check", "--manifest", "psp.toml"]);
    assert_untrusted(&out, "nothing to check in `.`");

    // Files named one by one keep pre-commit's meaning: every one excluded is a clean run.
    configure(&dir, "manifest = \"psp.toml\"\nexclude = [\"copy/**\"]\n");
    let out = run(dir.path(), &["check", "copy/a.md"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn an_empty_manifest_lints_with_unverifiable_promises() {
    let dir = project(&[("a.md", PROMISE.as_bytes())]);
    fs::write(dir.path().join("psp.toml"), "").unwrap();
    let (out, claims) = claims(dir.path(), &["--fail-on", "never"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!claims.is_empty());
    let out = run(dir.path(), &["check"]);
    assert!(out.code <= 1, "{}", out.stderr);
}

#[test]
fn a_manifest_with_every_section_wrong_exits_2_with_spans() {
    let dir = project(&[("a.md", PROMISE.as_bytes())]);
    let manifest = r#"
[program]
nmae = "CareBridge"
[channels.phone]
hours = "Mon-Fry 08:00-20:00"
after_hours = "sometimes"
[channels.telegraph]
hours = "24/7"
[staff.nurse]
count = "forty"
assignment = "shared"
[languages]
supported = "en"
[cost]
as_little_as = "zero"
per = "week"
[services.teleportation]
[commitments]
time_to_therapy = "soon"
[capacity]
enrolled_patients = -5
[nonsense]
x = 1
"#;
    fs::write(dir.path().join("psp.toml"), manifest).unwrap();
    let out = run(dir.path(), &["check"]);
    assert_untrusted(&out, "psp.toml");
    // Rendered like a compiler error: with a line number into psp.toml.
    assert_stderr(&out, "psp.toml:");
    // Also as bare garbage.
    fs::write(dir.path().join("psp.toml"), b"\x00\xFF[[[ = = =").unwrap();
    assert_untrusted(&run(dir.path(), &["check"]), "psp.toml");
}

/// A manifest, config or baseline named by a path that never ends (`/dev/zero`) was read
/// until memory ran out; each is now refused past its size cap, naming it. A pipe is still
/// read (`--manifest <(generate)`).
#[cfg(target_os = "linux")]
#[test]
fn settings_files_that_never_end_exit_2_naming_them() {
    let dir = project(&[("a.md", PROMISE.as_bytes())]);
    for (flag, what) in [
        ("--manifest", "manifest `/dev/zero`"),
        ("--config", "config `/dev/zero`"),
        ("--baseline", "baseline"),
    ] {
        let out = run(dir.path(), &["check", flag, "/dev/zero"]);
        assert_untrusted(&out, "/dev/zero");
        assert_stderr(&out, &format!("cannot read {what}: it holds more than"));
    }
    let manifest = fs::File::open(dir.path().join("psp.toml")).unwrap();
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("vouch"))
        .current_dir(dir.path())
        .args(["check", "--format", "json", "--manifest", "/dev/stdin"])
        .stdin(manifest)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_config_pointing_at_a_missing_manifest_exits_2() {
    let dir = project(&[("a.md", PROMISE.as_bytes())]);
    configure(&dir, "manifest = \"nowhere/psp.toml\"\n");
    assert_untrusted(&run(dir.path(), &["check"]), "nowhere/psp.toml");
}

#[test]
fn a_config_with_a_bad_glob_exits_2_pointing_at_it() {
    let dir = project(&[("a.md", PROMISE.as_bytes())]);
    configure(
        &dir,
        "manifest = \"psp.toml\"\nexclude = [\"drafts/**\", \"[unclosed\"]\n",
    );
    let out = run(dir.path(), &["check"]);
    assert_untrusted(&out, "vouch.toml");
    assert_stderr(&out, "vouch.toml:2:26");
    assert_stderr(&out, "[unclosed");
}

#[test]
fn a_manifest_nested_a_hundred_thousand_deep_exits_2_without_quoting_the_line() {
    let dir = project(&[("a.md", PROMISE.as_bytes())]);
    let nested = format!(
        "{REFERENCE}\nx = {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    fs::write(dir.path().join("psp.toml"), nested).unwrap();
    let out = run(dir.path(), &["check"]);
    assert_untrusted(&out, "psp.toml");
    // The place is named; the 200,000-byte line is not copied to the terminal.
    assert_stderr(&out, "not quoted");
    assert!(
        out.stderr.len() < 2_000,
        "{} bytes of stderr",
        out.stderr.len()
    );
}

fn rule_file(pattern: &str) -> String {
    format!(
        r#"[[rule]]
id = "service.bomb"
category = "service"
summary = "a rule with a huge regex"
patterns = ['{pattern}']
asserts = {{ service = "bridge" }}
message = "m"
why = "w"
fix = "f"
[rule.examples]
flag = []
pass = []
"#
    )
}

#[test]
fn a_catastrophic_regex_in_rules_extra_is_rejected_at_load_with_its_span() {
    let dir = project(&[("a.md", PROMISE.as_bytes())]);
    fs::create_dir(dir.path().join("rules")).unwrap();
    configure(
        &dir,
        "manifest = \"psp.toml\"\ninclude = [\"copy/**\"]\n[rules]\nextra = [\"rules\"]\n",
    );
    // Exponential in compiled size: rejected by the size limit, never run.
    fs::write(
        dir.path().join("rules/bomb.toml"),
        rule_file(r"(?:\w{100}){100}(?:\w{100}){100}"),
    )
    .unwrap();
    let out = run(dir.path(), &["check"]);
    assert_untrusted(&out, "bomb.toml");
    assert!(
        out.stderr.contains("bomb.toml:5:"),
        "the span: {}",
        out.stderr
    );
    // Backtracking bombs in other engines, `(a+)+$`, run in linear time here.
    fs::write(dir.path().join("rules/bomb.toml"), rule_file(r"(a+)+$")).unwrap();
    fs::write(dir.path().join("copy/a.md"), "a".repeat(100_000) + "!").unwrap();
    let out = run(dir.path(), &["check"]);
    assert!(out.code <= 1, "{}", out.stderr);
}

#[test]
fn thousands_of_suppressions_are_each_judged() {
    let n = 5_000;
    let mut md = String::new();
    for i in 0..n {
        md.push_str(&format!(
            "<!-- vouch-ignore availability.always: reason=\"ticket {i}\" -->\n{PROMISE}\n\n"
        ));
    }
    // Plus suppressions without a reason and with unknown rules.
    for _ in 0..1_000 {
        md.push_str(
            "<!-- vouch-ignore availability -->\n\n<!-- vouch-ignore no.such: reason=\"x\" -->\n\n",
        );
    }
    let dir = project(&[("many.md", md.as_bytes())]);
    let out = run(dir.path(), &["check", "--format", "json"]);
    assert!(out.code <= 1, "{}", out.stderr);
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    let findings = v["findings"].as_array().unwrap();
    assert!(
        !findings.iter().any(|f| f["rule"] == "availability.always"),
        "every promise is suppressed"
    );
    assert!(findings
        .iter()
        .any(|f| f["rule"].as_str().unwrap().starts_with("suppression")));
}

/// A directive listing thousands of rule names (pasted, generated) is one finding per
/// distinct unknown name, each pointing at that name: quoting the whole directive for every
/// name made 100 such lines of 10,000 names exhaust 24 GB.
#[test]
fn a_suppression_naming_thousands_of_rules_points_at_each_unknown_one() {
    let names: Vec<String> = (0..1_000).map(|i| format!("no.such{i}")).collect();
    let line = format!(
        "vouch-ignore {}, {}: reason=\"pasted\"\n{PROMISE}\n",
        names.join(","),
        names.join(",")
    );
    let dir = project(&[("many.txt", line.repeat(10).as_bytes())]);
    let out = run(dir.path(), &["check", "--format", "json"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    let unknown: Vec<&Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "suppression.unknown_rule")
        .collect();
    assert_eq!(
        unknown.len(),
        10 * 1_000,
        "one per distinct name per directive"
    );
    for f in &unknown {
        let text = f["text"].as_str().unwrap();
        assert!(text.starts_with("no.such") && text.len() <= 11, "{text}");
        assert!(f["message"].as_str().unwrap().contains(text), "{f}");
    }
}

#[cfg(unix)]
#[test]
fn a_report_that_cannot_be_written_leaves_the_previous_one_intact() {
    let dir = project(&[("a.md", PROMISE.as_bytes())]);
    let out_dir = dir.path().join("reports");
    fs::create_dir(&out_dir).unwrap();
    let report = out_dir.join("report.json");
    fs::write(&report, "previous report\n").unwrap();
    let baseline = out_dir.join("baseline.json");
    fs::write(&baseline, "previous baseline\n").unwrap();
    if is_root() {
        // Root writes into read-only folders; make the rename itself fail instead: the
        // target is a non-empty folder, which rename(2) never replaces.
        let blocked = dir.path().join("blocked.json");
        fs::create_dir(&blocked).unwrap();
        fs::write(blocked.join("keep"), "x").unwrap();
        let out = run(
            dir.path(),
            &["check", "--format", "json", "-o", "blocked.json"],
        );
        assert_eq!(out.code, 2, "{}", out.stderr);
        assert_eq!(fs::read_to_string(blocked.join("keep")).unwrap(), "x");
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "temporary file left behind");
        return;
    }
    set_mode(&out_dir, 0o555);
    let out = run(
        dir.path(),
        &["check", "--format", "json", "-o", "reports/report.json"],
    );
    let out2 = run(
        dir.path(),
        &["check", "--write-baseline", "reports/baseline.json"],
    );
    set_mode(&out_dir, 0o755);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert_eq!(out2.code, 2, "{}", out2.stderr);
    assert_eq!(fs::read_to_string(&report).unwrap(), "previous report\n");
    assert_eq!(
        fs::read_to_string(&baseline).unwrap(),
        "previous baseline\n"
    );
}

#[test]
fn atomic_write_replaces_whole_files_and_cleans_up_on_failure() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.json");
    fs::write(&target, "old").unwrap();
    vouch::atomic_write(&target, b"new contents").unwrap();
    assert_eq!(fs::read_to_string(&target).unwrap(), "new contents");
    // A target that is a non-empty folder cannot be replaced: error, folder intact, no temp.
    let blocked = dir.path().join("blocked");
    fs::create_dir(&blocked).unwrap();
    fs::write(blocked.join("keep"), "x").unwrap();
    assert!(vouch::atomic_write(&blocked, b"data").is_err());
    assert_eq!(fs::read_to_string(blocked.join("keep")).unwrap(), "x");
    let names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.ends_with(".tmp")),
        "temp left: {names:?}"
    );
}

/// `-o` names a file to replace, but a symlink's target is replaced (the link stays a
/// link), and a FIFO a CI step reads is written in place: renaming a temporary file over
/// either would swap it for a plain file (over `/dev/stdout`, the device itself).
#[cfg(unix)]
#[test]
fn output_to_a_symlink_or_a_fifo_writes_through_it() {
    use std::io::Read;
    use std::os::unix::fs::FileTypeExt;
    let dir = project(&[("a.md", PROMISE.as_bytes())]);
    let shared = dir.path().join("shared");
    fs::create_dir(&shared).unwrap();
    fs::write(shared.join("report.json"), "previous\n").unwrap();
    std::os::unix::fs::symlink(shared.join("report.json"), dir.path().join("link.json")).unwrap();
    let out = run(
        dir.path(),
        &["check", "--format", "json", "-o", "link.json"],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    let link = dir.path().join("link.json");
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    let written = fs::read_to_string(shared.join("report.json")).unwrap();
    assert!(written.contains("availability.always"), "{written}");
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .chain(fs::read_dir(&shared).unwrap())
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary file left behind");

    let fifo = dir.path().join("results.sarif");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut text = String::new();
            fs::File::open(fifo)
                .unwrap()
                .read_to_string(&mut text)
                .unwrap();
            text
        })
    };
    let out = run(
        dir.path(),
        &["check", "--format", "sarif", "-o", "results.sarif"],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    // Checked before waiting for the reader, which would wait forever on a replaced FIFO.
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    let sarif: Value = serde_json::from_str(&reader.join().unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
}

/// A machine-readable output that cannot be written to stdout (a full disk behind `>`)
/// fails the run with exit 2: a truncated SARIF file must not pass a gate. A closed pipe
/// (`vouch check | head`) is not a failure.
#[cfg(target_os = "linux")]
#[test]
fn stdout_that_cannot_be_written_exits_2() {
    let dir = project(&[("a.md", PROMISE.as_bytes())]);
    for args in [
        &["check", "--format", "json"][..],
        &["check", "--format", "sarif"],
        &["claims", "--format", "json"],
        &["report"],
    ] {
        let full = fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("vouch"))
            .current_dir(dir.path())
            .args(args)
            .stdout(full)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("cannot write to standard output"),
            "{args:?}: {stderr}"
        );
    }
    // A reader that stops early: the run's own outcome (1: a broken promise; a report
    // exits 0), no error. Also through `-o /dev/stdout`, as `vouch check -o /dev/stdout |
    // head` does: the file written in place is the pipe, and its reader left.
    for (args, code) in [
        (&["check", "--format", "json"][..], 1),
        (&["check", "--format", "json", "-o", "/dev/stdout"], 1),
        (&["report", "-o", "/dev/stdout"], 0),
    ] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("vouch"))
            .current_dir(dir.path())
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
        assert!(!stderr.contains("cannot write"), "{args:?}: {stderr}");
    }
}
