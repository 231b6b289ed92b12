//! An operation's outcome: what moved (stdout, the toast) and why the rest did not (stderr).

crate::catalog! {
    /// A sentence of an operation's outcome.
    pub enum OutcomeText {
        CapturedStill => (
            "Captured {moved} on {id}{ids}. Still capturable: {left}.",
            "{id} で {moved} を売上確定しました{ids}。まだ売上確定できる額: {left}。",
        ),
        Captured => ("Captured {moved} on {id}{ids}.", "{id} で {moved} を売上確定しました{ids}。"),
        RefundedStill => (
            "Refunded {moved} on {id}{ids}. Still refundable: {left}.",
            "{id} で {moved} を返金しました{ids}。まだ返金できる額: {left}。",
        ),
        Refunded => ("Refunded {moved} on {id}{ids}.", "{id} で {moved} を返金しました{ids}。"),
        Voided => ("Voided {id}: released {moved}.", "{id} を取消し、{moved} を解放しました。"),
        VoidedNow => (
            "Voided {id}: released {moved}; the order is now {status}.",
            "{id} を取消し、{moved} を解放しました。注文の状態は「{status}」になりました。",
        ),
        Replayed => (
            " Replayed: key {key} was used before, nothing new was sent.",
            " 再実行: キー {key} は使用済みのため、新たな送信はしていません。",
        ),
        PartsHead => (
            "{operation} on {id}: {moved} of {requested} moved.{replayed}",
            "{id} の{operation}: {requested} のうち {moved} を処理しました。{replayed}",
        ),
        PartsHeadUnknown => (
            "{operation} on {id}: {moved} of {requested} moved for certain; whether {unknown} moved is unknown.{replayed}",
            "{id} の{operation}: {requested} のうち、処理が確かなのは {moved}。{unknown} は処理されたかどうか不明です。{replayed}",
        ),
        PartLine => ("  part {n}{payment} {amount}: {result}", "  {n}件目{payment} {amount}: {result}"),
        PartDone => ("done{id}", "完了{id}"),
        PartRefused => ("refused: {error}", "拒否: {error}"),
        PartUnknown => ("unknown: {error}", "結果不明: {error}"),
        OperationCapture => ("Capture", "売上確定"),
        OperationRefund => ("Refund", "返金"),
        OperationVoid => ("Void", "取消"),
        VerbCapture => ("capture", "売上確定"),
        VerbRefund => ("refund", "返金"),
        VerbVoid => ("void", "取消"),
        EarlierUnknown => (
            "An earlier {earlier} on {id} (key {key}) was still open and its outcome is still unknown, so the new {verb} was not sent. {hint}",
            "{id} で以前の{earlier}（キー {key}）が未完了のまま結果が不明なため、新しい{verb}は送信していません。{hint}",
        ),
        EarlierResolved => (
            "An earlier {earlier} on {id} (key {key}), whose outcome was not yet known, turned out done ({created}): it moved money. The new {verb} was not sent (nothing changed): re-run it if it is still wanted.",
            "{id} で結果がまだ分かっていなかった以前の{earlier}（キー {key}）は完了していました（{created}）。お金は動いています。新しい{verb}は送信していません（何も変更していません）。まだ必要ならもう一度実行してください。",
        ),
        RefusedReplayed => (
            "The key {key} was used before and the {verb} was refused then (nothing changed): {reason}",
            "キー {key} は使用済みで、そのときの{verb}は拒否されました（何も変更していません）: {reason}",
        ),
        Refused => ("{reason} (nothing changed)", "{reason}（何も変更していません）"),
        PartlyDone => (
            "The {verb} was only partly done: {moved} of {requested} moved; the parts above say which. Check the order before doing anything more.",
            "{verb}は一部だけ完了しました: {requested} のうち {moved} を処理しました（内訳は上のとおり）。次の操作の前に注文を確認してください。",
        ),
        Unknown => (
            "The outcome of the {verb} is unknown (idempotency key {key}): {reason}. It is recorded in the journal; open the order (`smartpay-console orders show {id}`) to resolve it — never re-run blindly.",
            "{verb}の結果が不明です（冪等キー {key}）: {reason}。ジャーナルに記録しました。注文を開いて（`smartpay-console orders show {id}`）解決してください。確認せずに再実行しないでください。",
        ),
        NoReason => ("no reason given", "理由の記載なし"),
        ResolveHint => (
            "Check the order (`smartpay-console orders show ID`), then run `smartpay-console journal resolve {key} --done ID…` or `smartpay-console journal resolve {key} --not-done --note TEXT`.",
            "注文を確認し（`smartpay-console orders show ID`）、`smartpay-console journal resolve {key} --done ID…` または `smartpay-console journal resolve {key} --not-done --note TEXT` を実行してください。",
        ),
    }
}
