//! `--view NAME`, for the console and `orders list` alike: the saved view read from the views
//! file and checked.

use crate::config::Settings;
use crate::failure::Failure;
use crate::tui;

/// The saved view `name` as the list's query; unknown, damaged or naming a status the console
/// does not know: exit 2 with one sentence.
pub fn find(settings: &Settings, name: &str) -> Result<tui::saved_view::ViewQuery, Failure> {
    let view = crate::config::views::find(&settings.views_file, name)?;
    tui::saved_view::query(&view)
        .map_err(|bad| Failure::usage(bad.sentence(settings.lang)).with_code("view.file_invalid"))
}
