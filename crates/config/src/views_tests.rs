use super::*;

fn view(name: &str) -> SavedView {
    SavedView {
        name: name.into(),
        status: Some("requires_capture".into()),
        sort: "deadline".into(),
        direction: "asc".into(),
        search: "山田".into(),
    }
}

#[test]
fn a_saved_view_reads_back_the_same_and_a_second_save_replaces_it() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("team/views.toml");
    assert_eq!(load(&path), Ok(vec![]), "a missing file holds no views");
    assert_eq!(save(&path, view("to-capture")), Ok(false));
    assert_eq!(save(&path, view("other")), Ok(false));
    let changed = SavedView { search: String::new(), ..view("to-capture") };
    assert_eq!(save(&path, changed.clone()), Ok(true), "the same name is replaced");
    assert_eq!(find(&path, "to-capture"), Ok(changed));
    assert_eq!(load(&path).map(|v| v.len()), Ok(2));
    let leftovers: Vec<_> = std::fs::read_dir(path.parent().expect("dir")).expect("list").flatten().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left beside it");
}

#[test]
fn an_unknown_name_is_one_sentence_naming_the_saved_ones() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("views.toml");
    save(&path, view("mine")).expect("saved");
    let err = find(&path, "yours").expect_err("unknown").to_string();
    assert_eq!(err, "There is no saved view named \"yours\" (saved: mine).");
}

#[test]
fn a_damaged_or_foreign_file_is_refused_and_never_written_over() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("views.toml");
    for text in [
        "[[view]]\nname = \"x\"\nsort = \"created\"\ndirection = \"desc\"\ncolour = \"red\"\n",
        "[theme]\nbg = 1\n",
        "[[view]]\nname = \"x\"\nsort = \"price\"\ndirection = \"desc\"\n",
        "[[view]]\nname = \"x\"\nsort = \"created\"\ndirection = \"up\"\n",
        "[[view]]\nname = \"x y\"\nsort = \"created\"\ndirection = \"asc\"\n",
        "[[view]]\nname = \"x\"\nsort = \"created\"\ndirection = \"asc\"\n[[view]]\nname = \"x\"\nsort = \"created\"\ndirection = \"asc\"\n",
        "[[view]\nname=",
    ] {
        std::fs::write(&path, text).expect("write");
        let err = save(&path, view("new")).expect_err(text);
        let sentence = err.to_string();
        assert!(matches!(err, ViewsError::Damaged { .. }), "{text}: {sentence}");
        assert!(sentence.contains("views.toml") && sentence.ends_with("It was left as it is."), "{sentence}");
        assert!(!sentence.contains('\n'), "one line: {sentence}");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), text, "not written over");
    }
    std::fs::write(&path, [0xff, 0xfe, 0x00]).expect("write");
    assert!(matches!(load(&path), Err(ViewsError::Damaged { .. })), "binary");
}

#[test]
fn names_are_short_printable_words() {
    for good in ["a", "to-capture", "2025_q1.refunds", "山田さん"] {
        assert_eq!(check_name(good), Ok(()), "{good}");
    }
    for bad in ["", "-x", "two words", "a/b", "x\u{1b}[2J", &"x".repeat(41)] {
        assert!(matches!(check_name(bad), Err(ViewsError::BadName(_))), "{bad:?}");
    }
}
