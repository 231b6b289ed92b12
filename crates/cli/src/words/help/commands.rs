//! What each command is for: the lines of the `Commands:` lists.

pub static COMMANDS: &[(&str, &str)] = &[
    ("List, show or export orders", "注文を一覧・表示・書き出す"),
    ("Capture AMOUNT of a manual-capture order", "手動売上の注文の AMOUNT を売上確定する"),
    (
        "Refund AMOUNT, split over the order's payments newest first",
        "AMOUNT を返金する（注文の支払いに新しいものから順に割り振る）",
    ),
    (
        "Cancel the uncaptured remainder of a manual-capture order",
        "手動売上の注文の、まだ売上確定していない残りを取り消す",
    ),
    (
        "Capture, refund or void every row of a CSV file, each row once even when run again",
        "CSV ファイルの各行を売上確定・返金・取消する。再び実行しても各行は一度だけ",
    ),
    (
        "The operation journal of online mode: list entries, settle one by hand",
        "オンラインモードの操作ジャーナル: 記録を一覧し、手で確定させる",
    ),
    (
        "Load orders from a file into --db: whole file or nothing, every order checked first",
        "ファイルの注文を --db に取り込む: ファイル全体か、何もしないか。先にすべての注文を検査する",
    ),
    ("Fill --db with realistic synthetic orders", "--db に本物らしい合成の注文を追加する"),
    (
        "Serve the Smartpay API v1 over --db and the --account files, for trying and testing online mode",
        "--db と --account のファイルで Smartpay API v1 を提供する（オンラインモードの試用とテストに）",
    ),
    (
        "Print the source in use (and whether a flag, the environment or the config file named it), the config, data and log paths, and the key's mode and account",
        "使用中のデータソース（フラグ・環境変数・設定ファイルのどれが指定したか）、設定・データ・ログのパス、キーのモードとアカウントを表示する",
    ),
    (
        "Verify every record's checksum in --db (and the journal, the online mirror); list the damaged ones as `kind id reason`, and say when the search index is incomplete (run `reindex`; `migrate` for a file older than the index). Exit 0 clean, 1 damaged",
        "--db（とジャーナル、オンラインのミラー）の全レコードのチェックサムを検査し、破損したものを `kind id reason` の形で一覧し、検索インデックスが不完全ならそう伝える（`reindex` を実行。インデックスより古いファイルは `migrate`）。終了ステータス 0 破損なし、1 破損あり",
    ),
    (
        "Compare the shop's export with Smartpay and the console's ledger: every difference with its severity and fix. Exit 0 nothing at or above --fail-on, 6 differences found, 1 failure, 2 a bad shop file (each bad line named)",
        "ショップの書き出しを Smartpay とコンソールの台帳と突き合わせる: 差異ごとに重大度と対処を示す。終了ステータス 0 --fail-on 以上の差異なし、6 差異あり、1 失敗、2 ショップのファイルが不正（不正な行をそれぞれ示す）",
    ),
    (
        "Bring an older --db file up to schema 3: seal a schema-1 file's records with checksums, then build the search index (a progress bar on a terminal). Until then the file opens read-only",
        "古い --db ファイルをスキーマ 3 に上げる: スキーマ 1 のファイルのレコードにチェックサムを付け、検索インデックスを作る（端末では進捗バーを表示）。それまでファイルは読み取り専用で開く",
    ),
    (
        "Rebuild --db's search index from its orders, a batch of 5,000 orders per write transaction, so other consoles' writes wait for one batch at most; searches scan meanwhile, with the same results",
        "--db の検索インデックスを注文から作り直す。書き込みトランザクション 1 回に 5,000 件ずつなので、ほかのコンソールの書き込みが待つのは最大 1 バッチ分。その間の検索は全件を走査し、結果は同じ",
    ),
    (
        "Print a completion script for SHELL on stdout, e.g. `smartpay-console completions bash > ~/.local/share/bash-completion/completions/smartpay-console`",
        "SHELL の補完スクリプトを標準出力に出す。例: `smartpay-console completions bash > ~/.local/share/bash-completion/completions/smartpay-console`",
    ),
    ("The shell to complete for", "補完するシェル"),
    (
        "Print the manual page (roff) on stdout, e.g. `smartpay-console man | man -l -`",
        "マニュアルページ（roff）を標準出力に出す。例: `smartpay-console man | man -l -`",
    ),
    (
        "Every journaled operation, oldest first, with its state (open, done, partly done, not done)",
        "ジャーナルに記録された全操作を古い順に、状態（未確定・完了・一部完了・未実行）とともに表示する",
    ),
    ("Only the entries whose outcome is still unknown", "結果がまだ不明な記録だけ"),
    (
        "Settle an open entry by hand, after checking the order: `--done ID…` with the payment or refund ids it created (in part order; none for a void), or `--not-done --note TEXT`. Recorded with the operator",
        "注文を確かめたうえで、未確定の記録を手で確定させる: 作成された支払いか返金の ID を付けて `--done ID…`（部分の順に。取消では ID なし）、または `--not-done --note TEXT`。担当者とともに記録される",
    ),
    (
        "The idempotency key of the entry (`journal list --open` shows them)",
        "記録の冪等キー（`journal list --open` で表示される）",
    ),
    (
        "It happened: the ids it created, in part order (fewer ids than parts: partly done)",
        "実行された: 作成された ID を部分の順に（部分より ID が少なければ一部完了）",
    ),
    ("It did not happen: nothing moved", "実行されなかった: 何も動いていない"),
    ("Why (required with --not-done)", "理由（--not-done では必須）"),
    (
        "Rebuild a damaged journal from every entry that can be read; the damaged file is kept beside it and the entries left out are listed. Close every other console first",
        "破損したジャーナルを、読める記録すべてから作り直す。破損したファイルは隣に残し、除外した記録を一覧する。先にほかのコンソールをすべて閉じること",
    ),
];
