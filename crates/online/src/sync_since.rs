//! The pass `reconcile` asks for when the shop file carries dates (or `--since`): the orders
//! created since the range's first day, newest first, and no further. The API lists orders
//! newest first and has no date or reference filter, so this is the least that finds every
//! order the shop should list; older orders are read by id where the shop names them.

use super::inner::Inner;
use super::pages::{JournalByOrder, PAGE_SIZE, PassSeen, next_token};
use crate::domain::Millis;
use crate::store::BackendError;

impl Inner {
    /// Pages newest first until one reaches an order created before `since` (or the end).
    pub(super) fn pages_created_since(
        &self,
        journal: &JournalByOrder,
        since: Millis,
        pass: &mut PassSeen,
    ) -> Result<(), BackendError> {
        let mut token: Option<String> = None;
        loop {
            let page = self.note(self.client.list_orders(token.as_deref(), PAGE_SIZE))?;
            let next = next_token(token.as_ref(), &page);
            let seen = self.write_page(page, journal, pass)?;
            if seen.oldest_created.is_some_and(|oldest| oldest < since) {
                return Ok(());
            }
            match next {
                Some(next) => token = Some(next),
                None => {
                    pass.whole = true;
                    return Ok(());
                }
            }
        }
    }
}
