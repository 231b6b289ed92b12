//! The catalogs of the layers below the screens: the payment rules' refusals and amount errors,
//! countdowns and statuses (`RuleText`), operation outcomes (`OutcomeText`) and the sentences of
//! the store, the API and the command line (`ErrorText`).

mod errors;
mod outcome;
mod rules;

pub use errors::ErrorText;
pub use outcome::OutcomeText;
pub use rules::RuleText;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::problems;

    #[test]
    fn every_sentence_has_a_japanese_text_that_is_not_the_english() {
        let mut found = problems(RuleText::ALL, &[]);
        found.extend(problems(OutcomeText::ALL, &[]));
        found.extend(problems(ErrorText::ALL, &[]));
        assert!(found.is_empty(), "{found:#?}");
    }
}
