//! Running totals of what the sandbox's file holds (payments, refunds, voids, money captured and
//! refunded), for `GET /_sandbox/stats` without reading every order: computed from the file
//! when the object index is built at start-up, then moved by each operation the sandbox makes.

use crate::backend::BackendError;
use crate::backend::local::{LocalStore, SideTable, SideWrite, StoreResult};
use crate::domain::{HistoryKind, Order};
use redb::ReadableTable;

const TOTALS: SideTable<&str, i64> = SideTable::new("sandbox_totals");

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub payments: i64,
    pub refunds: i64,
    /// Voids made under an idempotency key (through the API, or by a console).
    pub voids: i64,
    pub captured: i64,
    pub refunded: i64,
}

impl Totals {
    pub fn of_order(order: &Order) -> Totals {
        Totals {
            payments: order.payments().len() as i64,
            refunds: order.payments().iter().map(|p| p.refunds().len() as i64).sum(),
            voids: order.history.iter().filter(|h| h.kind == HistoryKind::Void && h.idempotency_key.is_some()).count()
                as i64,
            captured: order.captured(),
            refunded: order.refunded(),
        }
    }

    pub fn add(&mut self, other: Totals) {
        self.payments += other.payments;
        self.refunds += other.refunds;
        self.voids += other.voids;
        self.captured += other.captured;
        self.refunded += other.refunded;
    }

    fn fields(&mut self) -> [(&'static str, &mut i64); 5] {
        [
            ("payments", &mut self.payments),
            ("refunds", &mut self.refunds),
            ("voids", &mut self.voids),
            ("captured", &mut self.captured),
            ("refunded", &mut self.refunded),
        ]
    }
}

/// Replaces the totals (the index has just read the whole file), in the caller's transaction.
pub fn replace(side: &SideWrite<'_>, mut totals: Totals) -> StoreResult<()> {
    let mut table = side.open(TOTALS)?;
    for (name, value) in totals.fields() {
        table.insert(name, *value)?;
    }
    Ok(())
}

/// Adds what one operation did.
fn add(store: &LocalStore, delta: Totals) -> Result<(), BackendError> {
    store.write_side(|side| {
        let mut current = read_in(&side.open(TOTALS)?)?;
        current.add(delta);
        replace(side, current)
    })
}

fn read_in(table: &impl ReadableTable<&'static str, i64>) -> StoreResult<Totals> {
    let mut totals = Totals::default();
    for (name, value) in totals.fields() {
        *value = table.get(name)?.map(|v| v.value()).unwrap_or(0);
    }
    Ok(totals)
}

pub fn read(store: &LocalStore) -> Result<Totals, BackendError> {
    store.read_side(|side| match side.open(TOTALS)? {
        Some(table) => read_in(&table),
        None => Ok(Totals::default()),
    })
}

/// Adds what an operation did, unless the store only replayed it. A failure here is logged:
/// the operation itself is done and its answer must not turn into an error.
pub fn record(store: &LocalStore, replayed: bool, delta: Totals) {
    if replayed {
        return;
    }
    if let Err(e) = add(store, delta) {
        tracing::warn!("the sandbox's totals were not updated: {e}");
    }
}
