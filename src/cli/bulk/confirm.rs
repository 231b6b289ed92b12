//! Confirming a bulk run before anything is sent: `y` on a terminal, the row count typed out
//! above `bulk.confirm_above_orders` / `bulk.confirm_above_amount`, and off a terminal `--yes`
//! plus, above the limits, `--expect-rows` / `--expect-total` matching the plan.

use super::report::Tally;
use crate::cli::Failure;
use crate::config::BulkLimits;
use crate::domain::{Currency, parse_amount};
use std::io::{BufRead, IsTerminal, Write};

/// What the caller said on the command line.
pub struct Consent<'a> {
    pub yes: bool,
    pub expect_rows: Option<u64>,
    pub expect_total: Option<&'a str>,
}

/// The plan's figures: rows to send and what they would move.
pub struct PlanFigures {
    pub rows: u64,
    pub total: i64,
    pub currency: Currency,
}

impl PlanFigures {
    pub fn of(plan: &Tally) -> PlanFigures {
        PlanFigures {
            rows: plan.count(super::report::RowResult::Done),
            total: plan.total_amount(),
            currency: plan.currency().unwrap_or(Currency::from_code_or_whole("JPY")),
        }
    }

    fn describe(&self) -> String {
        format!("{} rows moving {} in all", self.rows, self.currency.format(self.total))
    }
}

/// Ok to go on, or why not (nothing has been sent either way).
pub fn confirm(plan: &PlanFigures, consent: &Consent<'_>, limits: BulkLimits) -> Result<(), Failure> {
    if plan.rows == 0 {
        return Ok(());
    }
    let rows_matched = match consent.expect_rows {
        Some(rows) if rows != plan.rows => {
            return Err(Failure::usage(format!(
                "--expect-rows {rows} does not match the plan: {}. Nothing was sent.",
                plan.describe()
            )));
        }
        Some(_) => true,
        None => false,
    };
    let total_matched = match consent.expect_total {
        Some(text) => {
            let expected = parse_amount(text, plan.currency)
                .map_err(|e| Failure::usage(format!("--expect-total \"{text}\" is not an amount: {e}")))?;
            if expected != plan.total {
                return Err(Failure::usage(format!(
                    "--expect-total {} does not match the plan: {}. Nothing was sent.",
                    plan.currency.format(expected),
                    plan.describe()
                )));
            }
            true
        }
        None => false,
    };
    let over_rows = plan.rows > limits.confirm_above_orders;
    let over_amount = plan.total > limits.confirm_above_amount;
    let expected_enough = (!over_rows || rows_matched) && (!over_amount || total_matched);
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    if consent.yes && expected_enough {
        return Ok(());
    }
    if !interactive {
        return Err(Failure::usage(if !consent.yes {
            format!("The plan is {}: not on a terminal, confirm it with --yes. Nothing was sent.", plan.describe())
        } else {
            let mut over = Vec::new();
            let mut flags = Vec::new();
            if over_rows && !rows_matched {
                over.push(format!("bulk.confirm_above_orders ({})", limits.confirm_above_orders));
                flags.push(format!("--expect-rows {}", plan.rows));
            }
            if over_amount && !total_matched {
                over.push(format!("bulk.confirm_above_amount ({})", plan.currency.format(limits.confirm_above_amount)));
                flags.push(format!("--expect-total {}", plan.total));
            }
            format!(
                "The plan is {}, above {}: off a terminal add {}. Nothing was sent.",
                plan.describe(),
                over.join(" and "),
                flags.join(" ")
            )
        }));
    }
    let above = over_rows || over_amount;
    let question = if above {
        format!("Send {}? Above the bulk limits: type the number of rows ({}) to go on: ", plan.describe(), plan.rows)
    } else {
        format!("Send {}? [y/N] ", plan.describe())
    };
    eprint!("{question}");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer).map_err(|e| Failure::io(format!("Cannot read the answer: {e}")))?;
    let answer = answer.trim();
    let agreed = if above { answer == plan.rows.to_string() } else { matches!(answer, "y" | "Y" | "yes") };
    if agreed { Ok(()) } else { Err(Failure::new(3, "refused", "Not confirmed: nothing was sent.")) }
}
