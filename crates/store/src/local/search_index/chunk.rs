//! One stored piece of a posting list: the ascending, distinct `createdAt` values of the
//! orders holding a gram, as varint deltas, sealed with a checksum bound to its key.

use crate::checksum;
use crate::local::records::{StoreError, StoreResult, identity};

/// The record kind named in a damage report.
pub const POSTING: &str = "search index entry";

/// How many values one stored piece holds at most: small enough that adding one order
/// rewrites little, large enough that a common gram is a few hundred pieces.
pub const CAPACITY: usize = 512;

fn gram_name(gram: u64) -> String {
    format!("{gram:016x}")
}

pub fn encode(gram: u64, values: &[i64]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(values.len() * 3 + 12);
    let mut previous: Option<i64> = None;
    for &value in values {
        let delta = match previous {
            // Zigzag: the first value may be negative.
            None => ((value << 1) ^ (value >> 63)) as u64,
            Some(p) => value.wrapping_sub(p) as u64,
        };
        push_varint(&mut bytes, delta);
        previous = Some(value);
    }
    let first = values.first().copied();
    checksum::seal(identity(POSTING, first, &gram_name(gram)), bytes)
}

/// Appends the values of the piece stored under `(gram, first)` to `out`.
pub fn decode_into(gram: u64, first: i64, sealed: &[u8], out: &mut Vec<i64>) -> StoreResult<()> {
    let damaged = || StoreError::damaged(POSTING, &gram_name(gram), "cannot be read; run `smartpay-console reindex`");
    let bytes = checksum::unseal(identity(POSTING, Some(first), &gram_name(gram)), sealed).ok_or_else(damaged)?;
    let mut at = 0;
    let mut previous: Option<i64> = None;
    let start = out.len();
    while at < bytes.len() {
        let (raw, used) = read_varint(&bytes[at..]).ok_or_else(damaged)?;
        at += used;
        let value = match previous {
            None => ((raw >> 1) as i64) ^ -((raw & 1) as i64),
            Some(p) => p.wrapping_add(raw as i64),
        };
        out.push(value);
        previous = Some(value);
    }
    if out.get(start) != Some(&first) {
        return Err(damaged());
    }
    Ok(())
}

fn push_varint(bytes: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        bytes.push((value as u8) | 0x80);
        value >>= 7;
    }
    bytes.push(value as u8);
}

fn read_varint(bytes: &[u8]) -> Option<(u64, usize)> {
    let mut value = 0u64;
    for (n, &byte) in bytes.iter().enumerate().take(10) {
        value |= u64::from(byte & 0x7f) << (7 * n);
        if byte & 0x80 == 0 {
            return Some((value, n + 1));
        }
    }
    None
}

/// Splits ascending values into pieces of at most [`CAPACITY`], as even as possible.
pub fn pieces(values: &[i64]) -> impl Iterator<Item = &[i64]> {
    let count = values.len().div_ceil(CAPACITY).max(1);
    values.chunks(values.len().div_ceil(count).max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_come_back_as_they_went_in_and_damage_is_noticed() {
        let values = vec![-5, 0, 1, 1_700_000_000_000, 1_700_000_000_001, i64::MAX];
        let sealed = encode(42, &values);
        let mut out = Vec::new();
        decode_into(42, -5, &sealed, &mut out).expect("decodes");
        assert_eq!(out, values);
        assert!(decode_into(43, -5, &sealed, &mut Vec::new()).is_err(), "under another gram");
        let mut flipped = sealed.clone();
        flipped[1] ^= 4;
        assert!(decode_into(42, -5, &flipped, &mut Vec::new()).is_err(), "a flipped bit");
    }

    #[test]
    fn pieces_are_even_and_never_over_capacity() {
        let values: Vec<i64> = (0..1100).collect();
        let sizes: Vec<usize> = pieces(&values).map(<[i64]>::len).collect();
        assert_eq!(sizes, vec![367, 367, 366]);
        assert_eq!(pieces(&[]).count(), 0);
    }
}
