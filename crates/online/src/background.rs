//! The background sync thread of an interactive console: started explicitly
//! ([`Background::start`]), asked for a pass with [`Background::poke`], and stopped and
//! awaited with [`Background::stop`] — never left running detached. Stopping cancels the
//! console's [`Closing`] token: the read in flight ends at once (the client's reads are made
//! on it) and the pass stops before its next page, so the thread ends within the quit wait.

use super::inner::Inner;
use super::sync::TICK;
use crate::smartpay::reads::Closing;
use std::sync::{Arc, mpsc};
use std::thread::JoinHandle;
use std::time::Duration;

/// The running thread and the two channels that talk to it.
pub struct Background {
    poke: mpsc::Sender<()>,
    /// Disconnected (never sent on) when the thread ends.
    ended: mpsc::Receiver<()>,
    thread: JoinHandle<()>,
    /// The console's token: cancelled by [`Background::stop`].
    closing: Closing,
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
        Ok(Background { poke, ended, thread, closing: inner.closing.clone() })
    }

    /// Asks for a pass now (one is enough however many are asked for meanwhile).
    pub fn poke(&self) {
        let _ = self.poke.send(());
    }

    /// Stops the thread — the read in flight ends at once, the pass before its next page —
    /// and waits for it at most `wait`. Returns whether it ended and was joined. Only a journal
    /// replay (a money request, never cut short) can outlast `wait`; the thread then ends
    /// with that request's own timeout.
    pub fn stop(self, wait: Duration) -> bool {
        let Background { poke, ended, thread, closing } = self;
        closing.cancel();
        drop(poke);
        match ended.recv_timeout(wait) {
            Err(mpsc::RecvTimeoutError::Timeout) => {
                tracing::warn!("the background sync did not stop within {wait:?}: a journal replay is still in flight");
                false
            }
            Ok(()) | Err(mpsc::RecvTimeoutError::Disconnected) => thread.join().is_ok(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Background;
    use crate::config::SecretKey;
    use crate::inner::Inner;
    use crate::journal::Journal;
    use crate::mirror::open_mirror;
    use crate::smartpay::client::SmartpayClient;
    use crate::smartpay::loopback::Silent;
    use crate::smartpay::reads::Closing;
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    /// What quitting waits for the background sync at most.
    const QUIT_WAIT: Duration = Duration::from_secs(2);

    #[test]
    fn stopping_joins_a_pass_stuck_on_an_api_that_never_answers() {
        // Takes the pass's first request and never answers it, until the test is over.
        let silent = Silent::start();
        let url = silent.url.clone();
        let dir = tempfile::tempdir().expect("temp dir");
        let closing = Closing::new();
        // A timeout far past the quit wait: only the cancel can end the read in time.
        let client = SmartpayClient::new(&url, &SecretKey::new("sk_test_stopping1".into()), Duration::from_secs(30))
            .and_then(|client| client.closing_on(closing.clone()))
            .expect("client");
        let journal = Journal::open(&dir.path().join("journal.redb")).expect("journal");
        let mirror = open_mirror(&dir.path().join("mirror.redb"), &url).expect("mirror");
        let mut inner = Inner::new(Box::new(client), journal, mirror, true);
        inner.closing = closing;
        let inner = Arc::new(inner);
        let background = Background::start(&inner).expect("the sync thread");
        silent.wait_for_request();
        let asked = Instant::now();
        let joined = background.stop(QUIT_WAIT);
        let took = asked.elapsed();
        drop(silent);
        assert!(joined, "the sync thread was not joined within {QUIT_WAIT:?}");
        assert!(took < QUIT_WAIT, "stopping took {took:?}");
        let error = crate::inner::lock(&inner.status).last_error.clone();
        assert!(error.as_deref().is_some_and(|e| e.contains("closing")), "the pass ended on the close: {error:?}");
    }
}
