//! The payment rules' words: refusals (long and short), amount errors, countdowns, statuses.

crate::catalog! {
    /// A sentence or word of the payment rules.
    pub enum RuleText {
        AutomaticCannotCapture => (
            "This order is captured automatically, so there is nothing to capture.",
            "この注文は自動売上のため、売上確定するものはありません。",
        ),
        AutomaticCannotVoid => (
            "This order is captured automatically and cannot be voided: refund it instead.",
            "この注文は自動売上のため取消できません。返金してください。",
        ),
        DeadlinePassed => (
            "The 7-day capture deadline passed at {deadline}: the order can no longer be {verb}.",
            "7日間のオーソリ期限（{deadline}）を過ぎたため、この注文はもう{verb}できません。",
        ),
        NotAwaitingCapture => (
            "Only an order awaiting capture can be {verb}; this order is {status}.",
            "{verb}できるのは売上確定待ちの注文だけです。この注文の状態は「{status}」です。",
        ),
        NothingToCapture => ("Nothing is left to capture on this order.", "この注文には売上確定できる残額がありません。"),
        CaptureExceeds => (
            "{requested} is more than the {capturable} that can still be captured on this order.",
            "{requested} は、この注文でまだ売上確定できる {capturable} を超えています。",
        ),
        NothingCaptured => (
            "Nothing has been captured on this order, so there is nothing to refund.",
            "この注文はまだ売上確定されていないため、返金できるものはありません。",
        ),
        FullyRefunded => (
            "Everything captured on this order has already been refunded.",
            "この注文の売上確定額はすべて返金済みです。",
        ),
        RefundExceeds => (
            "{requested} is more than the {refundable} that can still be refunded on this order.",
            "{requested} は、この注文でまだ返金できる {refundable} を超えています。",
        ),
        NotPositive => ("The amount must be more than zero.", "金額は0より大きくしてください。"),
        RefundsUnknown => (
            "This order's refunds could not all be read from the Smartpay API, so what is left to refund is unknown: refresh it and try again.",
            "この注文の返金をSmartpay APIからすべて読み取れなかったため、返金できる残額が不明です。再読込してからやり直してください。",
        ),
        VerbCaptured => ("captured", "売上確定"),
        VerbVoided => ("voided", "取消"),
        ShortAutomatic => ("automatic capture: refund instead", "自動売上: 返金を使用"),
        ShortDeadlinePassed => ("deadline passed", "オーソリ期限切れ"),
        ShortNotAwaiting => ("not awaiting capture", "売上確定待ちではない"),
        ShortNothingToCapture => ("nothing left to capture", "確定できる残額なし"),
        ShortOverLimit => ("over the limit", "上限超過"),
        ShortNothingCaptured => ("nothing captured yet", "売上確定なし"),
        ShortFullyRefunded => ("fully refunded", "全額返金済"),
        ShortNotPositive => ("amount must be positive", "金額は正の数"),
        ShortRefundsUnknown => ("refunds unknown", "返金額不明"),
        AmountEmpty => ("Enter an amount, for example 1000.", "金額を入力してください（例: 1000）。"),
        AmountNotANumber => (
            "\"{input}\" is not an amount: use digits only, for example 1000 or 1,000.",
            "「{input}」は金額ではありません。数字だけで入力してください（例: 1000、1,000）。",
        ),
        AmountNegative => (
            "The amount must be positive; a negative amount is never valid.",
            "金額は正の数にしてください。マイナスの金額は使えません。",
        ),
        AmountZero => ("The amount must be more than zero.", "金額は0より大きくしてください。"),
        AmountNoDecimals => (
            "{code} has no minor unit: enter whole {code} without decimals.",
            "{code} には小数の単位がありません。小数点なしで入力してください。",
        ),
        AmountTooManyDecimals => ("{code} has at most {max} decimal places.", "{code} の小数は{max}桁までです。"),
        AmountExponent => (
            "Exponents such as 1e3 are not accepted: write the amount out in full.",
            "1e3 のような指数表記は使えません。金額をすべて数字で書いてください。",
        ),
        AmountOverflow => ("The amount is too large.", "金額が大きすぎます。"),
        AmountWrongSign => ("\"{sign}\" is not the sign of {code}.", "「{sign}」は {code} の通貨記号ではありません。"),
        AmountBadGrouping => (
            "The thousands separators in \"{input}\" are misplaced: use groups of three digits, as in 1,000,000.",
            "「{input}」の桁区切りの位置が正しくありません。1,000,000 のように3桁ごとに区切ってください。",
        ),
        AmountTooLong => (
            "The amount is {chars} characters long; an amount has at most {max}.",
            "金額が{chars}文字あります。金額は{max}文字までです。",
        ),
        NotAWindow => (
            "\"{input}\" is not a time window: write a whole number followed by m (minutes), h (hours) or d (days), such as 24h.",
            "「{input}」は期間ではありません。整数に m（分）、h（時間）、d（日）を付けてください（例: 24h）。",
        ),
        WindowOutOfRange => (
            "\"{input}\" is not a usable window: it must be more than zero and at most 30 days.",
            "「{input}」は使える期間ではありません。0より大きく30日以内にしてください。",
        ),
        CountdownDays => ("{days}d {hours}h", "残り{days}日{hours}時間"),
        CountdownHours => ("{hours}h {minutes}m", "残り{hours}時間{minutes}分"),
        CountdownDaysShort => ("{days}d {hours}h", "{days}日{hours}時間"),
        CountdownHoursShort => ("{hours}h {minutes}m", "{hours}時間{minutes}分"),
        Expired => ("expired", "期限切れ"),
        Unknown => ("unknown", "不明"),
        StatusRequiresAuthorization => ("requires_authorization", "未承認"),
        StatusRejected => ("rejected", "否決"),
        StatusRequiresCapture => ("requires_capture", "売上確定待ち"),
        StatusSucceeded => ("succeeded", "完了"),
        StatusCanceled => ("canceled", "取消済"),
        ModeAutomatic => ("automatic", "自動売上"),
        ModeManual => ("manual", "手動売上"),
        KindAuthorization => ("authorization", "与信"),
        KindCapture => ("capture", "売上確定"),
        KindRefund => ("refund", "返金"),
        KindVoid => ("void", "取消"),
        KindExpiry => ("expiry", "期限切れ"),
        ResultSucceeded => ("succeeded", "成功"),
        ResultPending => ("pending", "処理中"),
        ResultFailed => ("failed", "失敗"),
        PaymentRefunded => ("refunded", "返金済"),
        PaymentProcessed => ("processed", "処理済"),
        ReasonRequestedByCustomer => ("requested_by_customer", "顧客の依頼"),
        ReasonFraudulent => ("fraudulent", "不正"),
        ReasonOther => ("other", "その他"),
    }
}
