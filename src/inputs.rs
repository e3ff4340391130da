//! Inputs: which files to read, and reading them without ever skipping one silently.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::diag::SourceError;
use crate::extract::Format;

/// One file to check.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct InputFile {
    /// The path as shown to the user (as walked from the arguments).
    pub display: String,
    /// The path relative to the config root, `/`-separated, for globs.
    pub rel: String,
    pub path: PathBuf,
    pub format: FileFormat,
}

/// How a file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FileFormat {
    Markdown,
    Html,
    Text,
    /// Word, PowerPoint and PDF: read by `office`, not as text.
    Docx,
    Pptx,
    Pdf,
}

impl FileFormat {
    pub fn of(path: &Path) -> Option<FileFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "md" | "markdown" | "mdx" => FileFormat::Markdown,
            "html" | "htm" | "xhtml" => FileFormat::Html,
            "txt" | "text" => FileFormat::Text,
            "docx" => FileFormat::Docx,
            "pptx" => FileFormat::Pptx,
            "pdf" => FileFormat::Pdf,
            _ => return None,
        })
    }

    pub fn prose_format(self) -> Format {
        match self {
            FileFormat::Markdown => Format::Markdown,
            FileFormat::Html => Format::Html,
            FileFormat::Text | FileFormat::Docx | FileFormat::Pptx | FileFormat::Pdf => {
                Format::Text
            }
        }
    }

    /// Documents that are not text files: `office::read` turns them into text.
    pub fn is_document(self) -> bool {
        matches!(self, FileFormat::Docx | FileFormat::Pptx | FileFormat::Pdf)
    }
}

/// Compiles a list of globs; a bad glob is a config error, pointed at in `config_text`
/// (the config file's text) when it is found there.
pub fn globset(
    patterns: &[String],
    origin: &str,
    config_text: &str,
) -> Result<GlobSet, SourceError> {
    let mut builder = GlobSetBuilder::new();
    for p in patterns {
        let glob = Glob::new(p).map_err(|e| {
            let error = SourceError::new(origin, config_text, format!("invalid glob `{p}`: {e}"));
            match [format!("\"{p}\""), format!("'{p}'")]
                .iter()
                .find_map(|quoted| config_text.find(quoted.as_str()))
            {
                Some(at) => error.at(at + 1..at + 1 + p.len(), "this glob"),
                None => error,
            }
        })?;
        builder.add(glob);
    }
    builder
        .build()
        .map_err(|e| SourceError::new(origin, "", format!("invalid globs: {e}")))
}

/// What to read from where.
pub struct Selection<'a> {
    pub root: &'a Path,
    /// Empty: every supported file.
    pub include: &'a GlobSet,
    pub exclude: &'a GlobSet,
}

impl Selection<'_> {
    /// `path` relative to the root as globs see it; `abs_root` and `abs` are the root and
    /// `path` resolved.
    fn rel(abs_root: &Path, abs: &Path, path: &Path) -> String {
        let rel = abs
            .strip_prefix(abs_root)
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| path.to_path_buf());
        rel.to_string_lossy().replace('\\', "/")
    }

    fn wanted(&self, rel: &str) -> bool {
        (self.include.is_empty() || self.include.is_match(rel)) && !self.exclude.is_match(rel)
    }
}

/// `path` with its links and dots resolved, or as given when it cannot be.
fn resolve(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Walks `paths` (files or folders), skipping hidden folders and `.git`, keeping supported
/// files that the include/exclude globs select. Explicit file arguments still honour
/// `exclude` (pre-commit passes every changed file). Problems are returned, not skipped.
pub fn collect(paths: &[PathBuf], selection: &Selection) -> (Vec<InputFile>, Vec<SourceError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    // Resolved once per run, not per file.
    let abs_root = resolve(selection.root);
    for arg in paths {
        let shown = arg.display().to_string();
        let meta = match std::fs::metadata(arg) {
            Ok(m) => m,
            Err(e) => {
                errors.push(SourceError::new(
                    &shown,
                    "",
                    format!("cannot read `{shown}`: {e}"),
                ));
                continue;
            }
        };
        if meta.is_file() {
            let rel = Selection::rel(&abs_root, &resolve(arg), arg);
            if selection.exclude.is_match(&rel) {
                continue;
            }
            match FileFormat::of(arg) {
                Some(format) => files.push(InputFile {
                    display: shown,
                    rel,
                    path: arg.clone(),
                    format,
                }),
                None => errors.push(SourceError::new(
                    &shown,
                    "",
                    format!("`{shown}` is not a format vouch reads (Markdown, HTML, text, Word .docx, PowerPoint .pptx or PDF)"),
                )),
            }
            continue;
        }
        if !meta.is_dir() {
            // Reading a FIFO would wait for a writer forever; a device never ends.
            errors.push(SourceError::new(
                &shown,
                "",
                format!("`{shown}` is not a file or folder (a pipe, socket or device); not read"),
            ));
            continue;
        }
        // The walk follows no links, so a file's resolved path is its folder argument's,
        // resolved once, joined with the rest: no resolving every file again.
        let abs_arg = resolve(arg);
        let walker = walkdir::WalkDir::new(arg)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter();
        let walker = walker.filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
        let (files_before, errors_before) = (files.len(), errors.len());
        let mut unselected = 0usize;
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let at = e
                        .path()
                        .map(|p| p.display().to_string())
                        .unwrap_or_else(|| shown.clone());
                    errors.push(SourceError::new(
                        &at,
                        "",
                        format!("cannot read `{at}`: {}", io_reason(&e)),
                    ));
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let path = entry.path();
            let Some(format) = FileFormat::of(path) else {
                continue;
            };
            let abs = match path.strip_prefix(arg) {
                Ok(below) => abs_arg.join(below),
                Err(_) => resolve(path),
            };
            let rel = Selection::rel(&abs_root, &abs, path);
            if !selection.wanted(&rel) {
                unselected += 1;
                continue;
            }
            files.push(InputFile {
                display: path.strip_prefix(".").unwrap_or(path).display().to_string(),
                rel,
                path: path.to_path_buf(),
                format,
            });
        }
        // A folder that yields nothing is a gate checking nothing (an `include` that names
        // the wrong folder, copy moved elsewhere): an error, as ESLint makes an unmatched
        // pattern, never a green run. A folder the walk could not read is reported already.
        if files.len() == files_before && errors.len() == errors_before {
            errors.push(nothing_to_check(&shown, unselected, &abs_root));
        }
    }
    files.sort();
    files.dedup_by(|a, b| a.path == b.path);
    (files, errors)
}

/// The error for folder `shown` that holds no file to check; `unselected` files vouch reads
/// were left out by the include/exclude globs, matched against paths relative to `root`.
fn nothing_to_check(shown: &str, unselected: usize, root: &Path) -> SourceError {
    if unselected > 0 {
        let which = if unselected == 1 {
            "the one file in it that vouch reads is".to_string()
        } else {
            format!("all {unselected} files in it that vouch reads are")
        };
        SourceError::new(
            shown,
            "",
            format!(
                "nothing to check in `{shown}`: {which} left out by the config's \
                 `include`/`exclude` globs"
            ),
        )
        .help(format!(
            "the globs match paths relative to `{}`; widen `include` in vouch.toml, or name \
             the files themselves",
            root.display()
        ))
    } else {
        SourceError::new(
            shown,
            "",
            format!(
                "nothing to check in `{shown}`: it holds no Markdown, HTML, text, Word .docx, \
                 PowerPoint .pptx or PDF file (hidden folders are skipped)"
            ),
        )
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.') && name != "." && name != ".."
}

fn io_reason(e: &walkdir::Error) -> String {
    match e.io_error() {
        Some(io) => io.to_string(),
        None => e.to_string(),
    }
}

/// Reads a file as text: UTF-8 (a BOM is dropped), or UTF-16 or UTF-32 with a BOM, decoded.
/// HTML that is not UTF-8 is decoded as a browser would: in the legacy charset it declares,
/// else as Windows-1252 (the default for pages that declare none). Anything else is an
/// error naming the file and the byte where decoding failed.
pub fn read_text(path: &Path, shown: &str, format: FileFormat) -> Result<String, SourceError> {
    let bytes = read_bytes(path, shown)?;
    let legacy = |bytes: &[u8]| match format {
        FileFormat::Html => match declared_charset(bytes) {
            // A page that says it is Unicode and is not is broken, not legacy.
            Some(declared) if declared.output_encoding() == encoding_rs::UTF_8 => None,
            Some(declared) => Some(declared),
            None => Some(encoding_rs::WINDOWS_1252),
        },
        _ => None,
    };
    decode_or(bytes, legacy).map_err(|message| {
        let error = SourceError::new(shown, "", format!("`{shown}`: {message}"));
        if message.starts_with("not valid UTF-8") {
            // Most often a Windows text export in a legacy code page.
            error.help("save it as UTF-8 (in Word: Save As, Plain Text, then Unicode (UTF-8))")
        } else {
            error
        }
    })
}

/// How far into an HTML file a charset declaration is looked for. Browsers look at the first
/// 1,024 bytes; pages saved by editors sometimes put the `<meta>` after a long `<head>`.
const CHARSET_PRESCAN: usize = 4096;

/// The encoding an HTML file declares near its start (`<meta charset=…>`,
/// `<meta http-equiv="Content-Type" content="…; charset=…">`, `<?xml … encoding="…"?>`):
/// Latin-1 and Windows-1252 pages are common in older libraries of emails and web pages.
fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(CHARSET_PRESCAN)];
    let lower = head.to_ascii_lowercase();
    let label = [&b"charset="[..], b"encoding="].iter().find_map(|key| {
        let at = memchr::memmem::find(&lower, key)? + key.len();
        let rest = &head[at..];
        let rest = rest
            .strip_prefix(b"\"")
            .or_else(|| rest.strip_prefix(b"'"))
            .unwrap_or(rest);
        let len = rest
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':')))
            .unwrap_or(rest.len());
        (len > 0).then(|| &rest[..len])
    })?;
    encoding_rs::Encoding::for_label(label)
}

/// Largest manifest, config or rule file vouch reads: each is a few KB, so more is a device
/// or a mistake (`--manifest /dev/zero` read until memory ran out).
pub const MAX_SETTINGS_FILE: u64 = 64 << 20;

/// Largest baseline vouch reads: about 250 bytes a recorded finding, so a million of them.
pub const MAX_BASELINE_FILE: u64 = 256 << 20;

/// `std::fs::read_to_string`, refusing a file, pipe or device that yields more than `limit`
/// bytes instead of reading it to the end. A pipe is read (`--manifest <(generate)`).
pub fn read_to_string_capped(path: &Path, limit: u64) -> std::io::Result<String> {
    let Some(bytes) = read_capped(std::fs::File::open(path)?, limit, 0)? else {
        return Err(std::io::Error::other(format!(
            "it holds more than {} MB, more than vouch reads for this",
            limit >> 20
        )));
    };
    String::from_utf8(bytes).map_err(|e| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("not UTF-8 text ({})", e.utf8_error()),
        )
    })
}

/// Largest text file vouch reads. A 500 MB line of copy is linted at about twice its size in
/// memory; past this a file is a dump, not copy, and an error beats running out of memory.
pub const MAX_TEXT_FILE: u64 = 1 << 30;

fn read_bytes(path: &Path, shown: &str) -> Result<Vec<u8>, SourceError> {
    let cannot =
        |e: std::io::Error| SourceError::new(shown, "", format!("cannot read `{shown}`: {e}"));
    let too_large = |len: u64| {
        SourceError::new(
            shown,
            "",
            format!(
                "`{shown}` is {} MB; vouch reads text files up to {} MB (split it)",
                len / (1024 * 1024),
                MAX_TEXT_FILE / (1024 * 1024)
            ),
        )
    };
    let file = std::fs::File::open(path).map_err(cannot)?;
    let len = file.metadata().map_err(cannot)?.len();
    if len > MAX_TEXT_FILE {
        return Err(too_large(len));
    }
    // A file that grows while it is read stops at the limit too.
    read_capped(file, MAX_TEXT_FILE, len as usize)
        .map_err(cannot)?
        .ok_or_else(|| too_large(MAX_TEXT_FILE + 1))
}

/// Reads `source` to its end into a buffer of `capacity`; `None` once it has yielded more
/// than `limit` bytes (a file growing as it is read, a device, an endless pipe).
fn read_capped(
    source: impl std::io::Read,
    limit: u64,
    capacity: usize,
) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let mut bytes = Vec::with_capacity(capacity);
    source.take(limit + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

/// Decodes a file's bytes; UTF-8 is taken over without a copy (files can be hundreds of MB).
pub fn decode(bytes: Vec<u8>) -> Result<String, String> {
    decode_or(bytes, |_| None)
}

/// Like [`decode`], but bytes that have no BOM and are not UTF-8 are decoded in the encoding
/// `legacy` names for them, if it names one.
fn decode_or(
    mut bytes: Vec<u8>,
    legacy: impl FnOnce(&[u8]) -> Option<&'static encoding_rs::Encoding>,
) -> Result<String, String> {
    let text = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
        String::from_utf8(bytes).map_err(|e| utf8_error(e.utf8_error(), 3))?
    } else if let Some(text) = decode_unicode_with_bom(&bytes) {
        text?
    } else {
        match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => match legacy(e.as_bytes()) {
                Some(encoding) => encoding
                    .decode_without_bom_handling_and_without_replacement(e.as_bytes())
                    .ok_or_else(|| {
                        format!(
                            "not valid {} text, the charset it declares",
                            encoding.name()
                        )
                    })?
                    .into_owned(),
                None => return Err(utf8_error(e.utf8_error(), 0)),
            },
        }
    };
    // Checked after decoding, whatever the encoding: a binary file that happens to start
    // like a BOM is still not copy.
    if memchr::memchr(0, text.as_bytes()).is_some() {
        return Err("contains NUL bytes: this looks like a binary file, not copy".into());
    }
    Ok(lone_cr_as_lf(text))
}

/// `text` with every carriage return that ends a line on its own (classic Mac OS line
/// endings, some spreadsheet exports) made a line feed, byte for byte: offsets stay put, and
/// line numbers, paragraphs and quoted lines agree with what an editor shows. CRLF is kept.
fn lone_cr_as_lf(text: String) -> String {
    let bytes = text.as_bytes();
    let is_lone = |at: usize| bytes.get(at + 1) != Some(&b'\n');
    let Some(first) = memchr::memchr_iter(b'\r', bytes).find(|&at| is_lone(at)) else {
        // No lone CR (most files, CRLF ones included): no copy, no second validation.
        return text;
    };
    let mut bytes = text.into_bytes();
    for at in first..bytes.len() {
        if bytes[at] == b'\r' && bytes.get(at + 1) != Some(&b'\n') {
            bytes[at] = b'\n';
        }
    }
    String::from_utf8(bytes).expect("an ASCII byte for an ASCII byte keeps UTF-8 valid")
}

/// Decodes UTF-32 or UTF-16 text that starts with its byte order mark; `None` when `bytes`
/// starts with neither. UTF-32's marks are looked for first: its little-endian one begins
/// with UTF-16's.
fn decode_unicode_with_bom(bytes: &[u8]) -> Option<Result<String, String>> {
    const MARKS: [(&[u8], usize, bool); 4] = [
        (&[0xFF, 0xFE, 0x00, 0x00], 4, true),
        (&[0x00, 0x00, 0xFE, 0xFF], 4, false),
        (&[0xFF, 0xFE], 2, true),
        (&[0xFE, 0xFF], 2, false),
    ];
    let (mark, width, little) = MARKS
        .into_iter()
        .find(|(mark, _, _)| bytes.starts_with(mark))?;
    let name = if width == 4 { "UTF-32" } else { "UTF-16" };
    let rest = &bytes[mark.len()..];
    if !rest.len().is_multiple_of(width) {
        return Some(Err(format!(
            "{name} text with a byte count that is not a multiple of {width}"
        )));
    }
    let invalid = |unit: usize| {
        format!(
            "invalid {name} text (at byte {})",
            mark.len() + unit * width
        )
    };
    let decoded = if width == 4 {
        rest.chunks_exact(4)
            .enumerate()
            .map(|(i, c)| {
                let c = [c[0], c[1], c[2], c[3]];
                let value = if little {
                    u32::from_le_bytes(c)
                } else {
                    u32::from_be_bytes(c)
                };
                char::from_u32(value).ok_or_else(|| invalid(i))
            })
            .collect()
    } else {
        let units = rest.chunks_exact(2).map(|c| {
            if little {
                u16::from_le_bytes([c[0], c[1]])
            } else {
                u16::from_be_bytes([c[0], c[1]])
            }
        });
        let mut text = String::with_capacity(rest.len());
        let mut unit = 0;
        for c in char::decode_utf16(units) {
            match c {
                Ok(c) => {
                    unit += c.len_utf16();
                    text.push(c);
                }
                Err(_) => return Some(Err(invalid(unit))),
            }
        }
        Ok(text)
    };
    Some(decoded)
}

fn utf8_error(e: std::str::Utf8Error, offset: usize) -> String {
    format!(
        "not valid UTF-8 (invalid byte at offset {})",
        e.valid_up_to() + offset
    )
}

#[cfg(test)]
mod tests {
    use super::{declared_charset, lone_cr_as_lf};

    #[test]
    fn lone_carriage_returns_end_lines_and_crlf_is_kept() {
        let text = |s: &str| lone_cr_as_lf(s.to_string());
        assert_eq!(text("a\rb\r\rc\r"), "a\nb\n\nc\n");
        assert_eq!(text("a\r\nb\r\n"), "a\r\nb\r\n");
        assert_eq!(text("a\r\nb\rc\r\r\n"), "a\r\nb\nc\n\r\n");
        assert_eq!(text("é\rü"), "é\nü");
    }

    #[test]
    fn finds_the_charset_an_html_page_declares_in_each_form() {
        let name = |head: &[u8]| declared_charset(head).map(|e| e.name());
        assert_eq!(name(b"<meta charset=\"ISO-8859-1\">"), Some("windows-1252"));
        assert_eq!(name(b"<META CHARSET='latin1'>"), Some("windows-1252"));
        assert_eq!(
            name(b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1250\">"),
            Some("windows-1250")
        );
        assert_eq!(
            name(b"<?xml version=\"1.0\" encoding=\"iso-8859-15\"?><html>"),
            Some("ISO-8859-15")
        );
        assert_eq!(name(b"<meta charset=utf-8>"), Some("UTF-8"));
        assert_eq!(name(b"<meta charset=\"no-such-charset\">"), None);
        assert_eq!(name(b"<title>none declared</title>"), None);
        // Only the start of the file is looked at, as browsers do.
        let mut late = vec![b' '; super::CHARSET_PRESCAN];
        late.extend_from_slice(b"<meta charset=latin1>");
        assert_eq!(name(&late), None);
    }
}
