//! The TUI's short words: what each key does (help, hints), statuses and modes as the list's
//! narrow columns show them, sort columns and the list's filter.

use super::{Msg, t};
use crate::config::Lang;
use smartpay_i18n::Message;

smartpay_i18n::catalog! {
    /// A short word of the TUI.
    pub enum Label {
        CmdForceQuit => ("quit now", "強制終了"),
        CmdQuit => ("quit", "終了"),
        CmdHelp => ("help", "ヘルプ"),
        CmdBack => ("back", "戻る"),
        CmdUp => ("up", "上へ"),
        CmdDown => ("down", "下へ"),
        CmdPageUp => ("page up", "前ページ"),
        CmdPageDown => ("page down", "次ページ"),
        CmdTop => ("first", "先頭"),
        CmdBottom => ("last", "末尾"),
        CmdOpen => ("open", "開く"),
        CmdFilter => ("filter", "絞り込み"),
        CmdFilterDone => ("keep filter", "確定"),
        CmdStatusFilter => ("status", "状態"),
        CmdSortColumn => ("sort", "並び替え"),
        CmdSortDirection => ("reverse", "逆順"),
        CmdRefresh => ("refresh", "再読込"),
        CmdMark => ("mark", "選択"),
        CmdMarkRange => ("mark a range", "範囲選択"),
        CmdClearMarks => ("clear marks", "選択解除"),
        CmdMarkAll => ("mark all matching", "一致をすべて選択"),
        CmdExport => ("export CSV", "CSV書き出し"),
        CmdResume => ("resume run", "一括操作を再開"),
        CmdForget => ("forget run", "記録を閉じる"),
        CmdActions => ("actions", "決済操作"),
        CmdCopy => ("copy id", "IDをコピー"),
        CmdNextField => ("next field", "次の項目"),
        CmdPrevField => ("previous field", "前の項目"),
        CmdChoose => ("choose", "選択"),
        CmdReview => ("review", "確認へ"),
        CmdPrevAction => ("previous action", "前の操作"),
        CmdNextAction => ("next action", "次の操作"),
        CmdPress => ("press", "押す"),
        CmdConfirmYes => ("confirm", "実行"),
        CmdDrift => ("drift (reconcile findings)", "差異（突合結果）"),
        CmdPalette => ("command palette", "コマンドパレット"),
        CmdRunChosen => ("run", "選んだ操作を実行"),
        StatusShortUnauthorized => ("unauth", "未承認"),
        StatusShortRejected => ("rejected", "否決"),
        StatusShortToCapture => ("to capture", "確定待ち"),
        StatusShortSucceeded => ("succeeded", "完了"),
        StatusShortCanceled => ("canceled", "取消済"),
        ModeShortAutomatic => ("auto", "自動"),
        ModeShortManual => ("man.", "手動"),
        ModeShortUnknown => ("?", "不明"),
        SortDate => ("date", "日付"),
        SortAmount => ("amount", "金額"),
        SortCustomer => ("customer", "顧客"),
        SortDeadline => ("deadline", "期限"),
    }
}

/// The short words whose Japanese may carry no Japanese letter: none.
#[cfg(test)]
pub(super) const SAME_IN_JAPANESE: &[Label] = &[];

/// What a key does, for `?` and the status-bar hints.
pub fn command_label(lang: Lang, command: crate::keymap::Command) -> &'static str {
    use crate::keymap::Command::*;
    let key = match command {
        ForceQuit => Label::CmdForceQuit,
        Quit => Label::CmdQuit,
        Help => Label::CmdHelp,
        Back => Label::CmdBack,
        Up => Label::CmdUp,
        Down => Label::CmdDown,
        PageUp => Label::CmdPageUp,
        PageDown => Label::CmdPageDown,
        Top => Label::CmdTop,
        Bottom => Label::CmdBottom,
        Open => Label::CmdOpen,
        Filter => Label::CmdFilter,
        FilterDone => Label::CmdFilterDone,
        StatusFilter => Label::CmdStatusFilter,
        SortColumn => Label::CmdSortColumn,
        SortDirection => Label::CmdSortDirection,
        Refresh => Label::CmdRefresh,
        Mark => Label::CmdMark,
        MarkRange => Label::CmdMarkRange,
        ClearMarks => Label::CmdClearMarks,
        MarkAll => Label::CmdMarkAll,
        Export => Label::CmdExport,
        Resume => Label::CmdResume,
        Forget => Label::CmdForget,
        Actions => Label::CmdActions,
        Copy => Label::CmdCopy,
        NextField => Label::CmdNextField,
        PrevField => Label::CmdPrevField,
        Left | Right => Label::CmdChoose,
        Review => Label::CmdReview,
        PrevAction => Label::CmdPrevAction,
        NextAction => Label::CmdNextAction,
        Press => Label::CmdPress,
        ConfirmYes => Label::CmdConfirmYes,
        Drift => Label::CmdDrift,
        Palette => Label::CmdPalette,
        RunChosen => Label::CmdRunChosen,
    };
    key.text(lang)
}

/// An order status as the operator reads it; `short` fits the 80-column list.
pub fn status_label(lang: Lang, status: &crate::domain::OrderStatus, short: bool) -> String {
    use crate::domain::OrderStatus::*;
    if !short {
        return status.word(lang);
    }
    let key = match status {
        RequiresAuthorization => Label::StatusShortUnauthorized,
        Rejected => Label::StatusShortRejected,
        RequiresCapture => Label::StatusShortToCapture,
        Succeeded => Label::StatusShortSucceeded,
        Canceled => Label::StatusShortCanceled,
        Other(s) => return s.clone(),
    };
    key.text(lang).to_string()
}

/// The capture mode; `short` fits the 80-column list.
pub fn mode_label(lang: Lang, method: crate::domain::CaptureMethod, short: bool) -> &'static str {
    use crate::domain::CaptureMethod::*;
    match (method, short) {
        (method, false) => method.word(lang),
        (Automatic, true) => Label::ModeShortAutomatic.text(lang),
        (Manual, true) => Label::ModeShortManual.text(lang),
        (Unknown, true) => Label::ModeShortUnknown.text(lang),
    }
}

/// A history operation.
pub fn history_label(lang: Lang, kind: crate::domain::HistoryKind) -> &'static str {
    kind.word(lang)
}

/// The Order List's filter: a status, the deadline queue's two, or all.
pub fn filter_label(
    lang: Lang,
    deadline: Option<crate::domain::deadline_queue::DeadlineFilter>,
    status: Option<&crate::domain::OrderStatus>,
) -> String {
    use crate::domain::deadline_queue::DeadlineFilter;
    match (deadline, status) {
        (Some(DeadlineFilter::ExpiringWithin(_)), _) => t(lang, Msg::ExpiringWithin24h).into(),
        (Some(DeadlineFilter::Expired), _) => t(lang, Msg::Expired).into(),
        (None, Some(status)) => status_label(lang, status, false),
        (None, None) => t(lang, Msg::All).to_string(),
    }
}

/// A sort column's name.
pub fn sort_label(lang: Lang, key: crate::backend::SortKey) -> &'static str {
    use crate::backend::SortKey::*;
    let label = match key {
        Created => Label::SortDate,
        Amount => Label::SortAmount,
        Customer => Label::SortCustomer,
        Deadline => Label::SortDeadline,
    };
    label.text(lang)
}
