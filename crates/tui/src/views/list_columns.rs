//! The Order List's column widths, given by priority: the customer, the status, the deadline
//! and the amounts first, then the id (whole when it fits, middle-elided down to
//! [`MIN_ID`], hidden below), then the long date and mode; a little of what is left widens
//! the customer.
//! Widths come from the values held (the window of rows and the headers), so a column is as
//! wide as its widest value when there is room, and nothing is cut without `…`.

use unicode_width::UnicodeWidthStr;

/// Below this the id column is left out rather than elided into noise.
pub const MIN_ID: usize = 12;
/// The short date (`11-18`) and the long one (`2026-11-18 18:06`).
const SHORT_DATE: usize = 5;
const LONG_DATE: usize = 16;
/// At most this much of the room left over goes to the customer.
const EXTRA_CUSTOMER: usize = 6;
/// A customer column never narrower than this (when the names are wider).
const MIN_CUSTOMER: usize = 8;

/// The widest value of each column (the header included), in both forms where it has two.
#[derive(Debug, Default, Clone)]
pub struct Wants {
    pub id: usize,
    pub customer: usize,
    pub money: [usize; 3],
    pub status: (usize, usize),
    pub mode: (usize, usize),
    pub deadline: usize,
}

impl Wants {
    /// Widens each column to hold these values (short and long forms).
    pub fn take(&mut self, row: &RowTexts) {
        self.id = self.id.max(row.id.width());
        self.customer = self.customer.max(row.customer.width());
        for (want, text) in self.money.iter_mut().zip(&row.money) {
            *want = (*want).max(text.width());
        }
        self.status = (self.status.0.max(row.status.0.width()), self.status.1.max(row.status.1.width()));
        self.mode = (self.mode.0.max(row.mode.0.width()), self.mode.1.max(row.mode.1.width()));
        self.deadline = self.deadline.max(row.deadline.width());
    }
}

/// One row's texts; `(short, long)` where a column has two forms.
#[derive(Debug, Default, Clone)]
pub struct RowTexts {
    pub id: String,
    pub date: (String, String),
    pub customer: String,
    pub money: [String; 3],
    pub status: (String, String),
    pub mode: (String, String),
    pub deadline: String,
}

/// The widths chosen for one terminal width; `id` is `None` when the column is left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    pub id: Option<usize>,
    pub date: usize,
    pub customer: usize,
    pub money: [usize; 3],
    pub status: usize,
    pub long_status: bool,
    pub mode: usize,
    pub long_mode: bool,
    pub deadline: usize,
}

impl Columns {
    /// The columns' widths and the gaps between them.
    pub fn total(&self) -> usize {
        let id = self.id.map_or(0, |w| w + 1);
        id + self.date + self.customer + self.money.iter().sum::<usize>() + self.status + self.mode + self.deadline + 7
    }

    pub fn long_date(&self) -> bool {
        self.date == LONG_DATE
    }

    /// Gives `width` columns (the two-column row marker excluded) out by priority.
    pub fn allot(width: usize, wants: &Wants) -> Columns {
        let customer_min = wants.customer.min(MIN_CUSTOMER);
        // One space after every column but the last (deadline); the id's own comes with it.
        let gaps = 7;
        let fixed = SHORT_DATE + wants.money.iter().sum::<usize>() + wants.mode.0 + wants.deadline + gaps;
        let mut room = Room(width.saturating_sub(fixed + wants.status.0 + customer_min));
        let customer = customer_min + room.grow(wants.customer - customer_min);
        let long_status = wants.status.1 > wants.status.0 && room.fits(wants.status.1 - wants.status.0);
        let status = wants.status.0 + if long_status { room.grow(wants.status.1 - wants.status.0) } else { 0 };
        let id = (room.0 > MIN_ID).then(|| room.grow(wants.id + 1) - 1);
        let date = SHORT_DATE + if room.fits(LONG_DATE - SHORT_DATE) { room.grow(LONG_DATE - SHORT_DATE) } else { 0 };
        let long_mode = wants.mode.1 > wants.mode.0 && room.fits(wants.mode.1 - wants.mode.0);
        let mode = wants.mode.0 + if long_mode { room.grow(wants.mode.1 - wants.mode.0) } else { 0 };
        // A little of what is left widens the customer (names read better with room around
        // them); the rest stays at the end of the line rather than pushing the figures apart.
        let customer = customer + room.0.min(EXTRA_CUSTOMER);
        Columns {
            id,
            date,
            customer,
            money: wants.money,
            status,
            long_status,
            mode,
            long_mode,
            deadline: wants.deadline,
        }
    }
}

/// The columns not yet given out.
struct Room(usize);

impl Room {
    fn fits(&self, want: usize) -> bool {
        self.0 >= want
    }

    /// Takes up to `want` columns; returns how many.
    fn grow(&mut self, want: usize) -> usize {
        let taken = want.min(self.0);
        self.0 -= taken;
        taken
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wants() -> Wants {
        Wants { id: 28, customer: 15, money: [6, 8, 8], status: (10, 22), mode: (4, 9), deadline: 8 }
    }

    #[test]
    fn the_customer_and_status_come_before_the_id_and_the_id_is_whole_when_it_fits() {
        let narrow = Columns::allot(78, &wants());
        assert_eq!((narrow.customer, narrow.status, narrow.id), (17, 10, None), "{narrow:?}");
        let wide = Columns::allot(118, &wants());
        assert_eq!((wide.customer, wide.status, wide.id), (16, 22, Some(28)), "{wide:?}");
        let widest = Columns::allot(198, &wants());
        assert!(widest.long_date() && widest.long_mode && widest.customer == 15 + 6, "{widest:?}");
    }
}
