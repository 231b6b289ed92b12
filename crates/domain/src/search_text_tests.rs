use super::*;
use crate::{Customer, Payment, Refund, RefundReason};

fn yamada() -> Order {
    let mut order = crate::order::fixtures::manual_order(1000, 1_700_000_000_000);
    order.id = "order_test_AbC123xyz".into();
    order.reference = "SO-00001234".into();
    order.customer = Customer {
        last_name: "山田".into(),
        first_name: "太郎".into(),
        last_name_kana: "ヤマダ".into(),
        first_name_kana: "タロウ".into(),
        email: "Taro.Yamada@Example.jp".into(),
        phone: "+81 90-1234-5678".into(),
        address: None,
    };
    order.payments = vec![Payment {
        id: "payment_test_PAY1".into(),
        amount: 100,
        created_at: 1_700_000_001_000,
        refunds: vec![Refund {
            id: "refund_test_REF9".into(),
            payment_id: "payment_test_PAY1".into(),
            amount: 10,
            reason: RefundReason::RequestedByCustomer,
            status: "succeeded".into(),
            created_at: 1_700_000_002_000,
        }],
    }];
    order
}

fn finds(text: &str, order: &Order) -> bool {
    Query::parse(text).is_some_and(|q| q.matches(&haystack(order)))
}

#[test]
fn a_caller_spelling_a_name_finds_it_whatever_the_script_or_width() {
    let order = yamada();
    for text in
        ["やまだ たろう", "ヤマダタロウ", "ｙａｍａｄａ", "Yamada", "ﾔﾏﾀﾞ", "ﾔﾏﾀﾞ ﾀﾛｳ", "山田 太郎", "山田太郎", "やまだ"]
    {
        assert!(finds(text, &order), "{text:?} should find 山田 太郎 / ヤマダ タロウ");
    }
}

#[test]
fn kana_names_are_matched_across_the_two_name_fields() {
    let mut order = yamada();
    order.customer.first_name_kana = "ハナコ".into();
    assert!(finds("ヤマダハナコ", &order));
    assert!(finds("やまだはなこ", &order));
    assert!(!finds("ヤマダタロウ", &order));
}

#[test]
fn terms_are_anded() {
    let order = yamada();
    assert!(finds("山田 SO-0000", &order));
    assert!(!finds("山田 佐藤", &order), "a second term that is absent excludes the order");
}

#[test]
fn phone_numbers_match_on_their_digits_in_either_form() {
    let order = yamada();
    for text in ["090-1234-5678", "09012345678", "+81 90 1234 5678", "819012345678", "1234-5678", "０９０１２３４"]
    {
        assert!(finds(text, &order), "{text:?} should find the phone +81 90-1234-5678");
    }
    assert!(!finds("090-9999", &order));
}

#[test]
fn payment_and_refund_ids_and_the_reference_are_searchable() {
    let order = yamada();
    for text in ["payment_test_PAY1", "pay1", "refund_test_ref9", "so-00001234", "ＳＯ－０００", "abc123"] {
        assert!(finds(text, &order), "{text:?}");
    }
}

#[test]
fn long_vowel_marks_and_dashes_are_one_character() {
    let mut order = yamada();
    order.customer.last_name_kana = "スーパー".into();
    for text in ["すーぱー", "ｽｰﾊﾟｰ", "ス－パ－", "ス‐パ‐", "す-ぱ-"] {
        assert!(finds(text, &order), "{text:?} should find スーパー");
    }
}

#[test]
fn control_characters_and_empty_terms_match_nothing_extra() {
    let order = yamada();
    assert_eq!(Query::parse(""), None, "a blank search is no search");
    assert_eq!(Query::parse("   "), None);
    for text in ["\u{1}", "\u{1f}", "\u{1}\u{1f}", "\u{0}"] {
        assert!(!finds(text, &order), "{text:?} alone must match nothing");
    }
    assert!(finds("山田 \u{1}", &order), "a control character is dropped from the terms, not ANDed");
    assert!(!finds("佐藤 \u{1f}", &order));
    assert!(!finds("da\u{1}so", &order), "no match across a field break");
    assert!(finds("yama\u{1}da", &order), "the control character is not part of the term");
}

#[test]
fn no_term_ever_contains_the_field_break() {
    for text in ["\u{1}", "a\u{1}b", "\u{85}x", "\u{1f}"] {
        for term in Query::parse(text).map(|q| q.terms).unwrap_or_default() {
            assert!(term.forms.iter().all(|f| !f.contains(FIELD_BREAK) && !f.is_empty()));
        }
    }
}

#[test]
fn every_form_s_grams_are_among_the_order_s_when_it_matches() {
    let order = yamada();
    let grams = order_grams(&order);
    for text in ["山田", "高", "やまだたろう", "yamada", "090-1234", "so-0000"] {
        let Some(query) = Query::parse(text) else { continue };
        for term in query.terms {
            for form in term.forms.iter().filter(|f| haystack(&order).contains(f.as_str())) {
                for gram in form_grams(form).unwrap_or_default() {
                    assert!(grams.binary_search(&gram).is_ok(), "{form:?} is in the text but a gram is not indexed");
                }
            }
        }
    }
    assert_eq!(form_grams("ab"), None, "short ASCII is scanned");
    assert!(form_grams("高橋").is_some(), "a two-kanji surname goes through the index");
}

#[test]
fn a_form_is_in_a_field_exactly_when_its_grams_stand_at_consecutive_offsets() {
    let order = yamada();
    let positions = order_gram_positions(&order);
    let at = |gram: u64| positions.iter().find(|(g, _)| *g == gram).map(|(_, p)| p.clone()).unwrap_or_default();
    let decided = |form: &str| {
        let grams = form_gram_offsets(form).expect("indexable");
        at(grams[0].0).iter().any(|&start| grams.iter().all(|&(gram, off)| at(gram).contains(&(start + off))))
    };
    let text = haystack(&order);
    for form in ["yamada", "やまだ", "やまだたろう", "amad", "adam", "mada", "ayam", "たろうやま", "example", "ple.c"]
    {
        let form = fold(form);
        assert_eq!(decided(&form), text.contains(&form), "{form}");
    }
}

#[test]
fn ascii_text_folds_as_the_normalizer_would() {
    for byte in 0..=0x7fu8 {
        let text = format!("aB{}Z9", char::from(byte));
        assert_eq!(fold(&text), fold_normalized(&text), "{byte:#04x}");
    }
    for text in ["Taro.Yamada@Example.jp", "+81 90-1234-5678", "order_test_AbC123xyz", "\u{b}x\u{7f}y", ""] {
        assert_eq!(fold(text), fold_normalized(text), "{text:?}");
    }
}
