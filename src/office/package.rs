//! Reading an Office Open XML package (a ZIP file) with bounded memory: a cap on the
//! number of entries, on each part's and on the total decompressed size, and errors
//! instead of panics for truncated or lying files.

use std::io::{Cursor, Read};

use zip::ZipArchive;

/// At most this many entries in a package (a real deck has a few hundred).
pub const MAX_ENTRIES: usize = 20_000;
/// At most this many decompressed bytes read from one package, over all parts.
pub const MAX_TOTAL: u64 = 256 * 1024 * 1024;
/// At most this many decompressed bytes in one XML part.
pub const MAX_PART: u64 = 64 * 1024 * 1024;

pub struct Package {
    zip: ZipArchive<Cursor<Vec<u8>>>,
    /// Decompressed bytes read so far.
    read: u64,
}

impl Package {
    /// Opens a package; `kind` names the document kind for messages ("Word document").
    pub fn open(bytes: Vec<u8>, kind: &str) -> Result<Package, String> {
        let zip = ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| format!("is not a valid {kind} (not a readable ZIP package: {e})"))?;
        if zip.len() > MAX_ENTRIES {
            return Err(format!(
                "is not a valid {kind}: {} entries in the package (at most {MAX_ENTRIES} are read)",
                zip.len()
            ));
        }
        // The central directory declares every entry's size; refuse a declared bomb early.
        let declared = zip.decompressed_size().unwrap_or(0);
        if declared > u128::from(MAX_TOTAL.saturating_mul(16)) {
            return Err(format!(
                "is not a valid {kind}: the package declares {} MB of content (a ZIP bomb?)",
                declared / (1024 * 1024)
            ));
        }
        Ok(Package { zip, read: 0 })
    }

    pub fn names(&self) -> Vec<String> {
        self.zip
            .file_names()
            .flatten()
            .map(|n| n.into_owned())
            .collect()
    }

    pub fn has(&self, name: &str) -> bool {
        self.zip.index_for_name(name).is_some()
    }

    /// A part as UTF-8 text; `Ok(None)` when the package has no such part.
    pub fn part(&mut self, name: &str) -> Result<Option<String>, String> {
        let Some(index) = self.zip.index_for_name(name) else {
            return Ok(None);
        };
        let entry = self
            .zip
            .by_index(index)
            .map_err(|e| format!("is damaged: cannot read `{name}` in the package: {e}"))?;
        let left = MAX_TOTAL.saturating_sub(self.read);
        let limit = MAX_PART.min(left);
        let mut bytes = Vec::new();
        entry
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("is damaged: cannot read `{name}` in the package: {e}"))?;
        if bytes.len() as u64 > limit {
            return Err(if limit < MAX_PART {
                format!(
                    "decompresses to more than {} MB in total (a ZIP bomb?); not read",
                    MAX_TOTAL / (1024 * 1024)
                )
            } else {
                format!(
                    "has a part `{name}` that decompresses to more than {} MB (a ZIP bomb?); not read",
                    MAX_PART / (1024 * 1024)
                )
            });
        }
        self.read += bytes.len() as u64;
        let text = crate::inputs::decode(bytes)
            .map_err(|e| format!("has a part `{name}` that is not text: {e}"))?;
        Ok(Some(text))
    }

    /// A part that must exist.
    pub fn required(&mut self, name: &str, kind: &str) -> Result<String, String> {
        self.part(name)?
            .ok_or_else(|| format!("is not a valid {kind}: the package has no `{name}`"))
    }

    /// The part the package's root relationships name as its main document, else `usual`:
    /// the name is the producer's choice (Word Online saves `word/document2.xml`).
    pub fn main_part(&mut self, usual: &str) -> Result<String, String> {
        let named = self.relationships_of("")?.and_then(|rels| {
            rels.into_iter()
                .find(|(_, kind, _)| kind.ends_with("/officeDocument"))
                .map(|(_, _, target)| target)
        });
        Ok(named.unwrap_or_else(|| usual.to_string()))
    }

    /// The relationships of part `name` (of the package itself when `name` is empty), with
    /// targets resolved; `None` when it has none.
    pub fn relationships_of(&mut self, name: &str) -> Result<Option<Relationships>, String> {
        let (dir, file) = name.rsplit_once('/').unwrap_or(("", name));
        let rels_name = if dir.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{dir}/_rels/{file}.rels")
        };
        let Some(xml) = self.part(&rels_name)? else {
            return Ok(None);
        };
        relationships(&xml, dir)
            .map(Some)
            .map_err(|e| format!("has {e} in `{rels_name}`"))
    }
}

/// A part's relationships: (id, type, target).
pub type Relationships = Vec<(String, String, String)>;

/// Errors unless part `name`'s root element is `root` (local name): a Word document renamed
/// `.pptx` has a main part too, and read as a deck it would hold no slides and pass.
pub fn expect_root(xml: &str, name: &str, root: &str, kind: &str) -> Result<(), String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("has {} in `{name}`", xml_error(&reader, e)))?;
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let found = e.local_name();
                if found.as_ref() == root {
                    return Ok(());
                }
                return Err(format!(
                    "is not a valid {kind}: its main part `{name}` is a `{}`, not a `{root}`",
                    found.as_ref()
                ));
            }
            Event::Eof => {
                return Err(format!(
                    "is not a valid {kind}: its main part `{name}` is empty"
                ))
            }
            _ => {}
        }
    }
}

/// Relationships of a part: id → (type, target resolved against `base_dir`).
pub fn relationships(xml: &str, base_dir: &str) -> Result<Relationships, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event().map_err(|e| xml_error(&reader, e))? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let get = |key: &str| attr(&e, key).unwrap_or_default();
                let external = get("TargetMode") == "External";
                let target = get("Target");
                let target = if external {
                    target
                } else {
                    resolve(base_dir, &target)
                };
                out.push((get("Id"), get("Type"), target));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// `../notesSlides/notesSlide1.xml` against `ppt/slides` → `ppt/notesSlides/notesSlide1.xml`.
pub fn resolve(base_dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if let Some(abs) = target.strip_prefix('/') {
        return normalize(abs.split('/').collect());
    } else {
        base_dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    parts.extend(target.split('/'));
    normalize(parts)
}

fn normalize(parts: Vec<&str>) -> String {
    let mut out: Vec<&str> = Vec::new();
    for p in parts {
        match p {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            p => out.push(p),
        }
    }
    out.join("/")
}

pub fn xml_error<R>(reader: &quick_xml::Reader<R>, e: quick_xml::Error) -> String {
    format!("malformed XML at byte {}: {e}", reader.error_position())
}

/// The text an entity reference stands for (`&amp;`, `&#8217;`).
pub fn entity(e: &quick_xml::events::BytesRef) -> String {
    if let Ok(Some(c)) = e.resolve_char_ref() {
        return c.to_string();
    }
    match e.as_ref() {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => "",
    }
    .to_string()
}

/// The value of attribute `key` (local name) of an element.
pub fn attr(e: &quick_xml::events::BytesStart, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == key)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_targets() {
        assert_eq!(
            resolve("ppt/slides", "../notesSlides/notesSlide1.xml"),
            "ppt/notesSlides/notesSlide1.xml"
        );
        assert_eq!(resolve("ppt", "slides/slide2.xml"), "ppt/slides/slide2.xml");
        assert_eq!(resolve("word", "/word/footnotes.xml"), "word/footnotes.xml");
    }
}
