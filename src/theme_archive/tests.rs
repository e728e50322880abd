use super::*;

fn zip(files: &[(&str, &str)]) -> Vec<u8> {
    let files: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|(p, d)| ((*p).to_owned(), d.as_bytes().to_vec()))
        .collect();
    pack(&files).expect("pack")
}

const QEXT: &str = r#"{"name": "Acme brand", "type": "theme", "version": "1.0.0"}"#;
const THEME: &str = r##"{"_inherit": true, "color": "#123456"}"##;

#[test]
fn a_folder_with_qext_and_theme_json_is_a_theme() {
    let bytes = zip(&[
        ("acme-brand/acme-brand.qext", QEXT),
        ("acme-brand/theme.json", THEME),
        ("acme-brand/README", "ignored"),
        ("acme-brand/.gitignore", "ignored"),
        ("acme-brand/theme.css", ".x{}"),
    ]);
    let theme = ThemeArchive::read(&bytes).expect("theme");
    assert_eq!(theme.qext_filename, "acme-brand");
    assert_eq!(theme.name(), "Acme brand");
    assert_eq!(theme.theme["color"], "#123456");
    let files: Vec<&String> = theme.files.keys().collect();
    assert_eq!(files, ["acme-brand.qext", "theme.css", "theme.json"]);
    let at_root = zip(&[("flat.qext", QEXT), ("theme.json", THEME)]);
    assert_eq!(
        ThemeArchive::read(&at_root).expect("flat").qext_filename,
        "flat"
    );
}

#[test]
fn what_qlik_refuses_is_refused_naming_the_cause() {
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (b"not a zip at all".to_vec(), "not a zip"),
        (zip(&[("t/theme.json", THEME)]), "no .qext"),
        (
            zip(&[("t/t.QEXT", QEXT), ("t/theme.json", THEME)]),
            "no .qext",
        ),
        (
            zip(&[("a.qext", QEXT), ("b/b.qext", QEXT), ("theme.json", THEME)]),
            "more than one .qext",
        ),
        (zip(&[("t/t.qext", QEXT)]), "no theme.json next to t/t.qext"),
        (
            zip(&[
                ("t/t.qext", r#"{"name": "x", "type": "visualization"}"#),
                ("t/theme.json", THEME),
            ]),
            "not \"theme\"",
        ),
        (
            zip(&[
                ("t/t.qext", r#"{"type": "theme"}"#),
                ("t/theme.json", THEME),
            ]),
            "\"name\" is required",
        ),
        (
            zip(&[("t/t.qext", "{not json"), ("t/theme.json", THEME)]),
            "invalid JSON",
        ),
        (
            zip(&[("t/t.qext", QEXT), ("t/theme.json", "[1]")]),
            "t/theme.json: not a JSON object",
        ),
        (
            zip(&[
                ("t/t.qext", QEXT),
                ("t/theme.json", THEME),
                ("t/run.sh", "rm -rf /"),
            ]),
            "t/run.sh: files of this type are not allowed",
        ),
        (
            zip(&[
                ("t/t.qext", QEXT),
                ("t/theme.json", THEME),
                ("t/nested.zip", "PK"),
            ]),
            "nested.zip",
        ),
        (
            zip(&[("../t.qext", QEXT), ("theme.json", THEME)]),
            "leaves the archive",
        ),
    ];
    for (bytes, needle) in cases {
        let err = ThemeArchive::read(&bytes).expect_err(needle).to_string();
        assert!(err.contains(needle), "{needle}: {err}");
    }
}

#[test]
fn limits_are_qliks() {
    let mut files: Vec<(String, Vec<u8>)> = (0..MAX_FILES)
        .map(|i| (format!("t/f{i}.css"), Vec::new()))
        .collect();
    files.push(("t/t.qext".to_owned(), QEXT.as_bytes().to_vec()));
    let err = ThemeArchive::read(&pack(&files).expect("pack")).expect_err("501 files");
    assert_eq!(err, ArchiveError::TooManyFiles(MAX_FILES + 1));
    let big = vec![b' '; MAX_FILE_BYTES as usize + 1];
    let files = vec![
        ("t/t.qext".to_owned(), QEXT.as_bytes().to_vec()),
        ("t/theme.json".to_owned(), THEME.as_bytes().to_vec()),
        ("t/big.css".to_owned(), big),
    ];
    let err = ThemeArchive::read(&pack(&files).expect("pack")).expect_err("big file");
    assert_eq!(err, ArchiveError::FileTooLarge("t/big.css".to_owned()));
    let err = ThemeArchive::read(&vec![0u8; MAX_ZIP_BYTES + 1]).expect_err("big zip");
    assert_eq!(err, ArchiveError::TooLarge(MAX_ZIP_BYTES + 1));
}
