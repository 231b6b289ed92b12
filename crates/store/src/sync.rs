//! How fresh the local mirror of online mode is: what the status bar shows (a sync in
//! progress, the age of the data, an unreachable API) and what [`OnlineStatus`] answers.

use crate::domain::time::format_time_in;
use crate::domain::{Lang, Millis};
use smartpay_i18n::Message;
use smartpay_i18n::sentences::SyncText as T;

/// The online-only handle of a source, apart from reading orders (`Backend`): how fresh its
/// mirror is, and asking its background sync for a pass. A getter here never starts anything.
pub trait OnlineStatus: Send + Sync {
    /// How fresh the mirror is, as last recorded.
    fn sync_status(&self) -> SyncStatus;
    /// Asks the background sync (when one was started) for a pass now; returns at once.
    fn request_sync(&self);
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncStatus {
    /// A sync pass is running now.
    pub running: bool,
    /// Orders and pages fetched by the running (or last) pass.
    pub orders_synced: u64,
    pub pages_synced: u32,
    /// When the last complete pass ended: the age of the list.
    pub last_synced_at: Option<Millis>,
    /// False once a request failed for lack of a connection; the console is then read-only
    /// in effect (operations need a fresh read) and serves what it has.
    pub reachable: bool,
    /// The last failure, as a sentence (never contains the secret key).
    pub last_error: Option<String>,
    /// Journaled operations whose outcome is still being resolved.
    pub pending_operations: usize,
    /// A read-only console: open operations are shown, never replayed.
    pub replay_off: bool,
    /// The journal cannot be read or holds a damaged entry: operations are off until
    /// `smartpay-console journal repair` has run.
    pub journal_damaged: bool,
    /// Orders the API sent that could not be read, by id (the rest of their page is listed).
    pub unreadable_orders: Vec<String>,
    /// When the last full pass started: no mirrored order was read longer ago than this.
    pub oldest_check_at: Option<Millis>,
    /// The key is a live one (`sk_live_`): real money moves; the status bar says LIVE in red.
    pub live: bool,
}

impl SyncStatus {
    /// Milliseconds since the last complete sync.
    pub fn age_ms(&self, now: Millis) -> Option<Millis> {
        self.last_synced_at.map(|at| (now - at).max(0))
    }

    /// One line for a status bar: `syncing… 340 orders`, `synced 2 min ago`,
    /// `API unreachable: read-only, data from 2026-11-25 10:32 JST`.
    pub fn label(&self, now: Millis) -> String {
        self.label_in(Lang::En, now)
    }

    /// [`SyncStatus::label`] in `lang`.
    pub fn label_in(&self, lang: Lang, now: Millis) -> String {
        let mut text = if !self.reachable {
            match self.last_synced_at {
                Some(at) => T::UnreachableSince.fill(lang, &[("at", &format_time_in(lang, at))]),
                None => T::UnreachableNever.text(lang).to_string(),
            }
        } else if self.running {
            T::Syncing.fill(lang, &[("count", &self.orders_synced)])
        } else {
            match self.age_ms(now) {
                Some(age) => T::Synced.fill(lang, &[("age", &age_words(lang, age))]),
                None => T::NotSynced.text(lang).to_string(),
            }
        };
        if let Some(age) = self.oldest_check_at.map(|at| (now - at).max(0)).filter(|age| *age >= 3_600_000) {
            text.push_str(&T::OldestChecked.fill(lang, &[("age", &age_words(lang, age))]));
        }
        let count = self.pending_operations;
        if count > 0 && self.replay_off {
            text.push_str(&T::Unresolved.fill(lang, &[("count", &count)]));
        } else if count > 0 {
            text.push_str(&T::Resolving.fill(lang, &[("count", &count)]));
        }
        if self.journal_damaged {
            text.push_str(T::JournalDamaged.text(lang));
        }
        if !self.unreadable_orders.is_empty() {
            let sentence = crate::wire::unreadable_sentence("order", &self.unreadable_orders);
            text.push_str(&format!(", {sentence}"));
        }
        text
    }
}

fn age_words(lang: Lang, ms: Millis) -> String {
    let secs = ms / 1000;
    match secs {
        0..=9 => T::JustNow.text(lang).into(),
        10..=59 => T::SecondsAgo.fill(lang, &[("n", &secs)]),
        60..=3599 => T::MinutesAgo.fill(lang, &[("n", &(secs / 60))]),
        _ => T::HoursAgo.fill(lang, &[("n", &(secs / 3600))]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_say_how_old_the_data_is() {
        let mut s = SyncStatus { reachable: true, last_synced_at: Some(0), ..SyncStatus::default() };
        assert_eq!(s.label(125_000), "synced 2 min ago");
        assert_eq!(s.label_in(Lang::Ja, 125_000), "2分前に同期");
        s.running = true;
        s.orders_synced = 340;
        assert_eq!(s.label(1), "syncing… 340 orders");
        s.reachable = false;
        assert!(s.label(1).starts_with("API unreachable: read-only, data from 1970-01-01"));
        s = SyncStatus { reachable: true, last_synced_at: Some(0), oldest_check_at: Some(0), ..SyncStatus::default() };
        assert_eq!(s.label(7_200_000), "synced 2 h ago, oldest order checked 2 h ago");
        assert_eq!(s.label(60_000), "synced 1 min ago", "a recent full pass is not worth a word");
        s = SyncStatus { reachable: true, pending_operations: 2, replay_off: true, ..SyncStatus::default() };
        assert!(s.label(1).ends_with("2 operation(s) unresolved (read-only: see `journal list --open`)"));
        s = SyncStatus { reachable: true, journal_damaged: true, ..SyncStatus::default() };
        assert!(s.label(1).ends_with(", journal damaged: operations off until `smartpay-console journal repair`"));
    }
}
