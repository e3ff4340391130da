//! A word found in text in any ASCII case without lower-casing the text.

/// A word looked for in ASCII text in any case, by its rarest letter: memchr stops at
/// every occurrence of the byte it looks for, and in prose a common first letter ("r" of
/// "restrictions") stops it every few bytes.
#[derive(Debug, Clone)]
pub struct Anchor {
    word: String,
    /// Where in `word` its rarest letter is.
    rare_at: usize,
}

impl Anchor {
    pub fn new(word: &str) -> Anchor {
        // English letters from most to least frequent; other bytes count as rare.
        const BY_FREQUENCY: &[u8] = b"etaoinsrhldcumfpgwybvkxjqz";
        let rank = |b: &u8| {
            BY_FREQUENCY
                .iter()
                .position(|&f| f == b.to_ascii_lowercase())
                .unwrap_or(BY_FREQUENCY.len())
        };
        let rare_at = word
            .as_bytes()
            .iter()
            .enumerate()
            .max_by_key(|&(at, b)| (rank(b), std::cmp::Reverse(at)))
            .map_or(0, |(at, _)| at);
        Anchor {
            word: word.to_string(),
            rare_at,
        }
    }

    /// The word, as given.
    pub fn word(&self) -> &str {
        &self.word
    }

    /// Whether `haystack` contains the word, ignoring ASCII case.
    pub fn is_in(&self, haystack: &str) -> bool {
        let (hay, word) = (haystack.as_bytes(), self.word.as_bytes());
        let Some(&rare) = word.get(self.rare_at) else {
            return true;
        };
        let (lower, upper) = (rare.to_ascii_lowercase(), rare.to_ascii_uppercase());
        let mut from = self.rare_at;
        while let Some(found) = hay
            .get(from..)
            .and_then(|rest| memchr::memchr2(lower, upper, rest))
        {
            let start = from + found - self.rare_at;
            if hay
                .get(start..start + word.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(word))
            {
                return true;
            }
            from += found + 1;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_anchor_is_found_in_any_case_wherever_its_rare_letter_falls() {
        for word in ["restrictions", "Apply", "x", "zq"] {
            let anchor = Anchor::new(word);
            // The word whole in either case, cut short at either end, and letters around.
            let (upper, lower) = (word.to_ascii_uppercase(), word.to_ascii_lowercase());
            let (head, tail) = (&word[..word.len() - 1], &word[1..]);
            let pieces = [&upper, &lower, head, tail, "x", " ", "c", "S", "Q", "re"];
            let mut found = 0;
            for hay in crate::testing::texts_of(&pieces, 16, 3000) {
                let expected = hay.to_ascii_lowercase().contains(&lower);
                assert_eq!(anchor.is_in(&hay), expected, "{word:?} in {hay:?}");
                found += usize::from(expected);
            }
            assert!(found > 300, "{word:?} was in only {found} texts");
        }
    }
}
