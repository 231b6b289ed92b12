//! The developer's and the operator's tools: `sandbox`, `info`, `check`.

pub static TOOLS: &[(&str, &str)] = &[
    (
        "The address to listen on (port 0 picks a free port; the URL is the first line printed)",
        "待ち受けるアドレス（ポート 0 なら空いているポートを選ぶ。出力の 1 行目が URL）",
    ),
    ("Delay every response by this many milliseconds", "すべての応答をこのミリ秒数だけ遅らせる"),
    (
        "Fail this fraction of requests (0.0–1.0) with a 503, before or after the write",
        "この割合（0.0〜1.0）のリクエストを、書き込みの前か後に 503 で失敗させる",
    ),
    (
        "Draw the --fail-rate failures from this seed, so a run can be repeated exactly",
        "--fail-rate の失敗をこのシードから決める。同じ実行をそのまま繰り返せる",
    ),
    (
        "Serve this secret key's orders from FILE (repeatable). A live-format key (sk_live_…) is accepted on a loopback address only. --db then serves any other test key",
        "このシークレットキーの注文を FILE から提供する（繰り返し指定できる）。本番形式のキー（sk_live_…）はループバックアドレスでだけ受け付ける。このとき、ほかのテストキーには --db の注文を提供する",
    ),
    (
        "Answer in one of the shapes the real API may use (repeatable, combinable)",
        "実際の API が使いうる形のいずれかで応答する（繰り返し指定・組み合わせができる）",
    ),
    (
        "A payment's `refunds` are refund ids, never objects (the Node SDK's `Payment.refunds: string[]`), even under `expand=all`",
        "支払いの `refunds` は返金の ID で、オブジェクトにはならない（Node SDK の `Payment.refunds: string[]`）。`expand=all` でも同じ",
    ),
    (
        "Payments carry no `refunds` field at all, on orders and on `/payments` (the Go SDK's generated `PaymentExpanded`)",
        "支払いに `refunds` フィールドがまったくない。注文でも `/payments` でも（Go SDK が生成した `PaymentExpanded`）",
    ),
    (
        "Every optional field without a value is `null` instead of absent (as the Ruby, Python and PHP SDKs send them on create)",
        "値のない省略できるフィールドは、省く代わりにすべて `null`（Ruby・Python・PHP の SDK が作成時に送る形）",
    ),
    (
        "Checkout sessions carry no `captureMethod` (no SDK type has it)",
        "チェックアウトセッションに `captureMethod` がない（どの SDK の型にもない）",
    ),
    (
        "Start the sandbox clock this many milliseconds ahead of the wall clock (idempotency keys' 6-hour window and capture deadlines follow it; POST /_sandbox/clock moves it further)",
        "サンドボックスの時計を実際の時刻よりこのミリ秒数だけ進めて始める（冪等キーの 6 時間の有効期間とオーソリ期限はこれに従う。POST /_sandbox/clock でさらに進む）",
    ),
    (
        "Close a connection whose request headers take longer than this (milliseconds)",
        "リクエストヘッダーの受信にこのミリ秒数より長くかかる接続を閉じる",
    ),
    (
        "Close a connection with no traffic for this long (milliseconds). Longer than a client's own pool timeout (reqwest: 90 s), so the client closes an idle connection first",
        "これだけの時間（ミリ秒）通信のない接続を閉じる。クライアント自身のプールのタイムアウト（reqwest: 90 秒）より長いので、使われていない接続はクライアントが先に閉じる",
    ),
    (
        "Ask the API once: is the URL reachable, is the key accepted, test or live, and the clock skew. Exit 1 when it is unreachable or refuses the key",
        "API に一度だけ問い合わせる: URL に届くか、キーが受け付けられるか、テストか本番か、時計のずれ。届かないかキーを拒否されたら終了ステータス 1",
    ),
    (
        "Also verify the online operation journal (the key's account's)",
        "オンラインの操作ジャーナル（キーのアカウントのもの）も検査する",
    ),
    (
        "Also verify the online mode's local mirror (the key's account's)",
        "オンラインモードのローカルのミラー（キーのアカウントのもの）も検査する",
    ),
];
