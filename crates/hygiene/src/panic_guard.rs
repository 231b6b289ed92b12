//! Turning a panic deep inside a dependency (a damaged redb file can make redb panic) into an
//! ordinary error, without the panic hook printing a report on the operator's screen; and the
//! process-wide hooks (color-eyre's readable reports) that respect it.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`; a panic inside it becomes `None` and prints nothing.
pub fn quietly<T>(f: impl FnOnce() -> T) -> Option<T> {
    // Nested calls keep the outer one quiet after the inner one returns.
    let outer = QUIET.with(|q| q.replace(true));
    let result = catch_unwind(AssertUnwindSafe(f)).ok();
    QUIET.with(|q| q.set(outer));
    result
}

/// Whether the current thread is inside [`quietly`]; panic hooks check this and stay silent.
pub fn is_quiet() -> bool {
    QUIET.with(|q| q.get())
}

/// Installs color-eyre's report hooks and, in front of them, a panic hook that stays silent
/// inside [`quietly`] and otherwise runs `before_report` (the TUI gives the terminal back
/// there, so the report is readable) and then prints the report.
pub fn install_hooks(before_report: impl Fn() + Send + Sync + 'static) {
    let _ = color_eyre::install();
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if is_quiet() {
            return;
        }
        before_report();
        tracing::error!(%info, backtrace = %std::backtrace::Backtrace::force_capture(), "panic");
        report(info);
    }));
}
