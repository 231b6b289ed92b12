//! The words of `bulk` on the command line: each row's line and reason, the summary, the
//! confirmation and why a run ended as it did.

smartpay_i18n::catalog! {
    /// A label or sentence of a bulk run.
    pub enum BulkText {
        LineNumber => ("line {line}", "{line}行目"),
        WouldBeSent => ("would be sent", "送信予定"),
        DoneEarlier => ("done in an earlier run", "以前の実行で完了"),
        DoneEarlierNotSent => ("done in an earlier run (nothing sent again)", "以前の実行で完了（再送なし）"),
        ResultDone => ("done", "完了"),
        ResultReplayed => ("replayed", "再現"),
        ResultRefused => ("refused", "拒否"),
        ResultUnknown => ("unknown", "結果不明"),
        ResultNotSent => ("not-sent", "未送信"),
        SummaryMovedOne => ("{operation}: {rows} row, moved {amount}", "{operation}: {rows}行、{amount} を処理"),
        SummaryMovedMany => ("{operation}: {rows} rows, moved {amount}", "{operation}: {rows}行、{amount} を処理"),
        SummaryWouldMoveOne => ("{operation}: {rows} row, would move {amount}", "{operation}: {rows}行、{amount} を処理予定"),
        SummaryWouldMoveMany => ("{operation}: {rows} rows, would move {amount}", "{operation}: {rows}行、{amount} を処理予定"),
        SummaryRows => ("{rows} rows: {parts}", "全{rows}行: {parts}"),
        SummaryOneRow => ("1 row: {parts}", "全1行: {parts}"),
        CountToSend => ("{count} to send", "送信予定 {count}"),
        CountDone => ("{count} done", "完了 {count}"),
        CountDoneEarlier => ("{count} done in an earlier run", "以前の実行で完了 {count}"),
        CountRefused => ("{count} refused", "拒否 {count}"),
        CountUnknown => ("{count} unknown", "結果不明 {count}"),
        CountNotSent => ("{count} not sent", "未送信 {count}"),
        Separator => (", ", "、"),
        PartlyNote => (" ({count} partly done: see their reasons)", "（一部完了 {count}行: 各行の理由を参照）"),
        Progress => ("{done}/{total} rows", "{done}/{total}行"),
        // Why a row was not sent, or not in full.
        Replays => (
            "its key was used in an earlier run: the run replays that result, never a second operation",
            "このキーは以前の実行で使用済みです。その結果を再現し、二度目の操作は行いません",
        ),
        EarlierStillUnknown => (
            "not sent: an earlier {operation} on this order (key {key}) is still unknown; run the file again once it is settled",
            "未送信: この注文の以前の{operation}（キー {key}）の結果がまだ不明です。確定してからファイルを再実行してください",
        ),
        EarlierTurnedOutDone => (
            "not sent: an earlier {operation} on this order (key {key}) turned out done; run the file again once it is settled",
            "未送信: この注文の以前の{operation}（キー {key}）は完了していました。確定してからファイルを再実行してください",
        ),
        UnknownRunAgain => (
            "{reason}; run the same file again to resolve it under the same key",
            "{reason}。同じファイルを再実行すると同じキーで解決します",
        ),
        PartlyDone => (
            "partly done: {moved} of {requested} moved; the rest was refused ({reason})",
            "一部完了: {requested} のうち {moved} を処理し、残りは拒否されました（{reason}）",
        ),
        NotAnAmount => ("amount \"{input}\": {why}", "金額「{input}」: {why}"),
        BadKey => (
            "the key must be 1 to 64 characters of A-Z a-z 0-9 _ -",
            "キーは A-Z a-z 0-9 _ - の1〜64文字にしてください",
        ),
        KeyOnTwoLines => (
            "the key {key} is also on line {first}: give each row its own key",
            "キー {key} は {first}行目にもあります。行ごとに別のキーにしてください",
        ),
        KeyForAnotherOrder => (
            "the key {key} was already used for order {order}: give this row another key",
            "キー {key} は注文 {order} で使用済みです。この行には別のキーを付けてください",
        ),
        KeyForAnotherOperation => (
            "the key {key} was already used on this order for {what} (minor units), not for this row: give this row another key",
            "キー {key} はこの注文の{what}（最小単位）で使用済みで、この行のものではありません。別のキーを付けてください",
        ),
        ACaptureOf => ("a capture of {amount}", "{amount} の売上確定"),
        ARefundOf => ("a refund of {amount} ({reason})", "{amount} の返金（{reason}）"),
        AVoid => ("a void", "取消"),
        AnOperationOf => ("a {operation} of {amount}", "{amount} の{operation}"),
        OrderCellEmpty => ("the order cell is empty", "order の欄が空です"),
        NotAnId => (
            "\"{order}\" is not an order id or reference (printable ASCII without spaces)",
            "「{order}」は注文 ID でも注文番号でもありません（空白なしの半角英数記号）",
        ),
        NoSuchOrder => ("no order has the id or reference \"{order}\"", "ID または注文番号が「{order}」の注文はありません"),
        SeveralOrders => (
            "{count} or more orders have the reference \"{order}\": name the order by its id",
            "注文番号「{order}」の注文が {count} 件以上あります。注文 ID で指定してください",
        ),
        NotAnOperation => (
            "\"{operation}\" is not an operation: use capture, refund or void",
            "「{operation}」は操作ではありません。capture、refund、void のいずれかにしてください",
        ),
        NotAReason => (
            "\"{reason}\" is not a refund reason: use requested_by_customer or fraudulent",
            "「{reason}」は返金理由ではありません。requested_by_customer または fraudulent にしてください",
        ),
        TakesNoReason => ("a {operation} takes no reason (only a refund does)", "{operation}には理由を付けません（返金のみ）"),
        VoidTakesNoAmount => (
            "a void releases the whole uncaptured remainder: leave its amount empty",
            "取消は未確定の残額をすべて解放します。金額は空にしてください",
        ),
        CellCount => (
            "this row has {cells} cells where the header has {width}",
            "この行の列数は {cells} ですが、ヘッダーは {width} 列です",
        ),
        CellTooLong => ("a cell is over {max} characters", "{max}文字を超える欄があります"),
        // The run as a whole.
        WouldBeRefused => ("bulk: some rows would be refused (see above).", "bulk: 拒否される行があります（上記参照）。"),
        SomeUnknown => (
            "bulk: some rows' outcome is unknown: run the same file again to resolve them under the same keys.",
            "bulk: 結果が不明の行があります。同じファイルを再実行すると同じキーで解決します。",
        ),
        SomeDoneSomeNot => (
            "bulk: some rows were done and some were not (see above).",
            "bulk: 完了した行と完了しなかった行があります（上記参照）。",
        ),
        NoneDone => ("bulk: no row was done (see above).", "bulk: 完了した行はありません（上記参照）。"),
        BadBatch => (
            "--batch must be 1 to 100 printable characters (the default is the file's name).",
            "--batch は表示できる1〜100文字にしてください（既定はファイル名）。",
        ),
        FileUnreadable => ("Cannot read {path}: {detail}", "{path} を読めません: {detail}"),
        FileNoHeader => (
            "{path} has no header line: the first line must name the columns (order,operation,amount,reason,key).",
            "{path} にヘッダー行がありません。1行目に列名（order,operation,amount,reason,key）を書いてください。",
        ),
        FileBadLine => ("{path}, line {line}: {detail}", "{path} の{line}行目: {detail}"),
        NothingSent => ("{problem}. Nothing was sent.", "{problem}。何も送信していません。"),
        // The confirmation.
        Plan => ("{rows} rows moving {amount} in all", "{rows}行・合計 {amount}"),
        RowsMismatch => (
            "--expect-rows {rows} does not match the plan: {plan}. Nothing was sent.",
            "--expect-rows {rows} が計画と一致しません: {plan}。何も送信していません。",
        ),
        TotalNotAnAmount => (
            "--expect-total \"{input}\" is not an amount: {why}",
            "--expect-total「{input}」は金額ではありません: {why}",
        ),
        TotalMismatch => (
            "--expect-total {total} does not match the plan: {plan}. Nothing was sent.",
            "--expect-total {total} が計画と一致しません: {plan}。何も送信していません。",
        ),
        ConfirmWithYes => (
            "The plan is {plan}: not on a terminal, confirm it with --yes. Nothing was sent.",
            "計画は {plan} です。端末ではないため --yes で確認してください。何も送信していません。",
        ),
        AboveLimits => (
            "The plan is {plan}, above {limits}: off a terminal add {flags}. Nothing was sent.",
            "計画は {plan} で、{limits} を超えています。端末以外では {flags} を付けてください。何も送信していません。",
        ),
        And => (" and ", "・"),
        AskAbove => (
            "Send {plan}? Above the bulk limits: type the number of rows ({rows}) to go on: ",
            "{plan} を送信しますか？ 一括処理の上限を超えています。続けるには行数（{rows}）を入力してください: ",
        ),
        Ask => ("Send {plan}? [y/N] ", "{plan} を送信しますか？ [y/N] "),
        CannotReadAnswer => ("Cannot read the answer: {detail}", "回答を読み取れません: {detail}"),
        NotConfirmed => ("Not confirmed: nothing was sent.", "確認されなかったため、何も送信していません。"),
    }
}
