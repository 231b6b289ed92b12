//! `--latency-ms` and `--fail-rate`: which requests fail, and whether before or after their
//! write is committed. A failure after the commit is what a lost response looks like to the
//! client, the case that turns a retry without an idempotency key into a double refund.

use super::state::SandboxOptions;
use rand::Rng;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    None,
    /// Answer 503 without doing anything.
    Before,
    /// Do the work, commit it, then answer 503 as if the response were lost.
    After,
}

impl SandboxOptions {
    /// Draws the fault for one request; reads can only fail before (they write nothing).
    pub fn draw(&self, writes: bool) -> Fault {
        if self.fail_rate <= 0.0 {
            return Fault::None;
        }
        let mut rng = rand::rng();
        if !rng.random_bool(self.fail_rate.clamp(0.0, 1.0)) {
            return Fault::None;
        }
        if writes && rng.random_bool(0.5) { Fault::After } else { Fault::Before }
    }

    pub async fn delay(&self) {
        if self.latency_ms > 0 {
            tokio::time::sleep(std::time::Duration::from_millis(self.latency_ms)).await;
        }
    }
}
