//! The background sync thread of an interactive console: started explicitly
//! ([`Background::start`]), asked for a pass with [`Background::poke`], and stopped and
//! awaited with [`Background::stop`] — never left running detached.

use super::backend::Inner;
use super::sync::TICK;
use std::sync::{Arc, mpsc};
use std::thread::JoinHandle;
use std::time::Duration;

/// The running thread and the two channels that talk to it.
pub struct Background {
    poke: mpsc::Sender<()>,
    /// Disconnected (never sent on) when the thread ends.
    ended: mpsc::Receiver<()>,
    thread: JoinHandle<()>,
}

impl Background {
    /// Starts the thread: a pass now, then one every [`TICK`] or when poked. It holds the
    /// shared state only while a pass runs, so it never keeps the backend alive.
    pub fn start(inner: &Arc<Inner>) -> std::io::Result<Background> {
        let (poke, asked) = mpsc::channel::<()>();
        let (ended_tx, ended) = mpsc::channel::<()>();
        let weak = Arc::downgrade(inner);
        let thread = std::thread::Builder::new().name("smartpay-sync".into()).spawn(move || {
            let _ended = ended_tx;
            loop {
                let Some(inner) = weak.upgrade() else { return };
                if let Err(err) = inner.sync_tick() {
                    tracing::warn!("sync failed: {err}");
                }
                drop(inner);
                match asked.recv_timeout(TICK) {
                    Ok(()) | Err(mpsc::RecvTimeoutError::Timeout) => while asked.try_recv().is_ok() {},
                    Err(mpsc::RecvTimeoutError::Disconnected) => return,
                }
            }
        })?;
        Ok(Background { poke, ended, thread })
    }

    /// Asks for a pass now (one is enough however many are asked for meanwhile).
    pub fn poke(&self) {
        let _ = self.poke.send(());
    }

    /// Tells the thread to stop after the pass it is in, and waits for it at most `wait`.
    /// Returns whether it ended; a thread still in a request past `wait` is left to finish
    /// its pass (its requests are reads, and a money replay is journaled), then ends.
    pub fn stop(self, wait: Duration) -> bool {
        let Background { poke, ended, thread } = self;
        drop(poke);
        match ended.recv_timeout(wait) {
            Err(mpsc::RecvTimeoutError::Timeout) => {
                tracing::warn!("the background sync did not stop within {wait:?}: left to finish its pass");
                false
            }
            Ok(()) | Err(mpsc::RecvTimeoutError::Disconnected) => thread.join().is_ok(),
        }
    }
}
