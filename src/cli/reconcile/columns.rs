//! The shop file's columns: the names reconcile reads, `--map` for a shop's own names, and
//! `--map-status` for its own status words.

use crate::domain::reconcile::ShopStatus;

/// A column reconcile reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Order,
    Reference,
    Amount,
    Captured,
    Refunded,
    Status,
    UpdatedAt,
}

impl Field {
    pub const ALL: [Field; 7] = [
        Field::Order,
        Field::Reference,
        Field::Amount,
        Field::Captured,
        Field::Refunded,
        Field::Status,
        Field::UpdatedAt,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Field::Order => "order",
            Field::Reference => "reference",
            Field::Amount => "amount",
            Field::Captured => "captured",
            Field::Refunded => "refunded",
            Field::Status => "status",
            Field::UpdatedAt => "updated_at",
        }
    }

    fn named(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name)
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// How the shop's names map to reconcile's.
#[derive(Debug, Clone, Default)]
pub struct Mapping {
    /// shop column (normalised) → our column.
    columns: Vec<(String, Field)>,
    /// the shop's status word (normalised) → ours.
    statuses: Vec<(String, ShopStatus)>,
}

fn normalise(name: &str) -> String {
    name.trim().trim_start_matches('\u{feff}').to_lowercase()
}

/// Splits `a=b,c=d` into pairs, refusing anything else with a sentence.
fn pairs<'a>(flag: &str, text: &'a str) -> Result<Vec<(&'a str, &'a str)>, String> {
    text.split(',')
        .filter(|p| !p.trim().is_empty())
        .map(|pair| {
            pair.split_once('=')
                .map(|(a, b)| (a.trim(), b.trim()))
                .filter(|(a, b)| !a.is_empty() && !b.is_empty())
                .ok_or_else(|| {
                    format!("{flag} takes NAME=NAME pairs separated by commas; \"{}\" is not one.", pair.trim())
                })
        })
        .collect()
}

impl Mapping {
    /// From `--map shop_col=our_col,…` and `--map-status word=status,…` (each may be repeated).
    pub fn parse(map: &[String], map_status: &[String]) -> Result<Mapping, String> {
        let mut mapping = Mapping::default();
        for text in map {
            for (shop, ours) in pairs("--map", text)? {
                let field = Field::named(&normalise(ours)).ok_or_else(|| {
                    format!(
                        "--map {shop}={ours}: \"{ours}\" is not a column reconcile reads ({}).",
                        Field::ALL.map(Field::name).join(", ")
                    )
                })?;
                mapping.columns.push((normalise(shop), field));
            }
        }
        for text in map_status {
            for (word, ours) in pairs("--map-status", text)? {
                let status = ShopStatus::parse(ours).ok_or_else(|| {
                    format!(
                        "--map-status {word}={ours}: \"{ours}\" is not a status (open, shipped, canceled, returned)."
                    )
                })?;
                mapping.statuses.push((normalise(word), status));
            }
        }
        Ok(mapping)
    }

    /// The shop's status word as ours: a mapped word first, then our own names.
    pub fn status(&self, word: &str) -> Option<ShopStatus> {
        let word = normalise(word);
        self.statuses.iter().find(|(w, _)| *w == word).map(|(_, s)| *s).or_else(|| ShopStatus::parse(&word))
    }

    /// Which field a shop column gives, if any.
    fn field_of(&self, column: &str) -> Option<Field> {
        let column = normalise(column);
        match self.columns.iter().find(|(shop, _)| *shop == column) {
            Some((_, field)) => Some(*field),
            None => Field::named(&column),
        }
    }

    /// Where each field is among `names` (a CSV header or a JSON object's keys), refusing two
    /// columns for one field, a `--map` naming a column the file lacks, and missing columns.
    pub fn layout<'a>(&self, names: impl IntoIterator<Item = &'a str>) -> Result<Layout, String> {
        let names: Vec<&str> = names.into_iter().collect();
        let mut at = [None; 7];
        for (index, name) in names.iter().enumerate() {
            let Some(field) = self.field_of(name) else { continue };
            if let Some(first) = at[field.index()] {
                return Err(format!(
                    "the columns \"{}\" and \"{}\" both give {}; keep one, or rename one with --map.",
                    names[first],
                    name,
                    field.name()
                ));
            }
            at[field.index()] = Some(index);
        }
        for (shop, _) in &self.columns {
            if !names.iter().any(|n| normalise(n) == *shop) {
                return Err(format!("--map names the column \"{shop}\", which the file does not have."));
            }
        }
        let layout = Layout { at };
        layout.check(&names)?;
        Ok(layout)
    }
}

/// Where each field is in a record.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    at: [Option<usize>; 7],
}

impl Layout {
    pub fn position(&self, field: Field) -> Option<usize> {
        self.at[field.index()]
    }

    fn check(&self, names: &[&str]) -> Result<(), String> {
        if self.position(Field::Order).is_none() && self.position(Field::Reference).is_none() {
            return Err(format!(
                "the file has neither an order nor a reference column (it has: {}); name one with --map COLUMN=order or --map COLUMN=reference.",
                names.join(", ")
            ));
        }
        for field in [Field::Amount, Field::Captured, Field::Refunded] {
            if self.position(field).is_none() {
                return Err(format!(
                    "the file has no {} column (it has: {}); name it with --map COLUMN={}.",
                    field.name(),
                    names.join(", "),
                    field.name()
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_map_renames_columns_and_status_words() {
        let mapping =
            Mapping::parse(&["注文番号=reference,合計=amount".into()], &["発送済み=shipped".into()]).expect("parses");
        let layout =
            mapping.layout(["注文番号", "合計", "Captured", "refunded", "メモ"]).expect("every needed column is there");
        assert_eq!(layout.position(Field::Reference), Some(0));
        assert_eq!(layout.position(Field::Amount), Some(1));
        assert_eq!(layout.position(Field::Captured), Some(2));
        assert_eq!(layout.position(Field::Order), None);
        assert_eq!(mapping.status("発送済み"), Some(ShopStatus::Shipped));
        assert_eq!(mapping.status("Canceled"), Some(ShopStatus::Canceled));
    }

    #[test]
    fn bad_maps_and_missing_columns_say_what_to_do() {
        assert!(Mapping::parse(&["a=b".into()], &[]).unwrap_err().contains("not a column"));
        assert!(Mapping::parse(&["nonsense".into()], &[]).unwrap_err().contains("NAME=NAME"));
        let plain = Mapping::default();
        assert!(plain.layout(["order", "amount", "captured"]).unwrap_err().contains("no refunded column"));
        assert!(plain.layout(["amount", "captured", "refunded"]).unwrap_err().contains("neither an order"));
        let twice = plain.layout(["order", "Order", "amount", "captured", "refunded"]).unwrap_err();
        assert!(twice.contains("both give order"), "{twice}");
    }
}
