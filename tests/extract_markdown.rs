//! Markdown extraction on realistic copy.
#[path = "extract_support.rs"]
mod support;

use support::{checked, source_of, texts};
use vouch::extract::{BlockKind, Format};

fn md(source: &str) -> vouch::extract::Prose {
    checked(Format::Markdown, source)
}

#[test]
fn keeps_emphasis_and_link_text_without_markup() {
    let src = "Call **1-800-555-0100**, Monday–Friday, 8 AM–8 PM ET. Visit [CareBridge](https://carebridge.example) _today_.\n";
    let p = md(src);
    assert_eq!(
        texts(&p),
        ["Call 1-800-555-0100, Monday–Friday, 8 AM–8 PM ET. Visit CareBridge today."]
    );
    assert_eq!(source_of(src, &p, "1-800-555-0100"), "1-800-555-0100");
    assert_eq!(
        source_of(src, &p, "Monday–Friday, 8 AM–8 PM ET."),
        "Monday–Friday, 8 AM–8 PM ET."
    );
    // A span across markup maps to the source including the markup.
    assert_eq!(source_of(src, &p, "Call 1-800"), "Call **1-800");
}

#[test]
fn footnote_markers_stay_in_place() {
    let src = "# Save on every fill\n\nPay as little as $0 per fill*\n\n* Eligibility restrictions apply. See Terms and Conditions.\n";
    let p = md(src);
    assert_eq!(
        texts(&p),
        [
            "Save on every fill",
            "Pay as little as $0 per fill*",
            "* Eligibility restrictions apply. See Terms and Conditions."
        ]
    );
    assert_eq!(p.blocks[0].kind, BlockKind::Heading);
    assert_eq!(p.blocks[2].kind, BlockKind::Paragraph);
    // The marker maps to the source `*`.
    let fine = &p.blocks[2];
    assert_eq!(&src[fine.to_source(0..1)], "*");
    assert_eq!(
        &src[fine.to_source(0..fine.text.len())],
        "* Eligibility restrictions apply. See Terms and Conditions."
    );
    // A footnote list right under its paragraph, without a blank line.
    let p = md("As little as $0*\n* Restrictions apply.\n");
    assert_eq!(texts(&p), ["As little as $0*", "* Restrictions apply."]);
    // `†` markers and escaped asterisks are plain text.
    let src = "24/7 nurse line† and \\*more\n\n† Nurses answer Mon–Fri.\n";
    let p = md(src);
    assert_eq!(
        texts(&p),
        ["24/7 nurse line† and *more", "† Nurses answer Mon–Fri."]
    );
    assert_eq!(source_of(src, &p, "*more"), "*more");
}

#[test]
fn real_bullet_lists_are_list_items() {
    let src = "What you get:\n\n* A dedicated Care Coordinator\n* Nurse support\n  - by phone\n  - by video\n* Copay help\n";
    let p = md(src);
    assert_eq!(
        texts(&p),
        [
            "What you get:",
            "A dedicated Care Coordinator",
            "Nurse support",
            "by phone",
            "by video",
            "Copay help"
        ]
    );
    assert!(p.blocks[1..].iter().all(|b| b.kind == BlockKind::ListItem));
    // Loose items: the first paragraph is the item's own text.
    let p = md("1. Enroll online.\n\n   Takes five minutes.\n\n2. Get your card.\n");
    assert_eq!(
        texts(&p),
        ["Enroll online.", "Takes five minutes.", "Get your card."]
    );
    assert_eq!(p.blocks[0].kind, BlockKind::ListItem);
}

#[test]
fn tables_cells_and_alt_text() {
    let src = "| Service | Hours |\n|---|---|\n| Nurse line | Mon&ndash;Fri, 8 AM–8 PM |\n| Chat | 24/7 |\n\n![A nurse *smiling* with a patient](nurse.png)\n";
    let p = md(src);
    assert_eq!(
        texts(&p),
        [
            "Service",
            "Hours",
            "Nurse line",
            "Mon–Fri, 8 AM–8 PM",
            "Chat",
            "24/7",
            "A nurse smiling with a patient"
        ]
    );
    assert!(p.blocks[..6].iter().all(|b| b.kind == BlockKind::TableCell));
    assert_eq!(p.blocks[6].kind, BlockKind::AltText);
    assert_eq!(source_of(src, &p, "–"), "&ndash;");
}

#[test]
fn footnotes_references_and_definitions() {
    let src = "Support at no cost[^1].\n\n[^1]: For eligible commercially insured patients.\n";
    let p = md(src);
    assert_eq!(
        texts(&p),
        [
            "Support at no cost[^1].",
            "[^1]: For eligible commercially insured patients."
        ]
    );
    assert_eq!(source_of(src, &p, "[^1]."), "[^1].");
    assert_eq!(source_of(src, &p, "[^1]: For"), "[^1]: For");
}

#[test]
fn skips_code_front_matter_and_collects_comments() {
    let src = "---\ntitle: Detail aid\naudience: hcp  # reviewed\n---\n# Dosing support\n\n```\n24/7 live support\n```\n\n    indented code\n\nUse `24/7` here.\n\n<!-- vouch-ignore availability.always: reason=\"launch 2027\" -->\nOur nurses answer 24/7.\n";
    let p = md(src);
    assert_eq!(p.audience.as_deref(), Some("hcp"));
    assert_eq!(
        texts(&p),
        ["Dosing support", "Use here.", "Our nurses answer 24/7."]
    );
    assert_eq!(p.comments.len(), 1);
    let c = &p.comments[0];
    assert_eq!(
        c.text,
        " vouch-ignore availability.always: reason=\"launch 2027\" "
    );
    assert!(src[c.src.clone()].starts_with("<!--") && src[c.src.clone()].ends_with("-->"));
    // A later `---` pair is not front matter.
    let p = md("Intro\n\n---\naudience: hcp\n---\n");
    assert_eq!(p.audience, None);
}

#[test]
fn raw_html_inside_markdown_is_copy() {
    let src = "<div class=\"callout\">\n<p>Pay as little as <b>$0</b><sup>&dagger;</sup></p>\n<!-- internal note -->\n</div>\n\nText with <sup>*</sup> and <!-- inline --> comment.\n";
    let p = md(src);
    assert_eq!(
        texts(&p),
        ["Pay as little as $0†", "Text with * and comment."]
    );
    assert_eq!(source_of(src, &p, "†"), "&dagger;");
    assert_eq!(
        p.comments
            .iter()
            .map(|c| c.text.as_str())
            .collect::<Vec<_>>(),
        [" internal note ", " inline "]
    );
}

#[test]
fn breaks_become_single_spaces() {
    let src = "Call us\nMonday to Friday  \nor text\\\nanytime.\r\nReally.\n";
    let p = md(src);
    assert_eq!(
        texts(&p),
        ["Call us Monday to Friday or text anytime. Really."]
    );
    let b = &p.blocks[0];
    let at = b.text.find("us Monday").unwrap();
    assert_eq!(&src[b.to_source(at..at + 9)], "us\nMonday");
}

#[test]
fn single_item_list_with_children_is_a_list() {
    let p = md("* Support\n\n  * by phone\n");
    assert_eq!(texts(&p), ["Support", "by phone"]);
    assert!(p.blocks.iter().all(|b| b.kind == BlockKind::ListItem));
}

#[test]
fn html_split_by_quote_markers() {
    let src = "> <p>Ask your\n> nurse <img\n> alt=\"Nurse\">today</p>\n";
    let p = md(src);
    assert_eq!(texts(&p), ["Ask your nurse today"]);
}
