//! Finding an order the way a person names it: by its Smartpay id, else by its exact
//! reference (the shop's own number, `SO-2025…`). Used by bulk files and the TUI's palette.

use crate::{Backend, BackendError, ListQuery};

/// The ids of the orders whose reference is exactly `reference`, stopping at two (enough to
/// say it names more than one). The search index narrows the candidates; each is then read
/// and compared whole, so a reference that is a part of another never matches.
pub fn ids_with_reference(backend: &dyn Backend, reference: &str) -> Result<Vec<String>, BackendError> {
    let mut query = ListQuery { search: Some(reference.to_string()), limit: 200, ..ListQuery::default() };
    let mut matches = Vec::new();
    loop {
        let page = backend.list(&query)?;
        for row in &page.rows {
            if backend.get_listed(&row.id)?.reference == reference {
                matches.push(row.id.clone());
            }
        }
        if page.rows.len() < query.limit || matches.len() > 1 {
            return Ok(matches);
        }
        query.offset += page.rows.len();
    }
}
