//! Support for driving the real app loop in tests: a `TestBackend` the test can read while the
//! loop owns the terminal.

use ratatui::backend::{Backend, ClearType, TestBackend, WindowSize};
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Position, Size};
use std::sync::{Arc, Mutex, MutexGuard};

/// A `TestBackend` behind a shared lock: the loop draws into it, the test reads it.
#[derive(Clone)]
pub struct SharedBackend(pub Arc<Mutex<TestBackend>>);

impl SharedBackend {
    pub fn new(width: u16, height: u16) -> SharedBackend {
        SharedBackend(Arc::new(Mutex::new(TestBackend::new(width, height))))
    }

    pub fn lock(&self) -> MutexGuard<'_, TestBackend> {
        match self.0.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// The screen as text, one line per row.
    pub fn text(&self) -> String {
        buffer_text(self.lock().buffer())
    }
}

/// A buffer's symbols, one line per row, wide characters once.
pub fn buffer_text(buffer: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut skip = 0;
        for x in 0..buffer.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
            out.push_str(symbol);
        }
        out.push('\n');
    }
    out
}

impl Backend for SharedBackend {
    type Error = std::convert::Infallible;

    /// Draws like a terminal emulator does: overwriting either half of a wide character (kanji)
    /// blanks the other half, and a wide character blanks the column it covers, so a screen
    /// never depends on what an earlier frame left there. A bare `TestBackend` keeps the stale half, which shows screens
    /// no real terminal would.
    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let mut backend = self.lock();
        let blank = Cell::default();
        for (x, y, cell) in content {
            let (left_wide, here_wide, width) = {
                let buffer = backend.buffer();
                let wide = |x: u16| unicode_width::UnicodeWidthStr::width(buffer[(x, y)].symbol()) > 1;
                (x > 0 && wide(x - 1), wide(x), buffer.area.width)
            };
            if left_wide {
                backend.draw(std::iter::once((x - 1, y, &blank)))?;
            }
            if here_wide && x + 1 < width {
                backend.draw(std::iter::once((x + 1, y, &blank)))?;
            }
            backend.draw(std::iter::once((x, y, cell)))?;
            // A wide character covers the next column too, whatever it held before.
            if unicode_width::UnicodeWidthStr::width(cell.symbol()) > 1 && x + 1 < width {
                backend.draw(std::iter::once((x + 1, y, &blank)))?;
            }
        }
        Ok(())
    }

    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.lock().hide_cursor()
    }

    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.lock().show_cursor()
    }

    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.lock().get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.lock().set_cursor_position(position)
    }

    fn clear(&mut self) -> Result<(), Self::Error> {
        self.lock().clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.lock().clear_region(clear_type)
    }

    fn size(&self) -> Result<Size, Self::Error> {
        self.lock().size()
    }

    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.lock().window_size()
    }

    fn flush(&mut self) -> Result<(), Self::Error> {
        self.lock().flush()
    }
}
