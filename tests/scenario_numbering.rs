//! Numbering: no (tipo, serie, numero) collision across users and shards.
//!
//! Property-style: many (series, numeros, users, shards) shapes, bounded in count; for each,
//! every slot's range is checked for overlap against every other slot's range.

use std::collections::BTreeMap;

use nubefact_harness::scenario::{NumberRange, Numbering, NumberingError, Shard};
use rand::{Rng, SeedableRng};

/// Checks that ranges sharing a serie never overlap, and that every range stays inside
/// the numbering space.
fn assert_disjoint(n: &Numbering, ranges: &[(u32, u32, NumberRange)]) {
    let mut by_serie: BTreeMap<u16, Vec<(u32, u32, u32, u32)>> = BTreeMap::new();
    for (shard, user, r) in ranges {
        assert!(r.serie_index >= n.serie_from && r.serie_index <= n.serie_to, "{r:?} outside {n:?}");
        assert!(r.numero_from >= n.numero_from && r.numero_to <= n.numero_to, "{r:?} outside {n:?}");
        assert!(r.numero_from <= r.numero_to, "{r:?} is empty");
        by_serie.entry(r.serie_index).or_default().push((r.numero_from, r.numero_to, *shard, *user));
    }
    for (serie, mut v) in by_serie {
        v.sort();
        for w in v.windows(2) {
            assert!(w[0].1 < w[1].0, "serie {serie}: {:?} overlaps {:?} ({n:?})", w[0], w[1]);
        }
    }
}

fn all_ranges(n: &Numbering, users: u32, shards: u32) -> Result<Vec<(u32, u32, NumberRange)>, NumberingError> {
    let mut out = Vec::new();
    for s in 0..shards {
        let shard = Shard::new(s, shards).unwrap();
        for u in 0..users {
            out.push((s, u, n.range_for(u, users, shard)?));
        }
    }
    Ok(out)
}

#[test]
fn no_two_users_or_shards_ever_share_a_serie_and_numero() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(0x5eed);
    let mut checked = 0;
    for _ in 0..300 {
        let serie_from = rng.random_range(0..=50u16);
        let serie_to = serie_from + rng.random_range(0..=20u16);
        let numero_from = rng.random_range(1..=1000u32);
        let numero_to = numero_from + rng.random_range(0..=5000u32);
        let n = Numbering { serie_from, serie_to, numero_from, numero_to };
        let users = rng.random_range(1..=40u32);
        let shards = rng.random_range(1..=8u32);
        match all_ranges(&n, users, shards) {
            Ok(ranges) => {
                assert_eq!(ranges.len() as u32, users * shards);
                assert_disjoint(&n, &ranges);
                checked += 1;
            }
            // Only when there really are more slots than numbers.
            Err(NumberingError::TooManySlots { slots, series, numeros }) => assert!(slots > series * numeros),
            Err(e) => panic!("{e}"),
        }
    }
    assert!(checked > 250, "too few shapes were checkable: {checked}");
}

#[test]
fn the_documents_a_user_issues_stay_inside_its_range() {
    let n = Numbering::default();
    let (users, shards) = (64, 4);
    let ranges = all_ranges(&n, users, shards).unwrap();
    assert_disjoint(&n, &ranges);
    // Enumerate the first numeros each user would issue and look for any repeated key.
    let mut seen = std::collections::HashSet::new();
    for (_, _, r) in &ranges {
        for k in 0..50 {
            let numero = r.numero(k).unwrap();
            assert!(seen.insert(("1", r.serie('F'), numero)), "duplicate F{} {numero}", r.serie_index);
        }
    }
    // Past the end of a range there is no numero, rather than one that collides.
    let r = ranges[0].2;
    assert_eq!(r.numero(r.len()), None);
    assert_eq!(r.numero(r.len() - 1), Some(r.numero_to));
}

#[test]
fn with_more_slots_than_series_the_numero_range_is_cut_into_parts() {
    let n = Numbering { serie_from: 1, serie_to: 2, numero_from: 1, numero_to: 100 };
    let ranges = all_ranges(&n, 3, 2).unwrap(); // 6 slots, 2 series → 3 parts of 33
    assert_disjoint(&n, &ranges);
    assert!(ranges.iter().all(|(_, _, r)| r.len() == 33));
}

#[test]
fn a_user_outside_the_user_count_gets_an_error_not_a_colliding_range() {
    let n = Numbering::default();
    assert!(matches!(n.range_for(5, 5, Shard::SOLO), Err(NumberingError::UserOutOfRange { .. })));
    let tiny = Numbering { serie_from: 1, serie_to: 1, numero_from: 1, numero_to: 3 };
    assert!(matches!(tiny.range_for(0, 4, Shard::SOLO), Err(NumberingError::TooManySlots { .. })));
}
