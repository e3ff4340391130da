//! PowerPoint (`.pptx`): slides in presentation order, every paragraph of every shape
//! (groups and tables included), then the slide's speaker notes, reported as notes.
//! Fields (slide numbers, dates) are not copy.

use quick_xml::events::Event;
use quick_xml::Reader;

use super::package::{entity, expect_root, xml_error, Package};
use super::{Builder, Document, Place, TableRows};
use crate::extract::BlockKind;

const KIND: &str = "PowerPoint presentation";

struct Para {
    text: String,
    table: bool,
    /// The table row, numbered within its part (see `Block::row`).
    row: Option<usize>,
}

pub fn read(bytes: Vec<u8>) -> Result<Document, String> {
    let mut pkg = Package::open(bytes, KIND)?;
    let main = pkg.main_part("ppt/presentation.xml")?;
    let presentation = pkg.required(&main, KIND)?;
    expect_root(&presentation, &main, "presentation", KIND)?;
    let Some(rels) = pkg.relationships_of(&main)? else {
        return Err(format!(
            "is not a valid {KIND}: `{main}` has no relationships, so no slides"
        ));
    };
    let order = slide_ids(&presentation).map_err(|e| format!("has {e} in `{main}`"))?;
    let mut b = Builder::default();
    // Row ids run on across slides, so no cell borrows a subject from another table.
    let mut rows_so_far = 0;
    for (i, rid) in order.iter().enumerate() {
        let number = i + 1;
        let Some((_, _, target)) = rels.iter().find(|(id, _, _)| id == rid) else {
            return Err(format!(
                "is not a valid {KIND}: slide {number} (`{rid}`) has no part"
            ));
        };
        let xml = pkg.required(target, KIND)?;
        let paras = paragraphs(&xml).map_err(|e| format!("has {e} in `{target}`"))?;
        let row_offset = rows_so_far;
        rows_so_far += paras.iter().filter_map(|p| p.row).max().unwrap_or(0);
        for p in paras {
            let (kind, label) = if p.table {
                (BlockKind::TableCell, format!("slide {number} (table)"))
            } else {
                (BlockKind::Paragraph, format!("slide {number}"))
            };
            let row = p.row.map(|r| r + row_offset);
            b.paragraph_in_row(kind, row, &p.text, &[], Place { number, label });
        }
        let Some(slide_rels) = pkg.relationships_of(target)? else {
            continue;
        };
        // SmartArt keeps its text in a diagram data part of its own (PowerPoint's drawing
        // of it repeats the text, so only the data is read); speaker notes come last.
        for (related, what) in [("/diagramData", "SmartArt"), ("/notesSlide", "notes")] {
            for (_, kind, part) in &slide_rels {
                if !kind.ends_with(related) {
                    continue;
                }
                let Some(xml) = pkg.part(part)? else {
                    continue;
                };
                for p in paragraphs(&xml).map_err(|e| format!("has {e} in `{part}`"))? {
                    let label = format!("slide {number} ({what})");
                    b.paragraph(BlockKind::Paragraph, &p.text, &[], Place { number, label });
                }
            }
        }
    }
    Ok(b.finish())
}

/// The relationship ids of the slides, in presentation order.
fn slide_ids(xml: &str) -> Result<Vec<String>, String> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event().map_err(|e| xml_error(&reader, e))? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sldId" => {
                // `id` is the numeric slide id; `r:id` the relationship.
                out.extend(
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.as_ref().ends_with(":id"))
                        .and_then(|a| {
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .ok()
                                .map(|v| v.into_owned())
                        }),
                );
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// The DrawingML paragraphs (`a:p`) of a slide or notes page, in document order.
fn paragraphs(xml: &str) -> Result<Vec<Para>, String> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut current: Option<Para> = None;
    let mut table = 0usize;
    let mut rows = TableRows::default();
    let mut in_text = false;
    loop {
        match reader.read_event().map_err(|e| xml_error(&reader, e))? {
            Event::Start(e) => match e.local_name().as_ref() {
                "fld" | "Fallback" => {
                    reader
                        .read_to_end(e.name())
                        .map_err(|err| xml_error(&reader, err))?;
                }
                "p" => {
                    current = Some(Para {
                        text: String::new(),
                        table: table > 0,
                        row: rows.current(table > 0),
                    });
                }
                "tbl" => table += 1,
                "tr" => rows.start(),
                "t" => in_text = current.is_some(),
                _ => {}
            },
            Event::Empty(e) => {
                if let ("br", Some(p)) = (e.local_name().as_ref(), current.as_mut()) {
                    p.text.push(' ');
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "p" => {
                    out.extend(current.take());
                }
                "tbl" => table = table.saturating_sub(1),
                "tr" => rows.end(),
                "t" => in_text = false,
                _ => {}
            },
            Event::Text(t) if in_text => {
                if let Some(p) = current.as_mut() {
                    p.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if in_text => {
                if let Some(p) = current.as_mut() {
                    p.text.push_str(&entity(&r));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}
