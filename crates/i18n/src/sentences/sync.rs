//! Online mode's status line: how fresh the mirror is, what waits in the journal.

crate::catalog! {
    /// A phrase of the online status line.
    pub enum SyncText {
        UnreachableSince => ("API unreachable: read-only, data from {at}", "API に接続できません: 読取専用、{at} 時点のデータ"),
        UnreachableNever => ("API unreachable: read-only, nothing synced yet", "API に接続できません: 読取専用、未同期"),
        Syncing => ("syncing… {count} orders", "同期中… {count}件"),
        Synced => ("synced {age}", "{age}に同期"),
        NotSynced => ("not synced yet", "未同期"),
        OldestChecked => (", oldest order checked {age}", "、最も古い確認は{age}"),
        Unresolved => (
            ", {count} operation(s) unresolved (read-only: see `journal list --open`)",
            "、未解決の操作 {count}件（読取専用: `journal list --open` を参照）",
        ),
        Resolving => (", {count} operation(s) being resolved", "、解決中の操作 {count}件"),
        JournalDamaged => (
            ", journal damaged: operations off until `smartpay-console journal repair`",
            "、ジャーナル破損: `smartpay-console journal repair` まで操作できません",
        ),
        JournalUnreadable => ("cannot read the journal: {error}", "ジャーナルを読めません: {error}"),
        UnresolvedNotReplayed => (
            "the {operation} of order {order} under key {key} is unresolved; this console is read-only, so it is not replayed. {hint}",
            "注文 {order} の{operation}（キー {key}）は未解決です。このコンソールは読取専用のため再送しません。{hint}",
        ),
        MirrorCopy => (
            "the API is out of reach; showing the copy mirrored locally ({label}).",
            "API に接続できないため、ローカルのミラーのコピーを表示しています（{label}）。",
        ),
        MirrorOrders => ("{error} Showing the orders mirrored locally ({label}).", "{error} ローカルのミラーの注文を表示しています（{label}）。"),
        AdoptedJournal => (
            "this key has no journal yet: it took over {count} unresolved operation(s) from the journal last used for {url}.",
            "このキーにはまだジャーナルがないため、{url} で最後に使ったジャーナルから未解決の操作 {count}件を引き継ぎました。",
        ),
        UnreadableOrder => ("{count} order could not be read: {ids}.", "注文 {count}件を読めませんでした: {ids}。"),
        UnreadableOrders => ("{count} orders could not be read: {ids}.", "注文 {count}件を読めませんでした: {ids}。"),
        JustNow => ("just now", "たった今"),
        SecondsAgo => ("{n} s ago", "{n}秒前"),
        MinutesAgo => ("{n} min ago", "{n}分前"),
        HoursAgo => ("{n} h ago", "{n}時間前"),
    }
}
