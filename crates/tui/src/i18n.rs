//! Every UI string in English and Japanese, in one catalog (`--lang ja`).
//!
//! Rule sentences (refusals, amount errors) come from the domain in English so that the CLI and
//! the TUI say exactly the same thing; everything the TUI itself writes lives here.

use crate::config::Lang;

/// One message of the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    Orders,
    Of,
    Filter,
    StatusFilter,
    All,
    Sort,
    Loading,
    NoOrders,
    ColId,
    ColDate,
    ColCustomer,
    ColAmount,
    ColCaptured,
    ColRefunded,
    ColStatus,
    ColMode,
    ColDeadline,
    Expired,
    Order,
    Amounts,
    OrderAmount,
    Captured,
    Refunded,
    Canceled,
    Capturable,
    Refundable,
    Status,
    Mode,
    Deadline,
    Reference,
    Created,
    Customer,
    Unknown,
    Tracking,
    Unexplained,
    Address,
    LineItems,
    History,
    HistTime,
    HistOperation,
    HistAmount,
    HistResult,
    HistOperator,
    HistKey,
    PaymentActions,
    Capture,
    Refund,
    Void,
    AmountLabel,
    ReasonLabel,
    ReasonCustomer,
    ReasonFraud,
    Split,
    Releases,
    Review,
    Cancel,
    Confirm,
    ConfirmQuestion,
    Sending,
    QuitInFlight,
    QuitAnyway,
    Stay,
    Help,
    TooSmall,
    Needs,
    KeysOff,
    KeysIgnored,
    Copied,
    Done,
    PartlyDone,
    Failed,
    Replayed,
    HelpList,
    HelpDetails,
    HelpModal,
    HelpGlobal,
    ReadOnly,
}

/// The text of `msg` in `lang`.
pub fn t(lang: Lang, msg: Msg) -> &'static str {
    let (en, ja) = pair(msg);
    match lang {
        Lang::En => en,
        Lang::Ja => ja,
    }
}

fn pair(msg: Msg) -> (&'static str, &'static str) {
    use Msg::*;
    match msg {
        Orders => ("Orders", "注文一覧"),
        Of => ("of", "/"),
        Filter => ("filter", "絞り込み"),
        StatusFilter => ("status", "状態"),
        All => ("all", "すべて"),
        Sort => ("sort", "並び順"),
        Loading => ("loading…", "読み込み中…"),
        NoOrders => ("No orders match.", "該当する注文はありません。"),
        ColId => ("ID", "ID"),
        ColDate => ("Date", "日付"),
        ColCustomer => ("Customer", "顧客"),
        ColAmount => ("Amount", "金額"),
        ColCaptured => ("Captured", "売上確定"),
        ColRefunded => ("Refunded", "返金済"),
        ColStatus => ("Status", "状態"),
        ColMode => ("Mode", "方式"),
        ColDeadline => ("Deadline", "期限"),
        Expired => ("expired", "期限切れ"),
        Order => ("Order", "注文"),
        Amounts => ("Amounts", "金額"),
        OrderAmount => ("Order", "注文額"),
        Captured => ("Captured", "売上確定"),
        Refunded => ("Refunded", "返金済"),
        Canceled => ("Canceled", "取消"),
        Capturable => ("Capturable", "確定可能"),
        Refundable => ("Refundable", "返金可能"),
        Status => ("Status", "状態"),
        Mode => ("Mode", "方式"),
        Deadline => ("Deadline", "期限"),
        Reference => ("Ref", "参照"),
        Created => ("Created", "作成"),
        Customer => ("Customer at checkout", "顧客（購入時）"),
        Unknown => ("unknown", "不明"),
        Tracking => ("Tracking", "追跡"),
        Unexplained => ("unexplained difference", "内訳不明の差額"),
        Address => ("Address", "住所"),
        LineItems => ("Line items", "明細"),
        History => ("Transaction history", "取引履歴"),
        HistTime => ("Time", "日時"),
        HistOperation => ("Operation", "操作"),
        HistAmount => ("Amount", "金額"),
        HistResult => ("Result", "結果"),
        HistOperator => ("Operator", "担当"),
        HistKey => ("Idempotency key", "冪等キー"),
        PaymentActions => ("Payment Actions", "決済操作"),
        Capture => ("Capture", "売上確定"),
        Refund => ("Refund", "返金"),
        Void => ("Void", "取消"),
        AmountLabel => ("Amount", "金額"),
        ReasonLabel => ("Reason", "理由"),
        ReasonCustomer => ("requested by customer", "顧客の依頼"),
        ReasonFraud => ("fraudulent", "不正"),
        Split => ("Split", "内訳"),
        Releases => ("Releases the uncaptured", "未確定分を解放"),
        Review => ("Review", "確認へ"),
        Cancel => ("Cancel", "キャンセル"),
        Confirm => ("Confirm", "実行"),
        ConfirmQuestion => ("Really do this?", "実行しますか？"),
        Sending => ("Sending…", "送信中…"),
        QuitInFlight => (
            "A payment request is still in flight; quit anyway? it stays in the journal",
            "決済リクエストの応答を待っています。終了しますか？ リクエストはジャーナルに残ります",
        ),
        QuitAnyway => ("y quit", "y 終了"),
        Stay => ("n stay", "n 続ける"),
        Help => ("Help", "ヘルプ"),
        TooSmall => ("Terminal too small", "端末が小さすぎます"),
        Needs => ("needs at least", "必要な大きさ"),
        KeysOff => {
            ("Keys do nothing until it is larger; Ctrl-c quits.", "大きくするまでキーは無効です（Ctrl-c で終了）。")
        }
        KeysIgnored => ("keys ignored", "無視したキー"),
        Copied => ("Copied", "コピーしました"),
        Done => ("Done", "完了"),
        PartlyDone => ("Partly done", "一部のみ完了"),
        Failed => ("Failed", "失敗"),
        Replayed => ("(replayed: already done with this key)", "（このキーで実行済み）"),
        HelpList => ("Order List", "注文一覧"),
        HelpDetails => ("Order Details", "注文詳細"),
        HelpModal => ("Payment Actions", "決済操作"),
        HelpGlobal => ("Everywhere", "共通"),
        ReadOnly => ("READ-ONLY", "読取専用"),
    }
}

/// What a key does, for `?` and the status-bar hints.
pub fn command_label(lang: Lang, command: super::keymap::Command) -> &'static str {
    use super::keymap::Command::*;
    let (en, ja) = match command {
        ForceQuit => ("quit now", "強制終了"),
        Quit => ("quit", "終了"),
        Help => ("help", "ヘルプ"),
        Back => ("back", "戻る"),
        Up => ("up", "上へ"),
        Down => ("down", "下へ"),
        PageUp => ("page up", "前ページ"),
        PageDown => ("page down", "次ページ"),
        Top => ("first", "先頭"),
        Bottom => ("last", "末尾"),
        Open => ("open", "開く"),
        Filter => ("filter", "絞り込み"),
        FilterDone => ("keep filter", "確定"),
        StatusFilter => ("status", "状態"),
        SortColumn => ("sort", "並び替え"),
        SortDirection => ("reverse", "逆順"),
        Refresh => ("refresh", "再読込"),
        Mark => ("mark", "選択"),
        MarkRange => ("mark a range", "範囲選択"),
        ClearMarks => ("clear marks", "選択解除"),
        Actions => ("actions", "決済操作"),
        Copy => ("copy id", "IDをコピー"),
        NextField => ("next field", "次の項目"),
        PrevField => ("previous field", "前の項目"),
        Left => ("choose", "選択"),
        Right => ("choose", "選択"),
        Review => ("review", "確認へ"),
        Press => ("press", "押す"),
        ConfirmYes => ("confirm", "実行"),
    };
    match lang {
        Lang::En => en,
        Lang::Ja => ja,
    }
}

/// An order status as the operator reads it; `short` fits the 80-column list.
pub fn status_label(lang: Lang, status: &crate::domain::OrderStatus, short: bool) -> String {
    use crate::domain::OrderStatus::*;
    let (en_short, ja) = match status {
        RequiresAuthorization => ("unauth", "未承認"),
        Rejected => ("rejected", "否決"),
        RequiresCapture => ("to capture", "確定待ち"),
        Succeeded => ("succeeded", "完了"),
        Canceled => ("canceled", "取消済"),
        Other(s) => return s.clone(),
    };
    match (lang, short) {
        (Lang::Ja, _) => ja.to_string(),
        (Lang::En, true) => en_short.to_string(),
        (Lang::En, false) => status.as_str().to_string(),
    }
}

/// The capture mode; `short` fits the 80-column list.
pub fn mode_label(lang: Lang, method: crate::domain::CaptureMethod, short: bool) -> &'static str {
    use crate::domain::CaptureMethod::*;
    match (lang, method, short) {
        (Lang::Ja, Automatic, _) => "自動",
        (Lang::Ja, Manual, _) => "手動",
        (Lang::En, Automatic, true) => "auto",
        (Lang::En, Manual, true) => "man.",
        (Lang::En, Automatic, false) => "automatic",
        (Lang::En, Manual, false) => "manual",
        (Lang::Ja, Unknown, _) => "不明",
        (Lang::En, Unknown, true) => "?",
        (Lang::En, Unknown, false) => "unknown",
    }
}

/// A history operation.
pub fn history_label(lang: Lang, kind: crate::domain::HistoryKind) -> &'static str {
    use crate::domain::HistoryKind::*;
    match (lang, kind) {
        (Lang::En, k) => k.as_str(),
        (Lang::Ja, Authorization) => "与信",
        (Lang::Ja, Capture) => "売上確定",
        (Lang::Ja, Refund) => "返金",
        (Lang::Ja, Void) => "取消",
        (Lang::Ja, Expiry) => "期限切れ",
    }
}

/// The Order List's filter: a status, the deadline queue's two, or all.
pub fn filter_label(lang: Lang, list: &crate::state::ListView) -> String {
    use crate::domain::deadline_queue::DeadlineFilter;
    match (list.deadline, &list.status, lang) {
        (Some(DeadlineFilter::ExpiringWithin(_)), _, Lang::En) => "expiring within 24 h".into(),
        (Some(DeadlineFilter::ExpiringWithin(_)), _, Lang::Ja) => "24時間以内に期限".into(),
        (Some(DeadlineFilter::Expired), _, Lang::En) => "expired".into(),
        (Some(DeadlineFilter::Expired), _, Lang::Ja) => "期限切れ".into(),
        (None, Some(status), _) => status_label(lang, status, false),
        (None, None, _) => t(lang, Msg::All).to_string(),
    }
}

/// "N marked · total ¥X" in the Order List's title.
pub fn marked_label(lang: Lang, count: usize, total: &str) -> String {
    match lang {
        Lang::En => format!("{count} marked · total {total}"),
        Lang::Ja => format!("{count}件選択 · 合計 {total}"),
    }
}

/// A sort column's name.
pub fn sort_label(lang: Lang, key: crate::backend::SortKey) -> &'static str {
    use crate::backend::SortKey::*;
    match (lang, key) {
        (Lang::En, k) => k.as_str(),
        (Lang::Ja, Created) => "日付",
        (Lang::Ja, Amount) => "金額",
        (Lang::Ja, Customer) => "顧客",
        (Lang::Ja, Deadline) => "期限",
    }
}

/// The few words a disabled action shows ("automatic capture: refund instead").
pub fn refusal_short(lang: Lang, refusal: &crate::domain::Refusal) -> &'static str {
    refusal.short(lang)
}
