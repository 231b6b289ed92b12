//! What a reconciliation finding says to do, and the words of its report.

crate::catalog! {
    /// A sentence of a reconciliation finding.
    pub enum ReconcileText {
        MissingInShop => (
            "Smartpay has this order ({amount}, captured {captured}, created {created}) but the shop file has no row for it: add it to the shop, or find out why the shop never recorded it.",
            "Smartpay にはこの注文（{amount}、売上確定 {captured}、作成 {created}）がありますが、ショップのファイルに行がありません。ショップに追加するか、記録されなかった理由を確認してください。",
        ),
        MissingAtSmartpayHolds => (
            "The shop has this order ({amount}, captured {captured}, refunded {refunded}) but Smartpay has {named}: the shop counts money taken that Smartpay never took; check the order number and how the customer paid.",
            "ショップにはこの注文（{amount}、売上確定 {captured}、返金 {refunded}）がありますが、Smartpay には{named}。Smartpay が受け取っていない売上をショップが計上しています。注文番号と支払い方法を確認してください。",
        ),
        MissingAtSmartpay => (
            "The shop has this order ({amount}, captured {captured}, refunded {refunded}) but Smartpay has {named}: check the order number, or whether it was paid another way.",
            "ショップにはこの注文（{amount}、売上確定 {captured}、返金 {refunded}）がありますが、Smartpay には{named}。注文番号か、別の方法で支払われたかを確認してください。",
        ),
        NoOrder => ("no order {id}", "注文 {id} がありません"),
        NoOrderWithReference => ("no order with reference {reference}", "注文番号 {reference} の注文がありません"),
        NoSuchOrder => ("no such order", "該当する注文がありません"),
        MirrorOnly => (
            " (The API cannot search by reference: this row was looked up in the local mirror, which holds the orders created within the file's dates and those synced before. Give the order id, or an earlier --since, to be sure.)",
            "（API は注文番号で検索できないため、この行はローカルのミラーで探しました。ミラーにあるのはファイルの期間内に作成された注文と以前に同期した注文です。確実にするには注文 ID を指定するか、--since を早めてください。）",
        ),
        SettlesTogether => (
            " One {operation} of {amount} settles this and the order's other findings together.",
            "{amount} の{operation}1回で、この注文のほかの差異もまとめて解消します。",
        ),
        CannotNow => (" The console cannot do it now: {refusal}", "現在コンソールでは実行できません: {refusal}"),
        Then => (" Then: {command}", "続いて: {command}"),
        AmountMismatch => (
            "The shop charged {shop}; Smartpay holds {smartpay} for this order (its total after discounts): check the discounts, shipping and line items on both sides. No console command changes an order's amount.",
            "ショップの請求額は {shop}、Smartpay のこの注文の金額（割引後の合計）は {smartpay} です。双方の割引・送料・明細を確認してください。注文額を変えるコンソールのコマンドはありません。",
        ),
        CaptureDifference => (
            "The shop counts {shop} captured; Smartpay captured {smartpay}: capture the {diff} difference.",
            "ショップの売上確定額は {shop}、Smartpay の売上確定額は {smartpay} です。差額 {diff} を売上確定してください。",
        ),
        CapturedMore => (
            "Smartpay captured {smartpay}; the shop counts {shop}: if the customer was charged more than the shop's record, refund the {diff} difference, else correct the shop's record (check first: this refund is not put in --fix-plan).",
            "Smartpay の売上確定額は {smartpay}、ショップの記録は {shop} です。顧客にショップの記録より多く請求したなら差額 {diff} を返金し、そうでなければショップの記録を直してください（まず確認を。この返金は --fix-plan に入れません）。",
        ),
        RefundOwed => (
            "The shop counts {shop} refunded; Smartpay refunded {smartpay}: the customer is still owed {diff}.",
            "ショップの返金額は {shop}、Smartpay の返金額は {smartpay} です。顧客にまだ {diff} を返す必要があります。",
        ),
        RefundedMore => (
            "Smartpay refunded {smartpay}; the shop counts {shop}: {diff} more went back than the shop knows of. Refunds: {refunds}. A refund cannot be undone: if the shop booked one refund that was made twice, ask the customer; if the shop missed a refund made elsewhere, record it in the shop.",
            "Smartpay の返金額は {smartpay}、ショップの記録は {shop} で、ショップの把握より {diff} 多く返金されています。返金: {refunds}。返金は取り消せません。ショップの1件の返金が二重に行われたなら顧客に確認し、ほかで行われた返金をショップが記録していないならショップに記録してください。",
        ),
        ByConsoleWithOperator => ("{id} {amount} by the console (key {key}, {operator})", "{id} {amount} コンソールで実行（キー {key}、{operator}）"),
        ByConsole => ("{id} {amount} by the console (key {key})", "{id} {amount} コンソールで実行（キー {key}）"),
        ByNoConsole => ("{id} {amount} by no console (made elsewhere)", "{id} {amount} コンソール外で実行"),
        CanceledButCaptured => (
            "The shop canceled the order, but Smartpay still holds {held} captured: refund it.",
            "ショップは注文をキャンセルしましたが、Smartpay には売上確定済みの {held} が残っています。返金してください。",
        ),
        ReleaseToo => (" The uncaptured {amount} can be released too.", "未確定の {amount} も解放できます。"),
        ShippedUncaptured => (
            "Shipped, but {amount} is still uncaptured: capture it before the deadline, {deadline} ({left} left).",
            "発送済みですが、{amount} がまだ売上確定されていません。オーソリ期限 {deadline}（{left}）までに売上確定してください。",
        ),
        ShippedExpired => (
            "Shipped, but nothing was captured and the authorization expired at {deadline}: Smartpay can no longer capture it; collect the payment another way.",
            "発送済みですが、売上確定されないまま {deadline} にオーソリ期限が切れました。Smartpay ではもう売上確定できません。別の方法で代金を回収してください。",
        ),
        ItsDeadline => ("its deadline", "期限"),
        Stale => (
            "The shop's row was last updated {updated}, before Smartpay's last change at {changed}: the shop may not have seen it (a lost webhook, an import not run).",
            "ショップの行の最終更新は {updated} で、Smartpay の最後の変更 {changed} より前です。ショップが変更を受け取っていない可能性があります（Webhook の欠落、取込の未実行）。",
        ),
        OutsideConsole => (
            "No console made {refunds} (no console key in its metadata, no journal or history entry): made in the dashboard or by another integration. Make sure the shop recorded it once.",
            "{refunds} はコンソールで行ったものではありません（メタデータにコンソールのキーがなく、ジャーナルにも履歴にもありません）。ダッシュボードか別の連携で行われました。ショップに一度だけ記録されているか確認してください。",
        ),
    }
}
