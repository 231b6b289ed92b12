//! The catalogs of the layers below the screens: the payment rules' refusals and amount errors,
//! countdowns and statuses (`RuleText`), operation outcomes (`OutcomeText`), the sentences of
//! the store, the API and the command line (`ErrorText`) and online mode's status line
//! (`SyncText`).

mod errors;
mod outcome;
mod reconcile;
mod rules;
mod sync;

pub use errors::ErrorText;
pub use outcome::OutcomeText;
pub use reconcile::ReconcileText;
pub use rules::RuleText;
pub use sync::SyncText;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::problems;

    #[test]
    fn every_sentence_has_a_japanese_text_that_is_not_the_english() {
        let mut found = problems(RuleText::ALL, &[]);
        found.extend(problems(OutcomeText::ALL, &[]));
        found.extend(problems(ErrorText::ALL, &[]));
        found.extend(problems(SyncText::ALL, &[]));
        found.extend(problems(ReconcileText::ALL, &[]));
        assert!(found.is_empty(), "{found:#?}");
    }
}
