//! A finding's sentence in both languages: the English one (the `--json` and CSV `fix.text`,
//! the log) and the Japanese one a person reads under `--lang ja`.

use smartpay_i18n::sentences::ReconcileText;
use smartpay_i18n::{Lang, Message};
use std::fmt::Display;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Both {
    pub en: String,
    pub ja: String,
}

impl Both {
    /// The sentence `make` writes in each language (for values that differ by language: a
    /// date, a countdown, a refusal).
    pub fn each(make: impl Fn(Lang) -> String) -> Both {
        Both { en: make(Lang::En), ja: make(Lang::Ja) }
    }

    /// `key` with the same values in both languages.
    pub fn of(key: ReconcileText, args: &[(&str, &dyn Display)]) -> Both {
        Both { en: key.fill(Lang::En, args), ja: key.fill(Lang::Ja, args) }
    }

    /// Adds `more` after the sentence, in each language.
    pub fn push(&mut self, more: Both) {
        self.en.push_str(&more.en);
        self.ja.push_str(&more.ja);
    }
}
