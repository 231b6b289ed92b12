//! The commands' own human words in English and Japanese, one catalog per group of commands;
//! the sentences they share with the TUI come from `smartpay_i18n::sentences`. `--json` never
//! uses these.

pub mod bulk;
pub mod commands;
pub mod help;
pub mod reconcile;
pub mod usage;

pub use bulk::BulkText;
pub use commands::CommandText;
pub use reconcile::ReportText;
pub use usage::UsageText;

use smartpay_i18n::{Lang, Message};
use std::fmt::Display;

/// A counted phrase in `lang`: `one` for a count of 1, `many` otherwise (English needs both;
/// Japanese says the same), with the count as `{count}`.
pub fn counted<M: Message>(lang: Lang, count: impl Into<u64>, one: M, many: M) -> String {
    let count = count.into();
    let key = if count == 1 { one } else { many };
    key.fill(lang, &[("count", &count as &dyn Display)])
}

/// A sentence in both languages: English for `--json`, CSV files and the log, Japanese for a
/// person under `--lang ja`. It serialises as its English text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Said {
    pub en: String,
    pub ja: String,
}

impl Said {
    /// The catalog's `key`, filled in each language with the same values.
    pub fn of<M: Message>(key: M, args: &[(&str, &dyn Display)]) -> Said {
        Said { en: key.fill(Lang::En, args), ja: key.fill(Lang::Ja, args) }
    }

    /// A sentence made in each language by `make` (values that are themselves per language).
    pub fn each(make: impl Fn(Lang) -> String) -> Said {
        Said { en: make(Lang::En), ja: make(Lang::Ja) }
    }

    pub fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Ja => &self.ja,
        }
    }
}

impl serde::Serialize for Said {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.en)
    }
}

/// `label:` padded to `width` display cells, then `value`: the aligned `label: value` lines of
/// `info` and `info --check`, whichever the language.
pub fn aligned(label: &str, width: usize, value: &str) -> String {
    use unicode_width::UnicodeWidthStr;
    let pad = width.saturating_sub(label.width() + 2);
    format!("{label}:{} {value}\n", " ".repeat(pad))
}

smartpay_i18n::catalog! {
    /// A label or sentence of the commands' human output.
    pub enum CliText {
        ColId => ("ID", "ID"),
        ColCreated => ("CREATED", "作成日時"),
        ColCustomer => ("CUSTOMER", "顧客"),
        ColAmount => ("AMOUNT", "注文額"),
        ColMoved => ("AMOUNT", "金額"),
        ColCaptured => ("CAPTURED", "売上確定"),
        ColRefunded => ("REFUNDED", "返金済"),
        ColStatus => ("STATUS", "状態"),
        ColMode => ("MODE", "売上方式"),
        ColDeadline => ("DEADLINE", "オーソリ期限"),
        ListFooter => ("{shown} of {total} orders shown ({matching} match)", "全{total}件中 {shown}件を表示（該当 {matching}件）"),
        LeftOut => (
            "warning: {damage}; it is left out of the list (run `smartpay-console check`).",
            "警告: {damage}。一覧から除外しました（`smartpay-console check` を実行してください）。",
        ),
        Expired => ("expired", "期限切れ"),
        OrderHeading => ("Order {id}  ({reference})", "注文 {id}  （{reference}）"),
        Status => ("status", "状態"),
        Mode => ("mode", "売上方式"),
        Created => ("created", "作成日時"),
        Deadline => ("deadline", "オーソリ期限"),
        Tracking => ("tracking", "配送追跡"),
        CustomerHeading => ("Customer (as given at checkout)", "顧客（購入時の入力どおり）"),
        Name => ("name", "氏名"),
        Email => ("email", "メール"),
        Address => ("address", "住所"),
        AmountsHeading => ("Amounts", "金額"),
        AmountOrder => ("order", "注文額"),
        AmountCaptured => ("captured", "売上確定額"),
        AmountRefunded => ("refunded", "返金額"),
        AmountCanceled => ("canceled", "取消額"),
        AmountCapturable => ("capturable", "確定可能額"),
        AmountRefundable => ("refundable", "返金可能額"),
        LineItemsHeading => ("Line items", "明細"),
        Unexplained => ("unexplained difference", "内訳不明の差額"),
        PaymentsHeading => ("Payments", "支払い"),
        PaymentRefunded => ("refunded", "返金済"),
        HistoryHeading => ("Transaction history", "取引履歴"),
        ColTime => ("TIME", "日時"),
        ColOperation => ("OPERATION", "操作"),
        ColResult => ("RESULT", "結果"),
        ColOperator => ("OPERATOR", "担当者"),
        ColKey => ("IDEMPOTENCY KEY", "冪等キー"),
        NotAStatus => ("\"{input}\" is not a status: use one of {known}, expired.", "「{input}」は状態ではありません。{known}、expired のいずれかにしてください。"),
        WindowWithExpired => (
            "--expiring-within lists orders still awaiting capture, so it cannot be combined with --status expired.",
            "--expiring-within は売上確定待ちの注文を一覧するため、--status expired とは同時に使えません。",
        ),
        WindowNeedsCapture => (
            "--expiring-within lists orders awaiting capture: combine it with --status requires_capture or no --status.",
            "--expiring-within は売上確定待ちの注文を一覧します。--status requires_capture と組み合わせるか、--status を付けないでください。",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys whose Japanese is the English on purpose: identifiers.
    const SAME_IN_JAPANESE: &[CliText] = &[CliText::ColId];

    #[test]
    fn every_command_word_has_a_japanese_text_that_is_not_the_english() {
        let mut found = smartpay_i18n::check::problems(CliText::ALL, SAME_IN_JAPANESE);
        found.extend(smartpay_i18n::check::problems(
            CommandText::ALL,
            &[CommandText::NoteSeparator, CommandText::Notes],
        ));
        found.extend(smartpay_i18n::check::problems(UsageText::ALL, &[]));
        found.extend(smartpay_i18n::check::problems(BulkText::ALL, &[BulkText::Separator, BulkText::And]));
        let same = [ReportText::Notes, ReportText::NoteSeparator, ReportText::StatusAfter];
        found.extend(smartpay_i18n::check::problems(ReportText::ALL, &same));
        assert!(found.is_empty(), "{found:#?}");
    }
}
