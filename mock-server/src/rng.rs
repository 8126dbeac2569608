//! Seeded, lock-free pseudo-randomness for the fake.
//!
//! Owns: the splitmix64 mixer used for faults, latency draws, SUNAT outcomes and link ids.
//! Every draw is a pure function of (seed, stream, index), so concurrent requests cannot
//! change the sequence: request number N always gets the same decision for a given seed.
//! Must not: hold state or locks.

/// One splitmix64 step: a fast, well-mixed 64-bit hash.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A deterministic draw for `(seed, stream, index)`.
pub(crate) fn draw(seed: u64, stream: u64, index: u64) -> u64 {
    mix(mix(seed ^ stream.wrapping_mul(0xA24B_AED4_963E_E407)) ^ index)
}

/// A deterministic uniform draw in `[0, 1)`.
pub(crate) fn unit(seed: u64, stream: u64, index: u64) -> f64 {
    // 53 significant bits give every representable step of an f64 in [0, 1).
    (draw(seed, stream, index) >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_inputs_give_the_same_draw_and_different_indexes_differ() {
        assert_eq!(draw(7, 1, 10), draw(7, 1, 10));
        assert_ne!(draw(7, 1, 10), draw(7, 1, 11));
        assert_ne!(draw(7, 1, 10), draw(8, 1, 10));
        let u = unit(1, 2, 3);
        assert!((0.0..1.0).contains(&u));
    }
}
