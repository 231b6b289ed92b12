//! The commands that read a file: `bulk`, `import`, `reconcile`; and `generate`.

pub static FILES: &[(&str, &str)] = &[
    (
        "Capture, refund or void every row of a CSV file, each row once even when the file is run again.\n\nThe file (UTF-8, a BOM allowed, or --encoding shift_jis) has a lower-case header naming `order` (a Smartpay id or the order's reference) and `operation` (capture, refund, void), and optionally `amount` (any amount form; empty = the most allowed; empty for void), `reason` (refunds: requested_by_customer, the default, or fraudulent) and `key`. Line numbers count the header as line 1. Every row is checked against the current state and the payment rules as one sequence before anything is sent; a row's problem refuses that row, a problem with the file exits 2.\n\nEach row's idempotency key is its `key`, or one derived from the batch name, the order, operation, amount and reason, and which occurrence of that same row it is: a row done in an earlier run (recorded by this console, or in the order's history) is reported as replayed and never sent again.\n\nExit status: 0 every row done (now or in an earlier run), 4 any row unknown, 5 done and refused rows mixed, 3 none done, 2 the file itself is bad (or the run was not confirmed off a terminal), 1 I/O.\n\nIn the interactive console: Space, V and * (every order matching the filter, at most bulk.confirm_above_orders) mark orders; a opens bulk Payment Actions (capture all, a fixed amount or a percentage, void, refund all); a run cut off is shown at the next start (r resumes after a confirmation); e exports its summary as CSV next to <data dir>/bulk-runs/RUN.json.",
        "CSV ファイルの各行を売上確定・返金・取消する。ファイルをもう一度実行しても、各行は一度だけ。\n\nファイル（UTF-8。BOM があってもよい。または --encoding shift_jis）のヘッダー（小文字）に、`order`（Smartpay の ID または注文の参照番号）と `operation`（capture, refund, void）、必要なら `amount`（金額はどの書き方でも。空 = 許される最大額。取消では空）、`reason`（返金: 既定の requested_by_customer、または fraudulent）と `key` の列を置く。行番号はヘッダーを 1 行目と数える。何かを送る前に、全行を現在の状態と支払いのルールに照らして一続きとして検査する。行の問題はその行を拒否し、ファイルの問題は終了ステータス 2。\n\n各行の冪等キーはその行の `key`、なければバッチ名、注文、操作、金額、理由と、同じ行の何回目かから作る: 以前の実行で完了した行（このコンソールの記録、または注文の履歴にあるもの）は再現済みと報告し、二度と送らない。\n\n終了ステータス: 0 全行完了（今回または以前の実行で）、4 結果不明の行あり、5 完了と拒否の行が混在、3 完了なし、2 ファイル自体が不正（または端末でない環境で --yes による確認がなかった）、1 入出力の失敗。\n\n対話式のコンソールでは: Space、V、*（絞り込みに一致する全注文。最大 bulk.confirm_above_orders 件）で注文を選択し、a で一括決済操作を開く（全額売上確定、定額または割合、取消、全額返金）。途中で止まった実行は次の起動時に表示する（r で確認のうえ再開）。e でその結果を CSV として <data dir>/bulk-runs/RUN.json の隣に書き出す。",
    ),
    (
        "The CSV file: a header naming `order` (id or reference), `operation` (capture, refund, void) and optionally `amount` (empty: the most allowed), `reason` (refunds) and `key`",
        "CSV ファイル: ヘッダーに `order`（ID または参照番号）、`operation`（capture, refund, void）、必要なら `amount`（空: 許される最大額）、`reason`（返金）と `key` の列を置く",
    ),
    (
        "Check every row against the current state and print the plan; send nothing",
        "全行を現在の状態に照らして検査し、計画を表示する。何も送らない",
    ),
    (
        "Do not ask (scripts). Above the bulk limits, --expect-rows / --expect-total must also match the plan",
        "確認しない（スクリプト用）。一括処理の上限を超えるときは、--expect-rows / --expect-total も計画と一致しなければならない",
    ),
    (
        "The batch name the row keys are derived from and the history names (default: the file's name). The same file under the same name never moves a row twice",
        "行のキーの元になり、履歴に記録されるバッチ名（既定: ファイル名）。同じファイルを同じ名前で実行しても、同じ行でお金を二度動かすことはない",
    ),
    ("The file's text encoding", "ファイルの文字コード"),
    (
        "Also write every row's outcome as CSV to PATH (a regular file or a new one, replaced whole at the end)",
        "各行の結果を CSV で PATH にも書く（通常のファイルか新しいファイル。最後に丸ごと置き換える）",
    ),
    (
        "The number of rows the plan sends: required off a terminal above bulk.confirm_above_orders",
        "計画が送る行数: 端末以外で bulk.confirm_above_orders を超えるときは必須",
    ),
    (
        "The total the plan moves: required off a terminal above bulk.confirm_above_amount",
        "計画が動かす合計額: 端末以外で bulk.confirm_above_amount を超えるときは必須",
    ),
    (
        "Load orders from a file into --db: whole file or nothing.\n\nThe file is a JSON array of Smartpay orders as `GET /orders?expand=all` returns them, or JSONL (one order per line, what `orders export` writes). Every order is checked before anything is written: a positive amount in a known currency, captures within the amount, refunds within their payment, ids unique across the file and --db, timestamps from 2015-01-01 to one day from now. An order already in --db is skipped when identical, refused when different (unless --replace), and never replaced when it carries operations made in --db. A manual order awaiting capture without expiresAt gets createdAt + 7 days. History in the file is not trusted: it is rebuilt from the payments and refunds, keeping the operator and key of matching entries, marked imported.",
        "ファイルの注文を --db に取り込む: ファイル全体か、何もしないか。\n\nファイルは `GET /orders?expand=all` が返す形の Smartpay の注文の JSON 配列、または JSONL（1 行に 1 注文。`orders export` が書く形式）。何かを書く前にすべての注文を検査する: 既知の通貨で正の金額、売上確定は金額以内、返金はその支払い以内、ID はファイルと --db を通じて一意、時刻は 2015-01-01 から今の 1 日後まで。--db にすでにある注文は、同じなら飛ばし、異なれば拒否し（--replace がなければ）、--db で行った操作を持つなら決して置き換えない。expiresAt のない売上確定待ちの手動売上の注文には、expiresAt として createdAt + 7 日を設定する。ファイルの履歴は信用しない: 支払いと返金から作り直し、一致する記録の担当者とキーは残して「取込」と印を付ける。",
    ),
    ("A JSON array of orders, or JSONL", "注文の JSON 配列、または JSONL"),
    (
        "Overwrite orders whose money differs from the copy in --db (never one carrying operations made in --db)",
        "金額が --db の写しと異なる注文を上書きする（--db で行った操作を持つ注文は決して上書きしない）",
    ),
    (
        "Check the whole file and say what would be imported; write nothing",
        "ファイル全体を検査し、何が取り込まれるかを示す。何も書かない",
    ),
    ("How many orders to add", "追加する注文の数"),
    ("The same seed makes the same orders", "同じシードからは同じ注文ができる"),
    (
        "The shop's export: CSV with a header (order or reference, amount, captured, refunded, and optional status, updated_at), or JSON Lines with the same fields",
        "ショップの書き出し: ヘッダー付きの CSV（order または reference、amount、captured、refunded、省略できる status、updated_at）、または同じフィールドの JSON Lines",
    ),
    (
        "The shop's column names: SHOP=OURS,… (repeatable), e.g. 注文番号=reference",
        "ショップの列名: SHOP=OURS,…（繰り返し指定できる）。例: 注文番号=reference",
    ),
    (
        "The shop's status words: WORD=open|shipped|canceled|returned,… (repeatable), e.g. 発送済み=shipped",
        "ショップの状態を表す語: WORD=open|shipped|canceled|returned,…（繰り返し指定できる）。例: 発送済み=shipped",
    ),
    ("The shop file's text encoding", "ショップのファイルの文字コード"),
    (
        "Expect in the shop only orders created on or after this day (YYYY-MM-DD, JST) or time; default: the shop file's first updated_at day (every order when it has no dates)",
        "ショップにあるはずの注文を、この日（YYYY-MM-DD、日本時間）または時刻以降に作成されたものに限る。既定: ショップのファイルの最初の updated_at の日（日付がなければすべての注文）",
    ),
    (
        "Expect in the shop only orders created on or before this day (JST) or time; default: the shop file's last updated_at day",
        "ショップにあるはずの注文を、この日（日本時間）または時刻以前に作成されたものに限る。既定: ショップのファイルの最後の updated_at の日",
    ),
    (
        "Exit 6 when a finding of this severity or above is reported (else 0)",
        "この重大度以上の差異があれば終了ステータス 6（なければ 0）",
    ),
    (
        "Also write the findings to FILE (replaced whole, or not at all)",
        "差異を FILE にも書く（丸ごと置き換えるか、まったく書かないか）",
    ),
    ("The format of --out", "--out の形式"),
    (
        "Money moved wrongly or about to be lost: a possible duplicate refund, a capture on a canceled order, a shipped order near its deadline",
        "高: お金が誤って動いたか、失われかけている。二重返金の疑い、取消済みの注文の売上確定、オーソリ期限の近い発送済みの注文",
    ),
    (
        "The shop and Smartpay disagree on an amount, or an order is missing on one side",
        "中: ショップと Smartpay で金額が食い違う、または一方に注文がない",
    ),
    ("A refund made outside the console", "低: コンソールの外で行われた返金"),
    (
        "The shop's row is older than Smartpay's last change to the order",
        "参考: ショップの行が、Smartpay での注文の最後の変更より古い",
    ),
    (
        "Write the suggested money operations to FILE in the `bulk` file format (never carried out by reconcile)",
        "提案する決済操作を `bulk` のファイル形式で FILE に書く（reconcile が実行することは決してない）",
    ),
    (
        "Known differences to leave out: CSV with the columns order, kind, reason",
        "除外する既知の差異: 列 order、kind、reason の CSV",
    ),
];
