//! PDF: text page by page (pdf-extract over lopdf). A page's lines stay lines; pages are
//! separated by a blank line, so a paragraph never runs across a page break. Pages without
//! any text are recorded so the check can say so instead of passing silently.

use pdf_extract::{Document as Pdf, OutputDev, PlainTextOutput};

use super::{Document, Place};
use crate::extract::{self, Format};

pub fn read(bytes: &[u8]) -> Result<Document, String> {
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
    let mut source = String::new();
    let mut places = Vec::new();
    let mut pages_without_text = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let number = i + 1;
        let mut text = String::new();
        {
            let mut out = PlainTextOutput::new(&mut text);
            pdf_extract::output_doc_page(&pdf, &mut out as &mut dyn OutputDev, *page)
                .map_err(|e| format!("has a page ({number}) vouch cannot read: {e}"))?;
        }
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
        pages: pages.len(),
    })
}
