//! Taking the terminal over and always giving it back: on a normal exit, an error, a panic,
//! SIGTERM and SIGHUP (an SSH connection dropping). Mouse capture is switched on only when the
//! operator asks (`--mouse`), so by default text (an order id) can still be selected with the
//! mouse; `restore` always switches it off, whichever way the console ends.

use super::action::Action;
use crossterm::cursor::Show;
use crossterm::event::{DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io::{self, Stdout};
use tokio::sync::mpsc::UnboundedSender;

pub type Console = Terminal<Resilient<CrosstermBackend<Stdout>>>;

/// The real terminal, except that showing the cursor never fails: ratatui shows it again when
/// the `Terminal` is dropped and reports a failure with `eprintln!`, which panics when the
/// terminal (and so stderr) is already gone after a hang-up. Everything else is passed through.
pub struct Resilient<B>(B);

impl<B: ratatui::backend::Backend> ratatui::backend::Backend for Resilient<B> {
    type Error = B::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a ratatui::buffer::Cell)>,
    {
        self.0.draw(content)
    }
    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.0.hide_cursor()
    }
    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        // A terminal that is gone has no cursor to show; `restore` shows it where there is one.
        let _ = self.0.show_cursor();
        Ok(())
    }
    fn get_cursor_position(&mut self) -> Result<ratatui::layout::Position, Self::Error> {
        self.0.get_cursor_position()
    }
    fn set_cursor_position<P: Into<ratatui::layout::Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.0.set_cursor_position(position)
    }
    fn clear(&mut self) -> Result<(), Self::Error> {
        self.0.clear()
    }
    fn clear_region(&mut self, clear_type: ratatui::backend::ClearType) -> Result<(), Self::Error> {
        self.0.clear_region(clear_type)
    }
    fn size(&self) -> Result<ratatui::layout::Size, Self::Error> {
        self.0.size()
    }
    fn window_size(&mut self) -> Result<ratatui::backend::WindowSize, Self::Error> {
        self.0.window_size()
    }
    fn flush(&mut self) -> Result<(), Self::Error> {
        self.0.flush()
    }
}

/// Raw mode, the alternate screen and bracketed paste (a pasted text arrives whole, so its
/// characters can never be read as commands); with `mouse`, mouse capture.
pub fn enter(mouse: bool) -> io::Result<Console> {
    enable_raw_mode()?;
    let mut stdout = io::stdout();
    let taken = execute!(stdout, EnterAlternateScreen, EnableBracketedPaste)
        .and_then(|()| if mouse { execute!(stdout, EnableMouseCapture) } else { Ok(()) });
    if let Err(e) = taken {
        restore();
        return Err(e);
    }
    let mut terminal = Terminal::new(Resilient(CrosstermBackend::new(stdout)))?;
    terminal.hide_cursor()?;
    terminal.clear()?;
    Ok(terminal)
}

/// Gives the mouse back, leaves the alternate screen, shows the cursor and ends raw mode. Safe
/// to call twice, and with the mouse never taken (switching it off is then a no-op); errors are
/// ignored because the terminal may already be gone (SIGHUP).
pub fn restore() {
    let _ = execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste, LeaveAlternateScreen, Show);
    let _ = disable_raw_mode();
}

/// Restores the terminal when dropped, whichever way the TUI ends.
pub struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// A terminal can go away without a SIGHUP (the far end of the pseudo-terminal closed while
/// the console is not its session's leader); the input reader would then spin on a dead
/// descriptor. Checked once a second; leaving is the same as for SIGHUP.
pub async fn watch_hangup(tx: UnboundedSender<Action>) {
    let mut every_second = tokio::time::interval(std::time::Duration::from_secs(1));
    loop {
        every_second.tick().await;
        if input_hung_up() {
            tracing::info!("the terminal hung up: leaving");
            let _ = tx.send(Action::Quit);
            return;
        }
    }
}

/// Whether the terminal's far end has gone (the keyboard's descriptor reports a hang-up).
pub fn hung_up() -> bool {
    input_hung_up()
}

#[cfg(unix)]
#[allow(unsafe_code)] // libc::poll, see the SAFETY note
fn input_hung_up() -> bool {
    let mut input = libc::pollfd { fd: libc::STDIN_FILENO, events: libc::POLLIN, revents: 0 };
    // SAFETY: `poll` reads one valid `pollfd` that lives for the call; a zero timeout never blocks.
    let ready = unsafe { libc::poll(&mut input, 1, 0) };
    ready > 0 && input.revents & (libc::POLLHUP | libc::POLLNVAL) != 0
}

#[cfg(not(unix))]
fn input_hung_up() -> bool {
    false
}

/// SIGTERM and SIGHUP end the loop like `q` does, so the normal exit path restores the
/// terminal: one watcher each, for the app to run (and cancel at quit).
pub fn watch_signals(tx: UnboundedSender<Action>) -> io::Result<Vec<impl std::future::Future<Output = ()>>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut watchers = Vec::new();
    for kind in [SignalKind::terminate(), SignalKind::hangup()] {
        let mut stream = signal(kind)?;
        let tx = tx.clone();
        watchers.push(async move {
            if stream.recv().await.is_some() {
                tracing::info!(signal = ?kind, "signal: leaving");
                let _ = tx.send(Action::Quit);
            }
        });
    }
    Ok(watchers)
}
