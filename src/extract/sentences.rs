//! Sentence splitting for one block's text: a rule-based splitter tuned for marketing copy
//! (footnote markers after the period, prices, phone numbers, times, abbreviations).

use std::ops::Range;

/// Words that end in a period without ending a sentence (compared lower case, without the
/// final period).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "inc", "ltd", "co", "corp", "vs", "etc", "e.g", "i.e", "a.m",
    "p.m", "u.s", "u.s.a", "approx", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat",
    "sun", "ave", "blvd", "dept", "jr", "sr", "ph", "fig", "ref", "est", "min", "max",
];

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// What may follow a terminator and still belong to its sentence: closing quotes and
/// brackets, footnote markers, superscript digits.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '”'
            | '’'
            | ')'
            | ']'
            | '}'
            | '*'
            | '†'
            | '‡'
            | '§'
            | '¶'
            | '¹'
            | '²'
            | '³'
            | '⁰'..='⁹'
    )
}

/// What a new sentence may start with.
fn starts_sentence(c: char) -> bool {
    c.is_uppercase()
        || c.is_ascii_digit()
        || matches!(
            c,
            '"' | '\'' | '“' | '‘' | '(' | '[' | '$' | '¿' | '¡' | '*' | '†' | '‡' | '§' | '¶'
        )
}

/// Longest abbreviation, initials included, in characters.
const LONGEST_ABBREVIATION: usize = 6;

/// Whether the period at byte `dot` ends an abbreviation rather than a sentence.
fn is_abbreviation(text: &str, dot: usize, next: char) -> bool {
    let before = &text[..dot];
    // Looks no further back than the longest abbreviation: a machine-made run of letters and
    // periods ("a.a.a.…") would otherwise be walked once per period.
    let mut word_start = dot;
    let mut chars = 0;
    for (i, c) in before.char_indices().rev() {
        if !(c.is_alphabetic() || c == '.') {
            break;
        }
        chars += 1;
        if chars > LONGEST_ABBREVIATION {
            return false;
        }
        word_start = i;
    }
    let word = &before[word_start..];
    if word.is_empty() {
        return false;
    }
    // Initials ("J. Smith") and "No. 5".
    if chars == 1 || (word.eq_ignore_ascii_case("no") && next.is_ascii_digit()) {
        return true;
    }
    // Compared without allocating: this runs at every period of every file.
    if word.is_ascii() {
        ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
    } else {
        ABBREVIATIONS.contains(&word.to_lowercase().as_str())
    }
}

/// Longest sentence, in bytes. Real sentences, long safety statements included, are well
/// under it; a machine-made run of text with no terminator (a minified page, a generated
/// dump) is cut into pieces of this size at spaces, so that the work and memory each
/// promise costs (its sentence is kept as evidence) stay bounded.
pub const MAX_SENTENCE: usize = 2048;

/// Splits a block's text into sentences: trimmed, non-empty byte ranges in order, none
/// longer than [`MAX_SENTENCE`].
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut pos = 0;
    while let Some(k) = next_terminator(text, pos) {
        let first = text[k..]
            .chars()
            .next()
            .expect("a terminator was found here");
        // The cluster of terminators and closers after it ("?!", ".)", ".*").
        let mut last_terminator = (k, first);
        let mut m = k + first.len_utf8();
        loop {
            // A footnote reference after the period ("fill.[^1] Our …", Word's place for
            // it) belongs to the sentence it follows, not to the next one.
            if let Some(len) = footnote_reference_len(&text[m..]) {
                m += len;
                continue;
            }
            let Some(c) = text[m..].chars().next() else {
                break;
            };
            if is_terminator(c) {
                last_terminator = (m, c);
            } else if !is_closer(c) {
                break;
            }
            m += c.len_utf8();
        }
        let w = m + (text[m..].len() - text[m..].trim_start().len());
        let next = text[w..].chars().next();
        // The last terminator of the cluster decides about abbreviations ("etc.)").
        let abbreviation = || match (last_terminator, next) {
            ((d, '.'), Some(next)) => is_abbreviation(text, d, next),
            _ => false,
        };
        if w > m && next.is_some_and(starts_sentence) && !abbreviation() {
            push_trimmed(&mut out, text, start..m);
            start = w;
            pos = w;
        } else {
            pos = m;
        }
    }
    push_trimmed(&mut out, text, start..text.len());
    out
}

/// Longest footnote label kept with the sentence before it, in bytes.
const LONGEST_FOOTNOTE_LABEL: usize = 16;

/// The length of the footnote reference `text` starts with: `[^label]` (Markdown, and how
/// Word and PowerPoint notes are written) or a bracketed citation number (`[2]`).
fn footnote_reference_len(text: &str) -> Option<usize> {
    let rest = text.strip_prefix('[')?;
    let (label, caret) = match rest.strip_prefix('^') {
        Some(label) => (label, 1),
        None => (rest, 0),
    };
    let len = label
        .bytes()
        .take(LONGEST_FOOTNOTE_LABEL + 1)
        .position(|b| b == b']')?;
    let label = &label[..len];
    let fits = if caret == 1 {
        label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
    } else {
        label.bytes().all(|b| b.is_ascii_digit())
    };
    (len > 0 && fits).then_some(1 + caret + len + 1)
}

/// The byte offset of the first terminator at or after `from`. Searches bytes rather than
/// decoding characters: `.`, `!` and `?` by memchr, then `…` before them, whose first
/// byte (0xE2) the curly quotes and dashes share.
fn next_terminator(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let stop = memchr::memchr3(b'.', b'!', b'?', &bytes[from..]).map(|at| from + at);
    let mut at = from;
    while let Some(found) = memchr::memchr(0xE2, &bytes[at..stop.unwrap_or(bytes.len())]) {
        let k = at + found;
        if text[k..].starts_with('…') {
            return Some(k);
        }
        at = k + 1;
    }
    stop
}

fn push_trimmed(out: &mut Vec<Range<usize>>, text: &str, range: Range<usize>) {
    let s = &text[range.clone()];
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    if trimmed.is_empty() {
        return;
    }
    let mut start = range.start + lead;
    let end = start + trimmed.len();
    while end - start > MAX_SENTENCE {
        let window_end = crate::diag::floor_boundary(text, start + MAX_SENTENCE);
        let cut = overlong_cut(&text[start..window_end]);
        let piece = text[start..start + cut].trim_end();
        out.push(start..start + piece.len());
        let rest = &text[start + cut..end];
        start = end - rest.trim_start().len();
    }
    out.push(start..end);
}

/// Where to cut an overlong sentence: after the last space in the second half of `window`,
/// else at its end (a run with no spaces at all; `window` ends on a character boundary).
fn overlong_cut(window: &str) -> usize {
    let half = window.len() / 2;
    match window.as_bytes()[half..]
        .iter()
        .rposition(|b| b.is_ascii_whitespace())
    {
        Some(space) => half + space + 1,
        None => window.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::{is_terminator, next_terminator, sentences, MAX_SENTENCE};

    #[test]
    fn next_terminator_is_the_first_terminating_character() {
        // Ellipses among the other characters that start with its first byte.
        let pieces = ["a", ".", "!", "?", "…", "“", "–", "†", " ", "é", "€"];
        for text in crate::testing::texts_of(&pieces, 24, 3000) {
            for (from, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let expected = text[from..]
                    .char_indices()
                    .find(|&(_, c)| is_terminator(c))
                    .map(|(at, _)| from + at);
                assert_eq!(
                    next_terminator(&text, from),
                    expected,
                    "{text:?} from {from}"
                );
            }
        }
    }

    fn split(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn splits_after_terminators_and_markers() {
        assert_eq!(
            split("Pay as little as $0 per fill.* Eligibility applies. Call now!"),
            [
                "Pay as little as $0 per fill.*",
                "Eligibility applies.",
                "Call now!"
            ]
        );
        assert_eq!(
            split("Questions? \"We answer.\" (Really.) Yes."),
            ["Questions?", "\"We answer.\"", "(Really.)", "Yes."]
        );
        assert_eq!(
            split("Support is free.† $0 copay."),
            ["Support is free.†", "$0 copay."]
        );
        // Footnote references after the period stay with their sentence.
        assert_eq!(
            split("Pay $0 per fill.[^1] Our nurses answer 24/7.[^note-2] See below.[3] Yes."),
            [
                "Pay $0 per fill.[^1]",
                "Our nurses answer 24/7.[^note-2]",
                "See below.[3]",
                "Yes."
            ]
        );
        // Not a reference: a bracket that is a link or a word starts the next sentence
        // only after a space, as before.
        assert_eq!(
            split("Call now.[Learn more] here. Done.[^] Ok.[^a b] Go."),
            ["Call now.[Learn more] here.", "Done.[^] Ok.[^a b] Go."]
        );
    }

    #[test]
    fn keeps_abbreviations_and_numbers() {
        assert_eq!(
            split("Call 1-800-555-0100, Mon. through Fri., 8 a.m. to 8 p.m. ET. Pay $1.50 at 8.30 today."),
            ["Call 1-800-555-0100, Mon. through Fri., 8 a.m. to 8 p.m. ET.", "Pay $1.50 at 8.30 today."]
        );
        assert_eq!(
            split("Dr. Smith and Co. Inc. staff help U.S. patients, e.g. You."),
            ["Dr. Smith and Co. Inc. staff help U.S. patients, e.g. You."]
        );
        assert_eq!(
            split("See No. 5 below. No. We do not."),
            ["See No. 5 below.", "No.", "We do not."]
        );
        assert_eq!(split("lower case. continues"), ["lower case. continues"]);
    }

    #[test]
    fn an_overlong_sentence_is_cut_at_spaces_into_bounded_pieces() {
        let text = "our nurses answer 24/7 and ".repeat(400);
        let pieces = sentences(&text);
        assert!(pieces.len() > 1, "{} bytes in one sentence", text.len());
        for (i, range) in pieces.iter().enumerate() {
            assert!(
                range.len() <= MAX_SENTENCE,
                "piece {i}: {} bytes",
                range.len()
            );
            let piece = &text[range.clone()];
            assert_eq!(piece, piece.trim(), "piece {i} is trimmed");
            assert!(
                piece.starts_with("our ")
                    || piece.starts_with("nurses ")
                    || piece.starts_with("answer ")
                    || piece.starts_with("24/7 ")
                    || piece.starts_with("and "),
                "piece {i} starts mid-word: {piece:.20}"
            );
        }
        // Nothing is lost: the pieces cover every word, in order.
        let words: Vec<&str> = pieces
            .iter()
            .flat_map(|r| text[r.clone()].split_whitespace())
            .collect();
        assert_eq!(words, text.split_whitespace().collect::<Vec<_>>());
        // A run with no spaces is cut at character boundaries, whatever their width.
        for ch in ["é", "─", "😀", "a"] {
            let run = ch.repeat(MAX_SENTENCE);
            let pieces = split(&run);
            assert_eq!(pieces.concat(), run, "{ch}");
            assert!(pieces.iter().all(|p| p.len() <= MAX_SENTENCE), "{ch}");
            // And after a space in the first half, which is not a good place to cut.
            let run = format!("x {}", ch.repeat(MAX_SENTENCE));
            assert_eq!(
                split(&run).concat().replace(' ', ""),
                run.replace(' ', ""),
                "{ch}"
            );
        }
    }

    #[test]
    fn a_run_of_letters_and_periods_is_split_in_linear_time() {
        // Each period used to walk back over the whole run to look for an abbreviation.
        let text = "a.".repeat(200_000);
        let pieces = split(&text);
        assert_eq!(pieces.concat(), text);
    }

    #[test]
    fn trims_and_handles_edges() {
        assert!(split("").is_empty());
        assert!(split("   ").is_empty());
        assert_eq!(split("  Hi. There  "), ["Hi.", "There"]);
        assert_eq!(split("Ünïcödé ok. Ça va."), ["Ünïcödé ok.", "Ça va."]);
        assert_eq!(split("Wait... What?! Yes"), ["Wait...", "What?!", "Yes"]);
        // The ellipsis shares its first byte with the curly quotes.
        assert_eq!(
            split("It’s “here”… Then ‘go’. Now"),
            ["It’s “here”…", "Then ‘go’.", "Now"]
        );
    }
}
