//! The words of the `reconcile` report: its head, each finding's figures, the totals, the last
//! line and the notes around it (what each finding says to do is the domain's `ReconcileText`).

smartpay_i18n::catalog! {
    /// A label or sentence of the reconcile report.
    pub enum ReportText {
        Head => (
            "Reconcile: {orders} orders at {source} against {rows} rows of {shop}; {range}.",
            "照合: {source} の注文 {orders} 件と {shop} の {rows} 行を比較。{range}。",
        ),
        RangeOrders => ("orders created {range} expected in the shop", "{range} に作成された注文はショップにあるはずです"),
        RangeEvery => (
            "every order expected in the shop (the file has no dates)",
            "すべての注文がショップにあるはずです（ファイルに日付がありません）",
        ),
        Range => ("{from} to {to} (JST)", "{from}〜{to}（日本時間）"),
        RangeFirst => ("the first", "最初"),
        RangeLast => ("the last", "最後"),
        Reference => ("ref {reference}", "注文番号 {reference}"),
        ShopLine => ("(shop line {line})", "（ショップ {line}行目）"),
        ShopFigures => (
            "shop:     amount {amount}, captured {captured}, refunded {refunded}{status}",
            "ショップ:   注文額 {amount}、売上確定 {captured}、返金 {refunded}{status}",
        ),
        SmartpayFigures => (
            "smartpay: amount {amount}, captured {captured}, refunded {refunded}, {status}",
            "Smartpay:   注文額 {amount}、売上確定 {captured}、返金 {refunded}、{status}",
        ),
        StatusAfter => (", {status}", "、{status}"),
        Refunds => ("refunds:  {refunds}", "返金:       {refunds}"),
        FixCommand => ("fix:      {command}", "対処:       {command}"),
        Totals => ("Totals per kind:", "種類ごとの合計:"),
        High => ("high", "高"),
        Medium => ("medium", "中"),
        Low => ("low", "低"),
        Hint => ("hint", "参考"),
        Reread => (
            "{count} orders read again from the source before being reported",
            "報告前に注文 {count} 件を読み直しました",
        ),
        Settled => ("{count} differences gone on that fresh read", "読み直しで差異 {count} 件が解消"),
        Ignored => ("{count} known differences ignored", "既知の差異 {count} 件を除外"),
        Suggested => ("{count} operations suggested", "操作 {count} 件を提案"),
        Notes => (" ({notes})", "（{notes}）"),
        NoteSeparator => ("; ", "、"),
        NoDifferences => ("No differences{notes}.", "差異はありません{notes}。"),
        PerSeverity => ("{count} {severity}", "{severity} {count}件"),
        Differences => ("{total} differences: {per}{notes}.{verdict}", "差異 {total} 件: {per}{notes}。{verdict}"),
        Failing => (
            " {failing} at or above {fail_on} (--fail-on): exit 6.",
            "「{fail_on}」以上が {failing} 件（--fail-on）: 終了コード 6。",
        ),
        NoneFailing => (" None at or above {fail_on} (--fail-on).", "「{fail_on}」以上はありません（--fail-on）。"),
        FailedOn => (
            "{count} differences at or above {fail_on} (--fail-on {flag}).",
            "「{fail_on}」以上の差異が {count} 件あります（--fail-on {flag}）。",
        ),
        UnusedIgnore => (
            "note: --ignore {entry} matched no finding; it can be removed.",
            "注: --ignore の {entry} に当てはまる差異はありません。削除できます。",
        ),
        NotCompared => ("warning: {warning}; those orders were not compared.", "警告: {warning}。これらの注文は比較していません。"),
        Saved => (
            "note: the findings are saved for the console's Drift view (key D).",
            "注: 差異はコンソールの差異ビュー（D キー）用に保存しました。",
        ),
        NotSaved => (
            "warning: the findings could not be saved for the console: {detail}.",
            "警告: 差異をコンソール用に保存できませんでした: {detail}。",
        ),
        Unreadable => (
            "{count} order records could not be read, so they were not compared: {records} (run `smartpay-console check`).",
            "注文レコード {count} 件を読めなかったため比較していません: {records}（`smartpay-console check` を実行してください）。",
        ),
        BadFileOne => (
            "{path} cannot be compared ({count} bad row); nothing was compared:",
            "{path} は比較できません（不正な行 {count} 行）。何も比較していません:",
        ),
        BadFileMany => (
            "{path} cannot be compared ({count} bad rows); nothing was compared:",
            "{path} は比較できません（不正な行 {count} 行）。何も比較していません:",
        ),
        BadLine => ("line {line}: {problem}.", "{line}行目: {problem}。"),
        AndMore => ("… and {count} more.", "…ほか {count} 行。"),
        NotADate => (
            "{flag} \"{input}\" is not a date: use 2026-11-25 (JST) or an ISO 8601 time.",
            "{flag} の「{input}」は日付ではありません。2026-11-25（日本時間）か ISO 8601 の日時にしてください。",
        ),
    }
}
