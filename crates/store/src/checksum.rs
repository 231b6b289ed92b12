//! Checksums on stored records: every record the console writes (orders, list rows, search
//! entries, idempotency results, journal entries) carries a CRC-32 of its own identity and
//! bytes, so a flipped bit or a record copied under another key is named as damaged instead of
//! being read as money.
//!
//! A sealed record is `payload ‖ crc32(identity ‖ payload)` (4 bytes, little-endian), where the
//! identity is the record's kind, creation time (where its key has one) and id.

/// The reason every damaged record gives.
pub const MISMATCH: &str = "checksum mismatch";

/// The kinds of record, as `check` names them.
pub const ORDER: &str = "order";
pub const ROW: &str = "row";
pub const SEARCH_ENTRY: &str = "search";
pub const IDEMPOTENCY_RESULT: &str = "idempotency";
pub const INDEX: &str = "index";

/// `order ID is damaged: checksum mismatch` in `lang`: the kind of record and the store's own
/// reason in its words when the store named them, any other detail as it came.
pub fn damage_text(what: &str, id: &str, detail: &str, lang: smartpay_i18n::Lang) -> String {
    use smartpay_i18n::Message;
    use smartpay_i18n::sentences::ErrorText as T;
    let what = match what {
        ORDER => T::RecordOrder.text(lang),
        ROW => T::RecordRow.text(lang),
        SEARCH_ENTRY => T::RecordSearch.text(lang),
        IDEMPOTENCY_RESULT => T::RecordIdempotency.text(lang),
        INDEX => T::RecordIndex.text(lang),
        other => other,
    };
    let detail = if detail == MISMATCH { T::ChecksumMismatch.text(lang) } else { detail };
    T::Damaged.fill(lang, &[("what", &what), ("id", &id), ("detail", &detail)])
}

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
    /// `kind id reason`. A damaged key can hold any byte: control characters in the id are
    /// shown escaped (`\u{1b}`), never sent raw to a terminal.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} {}", self.kind, printable(&self.id), self.reason)
    }
}

/// A key read from a damaged record, fit for a terminal: control characters and the
/// bidirectional overrides and isolates escaped.
pub fn printable(id: &str) -> String {
    crate::text::escaped(id).into_owned()
}

/// What a record's checksum is bound to, so that a record found under another key (a flipped
/// key byte, a record copied elsewhere) does not verify either. Hashed in place: verifying a
/// million search entries allocates nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Identity<'a> {
    /// The kind of record (`order`, `row`, `journal` …).
    pub kind: &'static str,
    /// The creation time in the record's key, where the key has one.
    pub created: Option<i64>,
    pub id: &'a str,
}

fn digest(identity: Identity<'_>, payload: &[u8]) -> u32 {
    let mut hasher = crc32fast::Hasher::new();
    hasher.update(identity.kind.as_bytes());
    hasher.update(&[0]);
    if let Some(created) = identity.created {
        hasher.update(&created.to_le_bytes());
    }
    hasher.update(&(identity.id.len() as u64).to_le_bytes());
    hasher.update(identity.id.as_bytes());
    hasher.update(payload);
    hasher.finalize()
}

/// `payload` with its checksum appended, bound to the record's identity.
pub fn seal(identity: Identity<'_>, mut payload: Vec<u8>) -> Vec<u8> {
    let sum = digest(identity, &payload);
    payload.extend_from_slice(&sum.to_le_bytes());
    payload
}

/// The payload of a sealed record, or `None` when its checksum does not match.
pub fn unseal<'a>(identity: Identity<'_>, sealed: &'a [u8]) -> Option<&'a [u8]> {
    let split = sealed.len().checked_sub(TRAILER)?;
    let (payload, trailer) = sealed.split_at(split);
    let stored = u32::from_le_bytes(trailer.try_into().ok()?);
    (digest(identity, payload) == stored).then_some(payload)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(id: &str, created: i64) -> Identity<'_> {
        Identity { kind: "order", created: Some(created), id }
    }

    #[test]
    fn a_damaged_id_reaches_a_terminal_escaped() {
        let damage = Damage::new("order", "order_\u{1b}[2Jx", MISMATCH);
        assert_eq!(damage.to_string(), "order order_\\u{1b}[2Jx checksum mismatch");
        let reversed = Damage::new("order", "order_\u{202e}cba\u{2066}", MISMATCH);
        assert_eq!(reversed.to_string(), "order order_\\u{202e}cba\\u{2066} checksum mismatch");
    }

    #[test]
    fn a_sealed_record_opens_only_unchanged_and_under_its_own_key() {
        let sealed = seal(order("order_a", 7), b"amount 1000".to_vec());
        assert_eq!(unseal(order("order_a", 7), &sealed), Some(&b"amount 1000"[..]));
        assert_eq!(unseal(order("order_b", 7), &sealed), None, "moved under another id");
        assert_eq!(unseal(order("order_a", 8), &sealed), None, "moved under another time");
        assert_eq!(unseal(Identity { kind: "row", ..order("order_a", 7) }, &sealed), None, "another table");
        for bit in 0..sealed.len() * 8 {
            let mut flipped = sealed.clone();
            flipped[bit / 8] ^= 1 << (bit % 8);
            assert_eq!(unseal(order("order_a", 7), &flipped), None, "bit {bit} flipped went unnoticed");
        }
        assert_eq!(unseal(order("order_a", 7), &sealed[..3]), None, "too short to hold a checksum");
    }
}
