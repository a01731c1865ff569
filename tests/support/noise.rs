//! Deterministic noise for hostile-input tests (`e2e/tests/offline.rs`) and
//! the hostile-input table (`examples/hostile.rs`).

/// A deterministic pseudo-random byte stream (xorshift).
pub fn noise(len: usize) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}
