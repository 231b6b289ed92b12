//! The flags every command takes, and the console's own.

pub static GLOBAL: &[(&str, &str)] = &[
    (
        "A terminal admin console for Smartpay payment orders: find an order, read its history, capture, refund or void it — never twice.",
        "Smartpay の決済注文を扱う端末の管理コンソール: 注文を探し、履歴を読み、売上確定・返金・取消を行う — 二重には決して行わない。",
    ),
    (
        "Run with no command to open the interactive console.\nExit status: 0 done (now, or earlier under the same key), 1 failure, 2 usage (including a reused idempotency key), 3 refused: nothing changed, 4 outcome unknown: open the order (`orders show ID`) to resolve it, never re-run blindly, 5 partly done: the output lists each part, 6 differences found (reconcile).",
        "コマンドを付けずに実行すると対話式のコンソールが開く。\n終了ステータス: 0 完了（今回、または同じキーで以前に）、1 失敗、2 使い方の誤り（使用済みの冪等キーを含む）、3 拒否: 何も変わっていない、4 結果不明: 注文を開いて（`orders show ID`）結果を確定させる（やみくもに再実行しない）、5 一部完了: 出力に各部分の結果がある、6 差異あり（reconcile）。",
    ),
    (
        "Use a fresh throwaway copy of the demo orders (nothing persists)",
        "デモ注文の使い捨てのコピーを使う（何も保存されない）",
    ),
    (
        "The local order file (offline mode). A source given on the command line (--demo, --db, --api-url) beats SMARTPAY_CONSOLE_DB / SMARTPAY_API_URL, which beat the config file",
        "ローカルの注文ファイル（オフラインモード）。コマンドラインで指定したデータ元（--demo, --db, --api-url）は SMARTPAY_CONSOLE_DB / SMARTPAY_API_URL に優先し、それらは設定ファイルに優先する",
    ),
    (
        "A Smartpay API base URL (online mode); the key comes from SMARTPAY_SECRET_KEY. Cannot be combined with --db or --demo",
        "Smartpay API のベース URL（オンラインモード）。キーは SMARTPAY_SECRET_KEY から読む。--db や --demo とは同時に使えない",
    ),
    (
        "The config file to read instead of the default one (or SMARTPAY_CONSOLE_CONFIG)",
        "既定の設定ファイルの代わりに読む設定ファイル（SMARTPAY_CONSOLE_CONFIG でも指定できる）",
    ),
    ("Switch capture, refund and void off everywhere", "売上確定・返金・取消をどこでも使えなくする"),
    (
        "The name recorded in the history (default: SMARTPAY_CONSOLE_OPERATOR, then console.operator in the config file, then $USER)",
        "履歴に記録する担当者名（既定: SMARTPAY_CONSOLE_OPERATOR、次に設定ファイルの console.operator、最後に $USER）",
    ),
    (
        "Interface language of every human text, the TUI's and the commands' alike (refusals, errors, results, countdowns, dates); `--json` codes and fields are the same in both. Default: SMARTPAY_CONSOLE_LANG, then console.lang in the config file, then en",
        "人が読むすべての文の言語。TUI でもコマンドでも同じ（拒否、エラー、結果、残り時間、日付）。`--json` のコードとフィールドはどちらでも同じ。既定: SMARTPAY_CONSOLE_LANG、次に設定ファイルの console.lang、最後に en",
    ),
    (
        "Machine-readable output on stdout, accepted by every command. A failure then prints only {\"error\": {\"code\", \"message\", \"exit\"}} on stdout (codes: docs/INTERFACE.md)",
        "機械可読の出力を標準出力に出す。すべてのコマンドで使える。失敗したときは標準出力に {\"error\": {\"code\", \"message\", \"exit\"}} だけを出す（コード: docs/INTERFACE.md）",
    ),
    (
        "Open the console on the Drift view of this shop export: it is compared with the source in the background (as `reconcile --shop FILE` does) and the findings are saved",
        "このショップの書き出しの差異ビューでコンソールを開く: 裏でデータ元と突き合わせ（`reconcile --shop FILE` と同じ）、見つかった差異を保存する",
    ),
    (
        "With --shop: the shop's column names, SHOP=OURS,… (as for `reconcile`)",
        "--shop と併用: ショップの列名、SHOP=OURS,…（`reconcile` と同じ）",
    ),
    (
        "With --shop: the shop's status words, WORD=open|shipped|canceled|returned,…",
        "--shop と併用: ショップの状態を表す語、WORD=open|shipped|canceled|returned,…",
    ),
    ("With --shop: the shop file's text encoding", "--shop と併用: ショップのファイルの文字コード"),
    (
        "Shift_JIS as Windows writes it (CP932), what Japanese back-offices export",
        "Windows が書く Shift_JIS（CP932）。日本のバックオフィスが書き出す形式",
    ),
    (
        "Open the console on this saved view (its filter, sort, direction and search); an unknown name exits 2. Views are saved with `:save NAME` in the console's palette",
        "この保存済みビュー（絞り込み・並べ替え・向き・検索）でコンソールを開く。存在しない名前なら終了ステータス 2。ビューはコンソールのパレットで `:save NAME` として保存する",
    ),
    (
        "Let the console take the mouse: click a row to select it, double-click to open it, the wheel scrolls. Off by default, so the terminal's text selection (copying an id over SSH) keeps working. Config: console.mouse",
        "コンソールでマウスを使う: クリックで行を選び、ダブルクリックで開き、ホイールでスクロールする。既定では無効なので、端末の文字選択（SSH 越しの ID のコピー）はそのまま使える。設定: console.mouse",
    ),
];
