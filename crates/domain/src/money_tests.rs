use super::*;

fn jpy(s: &str) -> Result<i64, AmountError> {
    parse_amount(s, Currency::JPY)
}

#[test]
fn an_amount_longer_than_64_characters_is_refused_before_it_is_read() {
    assert_eq!(jpy(&format!("{}1", " ".repeat(63))), Ok(1));
    let long = "1".repeat(1 << 20);
    assert_eq!(
        jpy(&long).map_err(|e| e.to_string()),
        Err("The amount is 1048576 characters long; an amount has at most 64.".to_string())
    );
}

#[test]
fn accepts_every_documented_form() {
    for input in ["1000", "1,000", "¥1,000", "1000円", "１０００", "￥１，０００", " 1000 ", "1000.0", "JPY 1000"]
    {
        assert_eq!(jpy(input), Ok(1000), "{input}");
    }
}

#[test]
fn refuses_with_a_reason() {
    assert_eq!(jpy(""), Err(AmountError::Empty));
    assert_eq!(jpy("-5"), Err(AmountError::Negative));
    assert_eq!(jpy("¥-5"), Err(AmountError::Negative));
    assert_eq!(jpy("0"), Err(AmountError::Zero));
    assert_eq!(jpy("10.5"), Err(AmountError::NoDecimals { code: "JPY" }));
    assert_eq!(jpy("1e3"), Err(AmountError::Exponent));
    assert_eq!(jpy("99999999999999999999999"), Err(AmountError::Overflow));
    assert_eq!(jpy("12,34"), Err(AmountError::BadGrouping("12,34".into())));
    assert_eq!(jpy("$100"), Err(AmountError::WrongCurrencySign { sign: "$".into(), code: "JPY" }));
    assert!(matches!(jpy("abc"), Err(AmountError::NotANumber(_))));
    assert!(matches!(jpy("1.2.3"), Err(AmountError::NotANumber(_))));
}

#[test]
fn respects_the_currency_exponent() {
    let usd = Currency::from_code("usd").expect("USD is in the table");
    assert_eq!(parse_amount("12.34", usd), Ok(1234));
    assert_eq!(parse_amount("$12", usd), Ok(1200));
    assert_eq!(parse_amount("12.345", usd), Err(AmountError::TooManyDecimals { code: "USD", max: 2 }));
    let kwd = Currency::from_code("KWD").expect("KWD is in the table");
    assert_eq!(parse_amount("1.234", kwd), Ok(1234));
}

#[test]
fn formats_with_grouping_and_decimals() {
    assert_eq!(Currency::JPY.format(1_234_567), "¥1,234,567");
    assert_eq!(Currency::JPY.format(0), "¥0");
    let usd = Currency::from_code("USD").expect("USD is in the table");
    assert_eq!(usd.format(1205), "$12.05");
    assert_eq!(Currency::JPY.format_plain(1000), "1,000");
}

#[test]
fn every_sentence_is_a_sentence() {
    let e = jpy("abc").expect_err("abc is not an amount");
    let text = e.to_string();
    assert!(text.ends_with('.') && !text.contains("NotANumber"), "{text}");
}
