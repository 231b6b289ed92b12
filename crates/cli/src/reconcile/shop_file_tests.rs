use super::*;
use crate::domain::reconcile::ShopStatus;
use std::io::Write;

fn read(bytes: &[u8], encoding: ShopEncoding, mapping: &Mapping) -> Result<Vec<Result<ShopRow, RowProblem>>, String> {
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    file.write_all(bytes).expect("write");
    let mut rows = Vec::new();
    read_rows(file.path(), encoding, mapping, &mut |row| rows.push(row)).map_err(|e| e.message)?;
    Ok(rows)
}

#[test]
fn csv_with_bom_quotes_and_every_amount_form() {
    let text = "\u{feff}order,reference,amount,captured,refunded,status\n\
        order_1,,\"1,200\",¥1200,0,Shipped\n\
        order_2,R-2,1200円,\"¥1,200\",,\n\
        ,R-3,１２００,0,0,open\n";
    let rows = read(text.as_bytes(), ShopEncoding::Utf8, &Mapping::default()).expect("reads");
    let rows: Vec<ShopRow> = rows.into_iter().map(|r| r.expect("a good row")).collect();
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| r.amount == 1200));
    assert_eq!((rows[0].line, rows[0].status), (2, Some(ShopStatus::Shipped)));
    assert_eq!(rows[1].reference.as_deref(), Some("R-2"));
    assert_eq!((rows[2].order.as_deref(), rows[2].line), (None, 4));
}

#[test]
fn shift_jis_with_a_map_reads_like_utf8() {
    let text = "注文番号,合計,売上,返金,状態\r\nR-1,\"1,000\",1000,0,発送済み\r\n";
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(text);
    let mapping = Mapping::parse(
        &["注文番号=reference,合計=amount,売上=captured,返金=refunded,状態=status".into()],
        &["発送済み=shipped".into()],
    )
    .expect("map");
    let rows = read(&bytes, ShopEncoding::ShiftJis, &mapping).expect("reads");
    let row = rows[0].as_ref().expect("a good row");
    assert_eq!((row.reference.as_deref(), row.amount, row.status), (Some("R-1"), 1000, Some(ShopStatus::Shipped)));
    let garbled = read(&bytes, ShopEncoding::Utf8, &mapping).expect_err("not UTF-8");
    assert!(garbled.contains("--encoding shift_jis"), "{garbled}");
}

#[test]
fn jsonl_when_the_first_byte_is_a_brace() {
    let text = "{\"order\":\"order_1\",\"amount\":1200,\"captured\":\"¥1,200\",\"refunded\":0,\"updated_at\":\"2026/11/25 10:00\"}\n\n{\"order\":\"order_2\",\"amount\":\"x\",\"captured\":0,\"refunded\":0}\n";
    let rows = read(text.as_bytes(), ShopEncoding::Utf8, &Mapping::default()).expect("reads");
    assert_eq!(rows[0].as_ref().map(|r| r.captured), Ok(1200));
    let bad = rows[1].as_ref().expect_err("x is no amount");
    assert_eq!(bad.line, 3);
    assert!(bad.message.starts_with("amount \"x\""), "{}", bad.message);
}

#[test]
fn a_huge_cell_stops_the_file_with_a_sentence_and_bounded_memory() {
    // A quoted cell that never ends: the reader must stop near 1 MB, not read 100 MB.
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    file.write_all(b"order,amount,captured,refunded\norder_1,100,0,0\norder_2,\"").expect("write");
    let chunk = vec![b'9'; 1 << 20];
    for _ in 0..100 {
        file.write_all(&chunk).expect("write");
    }
    let mut rows = 0;
    let stop = read_rows(file.path(), ShopEncoding::Utf8, &Mapping::default(), &mut |_| rows += 1)
        .expect_err("a 100 MB cell is refused");
    assert!(stop.bad, "the file's fault: exit 2");
    assert!(stop.message.contains("line 3 is longer than 1 MB"), "{}", stop.message);
    assert_eq!(rows, 1, "the row before it was read");
}

#[test]
fn each_bad_row_is_named_by_its_line() {
    let text = "order,amount,captured,refunded,status,updated_at\n\
        order_1,-5,0,0,,\n\
        order_2,100,0,0,lost,\n\
        order_3,100,0,0,,tomorrow\n\
        ,100,0,0,,\n\
        order_5,100,50,80,,\n\
        order_6,100\n";
    let rows = read(text.as_bytes(), ShopEncoding::Utf8, &Mapping::default()).expect("reads");
    let lines: Vec<u64> = rows.iter().map(|r| r.as_ref().expect_err("bad").line).collect();
    assert_eq!(lines, vec![2, 3, 4, 5, 6, 7]);
    let missing = read(b"id,amount\n", ShopEncoding::Utf8, &Mapping::default()).expect_err("no columns");
    assert!(missing.contains("neither an order nor a reference"), "{missing}");
}
