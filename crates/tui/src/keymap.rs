//! The one keymap: it turns key presses into commands, and the same table writes the `?` help
//! and the status-bar hints, so what the screen says is always what the keys do.
//!
//! Bindings that move money are marked; in read-only mode they are left out of the dispatcher,
//! the help and the hints alike.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// Where the keyboard focus is; each has its own bindings, on top of the global ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Global,
    List,
    /// Typing into the list filter.
    Filter,
    Details,
    /// The Payment Actions form.
    Modal,
    /// The confirmation step of the modal.
    Confirm,
    /// Bulk Payment Actions on the marked orders (confirmation, progress, summary).
    Bulk,
    /// The Drift view: the last `reconcile` findings.
    Drift,
    Help,
    /// The command palette (`:` or Ctrl-p): typing filters it.
    Palette,
    /// A payment request is on its way: nothing in the modal works until it answers.
    Sending,
    /// The screen does not show the control that has the keyboard (the terminal is too small):
    /// only Ctrl-c does anything.
    Hidden,
}

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    ForceQuit,
    Quit,
    Help,
    Back,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    Filter,
    FilterDone,
    StatusFilter,
    SortColumn,
    SortDirection,
    Refresh,
    Mark,
    MarkRange,
    ClearMarks,
    MarkAll,
    Export,
    Resume,
    Forget,
    Actions,
    Copy,
    NextField,
    PrevField,
    Left,
    Right,
    Review,
    /// The Payment Actions form: the action above or below the chosen one.
    PrevAction,
    NextAction,
    Press,
    ConfirmYes,
    /// Open the Drift view (the last `reconcile` findings).
    Drift,
    /// Opens the command palette.
    Palette,
    /// Runs what is chosen (or typed) in the palette.
    RunChosen,
}

/// A key with its modifiers, comparable after [`normalize`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn plain(code: KeyCode) -> Key {
    Key { code, mods: KeyModifiers::NONE }
}

const fn ch(c: char) -> Key {
    plain(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Key {
    Key { code: KeyCode::Char(c), mods: KeyModifiers::CONTROL }
}

pub struct Binding {
    pub context: Context,
    pub keys: &'static [Key],
    /// How the keys are written in help and hints.
    pub shown: &'static str,
    pub command: Command,
    /// Shown in the status bar (the rest only in `?`).
    pub hint: bool,
    /// Capture, refund or void: absent in read-only mode.
    pub moves_money: bool,
}

const fn bind(context: Context, keys: &'static [Key], shown: &'static str, command: Command, hint: bool) -> Binding {
    Binding { context, keys, shown, command, hint, moves_money: false }
}

use Command as C;
use Context as X;

/// The whole keymap. Order matters only for how help and hints read.
pub static BINDINGS: &[Binding] = &[
    bind(X::List, &[plain(KeyCode::Up), ch('k')], "↑/k", C::Up, false),
    bind(X::List, &[plain(KeyCode::Down), ch('j')], "↓/j", C::Down, true),
    bind(X::List, &[plain(KeyCode::PageUp)], "PgUp", C::PageUp, false),
    bind(X::List, &[plain(KeyCode::PageDown)], "PgDn", C::PageDown, false),
    bind(X::List, &[ch('g'), plain(KeyCode::Home)], "g", C::Top, false),
    bind(X::List, &[ch('G'), plain(KeyCode::End)], "G", C::Bottom, false),
    bind(X::List, &[plain(KeyCode::Enter)], "Enter", C::Open, true),
    bind(X::List, &[ch('/')], "/", C::Filter, true),
    bind(X::List, &[ch('f')], "f", C::StatusFilter, true),
    bind(X::List, &[ch('s')], "s", C::SortColumn, true),
    bind(X::List, &[ch('S')], "S", C::SortDirection, false),
    bind(X::List, &[ch('r'), plain(KeyCode::F(5))], "r", C::Refresh, false),
    bind(X::List, &[ch(' ')], "Space", C::Mark, false),
    bind(X::List, &[ch('V')], "V", C::MarkRange, false),
    bind(X::List, &[ch('u')], "u", C::ClearMarks, false),
    bind(X::List, &[ch('*')], "*", C::MarkAll, false),
    Binding { moves_money: true, ..bind(X::List, &[ch('a')], "a", C::Actions, false) },
    bind(X::Bulk, &[plain(KeyCode::Left), ch('h'), plain(KeyCode::Right), ch('l')], "←→", C::Right, true),
    bind(X::Bulk, &[plain(KeyCode::Tab)], "Tab", C::NextField, true),
    bind(X::Bulk, &[plain(KeyCode::Enter)], "Enter", C::Press, true),
    bind(X::Bulk, &[ch('y')], "y", C::ConfirmYes, true),
    bind(X::Bulk, &[ch('e')], "e", C::Export, false),
    Binding { moves_money: true, ..bind(X::Bulk, &[ch('r')], "r", C::Resume, false) },
    bind(X::Bulk, &[ch('x')], "x", C::Forget, false),
    bind(X::Bulk, &[plain(KeyCode::Esc), ch('n')], "Esc", C::Back, true),
    bind(X::Bulk, &[ch(':'), ctrl('p')], ":/C-p", C::Palette, false),
    bind(X::List, &[ch('D')], "D", C::Drift, false),
    bind(X::List, &[plain(KeyCode::Esc)], "Esc", C::Back, false),
    bind(X::List, &[ch('q')], "q", C::Quit, true),
    bind(X::List, &[ch(':'), ctrl('p')], ":/C-p", C::Palette, true),
    bind(X::Filter, &[plain(KeyCode::Enter)], "Enter", C::FilterDone, true),
    bind(X::Filter, &[plain(KeyCode::Esc)], "Esc", C::Back, true),
    bind(X::Filter, &[plain(KeyCode::Up)], "↑", C::Up, false),
    bind(X::Filter, &[plain(KeyCode::Down)], "↓", C::Down, false),
    bind(X::Details, &[plain(KeyCode::Up), ch('k')], "↑/k", C::Up, false),
    bind(X::Details, &[plain(KeyCode::Down), ch('j')], "↓/j", C::Down, true),
    bind(X::Details, &[plain(KeyCode::PageUp)], "PgUp", C::PageUp, false),
    bind(X::Details, &[plain(KeyCode::PageDown), ch(' ')], "PgDn", C::PageDown, false),
    bind(X::Details, &[ch('g'), plain(KeyCode::Home)], "g", C::Top, false),
    bind(X::Details, &[ch('G'), plain(KeyCode::End)], "G", C::Bottom, false),
    Binding { moves_money: true, ..bind(X::Details, &[ch('a')], "a", C::Actions, true) },
    bind(X::Details, &[ch('y')], "y", C::Copy, true),
    bind(X::Details, &[ch('r'), plain(KeyCode::F(5))], "r", C::Refresh, false),
    bind(X::Details, &[plain(KeyCode::Esc)], "Esc", C::Back, true),
    bind(X::Details, &[ch('q')], "q", C::Quit, false),
    bind(X::Modal, &[plain(KeyCode::Up)], "↑", C::PrevAction, false),
    bind(X::Modal, &[plain(KeyCode::Down)], "↓", C::NextAction, true),
    bind(X::Drift, &[plain(KeyCode::Up), ch('k')], "↑/k", C::Up, false),
    bind(X::Drift, &[plain(KeyCode::Down), ch('j')], "↓/j", C::Down, true),
    bind(X::Drift, &[plain(KeyCode::Enter)], "Enter", C::Open, true),
    bind(X::Drift, &[ch('r'), plain(KeyCode::F(5))], "r", C::Refresh, true),
    bind(X::Drift, &[plain(KeyCode::Esc)], "Esc", C::Back, true),
    bind(X::Drift, &[ch('q')], "q", C::Quit, false),
    bind(X::Details, &[ch(':'), ctrl('p')], ":/C-p", C::Palette, true),
    bind(X::Drift, &[ch(':'), ctrl('p')], ":/C-p", C::Palette, true),
    bind(X::Modal, &[plain(KeyCode::Tab)], "Tab", C::NextField, true),
    bind(X::Modal, &[plain(KeyCode::BackTab)], "S-Tab", C::PrevField, false),
    bind(X::Modal, &[plain(KeyCode::Left), ch('h')], "←/h", C::Left, true),
    bind(X::Modal, &[plain(KeyCode::Right), ch('l')], "→/l", C::Right, false),
    bind(X::Modal, &[plain(KeyCode::Enter)], "Enter", C::Review, true),
    bind(X::Modal, &[plain(KeyCode::Esc)], "Esc", C::Back, true),
    bind(X::Confirm, &[plain(KeyCode::Left), plain(KeyCode::Right), plain(KeyCode::Tab)], "←→", C::Right, true),
    bind(X::Confirm, &[plain(KeyCode::Enter)], "Enter", C::Press, true),
    bind(X::Confirm, &[ch('y')], "y", C::ConfirmYes, true),
    bind(X::Confirm, &[plain(KeyCode::Esc), ch('n')], "Esc/n", C::Back, true),
    bind(X::Palette, &[plain(KeyCode::Enter)], "Enter", C::RunChosen, true),
    bind(X::Palette, &[plain(KeyCode::Up)], "↑", C::Up, true),
    bind(X::Palette, &[plain(KeyCode::Down)], "↓", C::Down, false),
    bind(X::Palette, &[plain(KeyCode::Esc)], "Esc", C::Back, true),
    bind(X::Help, &[plain(KeyCode::Up), ch('k')], "↑/k", C::Up, false),
    bind(X::Help, &[plain(KeyCode::Down), ch('j')], "↓/j", C::Down, false),
    bind(X::Help, &[plain(KeyCode::Esc), ch('q'), ch('?')], "Esc/?", C::Back, true),
    bind(X::Global, &[ch('?')], "?", C::Help, true),
    bind(X::Global, &[ctrl('c')], "Ctrl-c", C::ForceQuit, false),
];

/// Makes Shift-letter and Shift-symbol presses compare the same on every platform: Unix sends
/// `G` without SHIFT, Windows with it; the character already says it was shifted.
pub fn normalize(key: &KeyEvent) -> Key {
    let mut mods = key.modifiers;
    if let KeyCode::Char(_) = key.code {
        mods.remove(KeyModifiers::SHIFT);
    }
    if key.code == KeyCode::BackTab {
        mods.remove(KeyModifiers::SHIFT);
    }
    Key { code: key.code, mods }
}

/// Only presses count: Windows also reports releases, which would double every key.
pub fn is_press(key: &KeyEvent) -> bool {
    key.kind == KeyEventKind::Press
}

fn active(binding: &Binding, read_only: bool) -> bool {
    !(read_only && binding.moves_money)
}

/// The command for `key` in `context`, falling back to the global bindings (except while text
/// is being typed, or the screen is hidden: then only Ctrl-c is global, so `?` and `q` reach
/// the text field, and nothing acts unseen).
pub fn command(context: Context, key: &KeyEvent, read_only: bool) -> Option<Command> {
    let key = normalize(key);
    let typing = matches!(context, Context::Filter | Context::Palette | Context::Hidden);
    BINDINGS
        .iter()
        .filter(|b| active(b, read_only))
        .filter(|b| {
            b.context == context || (b.context == Context::Global && (!typing || b.command == Command::ForceQuit))
        })
        .find(|b| b.keys.contains(&key))
        .map(|b| b.command)
}

/// Whether `key` is a money-moving key switched off by read-only mode in `context` (it then
/// says so once, and does nothing else).
pub fn off_in_read_only(context: Context, key: &KeyEvent) -> bool {
    let key = normalize(key);
    BINDINGS.iter().any(|b| b.moves_money && b.context == context && b.keys.contains(&key))
}

/// The bindings of one context, as `?` lists them.
pub fn bindings(context: Context, read_only: bool) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| b.context == context && active(b, read_only))
}

/// The status-bar hints for a context, then the global ones.
pub fn hints(context: Context, read_only: bool) -> impl Iterator<Item = &'static Binding> {
    BINDINGS
        .iter()
        .filter(move |b| b.hint && active(b, read_only) && (b.context == context || b.context == Context::Global))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn shifted_letters_match_on_every_platform() {
        for mods in [KeyModifiers::NONE, KeyModifiers::SHIFT] {
            assert_eq!(command(Context::List, &key(KeyCode::Char('G'), mods), false), Some(Command::Bottom));
            assert_eq!(command(Context::List, &key(KeyCode::Char('S'), mods), false), Some(Command::SortDirection));
            assert_eq!(command(Context::List, &key(KeyCode::Char('?'), mods), false), Some(Command::Help));
        }
        assert_eq!(command(Context::List, &key(KeyCode::Char('c'), KeyModifiers::CONTROL), false), Some(C::ForceQuit));
    }

    #[test]
    fn read_only_removes_actions_from_keys_and_hints() {
        let a = key(KeyCode::Char('a'), KeyModifiers::NONE);
        assert_eq!(command(Context::Details, &a, false), Some(Command::Actions));
        assert_eq!(command(Context::Details, &a, true), None);
        assert!(hints(Context::Details, true).all(|b| b.command != Command::Actions));
        assert!(bindings(Context::Details, true).all(|b| b.command != Command::Actions));
    }

    #[test]
    fn typing_in_the_filter_or_the_palette_keeps_q_and_question_mark() {
        for context in [Context::Filter, Context::Palette] {
            for c in ['q', '?', 'j', ':'] {
                assert_eq!(command(context, &key(KeyCode::Char(c), KeyModifiers::NONE), false), None);
            }
        }
    }

    #[test]
    fn colon_and_ctrl_p_open_the_palette_wherever_there_are_actions() {
        for context in [Context::List, Context::Details, Context::Drift, Context::Bulk] {
            assert_eq!(command(context, &key(KeyCode::Char(':'), KeyModifiers::NONE), false), Some(C::Palette));
            assert_eq!(command(context, &key(KeyCode::Char('p'), KeyModifiers::CONTROL), false), Some(C::Palette));
        }
        // Payment Actions holds an amount being typed: Esc closes it first, then `:` works.
        for context in [Context::Modal, Context::Confirm, Context::Sending] {
            assert_eq!(command(context, &key(KeyCode::Char(':'), KeyModifiers::NONE), false), None);
        }
        let a = key(KeyCode::Char('a'), KeyModifiers::NONE);
        assert!(off_in_read_only(Context::Details, &a) && off_in_read_only(Context::List, &a));
        assert!(!off_in_read_only(Context::List, &key(KeyCode::Char('f'), KeyModifiers::NONE)));
    }
}
