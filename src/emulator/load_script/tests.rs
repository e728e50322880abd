//! Table tests of splitting, expansion and statement parsing.

use super::*;

#[test]
fn splitting_respects_quotes_brackets_and_comments() {
    let script = "// header\nLIB CONNECT TO 'db;main';\n/* block; comment */ SET v = 'a;b';\n[My;Table]: SQL SELECT 1;\n";
    assert_eq!(
        split_statements(script),
        [
            "LIB CONNECT TO 'db;main'",
            "SET v = 'a;b'",
            "[My;Table]: SQL SELECT 1"
        ]
    );
}

#[test]
fn expansion_table() {
    let vars: HashMap<String, String> = [("vRegion".to_owned(), "North".to_owned())].into();
    let cases = [
        ("WHERE region = '$(vRegion)'", "WHERE region = 'North'"),
        ("$(unknown)x", "x"),
        ("no vars", "no vars"),
        ("unterminated $(vRegion", "unterminated $(vRegion"),
    ];
    for (raw, want) in cases {
        assert_eq!(expand(raw, &vars), want, "{raw}");
    }
}

#[test]
fn statement_table() {
    let ok = [
        (
            "SET vName = 'text'",
            Statement::Set {
                name: "vName".into(),
                value: "text".into(),
            },
        ),
        (
            "let n = 42",
            Statement::Set {
                name: "n".into(),
                value: "42".into(),
            },
        ),
        (
            "LIB CONNECT TO 'customer_db'",
            Statement::Connect {
                connection: "customer_db".into(),
            },
        ),
        (
            "LIB CONNECT TO [customer db]",
            Statement::Connect {
                connection: "customer db".into(),
            },
        ),
        (
            "Orders: SQL SELECT a FROM t",
            Statement::Select {
                table: "Orders".into(),
                sql: "SELECT a FROM t".into(),
            },
        ),
        (
            "SQL SELECT '10:00' AS t",
            Statement::Select {
                table: "Table".into(),
                sql: "SELECT '10:00' AS t".into(),
            },
        ),
    ];
    for (raw, want) in ok {
        assert_eq!(parse_statement(raw), Ok(want), "{raw}");
    }
    for bad in [
        "LOAD * INLINE [a]",
        "Orders: SQL DELETE FROM t",
        "SET novalue",
        "DROP TABLE x",
    ] {
        assert!(parse_statement(bad).is_err(), "{bad}");
    }
}
