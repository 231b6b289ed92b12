//! One gram's posting list as the bulk build writes it: entries appended in ascending order,
//! pieces closed before they would outgrow a quarter of a leaf.

use super::chunk::{self, CAPACITY};

/// A piece's bytes before its checksum, at most, so that four sealed pieces with their keys
/// fill one 4 KiB leaf: a leaf holds a 4-byte header and, per piece, its 16-byte key, a 4-byte
/// length and the piece with its 4-byte checksum. (A piece closed only once it held 1,000
/// bytes left room for three: leaves three quarters full.)
const LEAF_PIECE_BYTES: usize = (4096 - 4) / 4 - 16 - 4 - 4;
const PIECE_BYTES: usize = if cfg!(test) { 40 } else { LEAF_PIECE_BYTES };

/// One gram's list as it is built: the sealed pieces and the piece being written.
#[derive(Default)]
pub(super) struct List {
    sealed: Vec<(i64, Vec<u8>)>,
    piece: Vec<u8>,
    piece_first: i64,
    piece_last: i64,
    /// Where the piece's last entry starts, and the value of the entry before it (`None`
    /// when it is the piece's first).
    last_start: usize,
    before_last: Option<i64>,
    piece_entries: usize,
    size: u64,
}

impl List {
    /// Appends the entry of `value` (not below the last one) with its ascending offsets; the
    /// same value as the last one gets one entry with the offsets of both (`scratch` is room
    /// for joining them).
    pub(super) fn push(&mut self, gram: u64, value: i64, offsets: &[u32], scratch: &mut Vec<u32>) {
        if self.piece_entries > 0 && value == self.piece_last {
            return self.join_last(gram, value, offsets, scratch);
        }
        if self.piece_entries >= CAPACITY {
            self.seal_piece(gram);
        }
        self.size += 1;
        if self.piece_entries > 0 {
            let before = self.piece.len();
            chunk::push_entry(&mut self.piece, Some(self.piece_last), value, offsets);
            if self.piece.len() <= PIECE_BYTES {
                (self.last_start, self.before_last) = (before, Some(self.piece_last));
                self.piece_last = value;
                self.piece_entries += 1;
                return;
            }
            // Over the piece's bytes: the entry starts the next piece instead.
            self.piece.truncate(before);
            self.seal_piece(gram);
        }
        // Room for a whole piece, an entry past it (taken back) and the checksum.
        self.piece.reserve(PIECE_BYTES + 64);
        chunk::push_entry(&mut self.piece, None, value, offsets);
        (self.last_start, self.before_last) = (0, None);
        self.piece_first = value;
        self.piece_last = value;
        self.piece_entries = 1;
    }

    /// Takes the last entry back and writes it again with `offsets` too.
    fn join_last(&mut self, gram: u64, value: i64, offsets: &[u32], scratch: &mut Vec<u32>) {
        let mut both = std::mem::take(scratch);
        both.clear();
        chunk::entry_offsets(&self.piece[self.last_start..], &mut both);
        both.extend_from_slice(offsets);
        both.sort_unstable();
        both.dedup();
        self.piece.truncate(self.last_start);
        self.piece_entries -= 1;
        self.size -= 1;
        if let Some(before) = self.before_last {
            self.piece_last = before;
        }
        self.push(gram, value, &both, scratch);
        *scratch = both;
    }

    fn seal_piece(&mut self, gram: u64) {
        if self.piece_entries > 0 {
            let bytes = std::mem::take(&mut self.piece);
            self.sealed.push((self.piece_first, chunk::seal(gram, Some(self.piece_first), bytes)));
        }
        self.piece_entries = 0;
    }

    /// The sealed pieces, ascending, and how many values the list holds.
    pub(super) fn finish(mut self, gram: u64) -> (Vec<(i64, Vec<u8>)>, u64) {
        self.seal_piece(gram);
        (self.sealed, self.size)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_piece_is_closed_before_it_would_outgrow_its_share_of_a_leaf() {
        assert_eq!(LEAF_PIECE_BYTES, 999);
        let mut list = List::default();
        let mut values = Vec::new();
        for n in 0..2_000i64 {
            let offsets: &[u32] = if n % 7 == 0 { &[1, 40, 300] } else { &[(n % 200) as u32] };
            values.push(1_700_000_000_000 + n * n);
            list.push(9, 1_700_000_000_000 + n * n, offsets, &mut Vec::new());
        }
        let (pieces, size) = list.finish(9);
        assert_eq!(size, 2_000);
        let mut entries = chunk::Entries::default();
        for (n, (first, sealed)) in pieces.iter().enumerate() {
            assert!(sealed.len() <= PIECE_BYTES + 4, "piece {n}: {} bytes", sealed.len());
            if n + 1 < pieces.len() {
                assert!(sealed.len() + 8 > PIECE_BYTES + 4, "piece {n} closed early: {} bytes", sealed.len());
            }
            chunk::decode_into(9, *first, sealed, &mut entries).expect("decodes");
        }
        assert_eq!(entries.values, values);
        assert_eq!(entries.positions(7), &[1, 40, 300]);
    }

    #[test]
    fn a_value_given_twice_is_one_entry_with_the_offsets_of_both() {
        let mut list = List::default();
        list.push(9, 10, &[4], &mut Vec::new());
        list.push(9, 10, &[1, 4], &mut Vec::new());
        for n in 0..30 {
            list.push(9, 20 + n, &[n as u32], &mut Vec::new());
            list.push(9, 20 + n, &[100], &mut Vec::new());
        }
        let (pieces, size) = list.finish(9);
        assert_eq!(size, 31);
        assert!(pieces.len() > 1, "joined entries cross pieces too");
        let mut entries = chunk::Entries::default();
        for (first, sealed) in &pieces {
            assert!(sealed.len() <= PIECE_BYTES + 4);
            chunk::decode_into(9, *first, sealed, &mut entries).expect("decodes");
        }
        assert_eq!(entries.positions(0), &[1, 4]);
        for n in 0..30 {
            assert_eq!(entries.find(20 + n), Some(&[n as u32, 100][..]));
        }
    }
}
