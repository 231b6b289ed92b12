//! What `?` lists, as lines: one section per screen, each key once, written from the keymap
//! (so read-only mode lists no money-moving key). Pure, so `update` (which opens the help at
//! the current screen's section and never scrolls past the end) and the view agree.

use crate::i18n::Msg;
use crate::keymap::{self, Binding, Context};
use crate::layout;

/// One line of the help.
#[derive(Clone, Copy)]
pub enum HelpLine {
    Title(Msg),
    Blank,
    Key(&'static Binding),
}

/// The sections in order: a title and the contexts whose keys it lists.
fn sections(read_only: bool) -> Vec<(Msg, &'static [Context])> {
    let mut sections: Vec<(Msg, &'static [Context])> = vec![
        (Msg::HelpList, &[Context::List, Context::Filter]),
        (Msg::HelpDetails, &[Context::Details]),
        (Msg::HelpDrift, &[Context::Drift]),
    ];
    if !read_only {
        sections.push((Msg::HelpModal, &[Context::Modal, Context::Confirm]));
        sections.push((Msg::HelpBulk, &[Context::Bulk]));
    }
    sections.push((Msg::HelpPalette, &[Context::Palette]));
    sections.push((Msg::HelpGlobal, &[Context::Global]));
    sections
}

/// Every line of the help. Within a section a key is listed once: a key doing the same thing in
/// two of its contexts (Esc in the list and in its filter, ↑ in both) is one line.
pub fn lines(read_only: bool) -> Vec<HelpLine> {
    let mut lines = Vec::new();
    for (title, contexts) in sections(read_only) {
        if !lines.is_empty() {
            lines.push(HelpLine::Blank);
        }
        lines.push(HelpLine::Title(title));
        let mut seen: Vec<&'static Binding> = Vec::new();
        for binding in contexts.iter().flat_map(|c| keymap::bindings(*c, read_only)) {
            if seen
                .iter()
                .any(|b| same_label(b.command, binding.command) && b.keys.iter().any(|k| binding.keys.contains(k)))
            {
                continue;
            }
            seen.push(binding);
            lines.push(HelpLine::Key(binding));
        }
    }
    lines
}

fn same_label(a: keymap::Command, b: keymap::Command) -> bool {
    crate::i18n::command_label(crate::config::Lang::En, a) == crate::i18n::command_label(crate::config::Lang::En, b)
}

/// The section the help opens at for the screen that has the keyboard.
fn section_of(ctx: Context) -> Msg {
    match ctx {
        Context::Details => Msg::HelpDetails,
        Context::Drift => Msg::HelpDrift,
        Context::Modal | Context::Confirm | Context::Sending => Msg::HelpModal,
        Context::Bulk => Msg::HelpBulk,
        Context::Palette => Msg::HelpPalette,
        _ => Msg::HelpList,
    }
}

/// The first line of `ctx`'s section (0 when it has none).
pub fn section_start(ctx: Context, read_only: bool) -> usize {
    let wanted = section_of(ctx);
    lines(read_only).iter().position(|l| matches!(l, HelpLine::Title(m) if *m == wanted)).unwrap_or(0)
}

/// How many help lines show at once at this terminal size.
pub fn visible(size: (u16, u16)) -> usize {
    usize::from(layout::help_box(size).1.saturating_sub(2))
}

/// The last scroll position: the last line at the bottom of the box.
pub fn max_scroll(read_only: bool, size: (u16, u16)) -> usize {
    lines(read_only).len().saturating_sub(visible(size))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys_of(read_only: bool) -> Vec<String> {
        let mut section = String::new();
        let mut keys = Vec::new();
        for line in lines(read_only) {
            match line {
                HelpLine::Title(m) => section = crate::i18n::t(crate::config::Lang::En, m).to_string(),
                HelpLine::Key(b) => keys.push(format!(
                    "{section}|{}|{}",
                    b.shown,
                    crate::i18n::command_label(crate::config::Lang::En, b.command)
                )),
                HelpLine::Blank => {}
            }
        }
        keys
    }

    #[test]
    fn each_key_is_listed_once_per_section() {
        let keys = keys_of(false);
        for (i, key) in keys.iter().enumerate() {
            assert!(!keys[..i].contains(key), "{key} listed twice");
        }
        assert!(keys.iter().any(|k| k == "Order List|:/C-p|command palette"));
    }

    #[test]
    fn help_opens_at_the_section_of_the_current_screen() {
        let all = lines(false);
        let title = |at: usize| match all.get(at) {
            Some(HelpLine::Title(m)) => Some(*m),
            _ => None,
        };
        assert_eq!(section_start(Context::List, false), 0);
        assert_eq!(title(section_start(Context::Details, false)), Some(Msg::HelpDetails));
        assert_eq!(title(section_start(Context::Confirm, false)), Some(Msg::HelpModal));
        assert_eq!(title(section_start(Context::Palette, false)), Some(Msg::HelpPalette));
        assert!(section_start(Context::Details, false) > 0);
    }

    #[test]
    fn read_only_help_has_no_money_key_and_scrolling_stops_at_the_end() {
        assert!(keys_of(true).iter().all(|k| !k.ends_with("|actions") && !k.contains("Payment Actions")));
        let total = lines(false).len();
        let last = max_scroll(false, (80, 24));
        assert_eq!(last + visible((80, 24)), total, "the last line is at the bottom");
        assert_eq!(max_scroll(false, (200, 200)), 0, "all of it fits");
    }
}
