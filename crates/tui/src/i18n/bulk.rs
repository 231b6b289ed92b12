//! The catalog's strings for the marks, the deadline queue header and Bulk Payment Actions
//! (the action, the confirmation, the progress, a run found at start, the export), as the
//! `BulkMsg` catalog the completeness test walks, and the functions that fill them.

use crate::config::Lang;
use smartpay_i18n::Message;

smartpay_i18n::catalog! {
    /// One message of Bulk Payment Actions, the marks and the deadline queue.
    pub enum BulkMsg {
        Title => ("Bulk Payment Actions", "一括決済操作"),
        CaptureFull => ("capture the full capturable amount", "確定可能額を全額売上確定"),
        CaptureAmount => ("capture a fixed amount", "指定額を売上確定"),
        CapturePercent => ("capture a percentage of the capturable amount", "確定可能額の指定割合を売上確定"),
        Void => ("void the uncaptured remainder", "未確定残額を取消"),
        RefundFull => ("refund the full refundable amount", "返金可能額を全額返金"),
        PercentInput => ("Percentage: {input}▏% (floored to the minor unit)", "割合: {input}▏%（最小単位で切り捨て）"),
        AmountInput => (
            "Amount: {input}▏ (each order; one it exceeds is left out, never capped)",
            "金額: {input}▏（各注文。超える注文は対象外、切り詰めません）",
        ),
        NotPercent => (
            "\"{text}\" is not a percentage: write a whole number from 1 to 100, such as 50.",
            "「{text}」は割合ではありません。1 から 100 までの整数（例: 50）で入力してください。",
        ),
        MixedForAmount => (
            "a fixed amount needs marked orders of one currency; mark them apart",
            "指定額には同じ通貨の注文だけを選択してください（通貨ごとに分けて選択）",
        ),
        MixedCurrencies => ("{sum} (mixed currencies)", "{sum}（通貨が混在）"),
        Reading => ("Reading the marked orders afresh…", "選択した注文を読み込み中…"),
        Summary => (
            "{count} to send · total {total} (what the action moves, by the rules) · {left_out} left out",
            "{count}件 · 合計 {total}（ルールに基づく実行額）· 対象外 {left_out}件",
        ),
        Question => ("Send each order under its own key? ", "各注文を個別のキーで送信しますか？ "),
        Running => ("Running… Esc stops before the next order.", "実行中… Esc で次の注文の前に停止します。"),
        Finished => (
            "Finished. e exports the summary as CSV; Enter or Esc closes.",
            "完了。e で結果をCSVに書き出し、Enter または Esc で閉じます。",
        ),
        Stopping => ("Stopping: the orders not sent yet will not be sent.", "停止中: 未送信の注文は送信しません。"),
        InputNeeded => (
            "Type the amount or percentage first: nothing was sent.",
            "先に金額または割合を入力してください。何も送信していません。",
        ),
        NothingAllowed => (
            "No marked order allows this action: nothing to send.",
            "この操作を実行できる選択注文はありません。送信するものはありません。",
        ),
        StatePending => ("pending", "待機"),
        StateSending => ("sending", "送信中"),
        StateDone => ("done {amount}", "完了 {amount}"),
        StateRefused => ("refused: {why}", "拒否: {why}"),
        StateUnknown => ("unknown: {why}", "結果不明: {why}"),
        StateNotSent => ("not sent", "未送信"),
        StateLeftOut => ("left out: {why}", "対象外: {why}"),
        PartlyDone => ("partly done: {moved} moved; {why}", "一部のみ完了: {moved} を処理; {why}"),
        Counts => (
            "{pending} pending · {done} done · {refused} refused · {unknown} unknown · {not_sent} not sent · {left_out} left out",
            "待機 {pending} · 完了 {done} · 拒否 {refused} · 不明 {unknown} · 未送信 {not_sent} · 対象外 {left_out}",
        ),
        More => ("… and {count} more", "… ほか {count}件"),
        MarkAllQuestion => (
            "Mark all {count} orders matching the filter? Press * again to mark them.",
            "絞り込みに一致する {count}件をすべて選択しますか？ もう一度 * で選択します。",
        ),
        MarkAllTooMany => (
            "{count} orders match: the console marks at most {cap} at once (bulk.confirm_above_orders). Nothing was marked; use `smartpay-console bulk FILE` for more.",
            "{count}件が一致します。一度に選択できるのは {cap}件までです（bulk.confirm_above_orders）。何も選択していません。それ以上は `smartpay-console bulk FILE` を使ってください。",
        ),
        MarkedAll => ("{count} orders marked.", "{count}件を選択しました。"),
        Queue => (
            "{awaiting} awaiting capture · {expiring} expire within 24 h",
            "確定待ち {awaiting}件 · 24時間以内に期限 {expiring}件",
        ),
        QueueShort => ("{awaiting} to capture · {expiring} due in 24 h", "確定待ち{awaiting}件 · 24h以内{expiring}件"),
        RecoveredTitle => (" A bulk run was cut off: {run} ", " 中断された一括操作: {run} "),
        RecoveredResumable => (
            "r resumes the orders not sent (unknowns replay their own keys) · x forgets · e exports · Esc closes",
            "r で未送信分を再開（不明分は同じキーで再送）· x で記録を閉じる · e で書き出し · Esc で閉じる",
        ),
        RecoveredDone => (
            "Nothing is left to send. x forgets the run · e exports · Esc closes",
            "送信すべき注文はありません。x で記録を閉じる · e で書き出し · Esc で閉じる",
        ),
        ForeignSource => (
            "Recorded on another source ({source}): it can be resumed only from there.",
            "別の接続先（{source}）で記録された一括操作です。再開はその接続先からのみ可能です。",
        ),
        ResumeQuestion => (
            "Resume: send {to_send} not-sent orders and replay {to_replay} unknown under their own keys? ",
            "再開: 未送信 {to_send}件を送信し、不明 {to_replay}件を同じキーで再送しますか？ ",
        ),
        UnusableRecord => (
            "A bulk run record was left alone (nothing was sent): {detail}",
            "一括操作の記録を使用しませんでした（何も送信していません）: {detail}",
        ),
        Exported => ("Summary written to {path}", "結果を {path} に書き出しました"),
        ExportFailed => ("The summary was not written: {detail}", "結果を書き出せませんでした: {detail}"),
        Forgotten => (
            "The run is marked finished; its record is kept. Nothing was sent.",
            "この一括操作を完了扱いにしました（記録は残ります）。何も送信していません。",
        ),
    }
}

/// The typed amount (or with `percent` the percentage), with its cursor.
pub fn input_line(lang: Lang, percent: bool, input: &str) -> String {
    let key = if percent { BulkMsg::PercentInput } else { BulkMsg::AmountInput };
    key.fill(lang, &[("input", &input)])
}

pub fn reading(lang: Lang) -> &'static str {
    BulkMsg::Reading.text(lang)
}

/// "3 orders · total ¥9,000 · 1 left out": what the action moves, by the rules.
pub fn summary(lang: Lang, count: usize, total: &str, left_out: usize) -> String {
    BulkMsg::Summary.fill(lang, &[("count", &count), ("total", &total), ("left_out", &left_out)])
}

pub fn question(lang: Lang) -> &'static str {
    BulkMsg::Question.text(lang)
}

pub fn running(lang: Lang) -> &'static str {
    BulkMsg::Running.text(lang)
}

pub fn finished(lang: Lang) -> &'static str {
    BulkMsg::Finished.text(lang)
}

pub fn stopping(lang: Lang) -> &'static str {
    BulkMsg::Stopping.text(lang)
}

pub fn input_needed(lang: Lang) -> &'static str {
    BulkMsg::InputNeeded.text(lang)
}

pub fn nothing_allowed(lang: Lang) -> &'static str {
    BulkMsg::NothingAllowed.text(lang)
}

/// The counts under the progress: pending, done, refused, unknown, not sent, left out.
pub fn counts(lang: Lang, [pending, done, refused, unknown, not_sent, left_out]: [usize; 6]) -> String {
    BulkMsg::Counts.fill(
        lang,
        &[
            ("pending", &pending),
            ("done", &done),
            ("refused", &refused),
            ("unknown", &unknown),
            ("not_sent", &not_sent),
            ("left_out", &left_out),
        ],
    )
}

/// "… and 12 more".
pub fn more(lang: Lang, count: usize) -> String {
    BulkMsg::More.fill(lang, &[("count", &count)])
}

/// `*`, first press: the count, as a question.
pub fn mark_all_question(lang: Lang, count: usize) -> String {
    BulkMsg::MarkAllQuestion.fill(lang, &[("count", &count)])
}

/// `*` above `bulk.confirm_above_orders`: nothing is marked.
pub fn mark_all_too_many(lang: Lang, count: usize, cap: u64) -> String {
    BulkMsg::MarkAllTooMany.fill(lang, &[("count", &count), ("cap", &cap)])
}

pub fn marked_all(lang: Lang, count: usize) -> String {
    BulkMsg::MarkedAll.fill(lang, &[("count", &count)])
}

/// The deadline queue in the Order List's header; `short` fits the 80-column list.
pub fn queue(lang: Lang, awaiting: usize, expiring: usize, short: bool) -> String {
    let key = if short { BulkMsg::QueueShort } else { BulkMsg::Queue };
    key.fill(lang, &[("awaiting", &awaiting), ("expiring", &expiring)])
}

/// The title of a run found unfinished at start.
pub fn recovered_title(lang: Lang, run: &str) -> String {
    BulkMsg::RecoveredTitle.fill(lang, &[("run", &run)])
}

pub fn recovered_hint(lang: Lang, resumable: bool) -> &'static str {
    if resumable { BulkMsg::RecoveredResumable.text(lang) } else { BulkMsg::RecoveredDone.text(lang) }
}

/// The record was made on another source: shown, never resumed here.
pub fn foreign_source(lang: Lang, source: &str) -> String {
    BulkMsg::ForeignSource.fill(lang, &[("source", &source)])
}

/// The resume question, focus on Cancel.
pub fn resume_question(lang: Lang, to_send: usize, to_replay: usize) -> String {
    BulkMsg::ResumeQuestion.fill(lang, &[("to_send", &to_send), ("to_replay", &to_replay)])
}

/// A run record that cannot be used: named, left alone, nothing sent.
pub fn unusable_record(lang: Lang, detail: &str) -> String {
    BulkMsg::UnusableRecord.fill(lang, &[("detail", &detail)])
}

pub fn exported(lang: Lang, path: &str) -> String {
    BulkMsg::Exported.fill(lang, &[("path", &path)])
}

pub fn export_failed(lang: Lang, detail: &str) -> String {
    BulkMsg::ExportFailed.fill(lang, &[("detail", &detail)])
}

pub fn forgotten(lang: Lang) -> &'static str {
    BulkMsg::Forgotten.text(lang)
}
