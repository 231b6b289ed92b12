//! What may reach a person: text made printable and fitted to columns, secrets scrubbed from
//! anything shown or logged, and panics inside dependencies turned into quiet errors.

pub mod panic_guard;
pub mod redact;
pub mod text;
