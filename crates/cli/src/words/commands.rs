//! The words of the commands that look after files and settings: `info` (and `--check`),
//! `check`, `journal`, `migrate`, `reindex`, `import`, `generate` and `orders export`.

smartpay_i18n::catalog! {
    /// A label or sentence of a file or settings command.
    pub enum CommandText {
        // `info`
        InfoSource => ("source", "データソース"),
        InfoConfigFile => ("config file", "設定ファイル"),
        InfoDataDir => ("data dir", "データフォルダ"),
        InfoLogDir => ("log dir", "ログフォルダ"),
        InfoJournal => ("journal", "ジャーナル"),
        InfoMirror => ("mirror", "ミラー"),
        InfoDb => ("offline db", "注文ファイル"),
        InfoApiUrl => ("api url", "API の URL"),
        InfoSecretKey => ("secret key", "シークレットキー"),
        InfoKeyMode => ("key mode", "キーの種別"),
        InfoAccount => ("account", "アカウント"),
        InfoOperator => ("operator", "担当者"),
        InfoReadOnly => ("read-only", "読取専用"),
        Nothing => ("(none)", "（なし）"),
        NotSet => ("(not set)", "（未設定）"),
        NotFoundDefaults => (" (not found; using defaults)", "（見つかりません。既定値を使用）"),
        SourceLine => ("{kind}{place} ({mode}, from {origin})", "{kind}{place}（{mode}、{origin}で指定）"),
        KindDemo => ("demo", "デモ"),
        KindOffline => ("offline", "オフライン"),
        KindOnline => ("online", "オンライン"),
        ReadWrite => ("read-write", "読み書き"),
        ReadOnly => ("read-only", "読取専用"),
        FromFlag => ("the command line", "コマンドライン"),
        FromEnvironment => ("the environment", "環境変数"),
        FromConfigFile => ("the config file", "設定ファイル"),
        Yes => ("yes", "はい"),
        No => ("no", "いいえ"),
        NotChecked => ("not checked", "未確認"),
        Unknown => ("unknown", "不明"),
        CheckReachable => ("reachable", "API に接続"),
        CheckKeyAccepted => ("key accepted", "キーの受理"),
        CheckClockSkew => ("clock skew", "時刻のずれ"),
        CheckProblem => ("problem", "問題"),
        SkewSeconds => ("{skew} s (the API's clock minus this machine's)", "{skew} 秒（API の時刻 − この端末の時刻）"),
        NotOnline => (
            "online mode is not the source in use: name it with --api-url or SMARTPAY_API_URL.",
            "オンラインモードを使用していません。--api-url または SMARTPAY_API_URL で指定してください。",
        ),
        NoAnswer => ("the API did not answer.", "API から応答がありません。"),
        CheckFailed => ("The check failed: {problem}", "確認に失敗しました: {problem}"),
        // `check`
        CheckNeedsFile => (
            "`check` needs a file to verify: add --db PATH, --journal or --mirror.",
            "`check` には検証するファイルが必要です。--db PATH、--journal または --mirror を付けてください。",
        ),
        DamagedFoundOne => (
            "{count} damaged record found; damaged records are never used for money.",
            "破損したレコードが {count} 件見つかりました。破損したレコードはお金の操作に使いません。",
        ),
        DamagedFoundMany => (
            "{count} damaged records found; damaged records are never used for money.",
            "破損したレコードが {count} 件見つかりました。破損したレコードはお金の操作に使いません。",
        ),
        WhatOrders => ("orders", "注文"),
        WhatMirror => ("mirror", "ミラー"),
        WhatJournal => ("journal", "ジャーナル"),
        Verified => ("{path}: {what} verified, nothing damaged.", "{path}: {what}を検証しました。破損はありません。"),
        NothingYet => ("{path}: no {what} yet, nothing to verify.", "{path}: {what}はまだありません。検証するものはありません。"),
        IndexIncomplete => (
            "{path}: the search index is incomplete: searches read every order (the same answers, more slowly) until `smartpay-console reindex` rebuilds it.",
            "{path}: 検索インデックスが不完全です。`smartpay-console reindex` で作り直すまで、検索はすべての注文を読みます（結果は同じで、遅くなります）。",
        ),
        IndexNotYetBuilt => (
            "{path}: this file is older than the search index and read-only: searches read every order (the same answers, more slowly) until `smartpay-console migrate` builds the index.",
            "{path}: このファイルは検索インデックスより古い形式で、読み取り専用です。`smartpay-console migrate` でインデックスを作るまで、検索はすべての注文を読みます（結果は同じで、遅くなります）。",
        ),
        NothingToRepair => (
            "{path}: {kept} entries, nothing damaged; nothing to repair.",
            "{path}: {kept} 件、破損なし。修復するものはありません。",
        ),
        Repaired => (
            "Repaired {path}: {kept} entries kept, {lost} could not be read (listed above; check those orders by hand). The damaged file is kept as {aside}.",
            "{path} を修復しました: {kept} 件を残し、{lost} 件は読めませんでした（上に一覧。その注文は手で確認してください）。破損したファイルは {aside} として残しています。",
        ),
        // `journal`
        ColKey => ("KEY", "冪等キー"),
        ColOrder => ("ORDER", "注文"),
        ColOperation => ("OPERATION", "操作"),
        ColAmount => ("AMOUNT", "金額"),
        ColState => ("STATE", "状態"),
        ColJournaled => ("JOURNALED", "記録日時"),
        ColOperator => ("OPERATOR", "担当者"),
        StateOpen => ("open", "未確定"),
        StateDone => ("done", "完了"),
        StatePartlyDone => ("partly done", "一部完了"),
        StateNotDone => ("not done", "未実行"),
        OpenEntries => (
            "{open} open: each is settled by replaying its key when the console next opens online (not --read-only), or by hand: `smartpay-console journal resolve KEY --done ID…` or `--not-done --note TEXT`.",
            "未確定 {open} 件: 次にオンラインで開いたとき（--read-only 以外）に同じキーで再送して確定するか、手で確定してください: `smartpay-console journal resolve KEY --done ID…` または `--not-done --note TEXT`。",
        ),
        NoneOpen => ("No journal entry is open.", "未確定のジャーナル記録はありません。"),
        NoEntries => ("The journal has no entries.", "ジャーナルに記録はありません。"),
        NoEntry => (
            "No journal entry has the key {key}; `smartpay-console journal list` shows them.",
            "キー {key} のジャーナル記録はありません。`smartpay-console journal list` で一覧できます。",
        ),
        Resolved => (
            "The {operation} of order {order} under key {key} is now recorded as {state} by {operator}.",
            "注文 {order} の{operation}（キー {key}）を「{state}」として記録しました（担当者 {operator}）。",
        ),
        AlreadySettled => (
            "The {operation} under key {key} is already settled ({state}); nothing changed.",
            "キー {key} の{operation}はすでに確定しています（{state}）。何も変更していません。",
        ),
        NotAnId => (
            "{id} is not a payment or refund id (letters, digits and _ only).",
            "{id} は支払い ID でも返金 ID でもありません（英数字と _ のみ）。",
        ),
        WrongKind => (
            "{id} is not what a {operation} creates (its ids start with {prefix}); nothing changed.",
            "{id} は{operation}で作られる ID ではありません（{prefix} で始まります）。何も変更していません。",
        ),
        GivenTwice => (
            "{id} is given twice; each part creates its own id. Nothing changed.",
            "{id} が二度指定されています。各部分はそれぞれ別の ID を作ります。何も変更していません。",
        ),
        WrongCount => (
            "This {operation} takes {expected} with --done (got {got}): {hint}.",
            "この{operation}の --done には {expected} を指定します（指定 {got} 個）: {hint}。",
        ),
        NoId => ("no id", "ID なし"),
        OneId => ("one id", "ID 1 個"),
        SomeIds => ("1 to {count} ids, in part order", "部分の順に ID 1〜{count} 個"),
        // `migrate`, `reindex`, `import`, `generate`
        NeedsDbToRewrite => (
            "`{command}` needs the order file to rewrite: add --db PATH.",
            "`{command}` には書き換える注文ファイルが必要です。--db PATH を付けてください。",
        ),
        NeedsDbToWrite => (
            "`{command}` needs the order file to write: add --db PATH.",
            "`{command}` には書き込む注文ファイルが必要です。--db PATH を付けてください。",
        ),
        AlreadyCurrent => (
            "{path} is already schema {schema} (checksummed and indexed); nothing to do.",
            "{path} はすでにスキーマ {schema}（チェックサム・インデックス済み）です。何もしませんでした。",
        ),
        Migrated => (
            "Migrated {path} to schema {schema}: {orders} orders and {results} idempotency results sealed, {indexed} orders indexed for search, in {seconds} s.",
            "{path} をスキーマ {schema} に移行しました: 注文 {orders} 件と冪等結果 {results} 件を封印し、注文 {indexed} 件を検索用にインデックス化しました（{seconds} 秒）。",
        ),
        LeftUnsealed => (
            "{count} records could not be read and were left unsealed; they are reported as damaged and never used for money.",
            "{count} 件のレコードが読めず、封印していません。破損として報告し、お金の操作には使いません。",
        ),
        CannotDecode => ("{record} cannot be decoded", "{record} を読み取れません"),
        Reindexed => (
            "Rebuilt the search index of {path}: {indexed} orders indexed in {seconds} s.",
            "{path} の検索インデックスを作り直しました: 注文 {indexed} 件（{seconds} 秒）。",
        ),
        Indexing => ("indexing", "インデックス作成中"),
        ProgressOrders => ("{done}/{total} orders", "{done}/{total} 件"),
        Generating => ("Generated {done} of {total} orders", "{total} 件中 {done} 件を生成"),
        Generated => (
            "Generated {count} orders into {path} in {seconds} s.",
            "{path} に注文を {count} 件生成しました（{seconds} 秒）。",
        ),
        OrdersOne => ("{count} order", "注文 {count} 件"),
        OrdersMany => ("{count} orders", "注文 {count} 件"),
        Imported => ("Imported {orders} into {path}{notes}.", "{path} に{orders}を取り込みました{notes}。"),
        DryRun => (
            "Dry run: the file is valid; {orders} would be imported into {path}{notes}. Nothing was written.",
            "試行: ファイルは正しい形式です。{path} に{orders}を取り込めます{notes}。何も書き込んでいません。",
        ),
        Notes => (" ({notes})", "（{notes}）"),
        NoteSeparator => (", ", "、"),
        SkippedIdenticalOne => ("{count} identical order skipped", "同一の注文 {count} 件を省略"),
        SkippedIdenticalMany => ("{count} identical orders skipped", "同一の注文 {count} 件を省略"),
        ReplacedOne => ("{count} order replaced", "注文 {count} 件を置換"),
        ReplacedMany => ("{count} orders replaced", "注文 {count} 件を置換"),
        DeadlineAddedOne => ("{count} capture deadline added", "オーソリ期限 {count} 件を追加"),
        DeadlineAddedMany => ("{count} capture deadlines added", "オーソリ期限 {count} 件を追加"),
        HistoryKeptOne => ("{count} history entry kept as imported", "履歴 {count} 件を取込として保持"),
        HistoryKeptMany => ("{count} history entries kept as imported", "履歴 {count} 件を取込として保持"),
        HistoryDroppedOne => ("{count} history entry dropped", "履歴 {count} 件を破棄"),
        HistoryDroppedMany => ("{count} history entries dropped", "履歴 {count} 件を破棄"),
        ExpiredNote => ("{count} past their capture deadline expired", "{count} 件はオーソリ期限切れ"),
        // `orders export`
        ExcelCsvOnly => (
            "--excel applies to --format csv only (JSONL is read back as data).",
            "--excel は --format csv のときだけ使えます（JSONL はデータとして読み戻すため）。",
        ),
        ExportStoppedThere => ("the export stopped there", "書き出しはそこで止まりました"),
        NothingWrittenTo => ("nothing was written to {path}", "{path} には何も書き込んでいません"),
        ExportDamaged => (
            "{damage}. The export stops at a damaged record: {where_to}. Re-run with --skip-damaged to export the rest.",
            "{damage}。破損したレコードで書き出しを止めました: {where_to}。残りを書き出すには --skip-damaged を付けて再実行してください。",
        ),
        SkippedWarning => ("skipped: {damage}", "省略: {damage}"),
        SkippedDamaged => (" ({count} damaged records skipped: {ids})", "（破損レコード {count} 件を省略: {ids}）"),
        ExportedTo => ("Exported {count} orders to {path}{skipped}.", "{path} に注文 {count} 件を書き出しました{skipped}。"),
        Exported => ("Exported {count} orders{skipped}.", "注文 {count} 件を書き出しました{skipped}。"),
        CannotWrite => ("Cannot write {path}: {reason}.", "{path} に書き込めません: {reason}。"),
        CannotWriteLeft => (
            "Cannot write {path}: {reason}; it is left as it was.",
            "{path} に書き込めません: {reason}。ファイルは元のままです。",
        ),
        CannotWriteStdout => ("Cannot write to stdout: {reason}.", "標準出力に書き込めません: {reason}。"),
    }
}

/// The width of `info`'s labels with their colon and a space (`key accepted: ` in English), so
/// the values line up whatever the language.
pub fn info_label_width(lang: smartpay_i18n::Lang) -> usize {
    use CommandText as W;
    use smartpay_i18n::Message;
    use unicode_width::UnicodeWidthStr;
    let labels = [
        W::InfoSource,
        W::InfoConfigFile,
        W::InfoDataDir,
        W::InfoLogDir,
        W::InfoJournal,
        W::InfoMirror,
        W::InfoDb,
        W::InfoApiUrl,
        W::InfoSecretKey,
        W::InfoKeyMode,
        W::InfoAccount,
        W::InfoOperator,
        W::InfoReadOnly,
        W::CheckReachable,
        W::CheckKeyAccepted,
        W::CheckClockSkew,
        W::CheckProblem,
    ];
    labels.iter().map(|l| l.text(lang).width()).max().unwrap_or(0) + 2
}
