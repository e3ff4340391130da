//! Helpers for the unit tests.

/// `count` texts, each up to `longest` pieces drawn from `pieces` by a fixed-seed
/// xorshift: the same texts on every run, so a failure can be replayed.
pub fn texts_of(pieces: &[&str], longest: u64, count: usize) -> Vec<String> {
    let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    (0..count)
        .map(|_| {
            let len = next() % (longest + 1);
            (0..len)
                .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                .collect()
        })
        .collect()
}
