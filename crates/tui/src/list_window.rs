//! Reading a window of the list off the render loop: from whichever end of the order is
//! nearer, on tokio's blocking pool. Used by the effects and by the live search alike.

use crate::backend::{BackendError, ListQuery, OrderReader, Page};

/// Reads one window, walking from whichever end of the order is nearer: row 999,760 of a million
/// newest-first is row 0..240 oldest-first, and a store walks an index at the same speed both
/// ways, so `G` costs what the first page costs. The rows come back in the asked-for order.
pub fn list_from_nearer_end(
    backend: &dyn OrderReader,
    query: &ListQuery,
    matching: usize,
) -> Result<Page, BackendError> {
    Ok(list_from_nearer_end_until(backend, query, matching, &|| false)?.unwrap_or_default())
}

/// As [`list_from_nearer_end`], giving up (`None`) once `stop` says so.
pub fn list_from_nearer_end_until(
    backend: &dyn OrderReader,
    query: &ListQuery,
    matching: usize,
    stop: &dyn Fn() -> bool,
) -> Result<Option<Page>, BackendError> {
    if matching == 0 || query.offset <= matching / 2 {
        return backend.list_until(query, stop);
    }
    let end = query.offset.saturating_add(query.limit).min(matching);
    let mirrored = ListQuery {
        descending: !query.descending,
        offset: matching - end,
        limit: end.saturating_sub(query.offset),
        ..query.clone()
    };
    let Some(mut page) = backend.list_until(&mirrored, stop)? else { return Ok(None) };
    page.rows.reverse();
    Ok(Some(page))
}

/// Runs a blocking storage call on tokio's blocking pool; a panic inside becomes an error.
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, BackendError> + Send + 'static,
) -> Result<T, BackendError> {
    match tokio::task::spawn_blocking(f).await {
        Ok(result) => result,
        Err(e) => Err(BackendError::Storage(format!("the storage task stopped: {e}"))),
    }
}
