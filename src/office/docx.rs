//! Word (`.docx`): body paragraphs with their runs joined, tables, text boxes, footnotes
//! and endnotes (as `[^N]: text`, referenced from the body as `[^N]`), headers and
//! footers; deleted tracked changes skipped, inserted ones kept; comments that carry a
//! `vouch-ignore` directive attached to the paragraph they anchor.

use std::collections::BTreeMap;

use quick_xml::events::Event;
use quick_xml::Reader;

use super::package::{attr, entity, expect_root, xml_error, Package};
use super::{Builder, Document, Place, TableRows};
use crate::extract::BlockKind;

const KIND: &str = "Word document";

/// One paragraph of a part.
#[derive(Debug, Default)]
struct Para {
    text: String,
    /// Ids of comments anchored in this paragraph.
    comments: Vec<String>,
    table: bool,
    /// The table row, numbered within its part (see `Block::row`).
    row: Option<usize>,
    text_box: bool,
    /// The id of the enclosing footnote, endnote or comment.
    owner: Option<String>,
}

/// How references to notes are written in the text.
#[derive(Default)]
struct Notes {
    /// footnote id → display number (order of the footnotes part).
    footnotes: BTreeMap<String, usize>,
    endnotes: BTreeMap<String, usize>,
}

pub fn read(bytes: Vec<u8>) -> Result<Document, String> {
    let mut pkg = Package::open(bytes, KIND)?;
    let main = pkg.main_part("word/document.xml")?;
    let body_xml = pkg.required(&main, KIND)?;
    expect_root(&body_xml, &main, "document", KIND)?;
    let related = Related::of(&mut pkg, &main)?;
    let part = |pkg: &mut Package, name: Option<&String>| -> Result<Vec<Para>, String> {
        let Some(name) = name else {
            return Ok(Vec::new());
        };
        match pkg.part(name)? {
            Some(xml) => parse(&xml, &Notes::default()).map_err(|e| format!("has {e} in `{name}`")),
            None => Ok(Vec::new()),
        }
    };
    let footnotes = part(&mut pkg, related.footnotes.as_ref())?;
    let endnotes = part(&mut pkg, related.endnotes.as_ref())?;
    let comments = part(&mut pkg, related.comments.as_ref())?;
    let mut notes = Notes::default();
    for (paras, map) in [
        (&footnotes, &mut notes.footnotes),
        (&endnotes, &mut notes.endnotes),
    ] {
        for p in paras {
            if let Some(id) = &p.owner {
                let n = map.len() + 1;
                map.entry(id.clone()).or_insert(n);
            }
        }
    }
    let mut comment_text: BTreeMap<String, String> = BTreeMap::new();
    for p in &comments {
        if let Some(id) = &p.owner {
            let t = comment_text.entry(id.clone()).or_default();
            t.push(' ');
            t.push_str(&p.text);
        }
    }
    let mut b = Builder::default();
    let mut number = 0;
    // Only the body's table cells carry a row: every other part's paragraphs are added as
    // plain paragraphs.
    let mut add = |b: &mut Builder,
                   kind,
                   row: Option<usize>,
                   text: &str,
                   comments: &[String],
                   label: String| {
        if text.trim().is_empty() && comments.is_empty() {
            return;
        }
        number += 1;
        let label = label.replace("{n}", &number.to_string());
        b.paragraph_in_row(kind, row, text, comments, Place { number, label });
    };
    parse_each(&body_xml, &notes, |p| {
        let anchored: Vec<String> = p
            .comments
            .iter()
            .filter_map(|id| comment_text.get(id))
            .filter(|t| t.contains("vouch-ignore"))
            .cloned()
            .collect();
        let (kind, label) = if p.table {
            (BlockKind::TableCell, "paragraph {n} (table)")
        } else if p.text_box {
            (BlockKind::Paragraph, "paragraph {n} (text box)")
        } else {
            (BlockKind::Paragraph, "paragraph {n}")
        };
        add(&mut b, kind, p.row, &p.text, &anchored, label.to_string());
    })
    .map_err(|e| format!("has {e} in `{main}`"))?;
    // The XML can be 64 MB; the blocks are all that is read from here on.
    drop(body_xml);
    // SmartArt keeps its text in a diagram data part (DrawingML paragraphs, read by the
    // same parser); Word's drawing of it repeats the text, so only the data is read.
    for name in &related.diagrams {
        for p in part(&mut pkg, Some(name))? {
            plain(&mut add, &mut b, &p, "SmartArt (paragraph {n})".to_string());
        }
    }
    for (paras, map, prefix, what) in [
        (&footnotes, &notes.footnotes, "", "footnote"),
        (&endnotes, &notes.endnotes, "e", "endnote"),
    ] {
        let mut started = Vec::new();
        for p in paras {
            let Some(n) = p.owner.as_ref().and_then(|id| map.get(id)) else {
                continue;
            };
            let text = if started.contains(n) {
                p.text.clone()
            } else if p.text.trim().is_empty() {
                continue;
            } else {
                started.push(*n);
                format!("[^{prefix}{n}]: {}", p.text.trim_start())
            };
            add(
                &mut b,
                BlockKind::Footnote,
                None,
                &text,
                &[],
                format!("{what} {n} (paragraph {{n}})"),
            );
        }
    }
    for (parts, what) in [(&related.headers, "header"), (&related.footers, "footer")] {
        for name in parts {
            for p in part(&mut pkg, Some(name))? {
                plain(&mut add, &mut b, &p, format!("{what} (paragraph {{n}})"));
            }
        }
    }
    Ok(b.finish())
}

/// Adds `p` through `add` as a plain paragraph, outside any table and with no comments, as
/// every part but the body and the notes is read (SmartArt data, headers, footers).
fn plain(
    add: &mut impl FnMut(&mut Builder, BlockKind, Option<usize>, &str, &[String], String),
    b: &mut Builder,
    p: &Para,
    label: String,
) {
    add(b, BlockKind::Paragraph, None, &p.text, &[], label);
}

/// The parts the main document relates to, by the main part's relationships; a package
/// without them is read by the names Word gives them.
struct Related {
    footnotes: Option<String>,
    endnotes: Option<String>,
    comments: Option<String>,
    headers: Vec<String>,
    footers: Vec<String>,
    /// SmartArt text (diagram data parts).
    diagrams: Vec<String>,
}

impl Related {
    fn of(pkg: &mut Package, main: &str) -> Result<Related, String> {
        let Some(rels) = pkg.relationships_of(main)? else {
            return Ok(Related::by_usual_names(pkg));
        };
        let of_type = |suffix: &str| -> Vec<String> {
            let mut names: Vec<String> = rels
                .iter()
                .filter(|(_, kind, _)| kind.ends_with(suffix))
                .map(|(_, _, target)| target.clone())
                .collect();
            // Word's own order (header1, header2, …, header10), whatever the rels' order.
            names.sort_by_key(|n| (n.len(), n.clone()));
            names.dedup();
            names
        };
        let first = |suffix: &str| of_type(suffix).into_iter().next();
        Ok(Related {
            footnotes: first("/footnotes"),
            endnotes: first("/endnotes"),
            comments: first("/comments"),
            headers: of_type("/header"),
            footers: of_type("/footer"),
            diagrams: of_type("/diagramData"),
        })
    }

    fn by_usual_names(pkg: &Package) -> Related {
        let mut names = pkg.names();
        names.sort_by_key(|n| (n.len(), n.clone()));
        let numbered = |prefix: &str| -> Vec<String> {
            names
                .iter()
                .filter(|n| is_part(n, prefix))
                .cloned()
                .collect()
        };
        Related {
            footnotes: Some("word/footnotes.xml".into()),
            endnotes: Some("word/endnotes.xml".into()),
            comments: Some("word/comments.xml".into()),
            headers: numbered("word/header"),
            footers: numbered("word/footer"),
            diagrams: Vec::new(),
        }
    }
}

/// `word/header2.xml` and the like.
fn is_part(name: &str, prefix: &str) -> bool {
    name.strip_prefix(prefix)
        .and_then(|rest| rest.strip_suffix(".xml"))
        .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()))
}

/// Elements whose whole content is not visible text.
fn skipped(name: &str) -> bool {
    matches!(
        name,
        "del" | "delText" | "delInstrText" | "moveFrom" | "instrText" | "Fallback"
    )
}

/// The paragraphs of one WordprocessingML part, in the order they end (a text box's
/// paragraphs before the paragraph that anchors it).
fn parse(xml: &str, notes: &Notes) -> Result<Vec<Para>, String> {
    let mut out = Vec::new();
    parse_each(xml, notes, |p| out.push(p))?;
    Ok(out)
}

/// Hands each paragraph of a part to `each` as it ends, as [`parse`] lists them: the body
/// is built into blocks as it is read, never held as paragraphs (a body of a million
/// short paragraphs held 100 MB of them).
fn parse_each(xml: &str, notes: &Notes, mut each: impl FnMut(Para)) -> Result<(), String> {
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<Para> = Vec::new();
    let (mut table, mut text_box) = (0usize, 0usize);
    let mut rows = TableRows::default();
    let mut in_text = false;
    let mut owner: Option<String> = None;
    // Comment anchors between paragraphs belong to the next one.
    let mut pending: Vec<String> = Vec::new();
    loop {
        let event = reader.read_event().map_err(|e| xml_error(&reader, e))?;
        match event {
            Event::Start(e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if skipped(name) {
                    reader
                        .read_to_end(e.name())
                        .map_err(|err| xml_error(&reader, err))?;
                    continue;
                }
                match name {
                    "p" => stack.push(Para {
                        table: table > 0,
                        row: rows.current(table > 0),
                        text_box: text_box > 0,
                        owner: owner.clone(),
                        comments: std::mem::take(&mut pending),
                        ..Para::default()
                    }),
                    "tbl" => table += 1,
                    "tr" => rows.start(),
                    "txbxContent" => text_box += 1,
                    "t" => in_text = true,
                    "footnote" | "endnote" | "comment" => {
                        let kind = attr(&e, "type").unwrap_or_default();
                        if kind.contains("eparator") || kind == "continuationNotice" {
                            reader
                                .read_to_end(e.name())
                                .map_err(|err| xml_error(&reader, err))?;
                            continue;
                        }
                        owner = attr(&e, "id");
                    }
                    _ => leaf(&e, name, &mut stack, &mut pending, notes),
                }
            }
            Event::Empty(e) => {
                let name = e.local_name();
                leaf(&e, name.as_ref(), &mut stack, &mut pending, notes);
            }
            Event::End(e) => match e.local_name().as_ref() {
                "p" => {
                    if let Some(p) = stack.pop() {
                        each(p);
                    }
                }
                "tbl" => table = table.saturating_sub(1),
                "tr" => rows.end(),
                "txbxContent" => text_box = text_box.saturating_sub(1),
                "t" => in_text = false,
                "footnote" | "endnote" | "comment" => owner = None,
                _ => {}
            },
            Event::Text(t) if in_text => {
                if let Some(p) = stack.last_mut() {
                    p.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) if in_text => {
                if let Some(p) = stack.last_mut() {
                    p.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if in_text => {
                if let Some(p) = stack.last_mut() {
                    p.text.push_str(&entity(&r));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err("malformed XML: a paragraph is never closed".to_string());
    }
    Ok(())
}

/// Elements that stand for text inside a run: tabs and breaks, note references, comment
/// anchors.
fn leaf(
    e: &quick_xml::events::BytesStart,
    name: &str,
    stack: &mut [Para],
    pending: &mut Vec<String>,
    notes: &Notes,
) {
    let Some(p) = stack.last_mut() else {
        if name == "commentRangeStart" {
            pending.extend(attr(e, "id"));
        }
        return;
    };
    match name {
        "tab" | "br" | "cr" | "ptab" => p.text.push(' '),
        "noBreakHyphen" => p.text.push('-'),
        "footnoteReference" | "endnoteReference" => {
            let id = attr(e, "id").unwrap_or_default();
            let (map, prefix) = if name == "footnoteReference" {
                (&notes.footnotes, "")
            } else {
                (&notes.endnotes, "e")
            };
            if let Some(n) = map.get(&id) {
                p.text.push_str(&format!("[^{prefix}{n}]"));
            }
        }
        "commentRangeStart" | "commentReference" => {
            if let Some(id) = attr(e, "id") {
                if !p.comments.contains(&id) {
                    p.comments.push(id);
                }
            }
        }
        _ => {}
    }
}
