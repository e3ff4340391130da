//! Markdown extraction on pulldown-cmark's event stream, keeping the parser's own byte
//! offsets (text is never searched for again in the source).

use std::collections::VecDeque;
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::html::HtmlCore;
use super::{Block, BlockBuilder, BlockKind, Prose};

pub(crate) fn extract(source: &str) -> Prose {
    let mut base = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let mut audience = None;
    if let Some((end, aud)) = front_matter(&source[base..]) {
        audience = aud;
        base += end;
    }
    let events = Parser::new_ext(&source[base..], options())
        .into_offset_iter()
        .map(|(e, r)| (e, r.start + base..r.end + base));
    let mut w = Walker::new(source);
    for (event, range, fine_print) in FinePrintLists::new(source, events) {
        w.event(event, range, fine_print);
    }
    w.flush_html();
    w.html.finish(source);
    while let Some(mut frame) = w.frames.pop() {
        w.out.extend(frame.b.take());
    }
    Prose {
        blocks: w.out,
        comments: std::mem::take(&mut w.html.comments),
        audience: audience.or(w.html.audience.take()),
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
}

/// YAML front matter at the very start: `---` line, body, `---` or `...` line. Returns the
/// byte length of the whole front matter and its `audience:` value.
fn front_matter(s: &str) -> Option<(usize, Option<String>)> {
    let mut lines = s.split_inclusive('\n');
    if lines.next()?.trim_end() != "---" {
        return None;
    }
    let mut pos = s.find('\n')? + 1;
    let mut audience = None;
    for line in lines {
        pos += line.len();
        let t = line.trim_end();
        if t == "---" || t == "..." {
            return Some((pos, audience));
        }
        if let Some(v) = t.strip_prefix("audience:") {
            let v = v.split(" #").next().unwrap_or("").trim();
            let v = v.trim_matches(|c| c == '"' || c == '\'').trim();
            if !v.is_empty() {
                audience = Some(v.to_string());
            }
        }
    }
    None
}

/// The parser's events, each `Start(List)` marked with whether the list is really fine
/// print. A bullet list of one `*` item, outside any other list and holding none, is how
/// CommonMark reads `* Eligibility restrictions apply.`; a real bullet list has more items.
/// Events are held back only while a `*` list has shown a single item, so memory is bounded
/// by that item, not by the document (collecting every event of a 10 MB file took 1 GB).
struct FinePrintLists<'s, I: Iterator<Item = (Event<'s>, Range<usize>)>> {
    source: &'s str,
    events: I,
    held: VecDeque<(Event<'s>, Range<usize>, bool)>,
    /// Lists open at the last event passed on or held.
    depth: usize,
}

impl<'s, I: Iterator<Item = (Event<'s>, Range<usize>)>> FinePrintLists<'s, I> {
    fn new(source: &'s str, events: I) -> Self {
        FinePrintLists {
            source,
            events,
            held: VecDeque::new(),
            depth: 0,
        }
    }

    /// Reads ahead from a top-level `*` list's start until its kind is known: a second
    /// item or a nested list makes it a real list, its end with one item fine print.
    fn is_fine_print(&mut self) -> bool {
        let mut items = 0;
        for (event, range) in self.events.by_ref() {
            let known = match &event {
                Event::Start(Tag::List(_)) => {
                    self.depth += 1;
                    Some(false)
                }
                Event::End(TagEnd::List(_)) => {
                    self.depth -= 1;
                    Some(items == 1)
                }
                Event::Start(Tag::Item) => {
                    items += 1;
                    (items > 1).then_some(false)
                }
                _ => None,
            };
            self.held.push_back((event, range, false));
            if let Some(known) = known {
                return known;
            }
        }
        false
    }
}

impl<'s, I: Iterator<Item = (Event<'s>, Range<usize>)>> Iterator for FinePrintLists<'s, I> {
    type Item = (Event<'s>, Range<usize>, bool);

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(held) = self.held.pop_front() {
            return Some(held);
        }
        let (event, range) = self.events.next()?;
        let mut fine_print = false;
        match &event {
            Event::Start(Tag::List(first_number)) => {
                self.depth += 1;
                if self.depth == 1
                    && first_number.is_none()
                    && marker_at(self.source, range.start).is_some()
                {
                    fine_print = self.is_fine_print();
                }
            }
            Event::End(TagEnd::List(_)) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        Some((event, range, fine_print))
    }
}

/// Offset of the `*` marker of a list item whose source starts at `at`.
fn marker_at(source: &str, at: usize) -> Option<usize> {
    let rest = &source.as_bytes()[at..];
    let indent = rest
        .iter()
        .take_while(|&&c| c == b' ' || c == b'\t')
        .count();
    (rest.get(indent) == Some(&b'*')).then_some(at + indent)
}

struct Frame {
    /// The block kind Markdown gave this frame (raw HTML inside may change `b.kind`).
    kind: BlockKind,
    b: BlockBuilder,
    /// List items and footnote definitions take their first paragraph into their own block.
    absorbs: bool,
}

/// What a `Start` event opened, so its `End` knows what to close.
enum Open {
    Frame,
    /// A paragraph taken into the enclosing item's block.
    Absorbed,
    /// Code: nothing inside is copy.
    Skip,
    /// Tables, quotes: block structure without text of its own.
    Container,
    List,
    /// Emphasis, links: the text inside belongs to the enclosing block.
    Inline,
}

struct Walker<'s> {
    source: &'s str,
    frames: Vec<Frame>,
    opens: Vec<Open>,
    skip: usize,
    /// Footnote-style lists currently open.
    lists: Vec<bool>,
    html: HtmlCore,
    /// Raw HTML not yet fed to `html`: contiguous events are fed as one chunk so a tag
    /// spanning lines of an HTML block is seen whole.
    pending_html: Option<Range<usize>>,
    out: Vec<Block>,
}

impl<'s> Walker<'s> {
    fn new(source: &'s str) -> Self {
        Walker {
            source,
            frames: vec![Frame {
                kind: BlockKind::Paragraph,
                b: BlockBuilder::new(BlockKind::Paragraph),
                absorbs: false,
            }],
            opens: Vec::new(),
            skip: 0,
            lists: Vec::new(),
            html: HtmlCore::default(),
            pending_html: None,
            out: Vec::new(),
        }
    }

    fn top(&mut self) -> &mut Frame {
        self.frames.last_mut().expect("root frame")
    }

    /// Ends the block being built in the innermost frame (a nested block starts).
    fn flush_top(&mut self) {
        let block = self.top().b.take();
        self.out.extend(block);
    }

    fn push_frame(&mut self, kind: BlockKind, absorbs: bool) {
        self.frames.push(Frame {
            kind,
            b: BlockBuilder::new(kind),
            absorbs,
        });
        self.opens.push(Open::Frame);
    }

    fn flush_html(&mut self) {
        if let Some(range) = self.pending_html.take() {
            let frame = self.frames.last_mut().expect("root frame");
            let kind = frame.kind;
            self.html
                .feed(self.source, range, &mut frame.b, kind, &mut self.out);
        }
    }

    /// One event; `fine_print` marks a list that is really a footnote.
    fn event(&mut self, event: Event, range: Range<usize>, fine_print: bool) {
        if self.skip > 0 {
            match event {
                Event::Start(_) => self.skip += 1,
                Event::End(_) => {
                    self.skip -= 1;
                    if self.skip == 0 {
                        self.opens.pop();
                    }
                }
                _ => {}
            }
            return;
        }
        if let Event::Html(_) | Event::InlineHtml(_) = event {
            match &mut self.pending_html {
                Some(p) if p.end == range.start => p.end = range.end,
                _ => {
                    self.flush_html();
                    self.pending_html = Some(range);
                }
            }
            return;
        }
        self.flush_html();
        let source = self.source;
        match event {
            Event::Start(tag) => self.start(tag, range, fine_print),
            Event::End(_) => self.end(),
            Event::Text(text) => {
                let src = &source[range.clone()];
                let b = &mut self.top().b;
                if src == &*text {
                    b.push_source(source, range);
                } else if src.strip_prefix('\\') == Some(&*text) {
                    b.push_source(source, range.start + 1..range.end);
                } else {
                    b.push_decoded(&text, range);
                }
            }
            Event::FootnoteReference(label) => {
                let literal = format!("[^{label}]");
                let b = &mut self.top().b;
                if source[range.clone()] == literal {
                    b.push_exact(&literal, range.start);
                } else {
                    b.push_decoded(&literal, range);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                let exact = super::stands_as_space(source, &range);
                self.top().b.push_space(range, exact);
            }
            Event::Rule => self.flush_top(),
            // Inline code and math are not copy.
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag, range: Range<usize>, fine_print: bool) {
        match tag {
            Tag::Paragraph => {
                let top = self.top();
                if top.absorbs {
                    top.absorbs = false;
                    self.opens.push(Open::Absorbed);
                } else {
                    self.flush_top();
                    self.push_frame(BlockKind::Paragraph, false);
                }
            }
            Tag::Heading { .. } => {
                self.flush_top();
                self.push_frame(BlockKind::Heading, false);
            }
            Tag::TableCell => {
                self.flush_top();
                self.push_frame(BlockKind::TableCell, false);
                // Markdown and raw HTML tables share one count of rows.
                self.top().b.row = Some(self.html.rows);
            }
            Tag::TableHead | Tag::TableRow => {
                self.flush_top();
                self.html.rows += 1;
                self.opens.push(Open::Container);
            }
            Tag::Image { .. } => self.push_frame(BlockKind::AltText, false),
            Tag::Item => {
                self.flush_top();
                let footnote = self.lists.last().copied().unwrap_or(false);
                let kind = if footnote {
                    BlockKind::Paragraph
                } else {
                    BlockKind::ListItem
                };
                self.push_frame(kind, true);
                if let Some(star) = footnote
                    .then(|| marker_at(self.source, range.start))
                    .flatten()
                {
                    // Keep the `*` so later stages see fine print, not a bullet.
                    let space = self.source.as_bytes().get(star + 1) == Some(&b' ');
                    let b = &mut self.top().b;
                    b.push_exact("*", star);
                    if space {
                        b.push_exact(" ", star + 1);
                    } else {
                        // A tab or an empty item: the text must not claim a source space.
                        b.push_decoded(" ", star + 1..star + 1);
                    }
                }
            }
            Tag::FootnoteDefinition(label) => {
                self.flush_top();
                self.push_frame(BlockKind::Paragraph, true);
                let source = self.source;
                let literal = format!("[^{label}]:");
                let b = &mut self.top().b;
                if source[range.start..].starts_with(&literal) {
                    b.push_exact(&literal, range.start);
                    let after = range.start + literal.len();
                    if source.as_bytes().get(after) == Some(&b' ') {
                        b.push_exact(" ", after);
                    } else {
                        b.push_decoded(" ", after..after);
                    }
                } else {
                    b.push_decoded(&literal, range.start..range.start);
                    b.push_decoded(" ", range.start..range.start);
                }
            }
            Tag::HtmlBlock => {
                self.flush_top();
                self.push_frame(BlockKind::Paragraph, false);
            }
            Tag::CodeBlock(_) | Tag::MetadataBlock(_) => {
                self.flush_top();
                self.skip = 1;
                self.opens.push(Open::Skip);
            }
            Tag::List(_) => {
                self.flush_top();
                self.lists.push(fine_print);
                self.opens.push(Open::List);
            }
            Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } => {
                self.opens.push(Open::Inline)
            }
            _ => {
                self.flush_top();
                self.opens.push(Open::Container);
            }
        }
    }

    fn end(&mut self) {
        match self.opens.pop() {
            // The root frame is never in `opens`, so this pops a frame of its own.
            Some(Open::Frame) if self.frames.len() > 1 => {
                let mut frame = self.frames.pop().expect("frame");
                self.out.extend(frame.b.take());
            }
            Some(Open::Container) => self.flush_top(),
            Some(Open::List) => {
                self.lists.pop();
                self.flush_top();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole-document answer: every event collected, each list judged at its end.
    fn fine_print_by_collecting(source: &str) -> Vec<bool> {
        let events: Vec<(Event, Range<usize>)> = Parser::new_ext(source, options())
            .into_offset_iter()
            .collect();
        let mut fine_print = vec![false; events.len()];
        // (event index, items so far) of each open list; a list holding another list is a
        // real list, so its count is spoiled.
        let mut open: Vec<(usize, usize)> = Vec::new();
        for (i, (event, _)) in events.iter().enumerate() {
            match event {
                Event::Start(Tag::List(_)) => {
                    if let Some(parent) = open.last_mut() {
                        parent.1 = usize::MAX;
                    }
                    open.push((i, 0));
                }
                Event::Start(Tag::Item) => {
                    if let Some(top) = open.last_mut() {
                        top.1 = top.1.saturating_add(1);
                    }
                }
                Event::End(TagEnd::List(ordered)) => {
                    if let Some((start, items)) = open.pop() {
                        fine_print[start] = !ordered
                            && open.is_empty()
                            && items == 1
                            && marker_at(source, events[start].1.start).is_some();
                    }
                }
                _ => {}
            }
        }
        fine_print
    }

    #[test]
    fn fine_print_lists_are_judged_as_the_whole_document_would_judge_them() {
        let pieces = [
            "* ",
            "- ",
            "1. ",
            "2) ",
            "  ",
            "    ",
            "> ",
            "\n",
            "\n\n",
            "Terms apply.",
            "x",
            "[^1]",
            "[^1]: ",
            "```\n",
            "<div>",
            "</div>",
            "| a | b |\n|---|---|\n",
            "\t",
        ];
        let mut marked = 0;
        for text in crate::testing::texts_of(&pieces, 40, 4000) {
            let expected = fine_print_by_collecting(&text);
            let events = Parser::new_ext(&text, options()).into_offset_iter();
            let streamed: Vec<bool> = FinePrintLists::new(&text, events)
                .map(|(_, _, fine_print)| fine_print)
                .collect();
            assert_eq!(streamed, expected, "{text:?}");
            marked += expected.iter().filter(|&&f| f).count();
        }
        // The generator reaches both answers.
        assert!(marked > 100, "only {marked} fine-print lists generated");
    }
}
