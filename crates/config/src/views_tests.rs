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
    let mut left: Vec<String> = std::fs::read_dir(path.parent().expect("dir"))
        .expect("list")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, [".views.toml.lock", "views.toml"], "no temporary file is left beside it, only the lock");
}

#[test]
fn two_consoles_saving_at_the_same_moment_both_keep_their_view() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("views.toml");
    save(&path, view("kept")).expect("saved");
    // Two "consoles" (threads with their own file handles, as two processes have) each save
    // many views as fast as they can, released together: without the merge under the lock,
    // one's read-modify-write drops the other's views.
    let start = std::sync::Arc::new(std::sync::Barrier::new(2));
    let savers: Vec<_> = ["a", "b"]
        .into_iter()
        .map(|who| {
            let (path, start) = (path.clone(), start.clone());
            std::thread::spawn(move || {
                start.wait();
                for i in 0..25 {
                    assert_eq!(save(&path, view(&format!("{who}-{i}"))), Ok(false), "{who}-{i}");
                }
            })
        })
        .collect();
    for saver in savers {
        saver.join().expect("no panic");
    }
    let names: Vec<String> = load(&path).expect("readable").into_iter().map(|v| v.name).collect();
    assert_eq!(names.len(), 51, "every view of both consoles is there: {names:?}");
    for who in ["a", "b"] {
        for i in 0..25 {
            assert!(names.contains(&format!("{who}-{i}")), "{who}-{i} kept");
        }
    }
    assert!(names.contains(&"kept".to_string()));
}

#[test]
fn a_save_waits_for_the_lock_and_says_so_when_it_is_never_released() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("views.toml");
    save(&path, view("first")).expect("saved");
    let held = std::fs::OpenOptions::new().write(true).open(dir.path().join(".views.toml.lock")).expect("lock file");
    held.lock().expect("locked by 'another console'");
    let err = save(&path, view("second")).expect_err("the lock is never released");
    assert!(matches!(err, ViewsError::Unwritable { .. }), "{err}");
    assert!(err.to_string().contains("another console"), "{err}");
    assert_eq!(load(&path).map(|v| v.len()), Ok(1), "nothing was written");
    drop(held);
    assert_eq!(save(&path, view("second")), Ok(false), "saved once the lock is free");
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
