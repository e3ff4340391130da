//! Plain-text extraction and the line index.
#[path = "extract_support.rs"]
mod support;

use support::{checked, source_of, texts};
use vouch::extract::{BlockKind, Format, LineIndex};

fn txt(source: &str) -> vouch::extract::Prose {
    checked(Format::Text, source)
}

#[test]
fn paragraphs_bullets_and_breaks() {
    let src = "CareBridge Patient Support\r\n\r\nOur Nurse Educators answer\r\nMonday to Friday.\r\n\r\nWhat you get:\r\n- A Care Coordinator\r\n  who calls you\r\n• Copay help\r\n1. Enroll\r\n2) Save\r\n– Reminders\r\n";
    let p = txt(src);
    assert_eq!(
        texts(&p),
        [
            "CareBridge Patient Support",
            "Our Nurse Educators answer Monday to Friday.",
            "What you get:",
            "A Care Coordinator who calls you",
            "Copay help",
            "Enroll",
            "Save",
            "Reminders",
        ]
    );
    assert!(p.blocks[3..].iter().all(|b| b.kind == BlockKind::ListItem));
    assert_eq!(source_of(src, &p, "answer Monday"), "answer\r\nMonday");
    // Not bullets: a negative number, a year, a starred word.
    let p = txt("-5% off\n2026. A year\n*Terms apply\n");
    assert_eq!(texts(&p), ["-5% off 2026. A year *Terms apply"]);
}

#[test]
fn lone_star_line_is_fine_print() {
    let src = "Pay as little as $0 per fill*\n\n* Eligibility restrictions apply.\n";
    let p = txt(src);
    assert_eq!(
        texts(&p),
        [
            "Pay as little as $0 per fill*",
            "* Eligibility restrictions apply."
        ]
    );
    assert_eq!(p.blocks[1].kind, BlockKind::Paragraph);
    assert_eq!(source_of(src, &p, "* Eligibility"), "* Eligibility");
    let p = txt("* Phone support\n* Chat support\n");
    assert_eq!(texts(&p), ["Phone support", "Chat support"]);
    assert!(p.blocks.iter().all(|b| b.kind == BlockKind::ListItem));
}

#[test]
fn comment_lines() {
    let src = "  <!-- vouch-ignore availability.always: reason=\"pilot\" -->\nAvailable 24/7.\n# vouch-ignore channel.sms: reason=\"x\"\n// vouch-ignore a\nvouch-ignore b\n<!-- multi\nline -->\nText us anytime.\n";
    let p = txt(src);
    assert_eq!(texts(&p), ["Available 24/7.", "Text us anytime."]);
    let comments: Vec<_> = p.comments.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        comments,
        [
            " vouch-ignore availability.always: reason=\"pilot\" ",
            "vouch-ignore channel.sms: reason=\"x\"",
            "vouch-ignore a",
            "vouch-ignore b",
            " multi\nline "
        ]
    );
    assert_eq!(
        &src[p.comments[0].src.clone()],
        "<!-- vouch-ignore availability.always: reason=\"pilot\" -->"
    );
    assert_eq!(&src[p.comments[4].src.clone()], "<!-- multi\nline -->");
}

#[test]
fn line_index_counts_chars() {
    let src = "ab\ncafé ok\n\n†x";
    let idx = LineIndex::new(src);
    assert_eq!(idx.line_col(0), (1, 1));
    assert_eq!(idx.line_col(2), (1, 3));
    assert_eq!(idx.line_col(3), (2, 1));
    assert_eq!(idx.line_col(src.find(" ok").unwrap()), (2, 5));
    assert_eq!(idx.line_col(src.find('x').unwrap()), (4, 2));
    assert_eq!(idx.line_col(src.len() + 10), (4, 3));
    // Agrees with a naive count everywhere, wherever multi-byte characters fall among the
    // eight-byte blocks the index reads at once.
    let long: String = (0..40)
        .map(|i| ["é", "†x", "ab\n", "😀", "plain ", "\n"][i * 7 % 6])
        .collect();
    for src in [
        src,
        long.as_str(),
        &format!("x{long}"),
        &format!("xyz{long}"),
    ] {
        let idx = LineIndex::new(src);
        for (off, _) in src.char_indices() {
            let before = &src[..off];
            let line = before.matches('\n').count() + 1;
            let col = before.rsplit('\n').next().unwrap().chars().count() + 1;
            assert_eq!(idx.line_col(off), (line, col), "{off} in {src:?}");
        }
    }
}
