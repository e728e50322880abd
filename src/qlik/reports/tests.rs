use super::*;
use serde_json::json;

#[test]
fn report_ids_and_paths_table() {
    let id = ReportId::parse("01562a37-23e3-4b43-865d-84c26122276c").expect("a GUID");
    assert_eq!(
        id.status_path(),
        "/api/v1/reports/01562a37-23e3-4b43-865d-84c26122276c/status"
    );
    assert_eq!(
        id.outputs_path(),
        "/api/v1/reports/01562a37-23e3-4b43-865d-84c26122276c/outputs"
    );
    let long = "x".repeat(65);
    for bad in ["", "a/b", "..", "a?b", "a b", "é", long.as_str()] {
        assert!(ReportId::parse(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn accepted_id_table() {
    let with_id = PostReportsResponse {
        request_id: Some("r-1".to_owned()),
        ..Default::default()
    };
    let none = PostReportsResponse::default();
    let cases: [(&PostReportsResponse, Option<&str>, Option<&str>); 6] = [
        (&with_id, None, Some("r-1")),
        (
            &with_id,
            Some("https://t/api/v1/reports/other/status"),
            Some("r-1"),
        ),
        (
            &none,
            Some("https://t.us.qlikcloud.com/api/v1/reports/r-2/status"),
            Some("r-2"),
        ),
        (&none, Some("/api/v1/reports/r-3/status?x=1"), Some("r-3")),
        (&none, Some("/api/v1/reports/r-4"), None),
        (&none, None, None),
    ];
    for (answer, location, want) in cases {
        let got = accepted_id(answer, location).ok();
        assert_eq!(got.as_ref().map(ReportId::as_str), want, "{location:?}");
    }
}

#[test]
fn output_path_table() {
    let host = "acme.us.qlikcloud.com";
    let ok = [
        (
            "https://acme.us.qlikcloud.com:443/api/v1/temp-contents/619baab68023910001efcb86?inline=1",
            "/api/v1/temp-contents/619baab68023910001efcb86?inline=1",
        ),
        (
            "http://acme.us.qlikcloud.com:3100/api/v1/temp-contents/x",
            "/api/v1/temp-contents/x",
        ),
        (
            "/api/v1/temp-contents/x?inline=1",
            "/api/v1/temp-contents/x?inline=1",
        ),
    ];
    for (location, want) in ok {
        assert_eq!(output_path(location, host).expect(location), want);
    }
    let refused = [
        "https://evil.example/api/v1/temp-contents/x",
        "//evil.example/api/v1/temp-contents/x",
        "https://acme.us.qlikcloud.com/login",
        "/api/v1/../../login",
        "temp-contents/x",
        "::",
    ];
    for location in refused {
        assert!(output_path(location, host).is_err(), "{location}");
    }
}

#[test]
fn report_states_table() {
    let cases = [
        ("queued", ReportState::Queued, false),
        ("processing", ReportState::Processing, false),
        ("visiting", ReportState::Visiting, false),
        ("aborting", ReportState::Aborting, false),
        ("done", ReportState::Done, true),
        ("failed", ReportState::Failed, true),
        ("aborted", ReportState::Aborted, true),
        ("paused", ReportState::Other("paused".to_owned()), false),
    ];
    for (raw, state, last) in cases {
        let parsed: ReportState = serde_json::from_value(json!(raw)).expect(raw);
        assert_eq!((&parsed, parsed.is_final()), (&state, last), "{raw}");
    }
}

/// `ReportStatus`'s own example in `reports.d.ts`.
#[test]
fn the_status_example_of_the_types_reads() {
    let example = json!({
        "resolutionAttempts": 1,
        "results": [{
            "location": "https://qlikcloud.com:443/api/v1/temp-contents/619baab68023910001efcb86?inline=1",
            "outputId": "output1"
        }],
        "status": "done",
        "statusLocation": "/reports/01562a37-23e3-4b43-865d-84c26122276c/status"
    });
    let status: ReportStatus = serde_json::from_value(example).expect("ReportStatus");
    assert_eq!(status.status, ReportState::Done);
    assert_eq!(
        status.location("output1"),
        Some("https://qlikcloud.com:443/api/v1/temp-contents/619baab68023910001efcb86?inline=1")
    );
    assert_eq!(status.location("other"), None);
    let failed = json!({"status": "failed", "requestErrors": [
        {"code": "REP-400008", "title": "Selections error.", "meta": {"selectionErrors": []}}]});
    let failed: ReportStatus = serde_json::from_value(failed).expect("ReportStatus");
    let errors = failed.request_errors.expect("errors");
    assert_eq!(errors[0].code, "REP-400008");
}
