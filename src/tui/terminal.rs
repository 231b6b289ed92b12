//! Taking the terminal over and always giving it back: on a normal exit, an error, a panic,
//! SIGTERM and SIGHUP (an SSH connection dropping). Mouse capture is never switched on, so
//! operators can still select text (an order id) with the mouse.

use super::action::Action;
use crossterm::cursor::Show;
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::execute;
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io::{self, Stdout};
use tokio::sync::mpsc::UnboundedSender;

pub type Console = Terminal<CrosstermBackend<Stdout>>;

/// Raw mode, the alternate screen and bracketed paste (a pasted text arrives whole, so its
/// characters can never be read as commands).
pub fn enter() -> io::Result<Console> {
    enable_raw_mode()?;
    let mut stdout = io::stdout();
    if let Err(e) = execute!(stdout, EnterAlternateScreen, EnableBracketedPaste) {
        restore();
        return Err(e);
    }
    let mut terminal = Terminal::new(CrosstermBackend::new(stdout))?;
    terminal.hide_cursor()?;
    terminal.clear()?;
    Ok(terminal)
}

/// Leaves the alternate screen, shows the cursor and ends raw mode. Safe to call twice; errors
/// are ignored because the terminal may already be gone (SIGHUP).
pub fn restore() {
    let _ = execute!(io::stdout(), DisableBracketedPaste, LeaveAlternateScreen, Show);
    let _ = disable_raw_mode();
}

/// Restores the terminal when dropped, whichever way the TUI ends.
pub struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// SIGTERM and SIGHUP end the loop like `q` does, so the normal exit path restores the terminal.
pub fn watch_signals(tx: UnboundedSender<Action>) -> io::Result<()> {
    use tokio::signal::unix::{SignalKind, signal};
    for kind in [SignalKind::terminate(), SignalKind::hangup()] {
        let mut stream = signal(kind)?;
        let tx = tx.clone();
        tokio::spawn(async move {
            if stream.recv().await.is_some() {
                tracing::info!(signal = ?kind, "signal: leaving");
                let _ = tx.send(Action::Quit);
            }
        });
    }
    Ok(())
}
