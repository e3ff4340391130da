//! The span property over many inputs, including random mixes of Markdown and HTML.
#[path = "extract_support.rs"]
mod support;

use support::checked;
use vouch::extract::{extract, sentences, Format};

const FRAGMENTS: &[&str] = &[
    "Call **1-800-555-0100**",
    ", Monday–Friday, 8 AM–8 PM ET.",
    "Pay as little as $0 per fill*",
    "\n",
    "\n\n",
    "\r\n",
    "  ",
    "\t",
    "* ",
    "- ",
    "1. ",
    "> ",
    "# ",
    "| a | b |\n|---|---|\n| c | d |\n",
    "[^1]",
    "[^1]: Fine print.",
    "![alt *x*](i.png)",
    "[link](http://x)",
    "`code`",
    "```\ncode\n```\n",
    "    indented\n",
    "<p>",
    "</p>",
    "<div>",
    "</div>",
    "<b>",
    "</b>",
    "<sup>†</sup>",
    "&dagger;",
    "&amp;",
    "&#8224;",
    "&#x2020;",
    "&nbsp;",
    "&bogus;",
    "&",
    "<",
    ">",
    "<!--",
    "-->",
    "<!-- c -->",
    "<script>",
    "</script>",
    "<img alt=\"a &amp; b\">",
    "<a href=\"x>y\">",
    "\\*",
    "***",
    "---\n",
    "_em_",
    "~~del~~",
    "é",
    "日本",
    "😀",
    "\u{a0}",
    "\u{feff}",
    "vouch-ignore x",
    "Dr. Smith. Yes.",
    "$1.50.",
    " Next",
    "?\" ",
    "!",
    "<li>",
    "<td>",
    "<h2>",
    "<br>",
    "</li>",
    "<head>",
    "<meta name=audience content=x>",
];

/// A tiny xorshift generator: deterministic, no dependencies.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn random_documents_keep_the_span_property() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..3000 {
        let len = 1 + rng.below(40);
        let doc: String = (0..len)
            .map(|_| FRAGMENTS[rng.below(FRAGMENTS.len())])
            .collect();
        for format in [Format::Markdown, Format::Html, Format::Text] {
            checked(format, &doc);
        }
    }
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rng(12345);
    let alphabet = "ab *_-#>|[]()!<>/&;=\"'\n\r\t.?1$€†\u{a0}";
    let chars: Vec<char> = alphabet.chars().collect();
    for _ in 0..3000 {
        let len = rng.below(80);
        let doc: String = (0..len).map(|_| chars[rng.below(chars.len())]).collect();
        for format in [Format::Markdown, Format::Html, Format::Text] {
            checked(format, &doc);
        }
    }
}

#[test]
fn to_source_is_monotone_and_in_bounds() {
    let src = "<p>A&amp;B &nbsp; C<b>D</b>&#8224;\n  E</p>";
    let p = extract(Format::Html, src);
    for b in &p.blocks {
        let bounds: Vec<usize> = (0..=b.text.len())
            .filter(|&i| b.text.is_char_boundary(i))
            .collect();
        for &s in &bounds {
            for &e in bounds.iter().filter(|&&e| e >= s) {
                let r = b.to_source(s..e);
                assert!(r.start <= r.end && r.end <= src.len());
            }
        }
        assert!(!sentences(&b.text).is_empty());
    }
}

#[test]
fn samples_keep_the_span_property() {
    let samples = [
        (Format::Markdown, include_str!("../Cargo.toml")),
        (Format::Markdown, "Intro\n\n<table>\n<tr><td>Phone</td><td>8&ndash;8</td></tr>\n</table>\n\n> quoted <b>html</b>\n> more\n"),
        (Format::Markdown, "* a\n\n  * b\n\n    para\n\n  c\n"),
        (Format::Markdown, "[^note]: Line one\n    line two\n\n[^Other]: x\n\nref[^note] [^Other]\n"),
        (Format::Html, "<ul><li>One<ul><li>Two</li></ul>Tail</li></ul>"),
        (Format::Text, "\u{feff}Title\n\n* lone\n"),
    ];
    for (format, src) in samples {
        checked(format, src);
    }
}
