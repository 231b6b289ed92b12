//! Checksums on stored records: every record the console writes (orders, list rows, search
//! entries, idempotency results, journal entries) carries a CRC-32 of its own identity and
//! bytes, so a flipped bit or a record copied under another key is named as damaged instead of
//! being read as money.
//!
//! A sealed record is `payload ‖ crc32(len(id) ‖ id ‖ payload)` (4 bytes, little-endian).

/// The reason every damaged record gives.
pub const MISMATCH: &str = "checksum mismatch";

const TRAILER: usize = 4;

/// One damaged record, as `check` lists it: `kind id reason`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Damage {
    /// order, row, search, idempotency, index, journal or file.
    pub kind: String,
    pub id: String,
    pub reason: String,
}

impl Damage {
    pub fn new(kind: &str, id: &str, reason: impl Into<String>) -> Damage {
        Damage { kind: kind.to_string(), id: id.to_string(), reason: reason.into() }
    }
}

impl std::fmt::Display for Damage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} {}", self.kind, self.id, self.reason)
    }
}

fn digest(id: &[u8], payload: &[u8]) -> u32 {
    let mut hasher = crc32fast::Hasher::new();
    hasher.update(&(id.len() as u64).to_le_bytes());
    hasher.update(id);
    hasher.update(payload);
    hasher.finalize()
}

/// `payload` with its checksum appended, bound to the record's `id`.
pub fn seal(id: &[u8], mut payload: Vec<u8>) -> Vec<u8> {
    let sum = digest(id, &payload);
    payload.extend_from_slice(&sum.to_le_bytes());
    payload
}

/// The payload of a sealed record, or `None` when its checksum does not match.
pub fn unseal<'a>(id: &[u8], sealed: &'a [u8]) -> Option<&'a [u8]> {
    let split = sealed.len().checked_sub(TRAILER)?;
    let (payload, trailer) = sealed.split_at(split);
    let stored = u32::from_le_bytes(trailer.try_into().ok()?);
    (digest(id, payload) == stored).then_some(payload)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_record_opens_only_unchanged_and_under_its_own_id() {
        let sealed = seal(b"order_a", b"amount 1000".to_vec());
        assert_eq!(unseal(b"order_a", &sealed), Some(&b"amount 1000"[..]));
        assert_eq!(unseal(b"order_b", &sealed), None, "moved under another id");
        for bit in 0..sealed.len() * 8 {
            let mut flipped = sealed.clone();
            flipped[bit / 8] ^= 1 << (bit % 8);
            assert_eq!(unseal(b"order_a", &flipped), None, "bit {bit} flipped went unnoticed");
        }
        assert_eq!(unseal(b"order_a", &sealed[..3]), None, "too short to hold a checksum");
    }
}
