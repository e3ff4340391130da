//! HTML extraction: a hand-written, forgiving tokenizer over the raw bytes, so every piece
//! of text keeps its source offset. No DOM, no recursion: a stack of open block elements
//! is all the structure kept, which is enough to pick each block's kind.
//!
//! `HtmlCore` is also fed the raw HTML found inside Markdown, chunk by chunk.

use std::ops::Range;

use super::{Block, BlockBuilder, BlockKind, Comment, Prose};

pub(crate) fn extract(source: &str) -> Prose {
    let start = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let mut core = HtmlCore::default();
    let mut cur = BlockBuilder::new(BlockKind::Paragraph);
    let mut blocks = Vec::new();
    core.feed(
        source,
        start..source.len(),
        &mut cur,
        BlockKind::Paragraph,
        &mut blocks,
    );
    core.finish(source);
    blocks.extend(cur.take());
    Prose {
        blocks,
        comments: core.comments,
        audience: core.audience,
    }
}

/// Tags whose start or end ends the current block. `br` and `hr` are void.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "td",
    "th",
    "tr",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "main",
    "blockquote",
    "dd",
    "dt",
    "dl",
    "figcaption",
    "figure",
    "caption",
    "ul",
    "ol",
    "form",
    "br",
    "hr",
    "body",
    "html",
    "button",
    "label",
    "option",
    "select",
    "thead",
    "tbody",
    "tfoot",
    "pre",
    "address",
    "fieldset",
    "legend",
    "details",
    "summary",
    "center",
    "dialog",
    "iframe",
    "video",
    "audio",
    "canvas",
];

/// Elements whose content is never copy, skipped as raw text up to their end tag.
const RAW_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "title", "textarea",
];

/// Elements that may stay inside `<head>`.
const HEAD_TAGS: &[&str] = &["head", "meta", "link", "base", "html"];

fn block_kind(tag: &str) -> Option<BlockKind> {
    match tag {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Some(BlockKind::Heading),
        "li" => Some(BlockKind::ListItem),
        "td" | "th" => Some(BlockKind::TableCell),
        "p" | "caption" | "figcaption" | "dt" | "dd" | "blockquote" => Some(BlockKind::Paragraph),
        _ => None,
    }
}

#[derive(Debug)]
struct Open {
    tag: usize,
    /// The kind of text directly inside, inherited from the nearest ancestor with one.
    kind: Option<BlockKind>,
}

#[derive(Debug, Default)]
enum Mode {
    #[default]
    Data,
    /// Inside `<!--` that started at this offset.
    Comment(usize),
    /// Inside a raw-text element (an index into `RAW_TAGS`).
    Raw(usize),
    /// Inside a tag the previous chunk cut off (Markdown quotes HTML line by line).
    Tag,
}

/// Tokenizer state that survives between chunks of input.
#[derive(Debug, Default)]
pub(crate) struct HtmlCore {
    stack: Vec<Open>,
    /// How many of each `BLOCK_TAGS` entry are on `stack`: an end tag with nothing to close
    /// is ignored in O(1) instead of searching the stack.
    open_counts: Vec<usize>,
    mode: Mode,
    in_head: bool,
    /// Table rows started so far (`<tr>`, and Markdown rows through the walker): the id
    /// of the row cells are in.
    pub rows: usize,
    pub comments: Vec<Comment>,
    pub audience: Option<String>,
}

/// One attribute of interest: name and value ranges in the source.
struct Attr {
    name: Range<usize>,
    value: Range<usize>,
}

impl HtmlCore {
    /// Feeds `source[range]`. Text goes into `cur`; finished blocks into `out`. `base` is the
    /// kind of text outside any block element (the enclosing Markdown block's kind).
    pub fn feed(
        &mut self,
        source: &str,
        range: Range<usize>,
        cur: &mut BlockBuilder,
        base: BlockKind,
        out: &mut Vec<Block>,
    ) {
        if self.open_counts.is_empty() {
            self.open_counts = vec![0; BLOCK_TAGS.len()];
        }
        let b = source.as_bytes();
        let end = range.end;
        let mut i = range.start;
        while i < end {
            match self.mode {
                Mode::Comment(start) => match find(b, i, end, b"-->") {
                    Some(close) => {
                        self.comments.push(Comment {
                            text: source[(start + 4).min(close)..close].to_string(),
                            src: start..close + 3,
                        });
                        self.mode = Mode::Data;
                        i = close + 3;
                    }
                    None => i = end,
                },
                Mode::Raw(tag) => match find_end_tag(b, i, end, RAW_TAGS[tag]) {
                    Some((_, after)) => {
                        self.mode = Mode::Data;
                        i = after;
                    }
                    None => i = end,
                },
                Mode::Tag => {
                    self.mode = Mode::Data;
                    i = skip_past(b, i, end, b'>');
                }
                Mode::Data => i = self.data(source, i, end, cur, base, out),
            }
        }
    }

    /// Closes what the input left open: an unterminated comment runs to the end.
    pub fn finish(&mut self, source: &str) {
        if let Mode::Comment(start) = self.mode {
            let inner = (start + 4).min(source.len());
            self.comments.push(Comment {
                text: source[inner..].to_string(),
                src: start..source.len(),
            });
        }
        self.mode = Mode::Data;
    }

    /// Processes text and at most one tag from `i`; returns where to go on.
    fn data(
        &mut self,
        source: &str,
        i: usize,
        end: usize,
        cur: &mut BlockBuilder,
        base: BlockKind,
        out: &mut Vec<Block>,
    ) -> usize {
        let b = source.as_bytes();
        // Text up to the next tag.
        let text_end = b[i..end]
            .iter()
            .position(|&c| c == b'<')
            .map_or(end, |p| i + p);
        if text_end > i {
            // Text in <head> is not shown, unless it is really the body without its tags.
            if self.in_head && !source[i..text_end].trim().is_empty() {
                self.in_head = false;
            }
            if !self.in_head {
                push_text(cur, source, i..text_end);
            }
            return text_end;
        }
        // b[i] == '<'
        let next = b.get(i + 1).copied().filter(|_| i + 1 < end);
        match next {
            Some(b'!') if b[i..end].starts_with(b"<!--") => {
                let body = i + 4;
                // `<!-->` and `<!--->` are complete (empty) comments.
                for short in [&b">"[..], b"->"] {
                    if b[body..end].starts_with(short) {
                        self.comments.push(Comment {
                            text: String::new(),
                            src: i..body + short.len(),
                        });
                        return body + short.len();
                    }
                }
                self.mode = Mode::Comment(i);
                body
            }
            // Doctype, CDATA, processing instructions, `</3`: skipped up to `>`.
            Some(b'!') | Some(b'?') => skip_past(b, i + 2, end, b'>'),
            Some(b'/') => {
                let name_start = i + 2;
                if name_start >= end || !b[name_start].is_ascii_alphabetic() {
                    return skip_past(b, name_start, end, b'>');
                }
                let name_end = name_end(b, name_start, end);
                let after = skip_past(b, name_end, end, b'>');
                let mut buf = [0u8; 16];
                if let Some(name) = lower(&b[name_start..name_end], &mut buf) {
                    self.end_tag(name, cur, base, out);
                }
                after
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let name_start = i + 1;
                let name_end = name_end(b, name_start, end);
                let mut buf = [0u8; 16];
                let name = lower(&b[name_start..name_end], &mut buf);
                let want_attrs = matches!(name, Some("img" | "meta"));
                let mut attrs = Vec::new();
                let Some(after) = parse_attrs(b, name_end, end, want_attrs.then_some(&mut attrs))
                else {
                    // A tag cut off by the end of input is dropped, as browsers do; when
                    // more input follows (Markdown quotes HTML line by line), its rest up
                    // to `>` is skipped too.
                    self.mode = Mode::Tag;
                    return end;
                };
                if let Some(name) = name {
                    self.start_tag(name, source, &attrs, cur, base, out);
                }
                after
            }
            _ => {
                // A `<` that opens nothing is text.
                if !self.in_head {
                    cur.push_exact("<", i);
                }
                i + 1
            }
        }
    }

    fn kind(&self, base: BlockKind) -> BlockKind {
        self.stack.last().and_then(|o| o.kind).unwrap_or(base)
    }

    /// Ends the current block and sets the kind of the next one.
    fn boundary(&self, cur: &mut BlockBuilder, base: BlockKind, out: &mut Vec<Block>) {
        out.extend(cur.take());
        self.set_kind(cur, base);
    }

    /// The kind of the text that follows, and for a table cell its row.
    fn set_kind(&self, cur: &mut BlockBuilder, base: BlockKind) {
        cur.kind = self.kind(base);
        cur.row = (cur.kind == BlockKind::TableCell && self.rows > 0).then_some(self.rows);
    }

    fn start_tag(
        &mut self,
        name: &str,
        source: &str,
        attrs: &[Attr],
        cur: &mut BlockBuilder,
        base: BlockKind,
        out: &mut Vec<Block>,
    ) {
        if let Some(raw) = RAW_TAGS.iter().position(|t| *t == name) {
            self.mode = Mode::Raw(raw);
            return;
        }
        let attr = |want: &str| {
            attrs
                .iter()
                .find(|a| source[a.name.clone()].eq_ignore_ascii_case(want))
                .map(|a| a.value.clone())
        };
        if self.in_head && !HEAD_TAGS.contains(&name) {
            // Browsers close an unclosed <head> at the first element that belongs in the body.
            self.in_head = false;
        }
        match name {
            "head" => self.in_head = true,
            "body" => self.in_head = false,
            "meta" => {
                let is_audience =
                    attr("name").is_some_and(|r| source[r].trim().eq_ignore_ascii_case("audience"));
                if let (true, Some(content)) = (is_audience, attr("content")) {
                    let mut b = BlockBuilder::new(BlockKind::AltText);
                    push_text(&mut b, source, content);
                    self.audience = b.take().map(|b| b.text);
                }
            }
            "img" if !self.in_head => {
                if let Some(alt) = attr("alt") {
                    let mut b = BlockBuilder::new(BlockKind::AltText);
                    push_text(&mut b, source, alt);
                    out.extend(b.take());
                }
            }
            _ => {}
        }
        let Some(tag) = BLOCK_TAGS.iter().position(|t| *t == name) else {
            return;
        };
        out.extend(cur.take());
        if name == "tr" {
            self.rows += 1;
        }
        if name != "br" && name != "hr" {
            let kind = block_kind(name).or(self.stack.last().and_then(|o| o.kind));
            self.stack.push(Open { tag, kind });
            self.open_counts[tag] += 1;
        }
        self.set_kind(cur, base);
    }

    fn end_tag(
        &mut self,
        name: &str,
        cur: &mut BlockBuilder,
        base: BlockKind,
        out: &mut Vec<Block>,
    ) {
        if name == "head" {
            self.in_head = false;
            return;
        }
        let Some(tag) = BLOCK_TAGS.iter().position(|t| *t == name) else {
            return;
        };
        out.extend(cur.take());
        if self.open_counts[tag] > 0 {
            // Close the element and whatever was left open inside it (`<li>` without `</li>`).
            while let Some(open) = self.stack.pop() {
                self.open_counts[open.tag] -= 1;
                if open.tag == tag {
                    break;
                }
            }
        }
        self.boundary(cur, base, out);
    }
}

/// Text (or an attribute value) with entities decoded and whitespace collapsed.
pub(crate) fn push_text(cur: &mut BlockBuilder, source: &str, range: Range<usize>) {
    let b = source.as_bytes();
    let mut i = range.start;
    let mut run = i;
    while i < range.end {
        if b[i] != b'&' {
            i += 1;
            continue;
        }
        match decode_entity(&source[i..range.end]) {
            Some((decoded, len)) => {
                cur.push_source(source, run..i);
                match decoded {
                    Decoded::Char(c) => cur.push_decoded(c.encode_utf8(&mut [0; 4]), i..i + len),
                    Decoded::Space => cur.push_space(i..i + len, false),
                    Decoded::Nothing => {}
                }
                i += len;
                run = i;
            }
            None => i += 1,
        }
    }
    cur.push_source(source, run..range.end);
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decoded {
    Char(char),
    /// A no-break or other space: collapses like any whitespace.
    Space,
    /// Invisible formatting (soft hyphen, zero-width joiners): no text at all.
    Nothing,
}

/// Decodes the entity at the start of `s` (which starts with `&`): what it stands for and
/// its length in bytes. Unknown or malformed entities are `None` and stay literal.
pub(crate) fn decode_entity(s: &str) -> Option<(Decoded, usize)> {
    let b = s.as_bytes();
    if b.get(1) != Some(&b'#') {
        let name_len = b[1..]
            .iter()
            .take(32)
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        if name_len == 0 || b.get(1 + name_len) != Some(&b';') {
            return None;
        }
        let c = named_entity(&s[1..1 + name_len])?;
        return Some((classify(c), name_len + 2));
    }
    // Numeric: `&#8224;` or `&#x2020;`; browsers accept a missing `;`.
    let hex = matches!(b.get(2), Some(b'x' | b'X'));
    let digits_start = if hex { 3 } else { 2 };
    let radix = if hex { 16 } else { 10 };
    let mut value: u32 = 0;
    let mut n = digits_start;
    while let Some(d) = b.get(n).and_then(|&c| (c as char).to_digit(radix)) {
        value = value.saturating_mul(radix).saturating_add(d);
        n += 1;
    }
    if n == digits_start {
        return None;
    }
    let len = if b.get(n) == Some(&b';') { n + 1 } else { n };
    let c = match value {
        0 => '\u{fffd}',
        v => char::from_u32(v).unwrap_or('\u{fffd}'),
    };
    Some((classify(c), len))
}

fn classify(c: char) -> Decoded {
    match c {
        '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{200e}' | '\u{200f}' | '\u{feff}' => {
            Decoded::Nothing
        }
        c if c.is_whitespace() => Decoded::Space,
        c => Decoded::Char(c),
    }
}

/// The named entities common in marketing copy (and the Spanish letters it often needs).
fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" => '\u{2009}',
        "shy" => '\u{ad}',
        "zwnj" => '\u{200c}',
        "zwj" => '\u{200d}',
        "lrm" => '\u{200e}',
        "rlm" => '\u{200f}',
        "reg" | "REG" => '®',
        "trade" | "TRADE" => '™',
        "copy" | "COPY" => '©',
        "dagger" => '†',
        "Dagger" => '‡',
        "sect" => '§',
        "para" => '¶',
        "mdash" => '—',
        "ndash" => '–',
        "minus" => '−',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "laquo" => '«',
        "raquo" => '»',
        "lsaquo" => '‹',
        "rsaquo" => '›',
        "prime" => '′',
        "Prime" => '″',
        "bull" => '•',
        "middot" => '·',
        "sup1" => '¹',
        "sup2" => '²',
        "sup3" => '³',
        "deg" => '°',
        "times" => '×',
        "divide" => '÷',
        "plusmn" => '±',
        "le" => '≤',
        "ge" => '≥',
        "ne" => '≠',
        "asymp" => '≈',
        "infin" => '∞',
        "micro" => 'µ',
        "permil" => '‰',
        "cent" => '¢',
        "pound" => '£',
        "euro" => '€',
        "yen" => '¥',
        "curren" => '¤',
        "frac12" => '½',
        "frac14" => '¼',
        "frac34" => '¾',
        "ordf" => 'ª',
        "ordm" => 'º',
        "iexcl" => '¡',
        "iquest" => '¿',
        "larr" => '←',
        "rarr" => '→',
        "uarr" => '↑',
        "darr" => '↓',
        "harr" => '↔',
        "check" => '✓',
        "star" => '☆',
        "starf" => '★',
        "hearts" => '♥',
        "aacute" => 'á',
        "eacute" => 'é',
        "iacute" => 'í',
        "oacute" => 'ó',
        "uacute" => 'ú',
        "Aacute" => 'Á',
        "Eacute" => 'É',
        "Iacute" => 'Í',
        "Oacute" => 'Ó',
        "Uacute" => 'Ú',
        "ntilde" => 'ñ',
        "Ntilde" => 'Ñ',
        "uuml" => 'ü',
        "Uuml" => 'Ü',
        "ouml" => 'ö',
        "auml" => 'ä',
        "egrave" => 'è',
        "agrave" => 'à',
        "ccedil" => 'ç',
        "szlig" => 'ß',
        _ => return None,
    })
}

/// First occurrence of `pat` in `b[from..end]`.
fn find(b: &[u8], from: usize, end: usize, pat: &[u8]) -> Option<usize> {
    if from >= end {
        return None;
    }
    b[from..end]
        .windows(pat.len())
        .position(|w| w == pat)
        .map(|p| from + p)
}

/// The next `</tag` (any case) followed by a non-name byte: (its start, past its `>`).
fn find_end_tag(b: &[u8], mut from: usize, end: usize, tag: &str) -> Option<(usize, usize)> {
    while let Some(at) = find(b, from, end, b"</") {
        let name = at + 2;
        let name_end = name + tag.len();
        if name_end <= end
            && b[name..name_end].eq_ignore_ascii_case(tag.as_bytes())
            && b.get(name_end).is_none_or(|c| !c.is_ascii_alphanumeric())
        {
            return Some((at, skip_past(b, name_end, end, b'>')));
        }
        from = at + 2;
    }
    None
}

/// Just past the next `byte` at or after `from`, or `end`.
fn skip_past(b: &[u8], from: usize, end: usize, byte: u8) -> usize {
    if from >= end {
        return end;
    }
    b[from..end]
        .iter()
        .position(|&c| c == byte)
        .map_or(end, |p| from + p + 1)
}

fn name_end(b: &[u8], from: usize, end: usize) -> usize {
    let mut i = from;
    while i < end && !b[i].is_ascii_whitespace() && b[i] != b'/' && b[i] != b'>' {
        i += 1;
    }
    i
}

/// The tag name in lower case, or `None` when too long to be one we know.
fn lower<'a>(name: &[u8], buf: &'a mut [u8; 16]) -> Option<&'a str> {
    let out = buf.get_mut(..name.len())?;
    for (o, c) in out.iter_mut().zip(name) {
        *o = c.to_ascii_lowercase();
    }
    std::str::from_utf8(out).ok()
}

/// Walks a tag's attributes from `i` to just past its `>`, honouring quotes (a `>` inside
/// a quoted value does not end the tag). `None` when the input ends inside the tag.
fn parse_attrs(
    b: &[u8],
    mut i: usize,
    end: usize,
    mut keep: Option<&mut Vec<Attr>>,
) -> Option<usize> {
    loop {
        while i < end && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= end {
            return None;
        }
        if b[i] == b'>' {
            return Some(i + 1);
        }
        let name_start = i;
        i += 1; // an attribute name may start with `=`
        while i < end && !b[i].is_ascii_whitespace() && !matches!(b[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let name = name_start..i;
        while i < end && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = i..i;
        if i < end && b[i] == b'=' {
            i += 1;
            while i < end && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < end && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let close = i + 1 + b[i + 1..end].iter().position(|&c| c == q)?;
                value = i + 1..close;
                i = close + 1;
            } else {
                let start = i;
                while i < end && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                value = start..i;
            }
        }
        if let Some(keep) = keep.as_deref_mut() {
            keep.push(Attr { name, value });
        }
    }
}
