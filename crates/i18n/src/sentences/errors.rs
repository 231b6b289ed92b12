//! What went wrong behind the store, the API or the command line, as one sentence each.

crate::catalog! {
    /// A sentence of an error.
    pub enum ErrorText {
        ErrorPrefix => ("error: {message}", "エラー: {message}"),
        NotFound => ("No order with id {id}.", "ID {id} の注文はありません。"),
        Missing => (
            "{path} does not exist. Create it with `smartpay-console generate --orders 1000 --db {path}` or `smartpay-console import FILE --db {path}`.",
            "{path} がありません。`smartpay-console generate --orders 1000 --db {path}` または `smartpay-console import FILE --db {path}` で作成してください。",
        ),
        Corrupt => (
            "{path} is not an order file this console can read: {detail}",
            "{path} はこのコンソールで読める注文ファイルではありません: {detail}",
        ),
        Locked => (
            "{path} is locked by another program that opened it exclusively; close it and try again.",
            "{path} は別のプログラムが排他的に開いているためロックされています。そちらを閉じてからやり直してください。",
        ),
        SchemaTooNew => (
            "{path} was written by a newer smartpay-console (schema {found}, this one reads up to {supported}); upgrade the console.",
            "{path} は新しい smartpay-console で書かれています（スキーマ {found}、このコンソールは {supported} まで）。コンソールを更新してください。",
        ),
        Unverified => (
            "{path} was written by an older smartpay-console (schema 1, no checksums), so it is open read-only and unverified: run `smartpay-console migrate --db {path}` to verify it and add checksums.",
            "{path} は古い smartpay-console で書かれています（スキーマ 1、チェックサムなし）。検証前のため読取専用で開いています。`smartpay-console migrate --db {path}` で検証し、チェックサムを追加してください。",
        ),
        Unindexed => (
            "{path} was written by an older smartpay-console (schema 2, no search index), so it is open read-only: run `smartpay-console migrate --db {path}` to build the index.",
            "{path} は古い smartpay-console で書かれています（スキーマ 2、検索インデックスなし）。読取専用で開いています。`smartpay-console migrate --db {path}` でインデックスを作成してください。",
        ),
        Io => ("Cannot use {path}: {detail}", "{path} を使用できません: {detail}"),
        Damaged => ("{what} {id} is damaged: {detail}", "{what} {id} が破損しています: {detail}"),
        ScannedInstead => ("{damage}; the search scanned instead", "{damage}（検索は全件を走査して行いました）"),
        RecordOrder => ("order", "注文"),
        RecordRow => ("row", "一覧の行"),
        RecordSearch => ("search", "検索エントリ"),
        RecordIdempotency => ("idempotency", "冪等結果"),
        RecordIndex => ("index", "検索インデックス"),
        ChecksumMismatch => ("checksum mismatch", "チェックサム不一致"),
        Storage => ("The order store failed: {detail}", "注文ストアでエラーが発生しました: {detail}"),
        MissingKey => (
            "Online mode needs the secret key: set SMARTPAY_SECRET_KEY (or online.secret_key in the config file); it is never read from the command line.",
            "オンラインモードにはシークレットキーが必要です。SMARTPAY_SECRET_KEY（または設定ファイルの online.secret_key）を設定してください。コマンドラインからは読み取りません。",
        ),
        BadKey => (
            "The secret key is not a Smartpay secret key: it must be sk_test_ or sk_live_ followed by letters and digits only; check SMARTPAY_SECRET_KEY (or online.secret_key).",
            "シークレットキーが Smartpay のシークレットキーの形式ではありません。sk_test_ または sk_live_ の後に英数字だけが続く形式です。SMARTPAY_SECRET_KEY（または online.secret_key）を確認してください。",
        ),
        ReplayWindowPassed => (
            "The {verb} journaled at {journaled} (key {key}) is older than the 6 hours Smartpay remembers idempotency keys, so it is not replayed automatically: check the order's payments and refunds before doing it again.",
            "{journaled} にジャーナルに記録した{verb}（キー {key}）は、Smartpay が冪等キーを記憶する6時間を過ぎているため自動では再実行しません。もう一度行う前に注文の支払いと返金を確認してください。",
        ),
        Unauthorized => (
            "The Smartpay API refused the secret key (401 unauthorized): check SMARTPAY_SECRET_KEY.",
            "Smartpay API がシークレットキーを拒否しました（401 unauthorized）。SMARTPAY_SECRET_KEY を確認してください。",
        ),
        Api => ("The Smartpay API answered {status} {code}: {message}", "Smartpay API の応答: {status} {code}: {message}"),
        UnreadableSuccess => (
            "The Smartpay API accepted the request but its answer could not be read ({detail}).",
            "Smartpay API はリクエストを受け付けましたが、応答を読み取れませんでした（{detail}）。",
        ),
        RateLimited => (
            "The Smartpay API is rate limited until {until}; nothing more was sent, try again after that.",
            "Smartpay API は {until} までレート制限中です。これ以上は送信していません。その後にやり直してください。",
        ),
        Network => ("Cannot reach the Smartpay API: {detail}", "Smartpay API に接続できません: {detail}"),
        OutcomeUnknown => (
            "The outcome of the {verb} is unknown (idempotency key {key}); it is recorded in the journal and will be resolved with the same key when the console next opens: run `orders show` on the order to see how it ended before trying again.",
            "{verb}の結果が不明です（冪等キー {key}）。ジャーナルに記録しました。次にコンソールを開いたときに同じキーで解決します。やり直す前に `orders show` で注文の結果を確認してください。",
        ),
        KeyReused => (
            "The idempotency key {key} was already used for a different request (another order, operation, amount or reason); nothing was done.",
            "冪等キー {key} は別のリクエスト（別の注文・操作・金額・理由）で使用済みです。何も実行していません。",
        ),
        ConfigUnreadable => ("Cannot read the config file {path}: {detail}", "設定ファイル {path} を読めません: {detail}"),
        ConfigInvalid => ("The config file {path} is not valid: {detail}", "設定ファイル {path} が正しくありません: {detail}"),
        ConfigUnknownSection => (
            "the config file {path} has an unknown section [{section}]; it is ignored.",
            "設定ファイル {path} に不明なセクション [{section}] があります。無視します。",
        ),
        ConfigKeyOutside => (
            "the key `{key}` is outside any section; put it under [console], [offline] or [online].",
            "キー `{key}` がどのセクションにも属していません。[console]、[offline] または [online] の下に書いてください。",
        ),
        ConfigNotASection => ("[{section}] must be a section, not a value.", "[{section}] は値ではなくセクションにしてください。"),
        ConfigUnknownKey => (
            "[{section}] has no key `{key}` (it knows {known}).",
            "[{section}] にキー `{key}` はありません（使えるキー: {known}）。",
        ),
        BadEnv => ("{name}={value} is not valid: {expected}", "{name}={value} は無効です（{expected}）"),
        Warning => ("warning: {message}", "警告: {message}"),
        ReadOnly => (
            "This console is read-only: capture, refund and void are switched off.",
            "このコンソールは読取専用です。売上確定・返金・取消は無効になっています。",
        ),
    }
}
