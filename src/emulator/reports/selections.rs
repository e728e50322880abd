//! A report's `selectionsByState` applied to what its user reads: each selection is checked
//! against the (section-access reduced) data, as Qlik reports `SelectionError`s, then the rows
//! are filtered as `/single/`'s `select` filters them.

use super::request::{QFieldValue, QSelection, SelectionsByState, Strategy};
use crate::emulator::single::filter_rows;
use crate::emulator::state::DataTable;
use serde_json::{Value, json};

/// Field → selected values, as `single::filter_rows` takes them.
pub type Selected = Vec<(String, Vec<String>)>;

/// The text a field value matches: its `text`, or its `number` written as the engine writes
/// numbers without a format (`12400`, `8150.5`), whichever `isNumeric` says it is.
pub fn value_text(value: &QFieldValue, default_is_numeric: bool) -> Option<String> {
    let numeric = value.is_numeric.unwrap_or(default_is_numeric);
    let number = value.number.filter(|n| n.is_finite()).map(number_text);
    match numeric {
        true => number.or_else(|| value.text.clone()),
        false => value.text.clone().or(number),
    }
}

fn number_text(n: f64) -> String {
    // Integral values within f64's exact range print without a fraction.
    if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// The selections of `selections` that hold in `data`, or the `SelectionError`s when
/// `strategy` is to fail on them. Alternate states are not emulated: a state other than `$`
/// is `stateMissing`. Ignored errors drop what is missing (a field left without values is not
/// selected at all); UNCONFIRMED: where Qlik returns the details `ignoreErrorsReturnDetails`
/// asks for, so none are returned.
pub fn resolve(
    selections: &SelectionsByState,
    data: &[DataTable],
    strategy: Strategy,
) -> Result<Selected, Vec<Value>> {
    let mut errors = Vec::new();
    let mut selected = Vec::new();
    for (state, fields) in selections {
        if state != "$" {
            errors.push(json!({
                "errorType": "stateMissing", "stateName": state,
                "detail": format!("the app has no alternate state {state:?}"),
            }));
            continue;
        }
        for selection in fields {
            let (present, error) = field(selection, data);
            errors.extend(error);
            selected.extend(present.filter(|(_, values)| !values.is_empty()));
        }
    }
    if !errors.is_empty() && strategy == Strategy::FailOnErrors {
        return Err(errors);
    }
    Ok(selected)
}

/// One selection's field and the value texts it holds for this user, and its
/// `SelectionError` if any (a field no table has, or values the field does not hold).
fn field(
    selection: &QSelection,
    data: &[DataTable],
) -> (Option<(String, Vec<String>)>, Option<Value>) {
    let name = &selection.field_name;
    if !data.iter().any(|t| t.columns.contains(name)) {
        let error = json!({
            "errorType": "fieldMissing", "fieldName": name, "isFieldNameMissing": true,
            "missingValues": [], "detail": format!("the app has no field {name:?}"),
        });
        return (None, Some(error));
    }
    let (present, missing): (Vec<_>, Vec<_>) = selection
        .values
        .iter()
        .filter_map(|v| value_text(v, selection.default_is_numeric).map(|t| (t, v)))
        .partition(|(text, _)| data_values(data, name).any(|d| d == text));
    let error = (!missing.is_empty()).then(|| {
        let values: Vec<Value> = missing.iter().map(|(_, v)| missing_value(v)).collect();
        json!({
            "errorType": "fieldValuesMissing", "fieldName": name, "isFieldNameMissing": false,
            "missingValues": values, "detail": format!("field {name:?} holds no such values"),
        })
    });
    let present = present.into_iter().map(|(t, _)| t).collect();
    (Some((name.clone(), present)), error)
}

fn missing_value(v: &QFieldValue) -> Value {
    let mut out = json!({});
    if let Some(numeric) = v.is_numeric {
        out["isNumeric"] = json!(numeric);
    }
    if let Some(number) = v.number {
        out["number"] = json!(number);
    }
    if let Some(text) = &v.text {
        out["text"] = json!(text);
    }
    out
}

/// Every value field `name` holds in `data`.
fn data_values<'a>(data: &'a [DataTable], name: &'a str) -> impl Iterator<Item = &'a String> {
    data.iter().flat_map(move |t| {
        let at = t.columns.iter().position(|c| c == name);
        t.rows.iter().filter_map(move |r| at.and_then(|i| r.get(i)))
    })
}

/// `data` with only the rows matching `selected`.
pub fn apply(data: &[DataTable], selected: &Selected) -> Vec<DataTable> {
    data.iter()
        .map(|t| DataTable {
            name: t.name.clone(),
            columns: t.columns.clone(),
            rows: filter_rows(t, selected).into_iter().cloned().collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn orders() -> Vec<DataTable> {
        vec![DataTable {
            name: "Orders".into(),
            columns: vec!["REGION".into(), "product".into(), "amount".into()],
            rows: vec![
                vec!["NORTH".into(), "Anvils".into(), "12400".into()],
                vec!["NORTH".into(), "Rockets".into(), "8150.5".into()],
            ],
        }]
    }

    fn select(state: &str, field: &str, values: Vec<QFieldValue>) -> SelectionsByState {
        let selection = QSelection {
            default_is_numeric: false,
            field_name: field.into(),
            values,
        };
        [(state.to_owned(), vec![selection])].into()
    }

    fn text(t: &str) -> QFieldValue {
        QFieldValue {
            is_numeric: None,
            number: None,
            text: Some(t.into()),
        }
    }

    fn number(n: f64) -> QFieldValue {
        QFieldValue {
            is_numeric: Some(true),
            number: Some(n),
            text: None,
        }
    }

    #[test]
    fn selections_table() {
        use Strategy::*;
        let cases: Vec<(SelectionsByState, Strategy, Result<Selected, &str>)> = vec![
            (
                select("$", "product", vec![text("Anvils")]),
                FailOnErrors,
                Ok(vec![("product".into(), vec!["Anvils".into()])]),
            ),
            (
                select("$", "amount", vec![number(8150.5), number(12400.0)]),
                FailOnErrors,
                Ok(vec![(
                    "amount".into(),
                    vec!["8150.5".into(), "12400".into()],
                )]),
            ),
            (
                select("$", "colour", vec![text("red")]),
                FailOnErrors,
                Err("fieldMissing"),
            ),
            (
                select("$", "product", vec![text("Magnets")]),
                FailOnErrors,
                Err("fieldValuesMissing"),
            ),
            (
                select("alt", "product", vec![text("Anvils")]),
                FailOnErrors,
                Err("stateMissing"),
            ),
            (
                select("$", "colour", vec![text("red")]),
                IgnoreErrorsNoDetails,
                Ok(vec![]),
            ),
            (
                select("$", "product", vec![text("Magnets")]),
                IgnoreErrorsReturnDetails,
                Ok(vec![]),
            ),
            (
                select("$", "product", vec![text("Magnets"), text("Rockets")]),
                IgnoreErrorsNoDetails,
                Ok(vec![("product".into(), vec!["Rockets".into()])]),
            ),
        ];
        for (selections, strategy, want) in cases {
            let got = resolve(&selections, &orders(), strategy);
            match (got, want) {
                (Ok(got), Ok(want)) => assert_eq!(got, want, "{selections:?}"),
                (Err(errors), Err(kind)) => assert_eq!(errors[0]["errorType"], kind),
                (got, want) => panic!("{selections:?}: {got:?} where {want:?}"),
            }
        }
    }

    #[test]
    fn applying_keeps_only_selected_rows() {
        let rows = apply(&orders(), &vec![("product".into(), vec!["Rockets".into()])]);
        assert_eq!(rows[0].rows, vec![vec!["NORTH", "Rockets", "8150.5"]]);
    }
}
