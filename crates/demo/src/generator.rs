//! Realistic synthetic orders for load and scale: Japanese customers and addresses, both capture
//! modes, every state support staff meet. Deterministic for a given seed and clock.

use crate::backend::BackendError;
use crate::backend::local::{LocalStore, ReadyOrder, StoreResult};
use crate::domain::{
    Address, CaptureMethod, Customer, LineItem, Millis, Order, OrderStatus, Payment, Refund, RefundReason,
};
use crate::wire::derived_history;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use std::sync::mpsc;

/// (kanji, kana, romaji) family names.
const FAMILY: &[(&str, &str, &str)] = &[
    ("佐藤", "サトウ", "sato"),
    ("鈴木", "スズキ", "suzuki"),
    ("高橋", "タカハシ", "takahashi"),
    ("田中", "タナカ", "tanaka"),
    ("伊藤", "イトウ", "ito"),
    ("渡辺", "ワタナベ", "watanabe"),
    ("山本", "ヤマモト", "yamamoto"),
    ("中村", "ナカムラ", "nakamura"),
    ("小林", "コバヤシ", "kobayashi"),
    ("加藤", "カトウ", "kato"),
    ("吉田", "ヨシダ", "yoshida"),
    ("山田", "ヤマダ", "yamada"),
    ("佐々木", "ササキ", "sasaki"),
    ("山口", "ヤマグチ", "yamaguchi"),
    ("松本", "マツモト", "matsumoto"),
    ("井上", "イノウエ", "inoue"),
    ("木村", "キムラ", "kimura"),
    ("林", "ハヤシ", "hayashi"),
    ("清水", "シミズ", "shimizu"),
    ("勅使河原", "テシガワラ", "teshigawara"),
];

const GIVEN: &[(&str, &str, &str)] = &[
    ("太郎", "タロウ", "taro"),
    ("花子", "ハナコ", "hanako"),
    ("翔", "ショウ", "sho"),
    ("陽菜", "ヒナ", "hina"),
    ("蓮", "レン", "ren"),
    ("結衣", "ユイ", "yui"),
    ("大輔", "ダイスケ", "daisuke"),
    ("美咲", "ミサキ", "misaki"),
    ("健太", "ケンタ", "kenta"),
    ("さくら", "サクラ", "sakura"),
    ("悠真", "ユウマ", "yuma"),
    ("葵", "アオイ", "aoi"),
    ("誠", "マコト", "makoto"),
    ("愛子", "アイコ", "aiko"),
    ("一郎", "イチロウ", "ichiro"),
];

/// (prefecture, city, postal prefix)
const PLACES: &[(&str, &str, &str)] = &[
    ("東京都", "港区", "107"),
    ("東京都", "目黒区", "153"),
    ("東京都", "新宿区", "160"),
    ("大阪府", "大阪市北区", "530"),
    ("神奈川県", "横浜市中区", "231"),
    ("愛知県", "名古屋市中村区", "450"),
    ("福岡県", "福岡市博多区", "812"),
    ("北海道", "札幌市中央区", "060"),
    ("京都府", "京都市左京区", "606"),
    ("沖縄県", "那覇市", "900"),
];

const PRODUCTS: &[(&str, i64)] = &[
    ("オーガニックコットンTシャツ", 3_300),
    ("ワイヤレスイヤホン", 12_800),
    ("有田焼 マグカップ", 2_750),
    ("スニーカー（ホワイト 26.5cm）", 9_900),
    ("抹茶ギフトセット", 4_320),
    ("リネンシャツ", 6_600),
    ("ステンレス水筒 500ml", 3_080),
    ("レザー長財布", 18_700),
    ("北欧デザイン ペンダントライト", 24_200),
    ("ノンアルコール ハンドクリーム", 1_650),
];

const DAY: Millis = 24 * 60 * 60 * 1000;

fn alnum(rng: &mut StdRng, len: usize) -> String {
    const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    (0..len).map(|_| CHARS[rng.random_range(0..CHARS.len())] as char).collect()
}

fn pick<'a, T>(rng: &mut StdRng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

/// Synthetic order number `n` of `count`, created before `now`: the later `n`, the newer the
/// order, so a bulk load appends in time order.
pub fn synthetic_order(rng: &mut StdRng, n: u64, count: u64, now: Millis) -> Order {
    let family = pick(rng, FAMILY);
    let given = pick(rng, GIVEN);
    let place = pick(rng, PLACES);
    let items: Vec<LineItem> = (0..rng.random_range(1..=3))
        .map(|_| {
            let (name, price) = pick(rng, PRODUCTS);
            LineItem {
                name: (*name).into(),
                quantity: rng.random_range(1..=2),
                unit_amount: *price,
                ..LineItem::default()
            }
        })
        .collect();
    let amount: i64 = items.iter().map(LineItem::total).sum();
    // Spread over two years, denser towards now; the newest a few minutes old.
    let older = 1.0 - n as f64 / count.max(1) as f64;
    let age = (older.powi(2) * 730.0 * DAY as f64) as Millis;
    let created_at = now - age - 5 * 60 * 1000;
    let manual = rng.random_bool(0.55);
    let customer = Customer {
        last_name: family.0.into(),
        first_name: given.0.into(),
        last_name_kana: family.1.into(),
        first_name_kana: given.1.into(),
        email: format!("{}.{}{}@example.jp", given.2, family.2, n % 1000),
        phone: format!("+8190{:08}", rng.random_range(0..100_000_000u32)),
        address: Some(Address {
            postal_code: format!("{}-{:04}", place.2, rng.random_range(0..10_000u32)),
            administrative_area: place.0.into(),
            locality: place.1.into(),
            line1: format!("{}-{}-{}", rng.random_range(1..=9), rng.random_range(1..=30), rng.random_range(1..=20)),
            line2: if rng.random_bool(0.4) {
                format!("グランドメゾン{}号室", rng.random_range(101..=1205))
            } else {
                String::new()
            },
            country: "JP".into(),
        }),
    };
    let mut order = Order::awaiting_capture(format!("order_test_{}", alnum(rng, 22)), amount, created_at);
    order.capture_method = if manual { CaptureMethod::Manual } else { CaptureMethod::Automatic };
    order.reference = format!("SO-{:08}", n + 1);
    order.customer = customer;
    order.line_items = items;
    let created = (order.status.clone(), order.expires_at);
    let payments = settle(rng, &mut order, now);
    // Every capture is within the amount and every refund within its payment, so the figures
    // hold; were they not to, the order stays as created: awaiting capture, nothing captured.
    if order.set_payments(payments).is_err() {
        (order.status, order.expires_at) = created;
    }
    order.history = derived_history(&order, None, now);
    order
}

/// Moves an order to a realistic state for its age and mode: its status here, and the payments
/// (with their refunds) it should have, returned for the domain to check.
fn settle(rng: &mut StdRng, order: &mut Order, now: Millis) -> Vec<Payment> {
    let roll = rng.random_range(0..100);
    if roll < 3 {
        order.status = OrderStatus::Rejected;
        order.expires_at = None;
        return vec![];
    }
    if roll < 4 {
        order.status = OrderStatus::RequiresAuthorization;
        order.expires_at = None;
        return vec![];
    }
    let mut payments = Vec::new();
    // A payment is never later than now, however young its order.
    let mut pay = |rng: &mut StdRng, amount: i64, at: Millis| {
        let id = format!("payment_test_{}", alnum(rng, 22));
        payments.push(Payment::new(id, amount, at.min(now), vec![]));
    };
    let open_window = order.expires_at.is_some_and(|d| d > now);
    match order.capture_method {
        CaptureMethod::Automatic | CaptureMethod::Unknown => {
            pay(rng, order.amount(), order.created_at + 1000);
            order.status = OrderStatus::Succeeded;
        }
        CaptureMethod::Manual if open_window && rng.random_bool(0.8) => {
            if rng.random_bool(0.3) && order.amount() > 1 {
                let part = order.amount() / 2;
                pay(rng, part, order.created_at + DAY / 2);
            }
            order.status = OrderStatus::RequiresCapture;
            return payments;
        }
        CaptureMethod::Manual => {
            let at = order.created_at + rng.random_range(1..5) * DAY / 4;
            match rng.random_range(0..10) {
                0 => order.status = OrderStatus::Canceled,
                1 => {
                    pay(rng, order.amount() / 2, at);
                    order.status = OrderStatus::Succeeded;
                }
                2 if !open_window => {
                    order.status = OrderStatus::Canceled;
                }
                _ => {
                    pay(rng, order.amount(), at);
                    order.status = OrderStatus::Succeeded;
                }
            }
        }
    }
    let Some(first) = payments.first() else {
        return payments;
    };
    let refund_roll = rng.random_range(0..100);
    if refund_roll < 12 {
        let amount = if refund_roll < 5 { first.amount() } else { (first.amount() / 3).max(1) };
        let id = format!("refund_test_{}", alnum(rng, 22));
        let reason = if refund_roll == 0 { RefundReason::Fraudulent } else { RefundReason::RequestedByCustomer };
        let at = (first.created_at() + 3 * DAY).min(now).max(first.created_at());
        let refund = Refund::new(id, first.id(), amount, reason, "succeeded", at);
        payments[0] = Payment::new(first.id(), first.amount(), first.created_at(), vec![refund]);
    }
    payments
}

/// Writes `count` synthetic orders into `store` in batches, reporting progress.
pub fn generate_into(
    store: &LocalStore,
    count: u64,
    seed: u64,
    now: Millis,
    mut progress: impl FnMut(u64),
) -> Result<(), BackendError> {
    // Every commit rewrites the pages its batch touched, and the id, amount and customer indexes
    // are touched all over: fewer, larger batches write far less (a kill keeps whole batches).
    let batch = (count / 10).clamp(20_000, 100_000);
    let deferred = store.defer_search_index()?;
    std::thread::scope(|scope| {
        // Orders are made, and their records sealed, on a second thread a few thousand ahead of
        // the writer, which only inserts; a batch is never held in memory. The orders written
        // go back to that thread to be freed where they were allocated: freed here, they would
        // make the two threads contend for the maker's heap.
        let (made, ready) = mpsc::sync_channel(CHUNKS_AHEAD);
        let (give_back, spent) = mpsc::channel();
        let maker = scope.spawn(move || make_orders(count, seed, now, &made, &spent));
        let mut ready = ready.into_iter().flatten();
        let mut written = Vec::with_capacity(CHUNK as usize);
        let mut done = 0;
        let mut load = |committed: &mut dyn FnMut(Millis)| {
            while done < count {
                let mut last_created = Millis::MIN;
                let wanted = batch.min(count - done);
                let orders = ready.by_ref().take(wanted as usize).inspect(|order| {
                    if let Ok(order) = order {
                        last_created = order.order().created_at;
                    }
                });
                let stored = store.insert_ready(orders, |order| {
                    written.push(order);
                    if written.len() == CHUNK as usize {
                        // A maker that stopped frees nothing more: these go with the channel.
                        let _ = give_back.send(std::mem::replace(&mut written, Vec::with_capacity(CHUNK as usize)));
                    }
                })?;
                done += stored;
                // The later an order's number, the later its time: every order placed before the
                // batch's last is written.
                committed(last_created);
                progress(done);
                if stored < wanted {
                    break; // the maker stopped (it panicked): its panic is raised below
                }
            }
            Ok(())
        };
        let loaded = if deferred {
            // The index is gathered alongside the load and written once at its end: in gram
            // order, smaller and faster than growing every list batch by batch.
            store.load_and_index(count, load).map(|_| ())
        } else {
            load(&mut |_| {})
        };
        drop((ready, give_back));
        if let Err(panic) = maker.join() {
            std::panic::resume_unwind(panic);
        }
        loaded
    })
}

/// Orders the maker sends at a time, and how many such chunks wait for the writer at most.
const CHUNK: u64 = 1024;
const CHUNKS_AHEAD: usize = 4;

type Chunk = Vec<StoreResult<ReadyOrder>>;

/// Makes the `count` orders of `seed` in order, each with its records sealed, a chunk at a
/// time, and frees the orders the writer gives back; stops making when the writer is gone.
fn make_orders(
    count: u64,
    seed: u64,
    now: Millis,
    made: &mpsc::SyncSender<Chunk>,
    spent: &mpsc::Receiver<Vec<ReadyOrder>>,
) {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut next = 0;
    while next < count {
        let end = (next + CHUNK).min(count);
        let chunk = (next..end).map(|n| ReadyOrder::new(synthetic_order(&mut rng, n, count, now))).collect();
        if made.send(chunk).is_err() {
            return;
        }
        spent.try_iter().for_each(drop);
        next = end;
    }
    // The last orders come back as the writer ends.
    spent.iter().for_each(drop);
}

#[cfg(test)]
mod tests {
    use super::{CHUNK, generate_into, synthetic_order};
    use crate::backend::local::{LocalStore, OpenMode};
    use crate::backend::{ListQuery, OrderReader};
    use crate::domain::validate::validate_import;
    use crate::domain::{Millis, Order};
    use rand::SeedableRng;

    const NOW: Millis = 1_764_000_000_000;

    #[test]
    fn synthetic_orders_are_valid_imports() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        for n in 0..500 {
            let mut order = synthetic_order(&mut rng, n, 500, NOW);
            let history = order.history.clone();
            validate_import(&mut order, &history, NOW).unwrap_or_else(|e| panic!("order {n}: {e}"));
        }
    }

    /// The newest orders are minutes old: none of their payments or refunds is dated after now.
    #[test]
    fn no_synthetic_payment_or_refund_is_dated_in_the_future() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(3);
        let orders: Vec<Order> = (0..3_000).map(|n| synthetic_order(&mut rng, n, 3_000, NOW)).collect();
        let times = orders
            .iter()
            .flat_map(|o| o.payments())
            .flat_map(|p| std::iter::once(p.created_at()).chain(p.refunds().iter().map(|r| r.created_at())));
        let latest = times.max().expect("some payments");
        assert!(latest <= NOW, "a payment or refund {} ms in the future", latest - NOW);
        let history = orders.iter().flat_map(|o| &o.history).map(|h| h.at).max().expect("history");
        assert!(history <= NOW, "a history entry {} ms in the future", history - NOW);
    }

    /// The orders come from a second thread, chunk by chunk: the file holds exactly the orders
    /// of the seed, each under its own id, and the index gathered alongside finds them.
    #[test]
    fn generate_writes_every_order_of_its_seed_and_indexes_it() {
        let count = 2 * CHUNK + 452;
        let dir = tempfile::tempdir().expect("temp dir");
        let store = LocalStore::open(&dir.path().join("generated.redb"), OpenMode::Bulk).expect("store");
        let mut reported = Vec::new();
        generate_into(&store, count, 11, NOW, |done| reported.push(done)).expect("generate");
        assert_eq!(reported, [count], "one batch, reported once");
        assert_eq!(store.count().expect("count"), count as usize);
        let mut rng = rand::rngs::StdRng::seed_from_u64(11);
        for n in 0..count {
            let made = synthetic_order(&mut rng, n, count, NOW);
            // Read back, an order whose capture window is over by today's clock is expired.
            let stored = store.get(&made.id).expect("stored");
            let what =
                |o: &Order| (o.reference.clone(), o.created_at, o.amount(), o.customer.clone(), o.line_items.clone());
            assert_eq!(what(&stored), what(&made), "order {n}");
            if n % 500 == 0 {
                let fragment = made.id[made.id.len() - 8..].to_string();
                let page = store.list(&ListQuery { search: Some(fragment), ..ListQuery::default() }).expect("search");
                assert!(page.rows.iter().any(|row| row.id == made.id), "order {n} found by its id");
            }
        }
    }
}
