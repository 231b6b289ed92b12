//! The catalog's sentences that carry values (a name, a count, a file): palette, saved views,
//! help position. English and Japanese side by side, like `i18n`.

use crate::config::Lang;
use crate::config::views::ViewsError;

/// No order has this id or reference.
pub fn not_found(lang: Lang, named: &str) -> String {
    let named = crate::text::printable(named);
    match lang {
        Lang::En => format!("No order has the id or reference \"{named}\"."),
        Lang::Ja => format!("ID または参照番号が「{named}」の注文はありません。"),
    }
}

/// Several orders share this reference.
pub fn several(lang: Lang, count: usize, named: &str) -> String {
    let named = crate::text::printable(named);
    match lang {
        Lang::En => format!("{count} or more orders have the reference \"{named}\": open it by its id."),
        Lang::Ja => format!("参照番号「{named}」の注文が {count} 件以上あります。ID で開いてください。"),
    }
}

/// The order could not be looked up (the source failed).
pub fn lookup_failed(lang: Lang, detail: &str) -> String {
    match lang {
        Lang::En => format!("The order could not be looked up: {detail}"),
        Lang::Ja => format!("注文を検索できませんでした: {detail}"),
    }
}

/// A view was saved (or replaced one of the same name) in `file`.
pub fn view_saved(lang: Lang, name: &str, replaced: bool, file: &std::path::Path) -> String {
    let file = file.display();
    match (lang, replaced) {
        (Lang::En, false) => format!("Saved the view \"{name}\" in {file}."),
        (Lang::En, true) => format!("Replaced the view \"{name}\" in {file}."),
        (Lang::Ja, false) => format!("ビュー「{name}」を {file} に保存しました。"),
        (Lang::Ja, true) => format!("ビュー「{name}」を {file} で置き換えました。"),
    }
}

/// A saved view is now the list's filter.
pub fn view_opened(lang: Lang, name: &str) -> String {
    match lang {
        Lang::En => format!("View \"{name}\""),
        Lang::Ja => format!("ビュー「{name}」"),
    }
}

/// A saved view names a status the console does not know.
pub fn bad_status(lang: Lang, view: &str, status: &str) -> String {
    let status = crate::text::printable(status);
    match lang {
        Lang::En => format!("The saved view \"{view}\" has the status \"{status}\", which the console does not know."),
        Lang::Ja => format!("保存したビュー「{view}」の状態「{status}」はこのコンソールでは使えません。"),
    }
}

/// Why views could not be read or saved.
pub fn views_error(lang: Lang, error: &ViewsError) -> String {
    if lang == Lang::En {
        return error.to_string();
    }
    match error {
        ViewsError::Damaged { path, detail } => {
            format!("ビューファイル {} は使えません: {detail}。ファイルは変更していません。", path.display())
        }
        ViewsError::Unreadable { path, detail } => {
            format!("ビューファイル {} を読めません: {detail}。何も変更していません。", path.display())
        }
        ViewsError::Unwritable { path, detail } => {
            format!("ビューファイル {} に書き込めません: {detail}。ファイルは元のままです。", path.display())
        }
        ViewsError::Unknown { name, known } => {
            let known = if known == "none" { "なし" } else { known.as_str() };
            format!("「{name}」という名前の保存したビューはありません（保存済み: {known}）。")
        }
        ViewsError::BadName(name) => format!(
            "「{name}」はビュー名に使えません。英字・数字・'-'・'_'・'.' を 1〜40 文字で、英字か数字で始めてください。"
        ),
    }
}

/// Where the help is: "12–30 of 54".
pub fn help_position(lang: Lang, first: usize, last: usize, total: usize) -> String {
    match lang {
        Lang::En => format!("{first}–{last} of {total}"),
        Lang::Ja => format!("{first}–{last} / {total}"),
    }
}

/// Operations online mode is still resolving from the journal.
pub fn unresolved(lang: Lang, count: usize) -> String {
    match lang {
        Lang::En => format!("{count} pending"),
        Lang::Ja => format!("確認中 {count} 件"),
    }
}
