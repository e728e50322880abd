//! A customer's row-level access as the `Section Access` block apply puts before a module's
//! script: an inline table of ACCESS, USERID, GROUP and the reduction field, with ADMIN rows
//! for Qlik's scheduler (and the hub's bot) so reloads keep working. Pure, table-tested.

use crate::domain::{AccessRule, AccessValue, is_inline_safe};

/// The account Qlik's scheduler reloads as; it needs an ADMIN row (help.qlik.com, "Managing
/// data security with Section Access": scheduled reloads in Qlik Cloud).
pub const SCHEDULER: &str = "INTERNAL\\SA_SCHEDULER";

/// The block for `rule`, `admins` being further USERIDs with full access (the hub's bot).
/// Names and values were checked inert when the spec was read (`domain::access`); they are
/// upper-cased as Qlik compares them. A value `*` is Qlik's: every value the table lists.
pub fn section_access(rule: &AccessRule, admins: &[String]) -> String {
    let field = rule.field.as_str();
    let mut rows = vec![format!("ACCESS, USERID, GROUP, {field}")];
    // A bot subject Qlik gave that could not stand in the table is left out, not quoted.
    let admins = admins
        .iter()
        .map(String::as_str)
        .filter(|a| is_inline_safe(a));
    for admin in std::iter::once(SCHEDULER).chain(admins) {
        rows.push(format!("ADMIN, {}, *, *", admin.to_uppercase()));
    }
    for (group, value) in rule.rows() {
        let value = match value {
            AccessValue::All => "*".to_owned(),
            AccessValue::Value(v) => v.to_uppercase(),
        };
        rows.push(format!(
            "USER, *, {}, {value}",
            group.as_str().to_uppercase()
        ));
    }
    format!(
        "Section Access;\nLOAD * INLINE [\n{}\n];\nSection Application;\n",
        rows.join("\n")
    )
}

/// `script` behind the block for `rule`, or unchanged without one.
pub fn with_access(script: String, rule: Option<&AccessRule>, admins: &[String]) -> String {
    match rule {
        Some(rule) => format!("{}{script}", section_access(rule, admins)),
        None => script,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_rule_renders_as_an_inline_table_behind_admin_rows() {
        let rule: AccessRule = serde_json::from_value(json!({
            "field": "REGION",
            "groups": {"North Analysts": ["North"], "Managers": ["*"], "Mixed": ["Süd", "West"]}
        }))
        .expect("rule");
        let block = section_access(&rule, &["hub-bot".to_owned()]);
        let want = "Section Access;\nLOAD * INLINE [\nACCESS, USERID, GROUP, REGION\n\
            ADMIN, INTERNAL\\SA_SCHEDULER, *, *\nADMIN, HUB-BOT, *, *\n\
            USER, *, MANAGERS, *\nUSER, *, MIXED, SÜD\nUSER, *, MIXED, WEST\n\
            USER, *, NORTH ANALYSTS, NORTH\n];\nSection Application;\n";
        assert_eq!(block, want);
        assert_eq!(with_access("LOAD 1;".into(), None, &[]), "LOAD 1;");
        assert!(
            with_access("LOAD 1;".into(), Some(&rule), &[])
                .ends_with("Section Application;\nLOAD 1;")
        );
    }

    #[test]
    fn attribute_values_become_rows_of_the_hubs_groups() {
        let rule: AccessRule = serde_json::from_value(json!({
            "field": "REGION",
            "groups": {"Managers": ["*"]},
            "attributes": {"region": ["North", "South"]}
        }))
        .expect("rule");
        let block = section_access(&rule, &["bad,bot".to_owned()]);
        let want = "Section Access;\nLOAD * INLINE [\nACCESS, USERID, GROUP, REGION\n\
            ADMIN, INTERNAL\\SA_SCHEDULER, *, *\nUSER, *, MANAGERS, *\n\
            USER, *, OEMHUB:REGION=NORTH, NORTH\nUSER, *, OEMHUB:REGION=SOUTH, SOUTH\n];\n\
            Section Application;\n";
        assert_eq!(block, want);
        let names: Vec<String> = rule.group_names().iter().map(|g| g.to_string()).collect();
        assert_eq!(
            names,
            ["Managers", "oemhub:region=North", "oemhub:region=South"]
        );
    }

    #[test]
    fn the_block_keeps_its_structure_whatever_the_rule() {
        // One table, one row per group × value plus the admin rows, nothing after `];`
        // but the application section.
        let rule: AccessRule = serde_json::from_value(json!({
            "field": "R", "groups": {"g1": ["a", "b"], "g2": ["*"], "ä ö": ["ñ"]}
        }))
        .expect("rule");
        let block = section_access(&rule, &[]);
        assert_eq!(block.matches('[').count(), 1);
        assert_eq!(block.matches(']').count(), 1);
        assert_eq!(block.matches(';').count(), 3);
        assert_eq!(block.lines().count(), 2 + 1 + 1 + 4 + 2);
        assert!(
            block
                .lines()
                .skip(2)
                .take(6)
                .all(|l| l.matches(',').count() == 3)
        );
    }
}
