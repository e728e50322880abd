use super::*;
use serde_json::json;

fn sheet_pdf() -> Value {
    json!({
        "type": "sense-sheet-1.0",
        "senseSheetTemplate": {
            "appId": "app1", "sheet": {"id": "s1"},
            "selectionsByState": {"$": [{"fieldName": "REGION", "defaultIsNumeric": false,
                                          "values": [{"text": "NORTH", "isNumeric": false}]}]},
        },
        "output": {"outputId": "out1", "type": "pdf", "pdfOutput": {"size": "A4"}},
    })
}

fn job_of(body: Value) -> Result<Job, QlikError> {
    check(parse(body.to_string().as_bytes())?)
}

fn refusal(body: Value) -> (u16, String, String) {
    let e = job_of(body).expect_err("refused");
    (e.status.as_u16(), e.code, e.detail.unwrap_or_default())
}

#[test]
fn a_sheet_pdf_and_a_data_xlsx_are_jobs() {
    let job = job_of(sheet_pdf()).expect("a job");
    assert_eq!(
        job.target,
        Target::Sheet {
            app_id: "app1".into(),
            sheet_id: "s1".into()
        }
    );
    assert_eq!(
        (job.output_id.as_str(), job.strategy),
        ("out1", Strategy::FailOnErrors)
    );
    assert_eq!(
        job.selections["$"][0].values[0].text.as_deref(),
        Some("NORTH")
    );
    let data = json!({
        "type": "sense-data-1.0",
        "senseDataTemplate": {"appId": "app1", "id": "obj1", "selectionStrategy": "ignoreErrorsNoDetails"},
        "output": {"outputId": "x", "type": "xlsx"},
    });
    let job = job_of(data).expect("a job");
    assert_eq!(
        job.target,
        Target::Data {
            app_id: "app1".into(),
            object_id: "obj1".into()
        }
    );
    assert_eq!(job.strategy, Strategy::IgnoreErrorsNoDetails);
    assert!(job.selections.is_empty());
}

#[test]
fn shared_selection_definitions_are_resolved() {
    let mut body = sheet_pdf();
    let selections = body["senseSheetTemplate"]["selectionsByState"].take();
    body["senseSheetTemplate"]["selectionsByStateDef"] = json!("sel1");
    body["definitions"] = json!({"selectionsByState": {"sel1": selections}});
    let job = job_of(body).expect("a job");
    assert_eq!(job.selections["$"][0].field_name, "REGION");
}

#[test]
fn bad_requests_are_refused_saying_why() {
    // Sets (or adds) the member at `pointer`.
    let with = |pointer: &str, value: Value| {
        let mut body = sheet_pdf();
        let (parent, key) = pointer.rsplit_once('/').expect(pointer);
        let parent = body.pointer_mut(parent).and_then(Value::as_object_mut);
        parent.expect(pointer).insert(key.to_owned(), value);
        body
    };
    let without = |key: &str| {
        let mut body = sheet_pdf();
        body.as_object_mut().expect("object").remove(key);
        body
    };
    let cases = [
        (
            without("senseSheetTemplate"),
            400,
            "REP-400000",
            "requires senseSheetTemplate",
        ),
        (
            without("output"),
            400,
            "REP-400000",
            "missing field `output`",
        ),
        (
            with("/type", json!("sense-image-1.0")),
            400,
            "REP-400000",
            "not emulated",
        ),
        (
            with("/type", json!("sense-sheet-9.0")),
            400,
            "REP-400000",
            "unknown report type",
        ),
        (
            with("/output/type", json!("pptx")),
            400,
            "REP-400000",
            "pptx is not emulated",
        ),
        (
            with("/output/type", json!("xlsx")),
            400,
            "REP-400000",
            "does not support output type",
        ),
        (
            with("/output/pdfOutput", json!(null)),
            400,
            "REP-400000",
            "requires output.pdfOutput",
        ),
        (
            with("/output/outputId", json!("a b")),
            400,
            "REP-400000",
            "without spaces",
        ),
        (
            with("/output/outputId", json!(7)),
            400,
            "REP-400000",
            "output.outputId",
        ),
        (
            with("/senseSheetTemplate/sheet", json!(null)),
            400,
            "REP-400000",
            "requires sheet",
        ),
        (
            with("/senseSheetTemplate/selectionStrategy", json!("yolo")),
            400,
            "REP-400000",
            "selectionStrategy",
        ),
        (
            with(
                "/senseSheetTemplate/selectionType",
                json!("persistentBookmark"),
            ),
            400,
            "REP-400064",
            "Missing Bookmark",
        ),
        (
            with("/senseSheetTemplate/selectionsByStateDef", json!("nope")),
            400,
            "REP-400000",
            "not in definitions",
        ),
        (
            with(
                "/senseSheetTemplate/selectionsByState",
                json!({"$": [{"fieldName": "x"}]}),
            ),
            400,
            "REP-400000",
            "senseSheetTemplate.selectionsByState",
        ),
    ];
    for (body, status, code, detail) in cases {
        let (got_status, got_code, got_detail) = refusal(body.clone());
        assert_eq!((got_status, got_code.as_str()), (status, code), "{body}");
        assert!(
            got_detail.contains(detail),
            "{got_detail:?} should say {detail:?}"
        );
    }
    let data_without_id = json!({
        "type": "sense-data-1.0", "senseDataTemplate": {"appId": "a"},
        "output": {"outputId": "x", "type": "xlsx"},
    });
    assert!(refusal(data_without_id).2.contains("requires id"));
}
