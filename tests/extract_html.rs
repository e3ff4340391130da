//! HTML extraction: structure, entities, skipped content and malformed input.
#[path = "extract_support.rs"]
mod support;

use support::{checked, source_of, texts};
use vouch::extract::{BlockKind, Format};

fn html(source: &str) -> vouch::extract::Prose {
    checked(Format::Html, source)
}

const PAGE: &str = r#"<!DOCTYPE html>
<html><head>
  <title>CareBridge 24/7</title>
  <meta name="audience" content="hcp">
  <style>p { content: "24/7 support"; }</style>
  <script>var s = "<p>dedicated nurse</p>"; if (a < b) {}</script>
</head>
<body>
  <h1>CareBridge&reg; Patient Support</h1>
  <p>Pay as little as $0 per fill&dagger;.
     Call <a href="tel:18005550100"><strong>1-800-555-0100</strong></a>,
     Monday&ndash;Friday.</p>
  <!-- vouch-ignore cost.floor: reason="legal approved" -->
  <ul><li>Nurse Educators<li>Care Coordinators</ul>
  <table><tr><th>Service</th><td>Hours</td></tr></table>
  <img src="nurse.jpg" alt="Nurse &amp; patient">
  <noscript><p>Enable JavaScript</p></noscript>
  <p class="fine">&dagger;Eligibility restrictions apply.</p>
</body></html>
"#;

#[test]
fn page_structure_and_kinds() {
    let p = html(PAGE);
    assert_eq!(
        texts(&p),
        [
            "CareBridge® Patient Support",
            "Pay as little as $0 per fill†. Call 1-800-555-0100, Monday–Friday.",
            "Nurse Educators",
            "Care Coordinators",
            "Service",
            "Hours",
            "Nurse & patient",
            "†Eligibility restrictions apply.",
        ]
    );
    let kinds: Vec<_> = p.blocks.iter().map(|b| b.kind).collect();
    use BlockKind::*;
    assert_eq!(
        kinds,
        [Heading, Paragraph, ListItem, ListItem, TableCell, TableCell, AltText, Paragraph]
    );
    assert_eq!(p.audience.as_deref(), Some("hcp"));
    assert_eq!(p.comments.len(), 1);
    assert_eq!(
        p.comments[0].text,
        " vouch-ignore cost.floor: reason=\"legal approved\" "
    );
    assert_eq!(source_of(PAGE, &p, "†"), "&dagger;");
    assert_eq!(source_of(PAGE, &p, "1-800-555-0100"), "1-800-555-0100");
    assert_eq!(source_of(PAGE, &p, "patient"), "patient");
    // Whitespace across a line break collapses to one space mapped to the whole run.
    assert_eq!(source_of(PAGE, &p, "†. Call"), "&dagger;.\n     Call");
}

#[test]
fn entities() {
    let src = "<p>&#8224; &#x2020; &copy;&trade; &nbsp;&nbsp;x&shy;y &bogus; &amp &#0; &#x110000; 5&lt;6 &frac12;</p>";
    let p = html(src);
    assert_eq!(
        texts(&p),
        ["† † ©™ xy &bogus; &amp \u{fffd} \u{fffd} 5<6 ½"]
    );
    assert_eq!(source_of(src, &p, "&bogus;"), "&bogus;");
}

#[test]
fn malformed_input_never_panics() {
    let cases = [
        "<p>unclosed <b>bold",
        "a < b and c > d, 3<4",
        "<a title=\"x > y\">link</a> after",
        "<P>UPPER</P><DIV>Case</DIV>",
        "<!-- never closed <p>hidden</p>",
        "<script>never closed <p>hidden</p>",
        "<p>cut off <a href=\"x",
        "<p>cut off <a href",
        "</>  </ p> <//> <!x> <?php ?> text",
        "<img alt='>' src=x>after",
        "<!--><p>a</p><!---><p>b</p>",
        "&#; &#x; &; &#99999999999999999999; &",
        "<br/><hr><br>x</br>y",
        "<head>no body tag<p>shown</p>",
        "<html><head><meta name=audience content=\"consumer\"></head><p>x</p>",
    ];
    for case in cases {
        html(case);
    }
    assert_eq!(
        texts(&html("a < b and c > d, 3<4")),
        ["a < b and c > d, 3<4"]
    );
    assert_eq!(
        texts(&html("<a title=\"x > y\">link</a> after")),
        ["link after"]
    );
    assert_eq!(
        texts(&html("<P>UPPER</P><DIV>Case</DIV>")),
        ["UPPER", "Case"]
    );
    assert!(texts(&html("<script>never closed <p>hidden</p>")).is_empty());
    let p = html("<!-- never closed <p>hidden</p>");
    assert!(p.blocks.is_empty());
    assert_eq!(p.comments.len(), 1);
    assert_eq!(texts(&html("<p>cut off <a href=\"x")), ["cut off"]);
    assert_eq!(texts(&html("<!--><p>a</p><!---><p>b</p>")), ["a", "b"]);
    assert_eq!(texts(&html("<br/><hr><br>x</br>y")), ["x", "y"]);
    assert_eq!(
        texts(&html("<head>no body tag<p>shown</p>")),
        ["no body tag", "shown"]
    );
    assert_eq!(
        html("<html><head><meta name=audience content=\"consumer\"></head><p>x</p>")
            .audience
            .as_deref(),
        Some("consumer")
    );
    assert_eq!(texts(&html("<img alt='>' src=x>after")), [">", "after"]);
}

#[test]
fn deep_nesting_is_linear_and_safe() {
    let n = 100_000;
    let src = format!(
        "{}deep copy{}",
        "<div><span>".repeat(n),
        "</span></div>".repeat(n)
    );
    let start = std::time::Instant::now();
    let p = html(&src);
    assert_eq!(texts(&p), ["deep copy"]);
    // Unmatched end tags must not search the stack each time.
    let src = format!("{}x{}", "<div>".repeat(n), "</p></li>".repeat(n));
    html(&src);
    let src = "<a ".repeat(n) + &"<!--".repeat(n) + &"<".repeat(n) + &"&#".repeat(n);
    html(&src);
    assert!(
        start.elapsed().as_secs() < 20,
        "too slow: {:?}",
        start.elapsed()
    );
}

#[test]
fn inline_tags_do_not_split_blocks() {
    let src = "<p>Pay as little as $0<sup>*</sup> per fill with <em>CareBridge</em><small>&trade;</small></p><p><small>*Restrictions apply.</small></p>";
    let p = html(src);
    assert_eq!(
        texts(&p),
        [
            "Pay as little as $0* per fill with CareBridge™",
            "*Restrictions apply."
        ]
    );
}
