//! Sizes shared by the views and by `update` (which needs the page height for PgDn and the
//! virtual list), so both always agree.

use ratatui::layout::{Constraint, Layout, Rect};

/// Below this the console shows the "too small" screen instead of a broken layout. 72 columns
/// keep every Order List column but the id (customer, amounts of up to seven digits, status,
/// mode, deadline) and the Payment Actions modal whole; 20 lines keep the modal with a
/// two-line refusal, 17 list rows, and Order Details' amounts, status, deadline and customer
/// in view without scrolling (the history then shows 13 rows scrolled to).
pub const MIN_WIDTH: u16 = 72;
pub const MIN_HEIGHT: u16 = 20;

pub fn too_small(area: Rect) -> bool {
    hides_controls((area.width, area.height))
}

/// Whether a terminal of `size` shows the "too small" screen, which hides every control: at
/// this size and above, every screen and modal shows the control that has the keyboard.
pub fn hides_controls(size: (u16, u16)) -> bool {
    size.0 < MIN_WIDTH || size.1 < MIN_HEIGHT
}

/// The body and the one-line status bar under it.
pub fn split_status_bar(area: Rect) -> (Rect, Rect) {
    let [body, bar] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    (body, bar)
}

/// How many order rows the list shows at this terminal size (title, header and status bar
/// take three lines).
pub fn list_rows(size: (u16, u16)) -> usize {
    usize::from(size.1.saturating_sub(3))
}

/// The help box's width and height at this terminal size (the body is all but the status
/// bar): `update` scrolls it by the same numbers the view draws it with.
pub fn help_box(size: (u16, u16)) -> (u16, u16) {
    let body = size.1.saturating_sub(1);
    (HELP_WIDTH.min(size.0), body.saturating_sub(2).max(10).min(body))
}

const HELP_WIDTH: u16 = 48;

/// The lines at the bottom of the body a toast of `text` takes (0: no room, it is not shown):
/// the screen is drawn above them, so a toast never covers a row of it.
pub fn toast_strip(size: (u16, u16), text: &str) -> u16 {
    let body = size.1.saturating_sub(1);
    let lines = u16::try_from(toast_lines(size.0, text).len()).unwrap_or(u16::MAX);
    if body < lines + MIN_BODY_ABOVE_TOAST || size.0 < 10 { 0 } else { lines }
}

/// The strip the current toast takes (0 without one).
pub fn toast_strip_of(state: &crate::state::State) -> u16 {
    state.toast.as_ref().map_or(0, |toast| toast_strip(state.size, &toast.text))
}

/// The toast's text as the lines it is shown in (at most [`TOAST_LINES`], the last ending in
/// `…` if the text is longer), each after the [`TOAST_MARK`].
pub fn toast_lines(width: u16, text: &str) -> Vec<String> {
    let room = usize::from(width).saturating_sub(TOAST_MARK.chars().count() + 1);
    crate::wrap::wrap(text, room, TOAST_LINES)
}

/// What the toast's first line starts with (the next ones are indented as far).
pub const TOAST_MARK: &str = " ▍ ";
const TOAST_LINES: usize = 3;

/// The screen keeps at least these lines above a toast.
const MIN_BODY_ABOVE_TOAST: u16 = 6;

/// The first row the list shows: its scroll position, moved down when a toast has taken rows
/// so that the selected row stays in sight.
pub fn first_visible(top: usize, selected: usize, visible: usize) -> usize {
    if visible > 0 && selected >= top + visible { selected + 1 - visible } else { top }
}

/// Wide layouts start here.
pub fn is_wide(width: u16) -> bool {
    width >= 110
}

/// A box of `width` x `height` centred in `area`, clipped to it.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h }
}

/// Clears `area` for a box drawn over the screen. A kanji whose right half the box covers is
/// blanked too: left alone, the terminal would keep the whole kanji and hide the box's border.
pub fn clear_for_overlay(frame: &mut ratatui::Frame, area: Rect) {
    frame.render_widget(ratatui::widgets::Clear, area);
    if area.x == 0 {
        return;
    }
    let buffer = frame.buffer_mut();
    for y in area.top()..area.bottom() {
        let cell = &mut buffer[(area.x - 1, y)];
        if unicode_width::UnicodeWidthStr::width(cell.symbol()) > 1 {
            cell.set_symbol(" ");
        }
    }
}
