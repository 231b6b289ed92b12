//! What a bulk run says about each row (a line of text, a JSON line, a CSV row) and the tally
//! that decides its exit status. Rows are written as they end; only the tally is kept.

use crate::domain::Currency;
use crate::domain::Lang;
use crate::text::printable;
use crate::words::{BulkText as B, Said};
use smartpay_i18n::Message;
use unicode_width::UnicodeWidthStr;

/// `text` then spaces up to `width` display cells (a Japanese word is two cells a letter).
fn padded(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
}
use serde::Serialize;
use std::collections::BTreeMap;

/// How a row ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RowResult {
    /// Its money moved in this run.
    Done,
    /// Done in an earlier run under the same key: nothing moved now.
    Replayed,
    /// Nothing moved: a rule, the order or the row itself said no.
    Refused,
    /// Sent, answer lost: journaled, resolved by running the same file again.
    Unknown,
    /// Not sent (stopped before it, or the state could not be read): nothing moved.
    NotSent,
}

impl RowResult {
    /// The result as a person reads it in `lang`.
    fn word(self, lang: Lang) -> &'static str {
        match self {
            RowResult::Done => B::ResultDone,
            RowResult::Replayed => B::ResultReplayed,
            RowResult::Refused => B::ResultRefused,
            RowResult::Unknown => B::ResultUnknown,
            RowResult::NotSent => B::ResultNotSent,
        }
        .text(lang)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RowResult::Done => "done",
            RowResult::Replayed => "replayed",
            RowResult::Refused => "refused",
            RowResult::Unknown => "unknown",
            RowResult::NotSent => "not-sent",
        }
    }
}

/// One row's outcome: a JSON line of `--json`, a row of `--out`.
#[derive(Debug, Clone, Serialize)]
pub struct RowReport {
    pub line: u64,
    pub order: String,
    pub operation: String,
    /// Minor units asked for (for a void, the remainder it releases); 0 when unknown.
    pub requested: i64,
    /// Minor units this row moved (in this run, or for `replayed` in the earlier one).
    pub moved: i64,
    pub result: RowResult,
    pub reason: Option<Said>,
    pub key: Option<String>,
    /// The payments or refunds the row created.
    pub created: Vec<String>,
    /// For the text output only.
    #[serde(skip)]
    pub currency: Currency,
    /// A refund split over payments of which only some were done (the reason says which).
    #[serde(skip)]
    pub partly: bool,
}

pub const CSV_HEADER: [&str; 9] = crate::domain::bulk_plan::REPORT_COLUMNS;

impl RowReport {
    /// The text line of one row: `line 3  capture  order_x  ¥1,000  done  …`.
    pub fn text(&self, dry_run: bool, lang: Lang) -> String {
        let amount = self.currency.format(if self.moved > 0 { self.moved } else { self.requested });
        let what = match (dry_run, self.result) {
            (true, RowResult::Done) => B::WouldBeSent.text(lang),
            (true, RowResult::Replayed) => B::DoneEarlier.text(lang),
            (false, RowResult::Replayed) => B::DoneEarlierNotSent.text(lang),
            (_, result) => result.word(lang),
        };
        let operation = crate::outcome_text::verb_word(&self.operation, lang);
        let mut text = format!(
            "{} {} {} {amount:>12}  {what}",
            padded(&B::LineNumber.fill(lang, &[("line", &self.line)]), 10),
            padded(&printable(&operation), 8),
            padded(&printable(&self.order), 28),
        );
        if let Some(reason) = &self.reason {
            text += &format!(": {}", printable(reason.text(lang)));
        }
        text
    }

    pub fn csv_cells(&self) -> [String; 9] {
        [
            self.line.to_string(),
            self.order.clone(),
            self.operation.clone(),
            self.requested.to_string(),
            self.moved.to_string(),
            self.result.as_str().to_string(),
            self.reason.as_ref().map(|r| r.en.clone()).unwrap_or_default(),
            self.key.clone().unwrap_or_default(),
            self.created.join(" "),
        ]
    }
}

/// The counts and sums of a run (or a plan), per result and per operation.
#[derive(Debug, Default)]
pub struct Tally {
    pub rows: u64,
    by_result: BTreeMap<&'static str, u64>,
    partly: u64,
    /// (operation, currency) → (rows, minor units) of what moved now (a plan: would move).
    moved: BTreeMap<(String, &'static str), (u64, i64)>,
}

impl Tally {
    pub fn add(&mut self, row: &RowReport) {
        self.rows += 1;
        *self.by_result.entry(row.result.as_str()).or_default() += 1;
        if row.partly {
            self.partly += 1;
        }
        if row.result == RowResult::Done {
            let entry = self.moved.entry((row.operation.clone(), row.currency.code)).or_default();
            entry.0 += 1;
            // A plan's row has moved nothing yet: it counts what it would move.
            let amount = if row.moved > 0 { row.moved } else { row.requested };
            entry.1 = entry.1.saturating_add(amount);
        }
    }

    pub fn count(&self, result: RowResult) -> u64 {
        self.by_result.get(result.as_str()).copied().unwrap_or(0)
    }

    /// The rows to be sent (a plan): done now plus replays.
    pub fn total_amount(&self) -> i64 {
        self.moved.values().map(|(_, sum)| *sum).fold(0i64, i64::saturating_add)
    }

    /// The one currency the moving rows are in (`None`: none, or several).
    pub fn currency(&self) -> Option<Currency> {
        let mut codes = self.moved.keys().map(|(_, code)| *code);
        let first = codes.next()?;
        codes.all(|c| c == first).then(|| Currency::from_code_or_whole(first))
    }

    /// 0 every row done (now or earlier), 4 any unknown, 5 done and refused mixed, 3 none done.
    pub fn exit_code(&self) -> i32 {
        let done = self.count(RowResult::Done) + self.count(RowResult::Replayed);
        if self.count(RowResult::Unknown) > 0 {
            4
        } else if done == self.rows && self.partly == 0 {
            0
        } else if done > 0 {
            5
        } else {
            3
        }
    }

    /// The closing lines: what moved per operation, then the count of each result.
    pub fn summary(&self, dry_run: bool, lang: Lang) -> String {
        let mut out = String::new();
        for ((operation, code), (rows, sum)) in &self.moved {
            let currency = Currency::from_code_or_whole(code);
            let key = match (dry_run, *rows == 1) {
                (true, true) => B::SummaryWouldMoveOne,
                (true, false) => B::SummaryWouldMoveMany,
                (false, true) => B::SummaryMovedOne,
                (false, false) => B::SummaryMovedMany,
            };
            let operation = crate::outcome_text::verb_word(operation, lang);
            let args: [(&str, &dyn std::fmt::Display); 3] =
                [("operation", &operation), ("rows", rows), ("amount", &currency.format(*sum))];
            out += &format!("{}\n", key.fill(lang, &args));
        }
        let results = [
            (RowResult::Done, if dry_run { B::CountToSend } else { B::CountDone }),
            (RowResult::Replayed, B::CountDoneEarlier),
            (RowResult::Refused, B::CountRefused),
            (RowResult::Unknown, B::CountUnknown),
            (RowResult::NotSent, B::CountNotSent),
        ];
        let parts: Vec<String> =
            results.iter().map(|(result, words)| words.fill(lang, &[("count", &self.count(*result))])).collect();
        let parts = parts.join(B::Separator.text(lang));
        let summary = if self.rows == 1 { B::SummaryOneRow } else { B::SummaryRows };
        out += &summary.fill(lang, &[("rows", &self.rows), ("parts", &parts)]);
        if self.partly > 0 {
            out += &B::PartlyNote.fill(lang, &[("count", &self.partly)]);
        }
        out + "\n"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(result: RowResult) -> RowReport {
        RowReport {
            line: 2,
            order: "order_1".into(),
            operation: "capture".into(),
            requested: 1_000,
            moved: if result == RowResult::Done { 1_000 } else { 0 },
            result,
            reason: None,
            key: Some("k".into()),
            created: vec![],
            currency: Currency::from_code_or_whole("JPY"),
            partly: false,
        }
    }

    #[test]
    fn the_exit_status_follows_the_rows() {
        let status = |results: &[RowResult]| {
            let mut tally = Tally::default();
            results.iter().for_each(|r| tally.add(&row(*r)));
            tally.exit_code()
        };
        use RowResult::*;
        assert_eq!(status(&[Done, Replayed]), 0);
        assert_eq!(status(&[]), 0);
        assert_eq!(status(&[Done, Refused]), 5);
        assert_eq!(status(&[Replayed, NotSent]), 5);
        assert_eq!(status(&[Refused, NotSent]), 3);
        assert_eq!(status(&[Done, Unknown, Refused]), 4);
    }

    #[test]
    fn the_summary_says_what_moved_per_operation() {
        let mut tally = Tally::default();
        tally.add(&row(RowResult::Done));
        tally.add(&row(RowResult::Done));
        tally.add(&row(RowResult::Refused));
        let text = tally.summary(false, Lang::En);
        assert!(text.contains("capture: 2 rows, moved ¥2,000"), "{text}");
        assert!(text.contains("3 rows: 2 done, 0 done in an earlier run, 1 refused"), "{text}");
        let japanese = tally.summary(false, Lang::Ja);
        assert!(japanese.contains("売上確定: 2行、¥2,000 を処理") && japanese.contains("全3行: 完了 2"), "{japanese}");
        let line = row(RowResult::Done).text(true, Lang::Ja);
        assert!(line.starts_with("2行目      売上確定") && line.ends_with("送信予定"), "{line}");
        assert!(row(RowResult::Done).text(false, Lang::En).starts_with("line 2     capture  order_1"));
    }
}
