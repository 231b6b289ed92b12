//! The argument parser's refusals (an unknown flag, a missing or invalid value…), rebuilt from
//! clap's error kind and context so they read in the operator's language.

smartpay_i18n::catalog! {
    /// A sentence of a refused command line.
    pub enum UsageText {
        UnknownArgument => ("unexpected argument '{arg}' found", "引数 '{arg}' は使えません"),
        InvalidSubcommand => ("unrecognized subcommand '{sub}'", "サブコマンド '{sub}' はありません"),
        Suggested => ("tip: did you mean '{suggested}'?", "ヒント: '{suggested}' のことですか？"),
        MissingValue => (
            "a value is required for '{arg}' but none was supplied",
            "'{arg}' には値が必要ですが、指定されていません",
        ),
        InvalidValue => ("invalid value '{value}' for '{arg}'", "'{arg}' の値 '{value}' は使えません"),
        InvalidValueWhy => (
            "invalid value '{value}' for '{arg}': {why}",
            "'{arg}' の値 '{value}' は使えません: {why}",
        ),
        PossibleValues => ("possible values: {values}", "使える値: {values}"),
        MissingRequired => (
            "the following required arguments were not provided: {args}",
            "必須の引数が指定されていません: {args}",
        ),
        Conflict => ("the argument '{arg}' cannot be used with {other}", "引数 '{arg}' は {other} と同時に使えません"),
        ConflictTwice => ("the argument '{arg}' cannot be used multiple times", "引数 '{arg}' は一度しか指定できません"),
        ConflictOthers => ("one or more of the other specified arguments", "ほかに指定した引数"),
        NoEquals => (
            "equal sign is needed when assigning values to '{arg}'",
            "'{arg}' に値を指定するには = が必要です",
        ),
        TooManyValues => (
            "unexpected value '{value}' for '{arg}' found; no more were expected",
            "'{arg}' に余分な値 '{value}' があります",
        ),
        WrongNumberOfValues => ("'{arg}' takes a different number of values", "'{arg}' の値の数が正しくありません"),
        NeedsSubcommand => (
            "This command needs a subcommand; add --help to list them.",
            "このコマンドにはサブコマンドが必要です。--help を付けると一覧を表示します。",
        ),
        InvalidUtf8 => ("an argument is not valid UTF-8", "引数が正しい UTF-8 ではありません"),
        ShopBeforeCommand => (
            "--shop before a command opens nothing: run `reconcile --shop FILE`, or give --shop FILE without a command to open the console on its Drift view.",
            "コマンドの前の --shop では何も開きません。`reconcile --shop FILE` を実行するか、コマンドなしで --shop FILE を付けてコンソールの差異ビューを開いてください。",
        ),
        ViewBeforeCommand => (
            "--view and --mouse before a command are for the interactive console; for a saved view in `orders list`, put --view after `list`.",
            "コマンドの前の --view と --mouse は対話型コンソール用です。`orders list` で保存ビューを使うには --view を `list` の後に付けてください。",
        ),
        JsonWithoutCommand => (
            "--json applies to the commands (orders, capture, …), not to the interactive console.",
            "--json はコマンド（orders、capture など）に付けるもので、対話型コンソールには使えません。",
        ),
        UsageLine => ("Usage: {usage}", "使い方: {usage}"),
        MoreHelp => ("For more information, try '--help'.", "詳しくは '--help' を付けて実行してください。"),
    }
}
