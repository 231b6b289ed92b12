//! Turning a panic deep inside a dependency (a damaged redb file can make redb panic) into an
//! ordinary error, without the panic hook printing a report on the operator's screen.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`; a panic inside it becomes `None` and prints nothing.
pub fn quietly<T>(f: impl FnOnce() -> T) -> Option<T> {
    QUIET.with(|q| q.set(true));
    let result = catch_unwind(AssertUnwindSafe(f)).ok();
    QUIET.with(|q| q.set(false));
    result
}

/// Whether the current thread is inside [`quietly`]; panic hooks check this and stay silent.
pub fn is_quiet() -> bool {
    QUIET.with(|q| q.get())
}
