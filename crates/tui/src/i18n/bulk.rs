//! The catalog's strings for the marks, the deadline queue header and Bulk Payment Actions
//! (the action, the confirmation, the progress, a run found at start, the export).

use crate::bulk_action::BulkAction;
use crate::config::Lang;

fn pick(lang: Lang, en: String, ja: String) -> String {
    match lang {
        Lang::En => en,
        Lang::Ja => ja,
    }
}

/// A bulk action as the confirmation names it.
pub fn action_label(lang: Lang, action: BulkAction) -> &'static str {
    use BulkAction::*;
    match (lang, action) {
        (Lang::En, CaptureFull) => "capture the full capturable amount",
        (Lang::En, CaptureAmount) => "capture a fixed amount",
        (Lang::En, CapturePercent) => "capture a percentage of the capturable amount",
        (Lang::En, Void) => "void the uncaptured remainder",
        (Lang::En, RefundFull) => "refund the full refundable amount",
        (Lang::Ja, CaptureFull) => "確定可能額を全額売上確定",
        (Lang::Ja, CaptureAmount) => "指定額を売上確定",
        (Lang::Ja, CapturePercent) => "確定可能額の指定割合を売上確定",
        (Lang::Ja, Void) => "未確定残額を取消",
        (Lang::Ja, RefundFull) => "返金可能額を全額返金",
    }
}

/// The typed amount or percentage, with its cursor.
pub fn input_line(lang: Lang, action: BulkAction, input: &str) -> String {
    match (lang, action) {
        (Lang::En, BulkAction::CapturePercent) => format!("Percentage: {input}▏% (floored to the minor unit)"),
        (Lang::Ja, BulkAction::CapturePercent) => format!("割合: {input}▏%（最小単位で切り捨て）"),
        (Lang::En, _) => format!("Amount: {input}▏ (each order; one it exceeds is left out, never capped)"),
        (Lang::Ja, _) => format!("金額: {input}▏（各注文。超える注文は対象外、切り詰めません）"),
    }
}

pub fn reading(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "Reading the marked orders afresh…",
        Lang::Ja => "選択した注文を読み込み中…",
    }
}

/// "3 orders · total ¥9,000 · 1 left out": what the action moves, by the rules.
pub fn summary(lang: Lang, count: usize, total: &str, left_out: usize) -> String {
    pick(
        lang,
        format!("{count} orders · total {total} (what the action moves, by the rules) · {left_out} left out"),
        format!("{count}件 · 合計 {total}（ルールに基づく実行額）· 対象外 {left_out}件"),
    )
}

pub fn question(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "Send each order under its own key? ",
        Lang::Ja => "各注文を個別のキーで送信しますか？ ",
    }
}

pub fn running(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "Running… Esc stops before the next order.",
        Lang::Ja => "実行中… Esc で次の注文の前に停止します。",
    }
}

pub fn finished(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "Finished. e exports the summary as CSV; Enter or Esc closes.",
        Lang::Ja => "完了。e で結果をCSVに書き出し、Enter または Esc で閉じます。",
    }
}

pub fn stopping(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "Stopping: the orders not sent yet will not be sent.",
        Lang::Ja => "停止中: 未送信の注文は送信しません。",
    }
}

pub fn input_needed(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "Type the amount or percentage first: nothing was sent.",
        Lang::Ja => "先に金額または割合を入力してください。何も送信していません。",
    }
}

pub fn nothing_allowed(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "No marked order allows this action: nothing to send.",
        Lang::Ja => "この操作を実行できる選択注文はありません。送信するものはありません。",
    }
}

/// One order's state word in the progress view.
pub fn state_word(lang: Lang, state: &crate::bulk_run::RowState, currency: crate::domain::Currency) -> String {
    use crate::bulk_run::RowState::*;
    match (lang, state) {
        (Lang::En, Pending) => "pending".into(),
        (Lang::En, Sending) => "sending".into(),
        (Lang::En, Done(moved)) => format!("done {}", currency.format(*moved)),
        (Lang::En, Refused(why)) => format!("refused: {why}"),
        (Lang::En, Unknown(why)) => format!("unknown: {why}"),
        (Lang::En, NotSent) => "not sent".into(),
        (Lang::En, LeftOut(why)) => format!("left out: {why}"),
        (Lang::Ja, Pending) => "待機".into(),
        (Lang::Ja, Sending) => "送信中".into(),
        (Lang::Ja, Done(moved)) => format!("完了 {}", currency.format(*moved)),
        (Lang::Ja, Refused(why)) => format!("拒否: {why}"),
        (Lang::Ja, Unknown(why)) => format!("結果不明: {why}"),
        (Lang::Ja, NotSent) => "未送信".into(),
        (Lang::Ja, LeftOut(why)) => format!("対象外: {why}"),
    }
}

/// The counts under the progress: pending, done, refused, unknown, not sent, left out.
pub fn counts(lang: Lang, [pending, done, refused, unknown, not_sent, left_out]: [usize; 6]) -> String {
    pick(
        lang,
        format!(
            "{pending} pending · {done} done · {refused} refused · {unknown} unknown · {not_sent} not sent · {left_out} left out"
        ),
        format!(
            "待機 {pending} · 完了 {done} · 拒否 {refused} · 不明 {unknown} · 未送信 {not_sent} · 対象外 {left_out}"
        ),
    )
}

/// "… and 12 more".
pub fn more(lang: Lang, count: usize) -> String {
    pick(lang, format!("… and {count} more"), format!("… ほか {count}件"))
}

/// `*`, first press: the count, as a question.
pub fn mark_all_question(lang: Lang, count: usize) -> String {
    pick(
        lang,
        format!("Mark all {count} orders matching the filter? Press * again to mark them."),
        format!("絞り込みに一致する {count}件をすべて選択しますか？ もう一度 * で選択します。"),
    )
}

/// `*` above `bulk.confirm_above_orders`: nothing is marked.
pub fn mark_all_too_many(lang: Lang, count: usize, cap: u64) -> String {
    pick(
        lang,
        format!(
            "{count} orders match: the console marks at most {cap} at once (bulk.confirm_above_orders). Nothing was marked; use `smartpay-console bulk FILE` for more."
        ),
        format!(
            "{count}件が一致します。一度に選択できるのは {cap}件までです（bulk.confirm_above_orders）。何も選択していません。それ以上は `smartpay-console bulk FILE` を使ってください。"
        ),
    )
}

pub fn marked_all(lang: Lang, count: usize) -> String {
    pick(lang, format!("{count} orders marked."), format!("{count}件を選択しました。"))
}

/// The deadline queue in the Order List's header; `short` fits the 80-column list.
pub fn queue(lang: Lang, awaiting: usize, expiring: usize, short: bool) -> String {
    match (lang, short) {
        (Lang::En, false) => format!("{awaiting} awaiting capture · {expiring} expire within 24 h"),
        (Lang::En, true) => format!("{awaiting} to capture · {expiring} due in 24 h"),
        (Lang::Ja, false) => format!("確定待ち {awaiting}件 · 24時間以内に期限 {expiring}件"),
        (Lang::Ja, true) => format!("確定待ち{awaiting}件 · 24h以内{expiring}件"),
    }
}

/// The title of a run found unfinished at start.
pub fn recovered_title(lang: Lang, run: &str) -> String {
    pick(lang, format!(" A bulk run was cut off: {run} "), format!(" 中断された一括操作: {run} "))
}

pub fn recovered_hint(lang: Lang, resumable: bool) -> &'static str {
    match (lang, resumable) {
        (Lang::En, true) => {
            "r resumes the orders not sent (unknowns replay their own keys) · x forgets · e exports · Esc closes"
        }
        (Lang::En, false) => "Nothing is left to send. x forgets the run · e exports · Esc closes",
        (Lang::Ja, true) => {
            "r で未送信分を再開（不明分は同じキーで再送）· x で記録を閉じる · e で書き出し · Esc で閉じる"
        }
        (Lang::Ja, false) => "送信すべき注文はありません。x で記録を閉じる · e で書き出し · Esc で閉じる",
    }
}

/// The record was made on another source: shown, never resumed here.
pub fn foreign_source(lang: Lang, source: &str) -> String {
    pick(
        lang,
        format!("Recorded on another source ({source}): it can be resumed only from there."),
        format!("別の接続先（{source}）で記録された一括操作です。再開はその接続先からのみ可能です。"),
    )
}

/// The resume question, focus on Cancel.
pub fn resume_question(lang: Lang, to_send: usize, to_replay: usize) -> String {
    pick(
        lang,
        format!("Resume: send {to_send} not-sent orders and replay {to_replay} unknown under their own keys? "),
        format!("再開: 未送信 {to_send}件を送信し、不明 {to_replay}件を同じキーで再送しますか？ "),
    )
}

/// A run record that cannot be used: named, left alone, nothing sent.
pub fn unusable_record(lang: Lang, detail: &str) -> String {
    pick(
        lang,
        format!("A bulk run record was left alone (nothing was sent): {detail}"),
        format!("一括操作の記録を使用しませんでした（何も送信していません）: {detail}"),
    )
}

pub fn exported(lang: Lang, path: &str) -> String {
    pick(lang, format!("Summary written to {path}"), format!("結果を {path} に書き出しました"))
}

pub fn export_failed(lang: Lang, detail: &str) -> String {
    pick(lang, format!("The summary was not written: {detail}"), format!("結果を書き出せませんでした: {detail}"))
}

pub fn forgotten(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "The run is marked finished; its record is kept. Nothing was sent.",
        Lang::Ja => "この一括操作を完了扱いにしました（記録は残ります）。何も送信していません。",
    }
}
