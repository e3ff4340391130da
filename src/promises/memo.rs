//! What a sentence promises, remembered by its text.
//!
//! A content library repeats itself: the safety information, the footer, the support line
//! and the co-pay offer appear on every page, word for word. What a sentence promises
//! depends on its text alone (its footnotes, the sentence after it and its table row are
//! added per place), so a sentence met again is not read again.
//!
//! Most sentences of most copy are met once, though, and keeping each would only churn the
//! memory the matchers' tables need in cache: a sentence is remembered the second time it
//! is met (a small table of hashes says whether it was seen before).

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::{Arc, Mutex};

use foldhash::fast::RandomState;

/// Independent locks, so threads reading different sentences do not wait for each other.
const SHARDS: usize = 16;

/// Bytes a memo may hold by default (sentences and what was worked out from them,
/// estimated): a shard over its share is emptied, so memory stays flat however large the
/// library. Boilerplate is a few thousand sentences; this holds tens of thousands.
pub const DEFAULT_BUDGET: usize = 8 << 20;

/// Hashes of sentences met once, per shard: a sentence whose hash is here when it is met
/// again is remembered.
const SEEN_SLOTS: usize = 4096;

/// An answer's size in bytes, roughly, to keep the memo within its budget.
pub trait Weigh {
    fn weight(&self) -> usize;
}

impl Weigh for bool {
    fn weight(&self) -> usize {
        0
    }
}

/// A bounded map from a sentence's text to what was worked out from it.
pub struct Memo<V> {
    hasher: RandomState,
    shards: Box<[Mutex<Shard<V>>]>,
    budget: usize,
}

struct Shard<V> {
    answers: HashMap<Box<str>, Arc<V>, RandomState>,
    bytes: usize,
    seen: Vec<u64>,
}

impl<V> Memo<V> {
    /// A memo holding up to [`DEFAULT_BUDGET`] bytes.
    pub fn new() -> Memo<V> {
        Memo::with_budget(DEFAULT_BUDGET)
    }

    /// A memo that remembers nothing: every sentence is worked out afresh.
    pub fn off() -> Memo<V> {
        Memo::with_budget(0)
    }

    /// A memo holding up to `total` bytes (estimated).
    pub fn with_budget(total: usize) -> Memo<V> {
        let budget = total / SHARDS;
        Memo {
            hasher: Default::default(),
            shards: (0..SHARDS)
                .map(|_| {
                    Mutex::new(Shard {
                        answers: HashMap::default(),
                        bytes: 0,
                        seen: Vec::new(),
                    })
                })
                .collect(),
            budget,
        }
    }
}

impl<V: Weigh> Memo<V> {
    /// The answer for `text`, worked out by `work` unless remembered. `work` runs without a
    /// lock held; two threads meeting a new sentence at once may both work it out.
    pub fn get_or_insert_with(&self, text: &str, work: impl FnOnce() -> V) -> Arc<V> {
        if self.budget == 0 {
            return Arc::new(work());
        }
        let hash = self.hasher.hash_one(text);
        let shard = &self.shards[hash as usize % SHARDS];
        {
            let mut shard = lock(shard);
            if let Some(answer) = shard.answers.get(text) {
                return Arc::clone(answer);
            }
            if shard.seen.is_empty() {
                shard.seen = vec![0; SEEN_SLOTS];
            }
            let slot = &mut shard.seen[(hash / SHARDS as u64) as usize % SEEN_SLOTS];
            if *slot != hash {
                // Met for the first time (as far as the table knows): not kept.
                *slot = hash;
                drop(shard);
                return Arc::new(work());
            }
        }
        let answer = Arc::new(work());
        let weight = text.len() + answer.weight() + 64;
        let mut shard = lock(shard);
        if shard.bytes + weight > self.budget {
            // Emptied rather than evicted one by one: what repeats is met again soon
            // and comes back, and the bookkeeping of a true LRU would cost every lookup.
            shard.answers.clear();
            shard.answers.shrink_to_fit();
            shard.bytes = 0;
        }
        if weight <= self.budget {
            shard.bytes += weight;
            shard.answers.insert(text.into(), Arc::clone(&answer));
        }
        answer
    }
}

fn lock<V>(shard: &Mutex<Shard<V>>) -> std::sync::MutexGuard<'_, Shard<V>> {
    // A panic elsewhere cannot leave a shard half-updated in a way that matters: at worst
    // an answer is missing and is worked out again.
    shard
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl<V> Default for Memo<V> {
    fn default() -> Self {
        Memo::new()
    }
}

impl<V> std::fmt::Debug for Memo<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Memo")
            .field("budget", &self.budget)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    impl Weigh for String {
        fn weight(&self) -> usize {
            self.len()
        }
    }

    #[test]
    fn a_sentence_met_again_is_remembered() {
        let memo: Memo<String> = Memo::new();
        let runs = Cell::new(0);
        let work = || {
            runs.set(runs.get() + 1);
            "answer".to_string()
        };
        for _ in 0..5 {
            assert_eq!(*memo.get_or_insert_with("Call us 24/7.", work), "answer");
        }
        assert_eq!(runs.get(), 2, "worked out when first met and when kept");
        memo.get_or_insert_with("Another sentence.", work);
        assert_eq!(runs.get(), 3);
    }

    #[test]
    fn sentences_met_once_are_not_kept() {
        let memo: Memo<String> = Memo::new();
        for i in 0..10_000 {
            memo.get_or_insert_with(&format!("Sentence {i}."), String::new);
        }
        assert!(memo.shards.iter().all(|s| lock(s).answers.is_empty()));
    }

    #[test]
    fn an_off_memo_remembers_nothing() {
        let memo: Memo<String> = Memo::off();
        let runs = Cell::new(0);
        for _ in 0..3 {
            memo.get_or_insert_with("Call us 24/7.", || {
                runs.set(runs.get() + 1);
                String::new()
            });
        }
        assert_eq!(runs.get(), 3);
    }

    #[test]
    fn memory_stays_within_the_budget() {
        let memo: Memo<String> = Memo::new();
        let shard_budget = DEFAULT_BUDGET / SHARDS;
        for i in 0..200_000 {
            for _ in 0..2 {
                memo.get_or_insert_with(&format!("Sentence number {i} of a long library."), || {
                    "x".repeat(100)
                });
            }
        }
        for shard in memo.shards.iter() {
            assert!(lock(shard).bytes <= shard_budget);
        }
        // An answer larger than a shard is returned but not kept.
        memo.get_or_insert_with("huge", String::new);
        let big = memo.get_or_insert_with("huge", || "x".repeat(shard_budget * 2));
        assert_eq!(big.len(), shard_budget * 2);
        assert!(memo
            .shards
            .iter()
            .all(|s| !lock(s).answers.contains_key("huge")));
    }
}
