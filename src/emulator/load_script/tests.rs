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
        "LOAD * FROM [lib://files/a.qvd]",
        "Orders: SQL DELETE FROM t",
        "SET novalue",
        "DROP TABLE x",
    ] {
        assert!(parse_statement(bad).is_err(), "{bad}");
    }
}

#[tokio::test]
async fn section_access_is_kept_apart_from_the_data_and_upper_cased() {
    let script = "Section Access;\nLOAD * INLINE [\nACCESS, USERID, GROUP, REGION\n\
                  ADMIN, INTERNAL\\SA_SCHEDULER, *, *\nUSER, *, North Analysts, North\n];\n\
                  Section Application;\nRegions: LOAD * INLINE [\nREGION, AMOUNT\nNORTH, 1\nSOUTH, 2\n];";
    let none = HashMap::new();
    let loaded = run_script(script, &none, &none).await.expect("runs");
    let access = loaded.access.expect("an access table");
    assert_eq!(access.columns, ["ACCESS", "USERID", "GROUP", "REGION"]);
    assert_eq!(access.rows[1], ["USER", "*", "NORTH ANALYSTS", "NORTH"]);
    assert_eq!(access.rows[0][1], "INTERNAL\\SA_SCHEDULER");
    assert_eq!(
        loaded.tables.len(),
        1,
        "only the application section is data"
    );
    assert_eq!(loaded.tables[0].name, "Regions");
    assert_eq!(loaded.tables[0].rows, [["NORTH", "1"], ["SOUTH", "2"]]);
    let ragged = "LOAD * INLINE [\nA, B\n1\n];";
    let err = run_script(ragged, &none, &none).await.expect_err("ragged");
    assert!(err.message.contains("1 cells"), "{}", err.message);
}

#[test]
fn admin_rows_table() {
    let table = |rows: &[[&str; 2]]| crate::emulator::state::DataTable {
        name: "access".into(),
        columns: vec!["ACCESS".into(), "USERID".into()],
        rows: rows
            .iter()
            .map(|r| r.iter().map(|c| (*c).to_owned()).collect())
            .collect(),
    };
    let cases = [
        (table(&[["ADMIN", "INTERNAL\\SA_SCHEDULER"]]), true),
        (table(&[["ADMIN", "*"]]), true),
        (table(&[["USER", "INTERNAL\\SA_SCHEDULER"]]), false),
        (table(&[["ADMIN", "SOMEONE"]]), false),
        (table(&[]), false),
    ];
    for (access, want) in cases {
        assert_eq!(
            grants_admin(&access, "internal\\sa_scheduler"),
            want,
            "{access:?}"
        );
    }
}

#[tokio::test]
async fn an_sql_expression_column_reads_as_its_value() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("d.db");
    let url = format!("sqlite://{}?mode=rwc", db.display());
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&url).await.expect("db");
    sqlx::query("CREATE TABLE orders (region TEXT, amount REAL)")
        .execute(&pool)
        .await
        .expect("table");
    sqlx::query("INSERT INTO orders VALUES ('North', 1.5)")
        .execute(&pool)
        .await
        .expect("row");
    pool.close().await;
    let connections = HashMap::from([("customer_db".to_owned(), db.display().to_string())]);
    let script = "LIB CONNECT TO 'customer_db';\nOrders: SQL SELECT upper(region) AS REGION, amount * 2 AS DOUBLE FROM orders;\n";
    let loaded = run_script(script, &connections, &HashMap::new())
        .await
        .expect("runs");
    assert_eq!(loaded.tables[0].columns, ["REGION", "DOUBLE"]);
    assert_eq!(loaded.tables[0].rows, [["NORTH", "3"]]);
}
