//! The shopper as the checkout session gave them (the merchant's prefill: possibly partial),
//! and their postal address.

use serde::{Deserialize, Serialize};

/// A Japanese postal address in the API's field names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    pub postal_code: String,
    pub administrative_area: String,
    pub locality: String,
    pub line1: String,
    pub line2: String,
    pub country: String,
}

impl Address {
    /// Japanese display order: 〒postal code, prefecture, city, street, building.
    pub fn display_lines(&self) -> Vec<String> {
        let mut lines = vec![format!("〒{}", self.postal_code)];
        let city = format!("{}{}{}", self.administrative_area, self.locality, self.line1);
        if !city.is_empty() {
            lines.push(city);
        }
        if !self.line2.is_empty() {
            lines.push(self.line2.clone());
        }
        lines
    }
}

/// The shopper, as the checkout session records them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    pub last_name: String,
    pub first_name: String,
    pub last_name_kana: String,
    pub first_name_kana: String,
    pub email: String,
    pub phone: String,
    pub address: Option<Address>,
}

impl Customer {
    /// Family name first, as Japanese names are written.
    pub fn full_name(&self) -> String {
        join_nonempty(&self.last_name, &self.first_name)
    }

    pub fn full_kana(&self) -> String {
        join_nonempty(&self.last_name_kana, &self.first_name_kana)
    }

    /// What the customer column sorts by, everywhere (the index, a search's results): the
    /// reading (kana) where there is one, as Japanese lists do, else the name; lowercased.
    pub fn sort_name(&self) -> String {
        let kana = self.full_kana();
        if kana.is_empty() { self.full_name() } else { kana }.to_lowercase()
    }
}

fn join_nonempty(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (false, false) => format!("{a} {b}"),
        (false, true) => a.to_string(),
        (true, false) => b.to_string(),
        (true, true) => String::new(),
    }
}
