use super::*;

fn table(name: &str, columns: &[&str], rows: &[&[&str]]) -> DataTable {
    DataTable {
        name: name.to_owned(),
        columns: columns.iter().map(|c| (*c).to_owned()).collect(),
        rows: rows
            .iter()
            .map(|r| r.iter().map(|c| (*c).to_owned()).collect())
            .collect(),
    }
}

/// The hub's block: the scheduler's ADMIN row, then one USER row per group and value.
fn access() -> DataTable {
    table(
        "access",
        &["ACCESS", "USERID", "GROUP", "REGION"],
        &[
            &["ADMIN", "INTERNAL\\SA_SCHEDULER", "*", "*"],
            &["USER", "*", "NORTH-TEAM", "NORTH"],
            &["USER", "*", "OEMHUB:REGION=SOUTH", "SOUTH"],
            &["USER", "*", "MANAGERS", "*"],
            &["USER", "ACME\\BOSS", "*", "WEST"],
        ],
    )
}

fn orders() -> Vec<DataTable> {
    vec![
        table(
            "Orders",
            &["REGION", "product"],
            &[
                &["NORTH", "Anvils"],
                &["SOUTH", "Rockets"],
                &["WEST", "Magnets"],
                &["EAST", "Turbines"],
            ],
        ),
        table(
            "Products",
            &["product", "supplier"],
            &[
                &["Anvils", "Acme"],
                &["Rockets", "Acme"],
                &["Magnets", "Initech"],
                &["Turbines", "Globex"],
            ],
        ),
    ]
}

fn who(subject: &str, groups: &[&str]) -> Identity {
    Identity {
        subject: subject.to_owned(),
        groups: groups.iter().map(|g| (*g).to_owned()).collect(),
    }
}

/// The values of `column` in table `name` of `tables`.
fn column(tables: &[DataTable], name: &str, column: &str) -> Vec<String> {
    let t = tables.iter().find(|t| t.name == name).expect("table");
    let at = t.columns.iter().position(|c| c == column).expect("column");
    t.rows.iter().map(|r| r[at].clone()).collect()
}

#[test]
fn each_user_reads_the_rows_of_their_groups_and_linked_tables_follow() {
    let cases: [(Identity, &[&str], &[&str]); 5] = [
        (who("acme\\ann", &["north-team"]), &["NORTH"], &["Anvils"]),
        (
            who("acme\\bob", &["OEMHUB:REGION=SOUTH"]),
            &["SOUTH"],
            &["Rockets"],
        ),
        (
            who("acme\\cy", &["North-Team", "oemhub:region=south"]),
            &["NORTH", "SOUTH"],
            &["Anvils", "Rockets"],
        ),
        // `*` is every value the access table lists (NORTH, SOUTH, WEST), never EAST.
        (
            who("acme\\meg", &["managers"]),
            &["NORTH", "SOUTH", "WEST"],
            &["Anvils", "Rockets", "Magnets"],
        ),
        (who("acme\\boss", &[]), &["WEST"], &["Magnets"]),
    ];
    for (user, regions, products) in cases {
        let seen = visible_data(Some(&access()), &orders(), &user).expect("admitted");
        assert_eq!(column(&seen, "Orders", "REGION"), regions, "{user:?}");
        assert_eq!(column(&seen, "Products", "product"), products, "{user:?}");
    }
}

#[test]
fn a_user_without_a_row_is_denied_and_an_app_without_section_access_is_unchanged() {
    let stranger = who("acme\\eve", &["sales"]);
    assert_eq!(
        visible_data(Some(&access()), &orders(), &stranger),
        Err(Denied::NotListed)
    );
    assert_eq!(visible_data(None, &orders(), &stranger), Ok(orders()));
}

#[test]
fn admins_are_reduced_by_their_values_but_exempt_from_strict_exclusion() {
    let scheduler = who("internal\\sa_scheduler", &[]);
    let seen = visible_data(Some(&access()), &orders(), &scheduler).expect("admitted");
    assert_eq!(
        column(&seen, "Orders", "REGION"),
        ["NORTH", "SOUTH", "WEST"]
    );
    // An ADMIN row with a blank value matches no data value: strict exclusion spares admins,
    // who then read the field unreduced.
    let blank = table(
        "access",
        &["ACCESS", "USERID", "REGION"],
        &[
            &["ADMIN", "ACME\\ROOT", ""],
            &["USER", "ACME\\X", "NOWHERE"],
        ],
    );
    let root = visible_data(Some(&blank), &orders(), &who("acme\\root", &[])).expect("admin");
    assert_eq!(column(&root, "Orders", "REGION").len(), 4);
    // The same for a USER is strict exclusion: denied.
    let x = visible_data(Some(&blank), &orders(), &who("acme\\x", &[]));
    assert_eq!(x, Err(Denied::NoData));
}

#[test]
fn fields_and_values_link_only_in_upper_case_as_qlik_requires() {
    let lower = vec![table(
        "Orders",
        &["region", "REGION"],
        &[&["North", "North"], &["NORTH", "NORTH"]],
    )];
    let ann = who("acme\\ann", &["NORTH-TEAM"]);
    let seen = visible_data(Some(&access()), &lower, &ann).expect("admitted");
    // `region` is another field than REGION; the value North is not NORTH.
    assert_eq!(column(&seen, "Orders", "region"), ["NORTH"]);
    // A data model without the field links nothing: nothing is reduced.
    let unlinked = vec![table("T", &["region"], &[&["North"], &["South"]])];
    let seen = visible_data(Some(&access()), &unlinked, &ann).expect("admitted");
    assert_eq!(seen, unlinked);
}

#[test]
fn omit_drops_the_named_fields_for_the_user() {
    let access = table(
        "access",
        &["ACCESS", "USERID", "OMIT"],
        &[
            &["USER", "ACME\\ANN", "SUPPLIER"],
            &["USER", "ACME\\BOB", ""],
        ],
    );
    let ann = visible_data(Some(&access), &orders(), &who("acme\\ann", &[])).expect("ann");
    // OMIT values are upper case, like every section access value: `supplier` is another
    // field and stays.
    assert!(ann[1].columns.contains(&"supplier".to_owned()));
    let upper = vec![table("P", &["product", "SUPPLIER"], &[&["Anvils", "Acme"]])];
    let ann = visible_data(Some(&access), &upper, &who("acme\\ann", &[])).expect("ann");
    assert_eq!(ann[0].columns, ["product"]);
    assert_eq!(ann[0].rows, [["Anvils".to_owned()]]);
}
