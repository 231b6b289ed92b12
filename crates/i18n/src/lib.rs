//! The console's two languages and the mechanism of its catalogs.
//!
//! A catalog is an enum of message keys declared with [`catalog!`]: each key carries its English
//! and its Japanese text, so a key without a Japanese text does not compile, and `ALL` lists every
//! key so that [`check::problems`] can prove that no Japanese text is missing or a copy of the
//! English. A text may hold named placeholders (`{amount}`), filled by [`Message::fill`] with
//! figures already formatted for the language. `--json` never goes through a catalog: codes and
//! fields stay the same in every language.

pub mod check;
mod fill;
pub mod sentences;

pub use fill::fill;

/// The language of everything a person reads (`--lang`, `SMARTPAY_CONSOLE_LANG`, `console.lang`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    #[default]
    En,
    Ja,
}

impl Lang {
    /// `en`, or `ja` (`jp` accepted), case-insensitively.
    pub fn parse(s: &str) -> Option<Lang> {
        match s.to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "ja" | "jp" => Some(Lang::Ja),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }
}

/// A message key of a catalog: its text in each language.
pub trait Message: Copy + std::fmt::Debug + 'static {
    /// The English and the Japanese text.
    fn pair(self) -> (&'static str, &'static str);

    /// The text in `lang`, placeholders unfilled.
    fn text(self, lang: Lang) -> &'static str {
        let (en, ja) = self.pair();
        match lang {
            Lang::En => en,
            Lang::Ja => ja,
        }
    }

    /// The text in `lang` with each `{name}` replaced by its value in `args`.
    fn fill(self, lang: Lang, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        fill(self.text(lang), args)
    }
}

/// Declares a catalog: an enum of keys, each `Key => ("English", "日本語"),`, with `ALL` listing
/// every key and an implementation of [`Message`].
#[macro_export]
macro_rules! catalog {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$key_meta:meta])* $key:ident => ($en:expr, $ja:expr $(,)?) ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name {
            $( $(#[$key_meta])* $key, )*
        }

        impl $name {
            /// Every key of the catalog, for the completeness test.
            pub const ALL: &'static [$name] = &[ $( $name::$key, )* ];
        }

        impl $crate::Message for $name {
            fn pair(self) -> (&'static str, &'static str) {
                match self {
                    $( $name::$key => ($en, $ja), )*
                }
            }
        }
    };
}
