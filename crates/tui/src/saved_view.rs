//! A saved view (config `views`) as the Order List's filter, sort, direction and search, and
//! back: the one translation the TUI (`:save`, `:view`, `--view`) and `orders list --view`
//! share.

use crate::backend::SortKey;
use crate::config::views::SavedView;
use crate::domain::OrderStatus;
use crate::domain::deadline_queue::DeadlineFilter;
use crate::state::ListView;

/// "Expiring within 24 h", the Order List's deadline filter.
pub use crate::bulk_effects::EXPIRING_SOON_MS;
const EXPIRED: &str = "expired";
const EXPIRING: &str = "expiring_24h";

/// What a view asks of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewQuery {
    pub status: Option<OrderStatus>,
    pub deadline: Option<DeadlineFilter>,
    pub sort: SortKey,
    pub descending: bool,
    pub search: String,
}

/// A saved view names a status the console does not know (a file from a newer console).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadStatus {
    pub view: String,
    pub status: String,
}

impl BadStatus {
    pub fn sentence(&self, lang: crate::config::Lang) -> String {
        crate::i18n_sentences::bad_status(lang, &self.view, &self.status)
    }
}

/// The query of `view`, or what in it the console does not know.
pub fn query(view: &SavedView) -> Result<ViewQuery, BadStatus> {
    let (status, deadline) = match view.status.as_deref() {
        None | Some("") | Some("all") => (None, None),
        Some(EXPIRED) => (None, Some(DeadlineFilter::Expired)),
        Some(EXPIRING) => (None, Some(DeadlineFilter::ExpiringWithin(EXPIRING_SOON_MS))),
        Some(other) => match OrderStatus::parse(other) {
            OrderStatus::Other(_) => {
                return Err(BadStatus { view: view.name.clone(), status: other.to_string() });
            }
            known => (Some(known), None),
        },
    };
    let sort = match view.sort.as_str() {
        "amount" => SortKey::Amount,
        "customer" => SortKey::Customer,
        "deadline" => SortKey::Deadline,
        _ => SortKey::Created,
    };
    Ok(ViewQuery { status, deadline, sort, descending: view.direction == "desc", search: view.search.clone() })
}

/// The list's current filter, sort, direction and search as a view named `name`.
pub fn capture(name: &str, list: &ListView) -> SavedView {
    let status = match (list.deadline, &list.status) {
        (Some(DeadlineFilter::Expired), _) => Some(EXPIRED.to_string()),
        (Some(DeadlineFilter::ExpiringWithin(_)), _) => Some(EXPIRING.to_string()),
        (None, Some(status)) => Some(status.as_str().to_string()),
        (None, None) => None,
    };
    let sort = match list.sort {
        SortKey::Created => "created",
        SortKey::Amount => "amount",
        SortKey::Customer => "customer",
        SortKey::Deadline => "deadline",
    };
    SavedView {
        name: name.to_string(),
        status,
        sort: sort.to_string(),
        direction: if list.descending { "desc" } else { "asc" }.to_string(),
        search: list.search.value().trim().to_string(),
    }
}

/// Sets the list to `view` (the caller restarts the list).
pub fn apply(list: &mut ListView, view: ViewQuery) {
    list.status = view.status;
    list.deadline = view.deadline;
    list.sort = view.sort;
    list.descending = view.descending;
    list.search = tui_input::Input::new(view.search);
    list.filtering = false;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_captured_from_the_list_applies_back_the_same() {
        let mut list = ListView::new();
        list.status = Some(OrderStatus::RequiresCapture);
        list.sort = SortKey::Deadline;
        list.descending = false;
        list.search = tui_input::Input::new(" 山田 ".into());
        let saved = capture("mine", &list);
        assert_eq!(
            (saved.status.as_deref(), saved.sort.as_str(), saved.direction.as_str()),
            (Some("requires_capture"), "deadline", "asc")
        );
        let mut other = ListView::new();
        apply(&mut other, query(&saved).expect("known"));
        assert_eq!(other.query(0, 10), ListView { search: tui_input::Input::new("山田".into()), ..list }.query(0, 10));
        list = ListView::new();
        list.deadline = Some(DeadlineFilter::ExpiringWithin(EXPIRING_SOON_MS));
        let saved = capture("soon", &list);
        assert_eq!(query(&saved).map(|q| q.deadline), Ok(list.deadline));
    }

    #[test]
    fn an_unknown_status_is_named() {
        let view = SavedView {
            name: "x".into(),
            status: Some("pending".into()),
            sort: "created".into(),
            direction: "desc".into(),
            search: String::new(),
        };
        let sentence = query(&view).map_err(|e| e.sentence(crate::config::Lang::En));
        assert_eq!(
            sentence,
            Err("The saved view \"x\" has the status \"pending\", which the console does not know.".into())
        );
    }
}
