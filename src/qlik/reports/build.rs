//! Report requests as the hub makes them: the current sheet as PDF, a visualization's data as
//! XLSX, each with the user's selections in the default state `$`.

use super::models::{
    OutputItem, OutputType, PdfOutput, QFieldValue, QSelection, ReportRequest, SelectionsByState,
    SenseDataTemplate, SenseSheetTemplate, Sheet, TemplateType,
};
use crate::domain::{AppId, SheetId};

impl QSelection {
    /// Text values of `field`, as a user's selection in a filter pane.
    pub fn texts(field: &str, values: &[&str]) -> Self {
        Self {
            default_is_numeric: false,
            field_name: field.to_owned(),
            values: values
                .iter()
                .map(|v| QFieldValue {
                    is_numeric: Some(false),
                    number: None,
                    text: Some((*v).to_owned()),
                })
                .collect(),
        }
    }
}

/// `selectionsByState` with `selections` in the default state, or none at all.
pub fn default_state(selections: Vec<QSelection>) -> Option<SelectionsByState> {
    (!selections.is_empty()).then(|| [("$".to_owned(), selections)].into())
}

impl ReportRequest {
    /// `sense-sheet-1.0` → `pdf`: sheet `sheet` of app `app` on A4, orientation and fit
    /// chosen by Qlik (`A`, `autofit`), as qlik.dev's sheet example asks.
    pub fn sheet_pdf(
        app: AppId,
        sheet: SheetId,
        output_id: &str,
        selections: Vec<QSelection>,
    ) -> Self {
        Self {
            template_type: TemplateType::SenseSheet,
            output: OutputItem {
                output_id: output_id.to_owned(),
                output_type: OutputType::Pdf,
                pdf_output: Some(PdfOutput {
                    size: Some("A4".to_owned()),
                    orientation: Some("A".to_owned()),
                    resize_type: Some("autofit".to_owned()),
                }),
            },
            sense_sheet_template: Some(SenseSheetTemplate {
                app_id: app,
                sheet: Sheet {
                    id: sheet,
                    width_px: None,
                    height_px: None,
                },
                selections_by_state: default_state(selections),
                selection_type: None,
                selection_strategy: None,
            }),
            sense_data_template: None,
            meta: None,
        }
    }

    /// `sense-data-1.0` → `xlsx`: the data of visualization `object_id` of app `app`.
    pub fn data_xlsx(
        app: AppId,
        object_id: &str,
        output_id: &str,
        selections: Vec<QSelection>,
    ) -> Self {
        Self {
            template_type: TemplateType::SenseData,
            output: OutputItem {
                output_id: output_id.to_owned(),
                output_type: OutputType::Xlsx,
                pdf_output: None,
            },
            sense_sheet_template: None,
            sense_data_template: Some(SenseDataTemplate {
                app_id: app,
                id: object_id.to_owned(),
                selections_by_state: default_state(selections),
                selection_type: None,
                selection_strategy: None,
            }),
            meta: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn app() -> AppId {
        AppId::parse("2451e58e-a1b9-4047-abf6-315e91d8a610").expect("app id")
    }

    /// The sheet request in the shape of qlik.dev's Reports API example (its
    /// `senseSheetTemplate` with `selectionsByState` inline instead of by definition).
    #[test]
    fn a_sheet_pdf_is_written_as_qlik_documents_it() {
        let sheet = SheetId::parse("5ffe3801-1b6d-439d-a849-84d0748358f1").expect("sheet");
        let request = ReportRequest::sheet_pdf(
            app(),
            sheet,
            "sheet1",
            vec![QSelection::texts("Region", &["Arizona"])],
        );
        let want = json!({
            "type": "sense-sheet-1.0",
            "senseSheetTemplate": {
                "appId": "2451e58e-a1b9-4047-abf6-315e91d8a610",
                "sheet": {"id": "5ffe3801-1b6d-439d-a849-84d0748358f1"},
                "selectionsByState": {"$": [{"defaultIsNumeric": false, "fieldName": "Region",
                                              "values": [{"isNumeric": false, "text": "Arizona"}]}]},
            },
            "output": {"outputId": "sheet1", "type": "pdf",
                       "pdfOutput": {"size": "A4", "orientation": "A", "resizeType": "autofit"}},
        });
        assert_eq!(serde_json::to_value(&request).expect("json"), want);
    }

    #[test]
    fn a_data_xlsx_has_no_output_options_and_no_empty_selections() {
        let request = ReportRequest::data_xlsx(app(), "qZPdytp", "data1", vec![]);
        let want = json!({
            "type": "sense-data-1.0",
            "senseDataTemplate": {"appId": "2451e58e-a1b9-4047-abf6-315e91d8a610", "id": "qZPdytp"},
            "output": {"outputId": "data1", "type": "xlsx"},
        });
        assert_eq!(serde_json::to_value(&request).expect("json"), want);
    }
}
