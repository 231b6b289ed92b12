//! Every string the TUI itself writes, in English and Japanese, in one catalog (`--lang ja`).
//!
//! The sentences it shares with the CLI (refusals, amount errors, outcomes, backend errors,
//! countdowns, statuses) come from the catalogs of `smartpay_i18n::sentences`, rendered from
//! typed values; `labels` holds the short words of keys, statuses, modes and sorts. Each catalog
//! is an enum whose `ALL` the completeness test walks.

use crate::config::Lang;
use smartpay_i18n::Message;

/// Marks, the deadline queue header and Bulk Payment Actions.
pub mod bulk;
pub mod drift;
mod labels;
pub mod record;

pub use labels::{Label, command_label, filter_label, history_label, mode_label, sort_label, status_label};

smartpay_i18n::catalog! {
    /// One message of the TUI's catalog.
    pub enum Msg {
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
            "A payment request is still in flight; quit anyway? Open the order at the next start to see whether it moved money",
            "決済リクエストの応答を待っています。終了しますか？ 次回の起動時に注文を開き、お金が動いたかどうかを確認してください",
        ),
        QuitAnyway => ("y quit", "y 終了"),
        Stay => ("n stay", "n 続ける"),
        Help => ("Help", "ヘルプ"),
        TooSmall => ("Terminal too small", "端末が小さすぎます"),
        Needs => ("needs at least", "必要な大きさ"),
        KeysOff => ("Keys do nothing until it is larger; Ctrl-c quits.", "大きくするまでキーは無効です（Ctrl-c で終了）。"),
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
        HelpDrift => ("Drift (reconcile findings)", "差異（突合結果）"),
        ReadOnly => ("READ-ONLY", "読取専用"),
        MarkedClearHint => (
            "{count} orders are marked: press u again to clear the marks.",
            "{count}件の注文を選択中です。もう一度 u を押すと選択を解除します。",
        ),
        LeftOutOfList => ("Left out of the list: {what}.", "一覧から除外しました: {what}。"),
        Marked => ("{count} marked · total {total}", "{count}件選択 · 合計 {total}"),
        ExpiringWithin24h => ("expiring within 24 h", "24時間以内に期限"),
        CustomerPlain => ("Customer", "顧客"),
        AsGivenAtCheckout => ("as given at checkout", "購入時の入力のまま"),
        Payments => ("Payments", "支払い（売上確定）"),
        NoPayments => ("Nothing captured yet.", "まだ売上確定はありません。"),
        ReasonOther => ("other", "その他"),
        CapturableAfter => ("still capturable after", "実行後の確定可能額"),
        RefundableAfter => ("still refundable after", "実行後の返金可能額"),
        ReadOnlyNotice => ("read-only: actions are off", "読取専用: 決済操作は無効です"),
        ActionsWaitForApi => (
            "The API is out of reach: actions wait until it answers again (nothing was sent).",
            "API に接続できません: 応答が戻るまで決済操作はできません（何も送信していません）。",
        ),
        HelpPalette => ("Command palette", "コマンドパレット"),
        HelpBulk => ("Bulk Payment Actions", "一括決済操作"),
        HelpScrolls => ("↑↓ scroll", "↑↓ でスクロール"),
        PaletteTitle => ("Commands", "コマンド"),
        PaletteOpen => ("open an order by id or reference", "IDまたは参照番号で注文を開く"),
        PaletteSave => ("save the filter, sort and search as a view", "絞り込み・並び順・検索をビューとして保存"),
        PaletteView => ("open saved view", "保存したビューを開く"),
        PaletteNoMatch => (
            "Nothing matches: Enter looks it up as an order id or reference.",
            "該当なし: Enter で注文IDまたは参照番号として検索します。",
        ),
        PaletteFinding => ("looking up", "検索中"),
        SendingShort => ("sending", "送信中"),
        BadgeDemo => ("DEMO", "デモ"),
        BadgeOffline => ("OFFLINE", "オフライン"),
        BadgeOnline => ("ONLINE", "オンライン"),
        BadgeLive => ("LIVE", "本番"),
    }
}

/// The text of `msg` in `lang`.
pub fn t(lang: Lang, msg: Msg) -> &'static str {
    msg.text(lang)
}

/// "N marked · total ¥X" in the Order List's title.
pub fn marked_label(lang: Lang, count: usize, total: &str) -> String {
    Msg::Marked.fill(lang, &[("count", &count), ("total", &total)])
}

/// The few words a disabled action shows ("automatic capture: refund instead").
pub fn refusal_short(lang: Lang, refusal: &crate::domain::Refusal) -> &'static str {
    refusal.short(lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use smartpay_i18n::check::problems;

    /// Identifiers and signs that read the same in Japanese.
    const SAME_IN_JAPANESE: &[Msg] = &[Msg::ColId, Msg::Of];

    #[test]
    fn every_tui_string_has_a_japanese_text_that_is_not_the_english() {
        let mut found = problems(Msg::ALL, SAME_IN_JAPANESE);
        found.extend(problems(Label::ALL, labels::SAME_IN_JAPANESE));
        // The product's name reads the same in Japanese.
        let same = [drift::DriftMsg::ColSmartpay, drift::DriftMsg::Smartpay];
        found.extend(problems(drift::DriftMsg::ALL, &same));
        found.extend(problems(bulk::BulkMsg::ALL, &[]));
        found.extend(problems(record::RecordMsg::ALL, &[]));
        assert!(found.is_empty(), "{found:#?}");
    }
}
