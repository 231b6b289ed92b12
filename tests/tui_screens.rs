//! Issue 13's screens at the minimum size, 80x24, 120x40 and 200x50, in English and Japanese:
//! the Order List, Order Details of an order with a payment and a refund (its reason shown),
//! and Payment Actions on it. Every screen is also checked against the data behind it: no
//! value (id, reference, name, kana, email, phone, address, line item, operator, key, amount)
//! is shown cut without `…`.
// A test crate: a failed unwrap, expect or panic is how it reports a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod tui_support;

use crossterm::event::KeyCode;
use smartpay_console::backend::ListQuery;
use smartpay_console::config::Lang;
use smartpay_console::domain::Deadline;
use smartpay_console::domain::time::Countdown;
use smartpay_console::tui::layout::{MIN_HEIGHT, MIN_WIDTH};
use tui_support::{Harness, Options};

/// Every value the fixtures hold, as the screens write them.
fn known_values(h: &Harness) -> Vec<String> {
    let page = h.store.list(&ListQuery { limit: 1_000, ..ListQuery::default() }).expect("list");
    let mut values = Vec::new();
    for row in page.rows {
        let order = h.store.get(&row.id).expect("order");
        let c = order.currency();
        let cust = &order.customer;
        values.extend([order.id.clone(), order.reference.clone(), cust.full_name(), cust.full_kana()]);
        values.extend([cust.email.clone(), cust.phone.clone(), c.format(order.amount())]);
        values.extend(cust.address.iter().flat_map(|a| a.display_lines()));
        values.extend(order.line_items.iter().map(|l| l.name.clone()));
        for payment in order.payments() {
            values.extend([payment.id().to_string(), c.format(payment.amount())]);
            values.extend(payment.refunds().iter().flat_map(|r| [r.id().to_string(), c.format(r.amount())]));
        }
        let now = tui_support::NOW;
        match order.deadline(now) {
            Deadline::Counting(Countdown::Open(left) | Countdown::Urgent(left)) => {
                values.extend([Lang::En, Lang::Ja].into_iter().flat_map(|lang| [left.text(lang), left.short(lang)]));
            }
            Deadline::Counting(Countdown::Expired) | Deadline::Expired => {
                values.extend(["expired".to_string(), "期限切れ".to_string()]);
            }
            Deadline::None => {}
        }
        for entry in &order.history {
            values.extend(entry.operator.iter().chain(&entry.idempotency_key).cloned());
            values.push(c.format(entry.amount));
        }
    }
    values.retain(|v| v.chars().count() >= 4);
    values.sort();
    values.dedup();
    values
}

/// The values shown cut without `…` on `screen`: at the start of a word, the first characters
/// of a known value (four, or seven of an ASCII one) that no known value accounts for (whole,
/// shortened with `…` right where it stops matching, or hidden from there by a box drawn
/// over it).
fn cut_values(screen: &str, values: &[String]) -> Vec<String> {
    // The values by their first character, each as characters.
    let mut by_first: std::collections::HashMap<char, Vec<Vec<char>>> = std::collections::HashMap::new();
    for value in values {
        let chars: Vec<char> = value.chars().collect();
        by_first.entry(chars[0]).or_default().push(chars);
    }
    let mut cut = Vec::new();
    for line in screen.lines() {
        let chars: Vec<char> = line.chars().collect();
        for start in 0..chars.len() {
            if start > 0 && chars[start - 1].is_alphanumeric() {
                continue;
            }
            let Some(candidates) = by_first.get(&chars[start]) else { continue };
            let mut explained = false;
            let mut suspect = None;
            for wanted in candidates {
                let matched = wanted.iter().zip(&chars[start..]).take_while(|(a, b)| a == b).count();
                // Short words ("refund") begin ids too: an ASCII value counts from 7 characters.
                if matched < if wanted.iter().all(char::is_ascii) { 7 } else { 4 } {
                    continue;
                }
                // A value that stops at a box's border is under an overlay, not shortened.
                let next = chars.get(start + matched);
                let under_box = next.is_some_and(|c| ('\u{2500}'..='\u{257f}').contains(c));
                if matched == wanted.len() || next == Some(&'…') || under_box {
                    explained = true;
                    break;
                }
                let whole: String = wanted.iter().collect();
                let shown: String = chars[start..start + matched].iter().collect();
                suspect = Some(format!("{whole:?} shown as {shown:?} in {line:?}"));
            }
            if let (false, Some(suspect)) = (explained, suspect) {
                cut.push(suspect);
            }
        }
    }
    cut
}

fn check(name: &str, h: &Harness, values: &[String]) {
    let screen = h.text();
    let cut = cut_values(&screen, values);
    assert!(cut.is_empty(), "{name}: values cut without …: {cut:#?}\n{screen}");
    let shown = h.screen.lock();
    insta::assert_snapshot!(name, *shown);
}

/// The list, the details of the automatic order (a payment, a refund and its reason), then
/// its Payment Actions, at one size in one language.
async fn screens(lang: Lang, width: u16, height: u16) {
    let tag = match lang {
        Lang::En => "en",
        Lang::Ja => "ja",
    };
    let size = format!("{width}x{height}");
    let h = Harness::start(Options { lang, width, height, ..Options::default() }).await;
    let values = known_values(&h);
    h.wait_until("the counts", |t| t.contains(" 24 of 24") || t.contains(" 24 / 24")).await;
    check(&format!("list_{tag}_{size}"), &h, &values);
    h.key(KeyCode::Char('/'));
    h.chars("autocap000");
    // The whole needle typed and its own search answered (the count reads `…` until then).
    h.wait_until("one match", |t| (t.contains(" 1 of 24") || t.contains(" 1 / 24")) && t.contains("/autocap000")).await;
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    h.wait_until("the details", |t| t.contains("── Amounts") || t.contains("── 金額")).await;
    // Without scrolling: the amounts, the status, the deadline and the customer's name.
    let top = h.text();
    let deadline = match lang {
        Lang::En => "2026-11-24 14:06 JST",
        Lang::Ja => "2026/11/24 14:06",
    };
    for shown in ["¥6,380", "¥5,380", deadline, "鈴木 一郎"] {
        assert!(top.contains(shown), "{shown} without scrolling:\n{top}");
    }
    check(&format!("details_{tag}_{size}"), &h, &values);
    // Scrolled to its end, the history shows its three rows (the refund with its reason).
    h.key(KeyCode::Char('G'));
    let end =
        h.wait_until("the history", |t| t.contains("↳ Reason: requested by customer") || t.contains("↳ 理由")).await;
    assert!(["17:06:40", "14:06:41", "14:06:40"].iter().all(|at| end.contains(at)), "three rows:\n{end}");
    h.key(KeyCode::Char('g'));
    h.wait_until("the top again", |t| t.contains("── Amounts") || t.contains("── 金額")).await;
    h.key(KeyCode::Char('a'));
    h.wait_until("the modal", |t| t.contains("Payment Actions") || t.contains("決済操作 ·")).await;
    check(&format!("actions_{tag}_{size}"), &h, &values);
    h.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn english_at_the_minimum_size() {
    screens(Lang::En, MIN_WIDTH, MIN_HEIGHT).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn english_at_80x24() {
    screens(Lang::En, 80, 24).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn english_at_120x40() {
    screens(Lang::En, 120, 40).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn english_at_200x50() {
    screens(Lang::En, 200, 50).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn japanese_at_the_minimum_size() {
    screens(Lang::Ja, MIN_WIDTH, MIN_HEIGHT).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn japanese_at_80x24() {
    screens(Lang::Ja, 80, 24).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn japanese_at_120x40() {
    screens(Lang::Ja, 120, 40).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn japanese_at_200x50() {
    screens(Lang::Ja, 200, 50).await;
}

/// After `a` `4000` `Enter` `y`, the outcome takes a line of its own under Order Details: at
/// 80x24, scrolled to its end, the last history row shows above the toast; at 200x50 the whole
/// order does. Nothing is drawn over a row.
async fn toast_after_a_capture(width: u16, height: u16) {
    let h = Harness::start(Options { width, height, ..Options::default() }).await;
    h.open_actions("manual00000000001").await;
    h.chars("4000");
    h.key(KeyCode::Enter);
    h.wait_for("Really do this?").await;
    h.key(KeyCode::Char('y'));
    h.wait_for("Done: Capture ¥4,000").await;
    // The values as they are now, with the new payment.
    let values = known_values(&h);
    h.key(KeyCode::Char('G'));
    let shown = h
        .wait_until("the end of the history", |t| {
            t.lines().any(|l| l.contains("authorization") && l.contains("¥10,000")) && t.contains("Done: Capture")
        })
        .await;
    let lines: Vec<&str> = shown.lines().collect();
    let toast = lines.iter().position(|l| l.contains("Done: Capture ¥4,000")).expect("the toast");
    let last_row = lines.iter().position(|l| l.contains("authorization")).expect("the last history row");
    assert!(last_row < toast, "the last history row above the toast:\n{shown}");
    assert!(lines.iter().any(|l| l.contains("capture") && l.contains("¥4,000") && l.contains("tanaka")), "{shown}");
    assert!(!lines[toast].contains('│') && !lines[toast].contains('┌'), "no box over the rows:\n{shown}");
    let cut = cut_values(&shown, &values);
    assert!(cut.is_empty(), "values cut without …: {cut:#?}\n{shown}");
    // The new payment's id is made at random: the snapshot names it by its place.
    let order = h.store.get("order_test_manual00000000001").expect("order");
    let mut text = shown.clone();
    for payment in order.payments() {
        let id = payment.id();
        text = text.replace(id, &format!("{:<width$}", "payment_test_<new>", width = id.chars().count()));
    }
    // So are the test keys' numbers (the tests of this file run at once).
    while let Some(at) = text.find("spc_test_key_0") {
        text.replace_range(at..at + "spc_test_key_0000".len(), "spc_test_key_####");
    }
    insta::assert_snapshot!(format!("toast_after_capture_{width}x{height}"), text);
    h.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_toast_never_covers_the_history_at_80x24() {
    toast_after_a_capture(80, 24).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_toast_never_covers_the_history_at_200x50() {
    toast_after_a_capture(200, 50).await;
}

/// A sentence as long as a real duplicate-refund fix, and longer than the panel at 80x24.
fn long_fix(lang: Lang) -> String {
    match lang {
        Lang::En => "Smartpay refunded ¥1,000; the shop counts ¥0: ¥1,000 more went back than the shop knows of. \
            Refunds: refund_test_auto00000000001 ¥1,000 by colleague (key spc_4f1c2a9e8b7d6c5b4a3f2e1d0c9b8a7f), \
            made in this console, at the customer's request. A refund cannot be undone: ask the customer and \
            the shop which refund was meant before anything else, then record it in the shop's admin so both \
            sides count the same amount, and run reconcile again to see the finding go. If the shop's export \
            was taken before the refund, export it again first: the finding may simply be stale."
            .to_string(),
        Lang::Ja => "Smartpayは¥1,000を返金しましたが、ショップは¥0と数えています。返金は取り消せません。\
            どちらの返金が意図されたものか、顧客とショップに確認してから、ショップの管理画面に記録し、\
            両方が同じ金額を数えるようにしてください。その後、もう一度照合を実行して差異が消えることを確かめます。\
            ショップのエクスポートが返金より前のものなら、まずもう一度エクスポートしてください。\
            差異は単に古いだけかもしれません。"
            .to_string(),
    }
}

fn findings(lang: Lang) -> smartpay_console::backend::findings::SavedFindings {
    use smartpay_console::backend::findings::{FORMAT, Header, SavedFindings, VERSION};
    use smartpay_console::domain::reconcile::finding::{ConsoleSide, Fix, ShopSide};
    use smartpay_console::domain::reconcile::{Finding, FindingKind, Severity};
    let finding = |kind, severity, order: &str, reference: &str, text: String| Finding {
        kind,
        severity,
        order: Some(order.to_string()),
        reference: Some(reference.to_string()),
        line: Some(2),
        currency: "JPY".into(),
        shop: Some(ShopSide { amount: 6_380, captured: 6_380, refunded: 0, status: None, updated_at: None }),
        smartpay: None,
        console: ConsoleSide::default(),
        fix: Fix { command: None, text: text.clone(), text_ja: text },
        at_stake: 1_000,
    };
    SavedFindings {
        header: Header {
            format: FORMAT.into(),
            version: VERSION,
            source: "orders.redb".into(),
            shop: "shop-export-2026-11-18.csv".into(),
            found_at: tui_support::NOW - tui_support::HOUR,
            total: 2,
        },
        findings: vec![
            finding(
                FindingKind::PossibleDuplicateRefund,
                Severity::High,
                "order_test_autocap000000003",
                "SO-20250002",
                long_fix(lang),
            ),
            finding(
                FindingKind::MissingInShop,
                Severity::Medium,
                "order_test_manual00000000001",
                "SO-0001",
                "Add it to the shop.".into(),
            ),
        ],
        plan: vec![],
    }
}

/// The fix as the panel shows it, from its label down to the line above `until`: the whole
/// sentence, or its start ending in `…` (spaces ignored: wrapping breaks lines between words).
fn fix_shown_honestly(screen: &str, label: &str, fix: &str, until: usize) -> Result<(), String> {
    let lines: Vec<&str> = screen.lines().collect();
    let from = lines.iter().position(|l| l.starts_with(&format!("{label}: "))).ok_or("no fix line")?;
    let shown: String = lines[from..until].concat().chars().filter(|c| !c.is_whitespace()).collect();
    let whole: String = format!("{label}: {fix}").chars().filter(|c| !c.is_whitespace()).collect();
    match shown.strip_suffix('…') {
        _ if shown == whole => Ok(()),
        Some(start) if whole.starts_with(start) => Ok(()),
        _ => Err(format!("the fix is cut without …:\n{screen}")),
    }
}

/// The Drift view and the finding panel under Order Details, at one size in one language:
/// every id whole or elided in the middle, the long fix whole, wrapped, or ending in `…`.
async fn drift(lang: Lang, width: u16, height: u16) {
    use smartpay_console::tui::action::Action;
    use smartpay_console::tui::drift::DriftAction;
    let (tag, label) = match lang {
        Lang::En => ("en", "Fix"),
        Lang::Ja => ("ja", "対処"),
    };
    let h = Harness::start(Options { lang, width, height, ..Options::default() }).await;
    let values = known_values(&h);
    h.act(Action::Drift(DriftAction::Loaded(Ok(Some(findings(lang))))));
    h.key(KeyCode::Char('D'));
    let shown = h.wait_until("the findings", |t| t.contains("possible-duplicate-refund") || t.contains("二重")).await;
    let status_bar = usize::from(height) - 1;
    if let Err(cut) = fix_shown_honestly(&shown, label, &long_fix(lang), status_bar) {
        panic!("Drift view: {cut}");
    }
    check(&format!("drift_{tag}_{width}x{height}"), &h, &values);
    h.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drift_findings_are_never_cut_without_the_mark_in_english() {
    for (width, height) in [(MIN_WIDTH, MIN_HEIGHT), (80, 24), (120, 40), (200, 50)] {
        drift(Lang::En, width, height).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drift_findings_are_never_cut_without_the_mark_in_japanese() {
    for (width, height) in [(MIN_WIDTH, MIN_HEIGHT), (80, 24), (120, 40), (200, 50)] {
        drift(Lang::Ja, width, height).await;
    }
}

#[test]
fn the_check_catches_a_value_cut_without_the_mark() {
    let values = vec!["SO-20250002".to_string(), "colleague".to_string(), "紙屋町 1-2-22".to_string()];
    assert_eq!(cut_values("Ref SO-202500   colleagu  紙屋町 1-2 ", &values).len(), 3);
    assert!(cut_values("Ref SO-2…0002   collea…   紙屋町 1-2-22", &values).is_empty());
    let screen = "Fix: a long\nsentence\nbar";
    assert!(fix_shown_honestly(screen, "Fix", "a long sentence", 2).is_ok());
    assert!(fix_shown_honestly("Fix: a long\nsente…\nbar", "Fix", "a long sentence", 2).is_ok());
    assert!(fix_shown_honestly("Fix: a long\nsente\nbar", "Fix", "a long sentence", 2).is_err(), "cut, no mark");
}
