//! The Drift view's words, in English and Japanese (part of the catalog in `i18n`).

use crate::config::Lang;
use crate::domain::Millis;
use crate::domain::reconcile::{FindingKind, Severity};
use smartpay_i18n::Message;

smartpay_i18n::catalog! {
    /// A word or sentence of the Drift view.
    pub enum DriftMsg {
        Title => ("Drift", "差異"),
        Loading => ("Reading the saved findings…", "保存された差異を読み込み中…"),
        NoneSaved => ("No findings saved for this source. Run `smartpay-console reconcile --shop FILE`, or start the console with --shop FILE.", "このデータ元の差異は保存されていません。`smartpay-console reconcile --shop FILE` を実行するか、--shop FILE を付けて起動してください。"),
        NoDifferences => ("No differences: the shop and Smartpay agree.", "差異はありません。ショップとSmartpayは一致しています。"),
        ColSeverity => ("SEV", "重要度"),
        ColKind => ("KIND", "種類"),
        ColOrder => ("ORDER", "注文"),
        ColShop => ("SHOP", "ショップ"),
        ColSmartpay => ("SMARTPAY", "SMARTPAY"),
        ColFix => ("FIX", "対処"),
        Shop => ("Shop", "ショップ"),
        Smartpay => ("Smartpay", "Smartpay"),
        Fix => ("Fix", "対処"),
        Checking => ("Re-reading the order to confirm this finding…", "この差異を確かめるため注文を再取得中…"),
        Current => ("Confirmed: the order is unchanged since this finding.", "確認済み：検出後、注文は変わっていません。"),
        Changed => ("The order changed since this finding: it may be resolved or stale. Run reconcile again.", "検出後に注文が変わりました。解決済みか古い差異の可能性があります。もう一度突合してください。"),
        Unconfirmed => ("The order could not be read again: this finding is not confirmed.", "注文を再取得できないため、この差異は未確認です。"),
        NoOrder => ("This finding has no Smartpay order to open.", "この差異にはSmartpayの注文がありません。"),
        Prefilled => ("Prefilled with the suggested fix: nothing is sent until you confirm.", "提案された対処を入力しました。確認するまで送信されません。"),
        NotPrefilled => ("Not prefilled: the finding is not confirmed as current.", "差異が現在も有効と確認できないため、入力していません。"),
        Failed => ("The comparison failed", "突合に失敗しました"),
    }
}

/// The text of `msg` in `lang`.
pub fn t(lang: Lang, msg: DriftMsg) -> &'static str {
    msg.text(lang)
}

/// "found 3 h ago" / "3時間前に検出".
pub fn found_ago(lang: Lang, found_at: Millis, now: Millis) -> String {
    let minutes = (now - found_at).max(0) / 60_000;
    let (n, en, ja) = match minutes {
        0 => return if lang == Lang::Ja { "たった今検出".into() } else { "found just now".into() },
        m if m < 60 => (m, "min", "分"),
        m if m < 48 * 60 => (m / 60, "h", "時間"),
        m => (m / (24 * 60), "d", "日"),
    };
    match lang {
        Lang::En => format!("found {n} {en} ago"),
        Lang::Ja => format!("{n}{ja}前に検出"),
    }
}

/// "12 findings" / "12件".
pub fn count(lang: Lang, n: usize) -> String {
    match (lang, n) {
        (Lang::En, 1) => "1 finding".into(),
        (Lang::En, n) => format!("{n} findings"),
        (Lang::Ja, n) => format!("{n}件"),
    }
}

/// "only the first 10,000 of 12,345 were saved".
pub fn truncated(lang: Lang, kept: usize, total: u64) -> String {
    match lang {
        Lang::En => format!("only the first {kept} of {total} were saved; see `reconcile --out`"),
        Lang::Ja => format!("{total}件のうち先頭{kept}件のみ保存。全件は `reconcile --out` で"),
    }
}

/// "Reconciling shop.csv…".
pub fn reconciling(lang: Lang, shop: &str) -> String {
    match lang {
        Lang::En => format!("Reconciling {shop} against this source… (the console stays usable)"),
        Lang::Ja => format!("{shop} をこのデータ元と突合中…（操作は続けられます）"),
    }
}

pub fn severity(lang: Lang, severity: Severity) -> &'static str {
    match (lang, severity) {
        (Lang::En, s) => s.as_str(),
        (Lang::Ja, Severity::High) => "高",
        (Lang::Ja, Severity::Medium) => "中",
        (Lang::Ja, Severity::Low) => "低",
        (Lang::Ja, Severity::Hint) => "参考",
    }
}

/// The kind as the contract names it (English), or in Japanese.
pub fn kind(lang: Lang, kind: FindingKind) -> &'static str {
    use FindingKind::*;
    if lang == Lang::En {
        return kind.as_str();
    }
    match kind {
        PossibleDuplicateRefund => "二重返金の疑い",
        CanceledButCaptured => "取消済みだが売上確定",
        ExpiringUncaptured => "売上確定期限が迫る",
        ShippedButUncaptured => "発送済みだが未確定",
        RefundedMismatch => "返金額の不一致",
        CapturedMismatch => "売上額の不一致",
        AmountMismatch => "注文金額の不一致",
        MissingAtSmartpay => "Smartpayに注文なし",
        MissingInShop => "ショップに注文なし",
        RefundOutsideConsole => "コンソール外の返金",
        Stale => "情報が古い",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_naturally_in_both_languages() {
        let hour = 3_600_000;
        assert_eq!(found_ago(Lang::En, 0, 3 * hour + 5), "found 3 h ago");
        assert_eq!(found_ago(Lang::Ja, 0, 3 * hour), "3時間前に検出");
        assert_eq!(found_ago(Lang::En, 0, 30_000), "found just now");
        assert_eq!(found_ago(Lang::En, 0, 72 * hour), "found 3 d ago");
        assert_eq!(found_ago(Lang::En, 10 * hour, 0), "found just now", "a clock set back is not negative");
    }
}
