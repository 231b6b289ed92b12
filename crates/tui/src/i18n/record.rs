//! The sentences of a bulk run's record and its exported summary that cannot be written or
//! read, as the `RecordMsg` catalog the completeness test walks (`RecordError::text` fills it).

smartpay_i18n::catalog! {
    /// Why a run record or a summary was not written or cannot be used.
    pub enum RecordMsg {
        CannotWrite => ("cannot write the run record in {dir}: {error}", "一括操作の記録を {dir} に書き込めません: {error}"),
        CannotEncode => ("cannot encode the run record: {error}", "一括操作の記録を作成できません: {error}"),
        OtherVersion => (
            "it is not a record of this version of smartpay-console",
            "このバージョンの smartpay-console の記録ではありません",
        ),
        NameMismatch => ("its run name does not match its file name", "記録の一括操作名がファイル名と一致しません"),
        ForeignField => (
            "an order id, key or currency in it is not one a run writes",
            "一括操作が書くことのない注文ID・キー・通貨が含まれています",
        ),
        OtherOperation => (
            "the operation recorded for order {order} is not the run's",
            "注文 {order} に記録された操作がこの一括操作のものではありません",
        ),
        Unreadable => ("cannot be read: {error}", "読み込めません: {error}"),
        NotAFile => ("it is not a regular file", "通常のファイルではありません"),
        TooLarge => (
            "it is larger ({bytes} bytes) than any run record",
            "一括操作の記録としては大きすぎます（{bytes} バイト）",
        ),
        Damaged => (
            "it is damaged or not a run record ({error})",
            "破損しているか、一括操作の記録ではありません（{error}）",
        ),
        ExportCannotCreate => ("cannot create {path}: {error}", "{path} を作成できません: {error}"),
        ExportCannotEncode => ("cannot encode the summary: {error}", "結果を作成できません: {error}"),
        ExportCannotWrite => ("cannot write {path}: {error}", "{path} に書き込めません: {error}"),
        ExportFull => (
            "{dir} already holds 99 summaries of run {run}",
            "{dir} には一括操作 {run} の結果がすでに99件あります",
        ),
    }
}
