//! Links the `smartpay-console` binary as a position-dependent executable on Linux.
//!
//! A position-independent executable (rustc's default) carries ~24,000 relative relocations
//! that the dynamic loader applies at every start, each a write into a page that is then
//! copied: about 80 of a short command's ~320 page faults (`orders list --limit 50`). Linked
//! without PIE those addresses are fixed at link time and the loader has nothing to do for
//! them. The price: the binary's own code and data sit at the same address in every run (the
//! stack, the heap and the shared libraries are still placed at random), which makes a
//! memory-safety bug easier to exploit. `SMARTPAY_CONSOLE_PIE=1 cargo build` keeps PIE.
//! docs/PERFORMANCE.md ("Session 6: start-up") has the measurements.
//!
//! Only the binary: the library, tests, benches and proc-macros keep rustc's defaults.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=SMARTPAY_CONSOLE_PIE");
    let linux = std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    let keep_pie = std::env::var("SMARTPAY_CONSOLE_PIE").is_ok_and(|v| v == "1");
    if linux && !keep_pie {
        println!("cargo::rustc-link-arg-bins=-no-pie");
    }
}
