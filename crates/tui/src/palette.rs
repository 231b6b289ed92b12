//! The command palette (`:` as in k9s, Ctrl-p as in posting): every action of the screen it
//! was opened from, written from the same keymap as `?` and the hints (so it never offers a key
//! that does nothing, and read-only mode offers no money-moving one), plus the typed commands
//! `open ID|REFERENCE`, `save NAME` and `view NAME`. Typing filters it fuzzily.

use crate::config::Lang;
use crate::i18n::{Msg, command_label, t};
use crate::keymap::{self, Command, Context};
use crate::state::State;

/// What choosing an entry does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Run {
    /// A command of the keymap, as if its key had been pressed on `from`.
    Key(Context, Command),
    /// Fills the input with this text (a typed command still needs its argument).
    Complete(String),
    /// Opens a saved view.
    View(String),
}

/// One line of the palette: what it does, and the key that does it outside the palette.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub label: String,
    pub key: String,
    pub run: Run,
}

/// A command typed in full: `open X`, `save NAME`, `view NAME`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Typed {
    Open(String),
    Save(String),
    View(String),
}

/// Reads `open X`, `save NAME` or `view NAME` (the verb in any case, one or more spaces).
pub fn typed(text: &str) -> Option<Typed> {
    let text = text.trim();
    let (verb, rest) = text.split_once(char::is_whitespace)?;
    let rest = rest.trim().to_string();
    if rest.is_empty() {
        return None;
    }
    match verb.to_ascii_lowercase().as_str() {
        "open" => Some(Typed::Open(rest)),
        "save" => Some(Typed::Save(rest)),
        "view" => Some(Typed::View(rest)),
        _ => None,
    }
}

/// The entries the palette shows now, filtered by what is typed.
pub fn shown(state: &State) -> Vec<Entry> {
    let Some(palette) = &state.palette else { return vec![] };
    let from = palette.from.unwrap_or(Context::List);
    let mut all = entries(state.session.lang, from, state.session.read_only, &palette.views);
    // Only what does something now (a bulk run's stage, a Drift view without findings).
    all.retain(|e| match e.run {
        Run::Key(context, command) => crate::available::works_now(state, context, command),
        _ => true,
    });
    filter(&all, palette.input.value()).into_iter().cloned().collect()
}

/// Commands the palette does not offer: moving one row is not worth a line, and opening the
/// palette from itself does nothing.
fn offered(command: Command) -> bool {
    !matches!(command, Command::Up | Command::Down | Command::Palette | Command::FilterDone | Command::RunChosen)
}

/// Every entry for a palette opened from `from`, in keymap order, then (on a screen, not over
/// a bulk run, which must be closed first) the typed commands and the saved views.
pub fn entries(lang: Lang, from: Context, read_only: bool, views: &[String]) -> Vec<Entry> {
    let mut entries: Vec<Entry> = keymap::bindings(from, read_only)
        .chain(keymap::bindings(Context::Global, read_only))
        .filter(|b| offered(b.command))
        .map(|b| Entry {
            label: command_label(lang, b.command).to_string(),
            key: b.shown.to_string(),
            run: Run::Key(b.context, b.command),
        })
        .collect();
    if !matches!(from, Context::List | Context::Details | Context::Drift) {
        return entries;
    }
    for (msg, verb) in [(Msg::PaletteOpen, "open"), (Msg::PaletteSave, "save"), (Msg::PaletteView, "view")] {
        entries.push(Entry {
            label: t(lang, msg).to_string(),
            key: format!(":{verb}"),
            run: Run::Complete(format!("{verb} ")),
        });
    }
    for name in views {
        entries.push(Entry {
            label: format!("{} {name}", t(lang, Msg::PaletteView)),
            key: format!(":view {name}"),
            run: Run::View(name.clone()),
        });
    }
    entries
}

/// The entries that match `query`, best first (ties keep keymap order).
pub fn filter<'a>(entries: &'a [Entry], query: &str) -> Vec<&'a Entry> {
    let query = query.trim();
    let mut scored: Vec<(i64, usize, &Entry)> = entries
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let label = score(query, &e.label);
            let key = score(query, &e.key).map(|s| s - 1);
            label.max(key).map(|s| (s, i, e))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, _, e)| e).collect()
}

/// A small fuzzy scorer: every character of `query` must appear in `text` in order (case
/// ignored); a match scores more when its characters are consecutive and when they start
/// words. `None` when it does not match. An empty query matches everything equally.
pub fn score(query: &str, text: &str) -> Option<i64> {
    let text: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
    let mut score = 0;
    let mut at = 0;
    let mut previous: Option<usize> = None;
    for q in query.chars().flat_map(char::to_lowercase).filter(|c| !c.is_whitespace()) {
        let found = text[at..].iter().position(|c| *c == q)? + at;
        score += 1;
        if previous.is_some_and(|p| p + 1 == found) {
            score += 5;
        }
        if found == 0 || text.get(found - 1).is_some_and(|c| !c.is_alphanumeric()) {
            score += 3;
        }
        previous = Some(found);
        at = found + 1;
    }
    Some(score)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(query: &str) -> Vec<String> {
        let all = entries(Lang::En, Context::List, false, &["to-capture".into()]);
        filter(&all, query).into_iter().map(|e| e.label.clone()).collect()
    }

    #[test]
    fn every_list_action_is_offered_with_its_key_and_typing_narrows_it() {
        let all = entries(Lang::En, Context::List, false, &[]);
        for (label, key) in
            [("open", "Enter"), ("filter", "/"), ("sort", "s"), ("refresh", "r"), ("help", "?"), ("quit", "q")]
        {
            assert!(all.iter().any(|e| e.label == label && e.key == key), "{label} ({key}) offered");
        }
        assert_eq!(labels("").len(), all.len() + 1, "an empty query shows everything, the saved view too");
        assert_eq!(labels("refr").first().map(String::as_str), Some("refresh"));
        assert_eq!(labels("rvs").first().map(String::as_str), Some("reverse"), "fuzzy: letters in order");
        assert_eq!(labels("to-cap").first().map(String::as_str), Some("open saved view to-capture"));
        assert!(labels("zzz").is_empty());
    }

    #[test]
    fn the_palette_offers_what_works_where_it_was_opened() {
        let details = entries(Lang::En, Context::Details, false, &[]);
        assert!(details.iter().any(|e| e.run == Run::Key(Context::Details, Command::Copy)));
        assert!(details.iter().any(|e| e.run == Run::Key(Context::Details, Command::Actions)));
        let read_only = entries(Lang::En, Context::Details, true, &[]);
        assert!(read_only.iter().all(|e| e.run != Run::Key(Context::Details, Command::Actions)), "no actions");
        assert!(entries(Lang::Ja, Context::List, false, &[]).iter().any(|e| e.label == "再読込"));
        let drift = entries(Lang::En, Context::Drift, false, &["mine".into()]);
        assert!(drift.iter().any(|e| e.run == Run::Key(Context::Drift, Command::Open)));
        assert!(drift.iter().any(|e| e.run == Run::View("mine".into())), "saved views from the Drift view");
        let bulk = entries(Lang::En, Context::Bulk, false, &["mine".into()]);
        assert!(bulk.iter().any(|e| e.run == Run::Key(Context::Bulk, Command::Export) && e.key == "e"));
        assert!(bulk.iter().all(|e| matches!(e.run, Run::Key(..))), "over a bulk run, its keys and the global ones");
    }

    #[test]
    fn typed_commands_need_their_argument() {
        assert_eq!(typed("open SO-2025 "), Some(Typed::Open("SO-2025".into())));
        assert_eq!(typed("  SAVE  mine"), Some(Typed::Save("mine".into())));
        assert_eq!(typed("view x"), Some(Typed::View("x".into())));
        assert_eq!(typed("open "), None);
        assert_eq!(typed("refresh"), None);
    }

    #[test]
    fn consecutive_and_word_start_matches_score_higher() {
        let tight = score("sort", "sort").expect("matches");
        let loose = score("sort", "s-o-r-t").expect("matches");
        assert!(tight > loose);
        assert_eq!(score("x", "sort"), None);
        assert_eq!(score("", "anything"), Some(0));
    }
}
