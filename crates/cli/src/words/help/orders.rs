//! `orders list|show|export`, and the money commands `capture`, `refund`, `void`.

pub static ORDERS: &[(&str, &str)] = &[
    (
        "Newest first (or by --sort); `--expiring-within 24h --sort deadline` is the deadline queue",
        "新しい順（または --sort の順）に一覧する。`--expiring-within 24h --sort deadline` でオーソリ期限の近い順のキューになる",
    ),
    (
        "Only orders with this status: requires_authorization, rejected, requires_capture, succeeded, canceled, or expired (the 7-day capture window closed with money uncaptured)",
        "この状態の注文だけ: requires_authorization（未承認）、rejected（否決）、requires_capture（確定待ち）、succeeded（完了）、canceled（取消済）、または expired（未確定の金額を残したままオーソリ期限の 7 日間が過ぎた）",
    ),
    (
        "Only orders matching every word of TEXT in their id, reference, payment or refund ids, customer name (kanji or kana, either script), email or phone (digits only)",
        "TEXT のすべての語に一致する注文だけ。対象は ID、参照番号、支払い・返金の ID、顧客名（漢字またはかな。ひらがなでもカタカナでも）、メール、電話番号（数字だけ）",
    ),
    (
        "Only orders awaiting capture whose deadline falls within this window from now: a whole number and m, h or d (`24h`). Orders already expired are left out",
        "売上確定待ちで、オーソリ期限が今からこの時間内に来る注文だけ: 整数と m、h、d のいずれか（`24h`）。期限切れの注文は含まない",
    ),
    ("The column to sort by (default: created)", "並べ替える列（既定: created）"),
    (
        "Smallest (oldest, soonest) first. The default for `--sort deadline`",
        "小さい（古い、早い）順。`--sort deadline` の既定",
    ),
    (
        "Largest (newest, latest) first. The default for the other sorts",
        "大きい（新しい、遅い）順。ほかの並べ替えの既定",
    ),
    (
        "Start from this saved view (views.toml: its status, sort, direction and search); the flags given beside it override its values. An unknown name exits 2",
        "この保存済みビュー（views.toml: 状態・並べ替え・向き・検索）から始める。一緒に指定したフラグがその値に優先する。存在しない名前なら終了ステータス 2",
    ),
    ("Show at most N orders", "最大 N 件を表示する"),
    ("Skip the first N matching orders (the next page)", "該当する注文の最初の N 件を飛ばす（次のページ）"),
    (
        "One order with its payments, refunds, figures and history",
        "1 件の注文を、支払い・返金・金額・履歴とともに表示する",
    ),
    ("The order's Smartpay id (`order_…`)", "注文の Smartpay ID（`order_…`）"),
    ("Every order, streamed (JSONL can be imported again)", "すべての注文を順に書き出す（JSONL は再び取り込める）"),
    (
        "Every order, streamed, as JSONL (one order per line; `import` reads it back) or CSV.\n\n--out PATH writes through to what PATH is: a regular file (or a new one) is replaced atomically, only if it may be written; a symlink is followed and its target replaced in the target's folder; a FIFO or a device is written in place; without --out (or with `-`) the orders go to stdout. A write error, a full disk included, exits 1 and leaves an existing file untouched. CSV times are ISO 8601 with the JST offset (+09:00). A damaged record stops the export (exit 1) unless --skip-damaged.",
        "すべての注文を、JSONL（1 行に 1 注文。`import` で取り込み直せる）または CSV で順に書き出す。\n\n--out PATH は PATH の種類どおりに書く: 通常のファイル（または新しいファイル）は、書き込めるときだけアトミックに（丸ごと一度に）置き換える。シンボリックリンクはたどり、リンク先のフォルダーでリンク先を置き換える。FIFO やデバイスにはその場で書く。--out がない（または `-` の）ときは標準出力に出す。書き込みの失敗は、ディスクが一杯のときも含めて終了ステータス 1 で、既存のファイルには触れない。CSV の時刻は日本時間のオフセット（+09:00）付きの ISO 8601。破損したレコードがあると書き出しは止まる（終了ステータス 1）。--skip-damaged を付ければ飛ばす。",
    ),
    (
        "JSONL (one order per line, what `import` reads) or CSV (one row per order)",
        "JSONL（1 行に 1 注文。`import` が取り込む形式）または CSV（1 注文 1 行）",
    ),
    ("Where to write (default: stdout)", "書き出し先（既定: 標準出力）"),
    (
        "CSV for Excel: a UTF-8 BOM, and text cells starting with = + - @ (or tab, CR) prefixed with ' so they are never run as formulas",
        "Excel 向けの CSV: UTF-8 の BOM を付け、= + - @（またはタブ、CR）で始まる文字列のセルには ' を前に付けて、数式として実行されないようにする",
    ),
    (
        "Skip records that cannot be read (damaged), each with a warning on stderr",
        "読めない（破損した）レコードを飛ばし、それぞれ標準エラーに警告を出す",
    ),
    ("1000, 1,000, ¥1,000, 1000円 or full-width digits", "1000、1,000、¥1,000、1000円、または全角の数字"),
    (
        "Makes the operation happen once: the same KEY again moves nothing and replays the first result (a refusal included). 1–64 characters of A-Z a-z 0-9 _ -",
        "操作が一度だけ行われるようにする: 同じ KEY でもう一度実行しても何も動かさず、最初の結果（拒否を含む）を再現する。A-Z a-z 0-9 _ - の 1〜64 文字",
    ),
    ("Why the money goes back, as Smartpay records it", "返金の理由（Smartpay に記録される値）"),
];
