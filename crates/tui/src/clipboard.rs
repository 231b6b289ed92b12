//! Copying to the operator's clipboard with OSC 52: the terminal emulator on the operator's own
//! machine does the copy, so it works over SSH where no X display exists.

use base64::Engine;
use std::io::Write;
use std::sync::{Arc, Mutex};

pub trait Clipboard: Send {
    fn copy(&mut self, text: &str);
}

/// Writes the OSC 52 sequence to the terminal.
pub struct Osc52;

impl Clipboard for Osc52 {
    fn copy(&mut self, text: &str) {
        let encoded = base64::engine::general_purpose::STANDARD.encode(text);
        let mut out = std::io::stdout();
        if let Err(e) = write!(out, "\x1b]52;c;{encoded}\x07").and_then(|()| out.flush()) {
            tracing::warn!(error = %e, "could not write the clipboard sequence");
        }
    }
}

/// Remembers what was copied (tests).
#[derive(Clone, Default)]
pub struct Recorder(pub Arc<Mutex<Vec<String>>>);

impl Clipboard for Recorder {
    fn copy(&mut self, text: &str) {
        if let Ok(mut copies) = self.0.lock() {
            copies.push(text.to_string());
        }
    }
}
