//! Session objects of one engine socket: the `SheetList` that Qlik's clients create to list an
//! app's sheets. `qAppObjectListDef.qData` maps names to JSON pointers into each sheet's
//! properties (`/qMetaDef/title`, `/cells`, `/rank`…), resolved as the engine does.

use crate::emulator::state::Sheet;
use serde_json::{Value, json};

/// The session objects created on a socket; the first gets handle 2.
#[derive(Debug, Default)]
pub struct SessionObjects {
    definitions: Vec<Value>,
}

impl SessionObjects {
    /// `CreateSessionObject` (params `[qProp]` or `{qProp}`) → `{qReturn}`.
    pub fn create(&mut self, params: &Value) -> Result<Value, String> {
        let definition = match &params[0] {
            Value::Null => params["qProp"].clone(),
            first => first.clone(),
        };
        let list = &definition["qAppObjectListDef"];
        if list["qType"] != "sheet" {
            return Err("only sheet lists (qAppObjectListDef.qType \"sheet\") are emulated".into());
        }
        if !(list["qData"].is_object() || list["qData"].is_null()) {
            return Err("qAppObjectListDef.qData must map names to JSON pointers".into());
        }
        let handle = self.definitions.len() as i64 + 2;
        let generic_type = definition["qInfo"]["qType"].as_str().unwrap_or("SheetList");
        let generic_id = definition["qInfo"]["qId"]
            .as_str()
            .map_or_else(|| format!("session-object-{handle}"), str::to_owned);
        let reply = json!({"qReturn": {"qType": "GenericObject", "qHandle": handle,
            "qGenericType": generic_type, "qGenericId": generic_id}});
        self.definitions.push(definition);
        Ok(reply)
    }

    /// `GetLayout` of the object with `handle`, listing `sheets`; None for an unknown handle.
    pub fn layout(&self, handle: i64, sheets: &[Sheet]) -> Option<Value> {
        let index = usize::try_from(handle.checked_sub(2)?).ok()?;
        let definition = self.definitions.get(index)?;
        let wanted = definition["qAppObjectListDef"]["qData"].as_object();
        let items: Vec<Value> = sheets
            .iter()
            .enumerate()
            .map(|(rank, sheet)| {
                let properties = sheet_properties(sheet, rank);
                let data: serde_json::Map<String, Value> = wanted
                    .into_iter()
                    .flatten()
                    .map(|(name, pointer)| {
                        let found = pointer.as_str().and_then(|p| properties.pointer(p));
                        (name.clone(), found.cloned().unwrap_or(Value::Null))
                    })
                    .collect();
                json!({
                    "qInfo": properties["qInfo"],
                    "qMeta": {"title": sheet.title, "description": "", "published": true, "approved": false},
                    "qData": data,
                })
            })
            .collect();
        Some(json!({
            "qInfo": {"qId": format!("session-object-{handle}"), "qType": definition["qInfo"]["qType"]},
            "qAppObjectList": {"qItems": items},
        }))
    }
}

/// A sheet's properties as the engine holds them.
fn sheet_properties(sheet: &Sheet, rank: usize) -> Value {
    json!({
        "qInfo": {"qId": sheet.id, "qType": "sheet"},
        "qMetaDef": {"title": sheet.title, "description": ""},
        "rank": rank,
        "columns": 24,
        "rows": 12,
        "cells": sheet.cells,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::state::Cell;

    #[test]
    fn pointers_resolve_against_sheet_properties() {
        let mut objects = SessionObjects::default();
        let def = json!({"qInfo": {"qType": "SheetList"}, "qAppObjectListDef": {"qType": "sheet",
            "qData": {"title": "/qMetaDef/title", "cells": "/cells", "missing": "/nope"}}});
        let reply = objects.create(&json!([def])).expect("created");
        assert_eq!(reply["qReturn"]["qHandle"], 2);
        let sheets = [Sheet {
            id: "s1".into(),
            title: "Overview".into(),
            cells: vec![Cell {
                name: "o1".into(),
                object_type: "kpi".into(),
            }],
        }];
        let layout = objects.layout(2, &sheets).expect("layout");
        let item = &layout["qAppObjectList"]["qItems"][0];
        assert_eq!(item["qInfo"]["qId"], "s1");
        assert_eq!(item["qData"]["title"], "Overview");
        assert_eq!(item["qData"]["cells"][0]["type"], "kpi");
        assert_eq!(item["qData"]["missing"], Value::Null);
        assert!(objects.layout(3, &sheets).is_none());
        assert!(objects.layout(1, &sheets).is_none());
    }

    #[test]
    fn other_lists_are_refused() {
        let mut objects = SessionObjects::default();
        let def = json!({"qAppObjectListDef": {"qType": "masterobject"}});
        assert!(objects.create(&json!({"qProp": def})).is_err());
    }
}
