//! The Qlik engine (QIX) over its WebSocket `wss://<tenant>/app/{appId}`, as far as oem-hub
//! needs it: an app's sheets with the types of their visualizations (the REST APIs have none).

use super::TenantApi;
use super::error::QlikError;
use crate::domain::{AppId, SheetId};
use secrecy::ExposeSecret;
use serde::Deserialize;
use serde_json::{Value, json};
use std::time::Duration;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;

/// The whole conversation must end within this.
const ENGINE_TIMEOUT: Duration = Duration::from_secs(30);

/// A sheet of an app as the engine lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EngineSheet {
    pub id: SheetId,
    pub title: String,
    /// The visualization type of each object on the sheet (`barchart`, an extension's name…).
    pub object_types: Vec<String>,
}

/// The `SheetList` session object Qlik's own clients create.
fn sheet_list_definition() -> Value {
    json!({
        "qInfo": {"qType": "SheetList"},
        "qAppObjectListDef": {"qType": "sheet", "qData": {
            "title": "/qMetaDef/title", "rank": "/rank", "cells": "/cells"
        }},
    })
}

#[derive(Debug, Deserialize)]
struct SheetItem {
    #[serde(rename = "qInfo")]
    info: ItemInfo,
    #[serde(rename = "qData", default)]
    data: SheetData,
}

#[derive(Debug, Deserialize)]
struct ItemInfo {
    #[serde(rename = "qId")]
    id: SheetId,
}

#[derive(Debug, Default, Deserialize)]
struct SheetData {
    title: Option<String>,
    rank: Option<f64>,
    cells: Option<Vec<SheetCell>>,
}

#[derive(Debug, Deserialize)]
struct SheetCell {
    #[serde(rename = "type", default)]
    object_type: String,
}

/// The sheets of a `SheetList` layout, in the order of their rank.
fn sheets_of(layout: &Value) -> Result<Vec<EngineSheet>, String> {
    let items = layout["qLayout"]["qAppObjectList"]["qItems"].clone();
    let items: Vec<SheetItem> =
        serde_json::from_value(items).map_err(|e| format!("unexpected sheet list: {e}"))?;
    let mut ranked: Vec<(f64, EngineSheet)> = items
        .into_iter()
        .map(|item| {
            let sheet = EngineSheet {
                title: item.data.title.unwrap_or_else(|| item.info.id.to_string()),
                id: item.info.id,
                object_types: item
                    .data
                    .cells
                    .unwrap_or_default()
                    .into_iter()
                    .map(|c| c.object_type)
                    .collect(),
            };
            (item.data.rank.unwrap_or(f64::MAX), sheet)
        })
        .collect();
    ranked.sort_by(|a, b| a.0.total_cmp(&b.0));
    Ok(ranked.into_iter().map(|(_, s)| s).collect())
}

impl TenantApi<'_> {
    /// Opens the app in the engine and lists its sheets (`CreateSessionObject` of a
    /// `SheetList`, then `GetLayout`), authenticated with the client's bearer token.
    pub async fn list_sheets(self, app_id: &AppId) -> Result<Vec<EngineSheet>, QlikError> {
        let host = self.host().as_str();
        let http_url = self.url(&format!("/app/{app_id}"));
        let url = format!("ws{}", http_url.trim_start_matches("http"));
        let token = self.client().access_token(host).await?;
        let failed = |message: String| QlikError::Transport {
            url: url.clone(),
            message,
        };
        let conversation = async {
            let mut request = url
                .as_str()
                .into_client_request()
                .map_err(|e| e.to_string())?;
            let bearer = HeaderValue::from_str(&format!("Bearer {}", token.expose_secret()))
                .map_err(|e| e.to_string())?;
            request.headers_mut().insert("authorization", bearer);
            let mut socket = connect(request, host).await?;
            let mut rpc = Rpc::default();
            rpc.call(&mut socket, -1, "OpenDoc", json!([app_id.as_str()]))
                .await?;
            let created = rpc
                .call(
                    &mut socket,
                    1,
                    "CreateSessionObject",
                    json!([sheet_list_definition()]),
                )
                .await?;
            let handle = created["qReturn"]["qHandle"]
                .as_i64()
                .ok_or("CreateSessionObject answered no handle")?;
            let layout = rpc
                .call(&mut socket, handle, "GetLayout", json!([]))
                .await?;
            let _ = socket.close(None).await;
            sheets_of(&layout)
        };
        match tokio::time::timeout(ENGINE_TIMEOUT, conversation).await {
            Ok(result) => result.map_err(failed),
            Err(_) => Err(failed("the engine did not answer in time".to_owned())),
        }
    }
}

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<TcpStream>>;

async fn connect(
    request: tokio_tungstenite::tungstenite::handshake::client::Request,
    host: &str,
) -> Result<Socket, String> {
    let secure = request.uri().scheme_str() == Some("wss");
    let port = request
        .uri()
        .port_u16()
        .unwrap_or(if secure { 443 } else { 80 });
    // `*.localhost` is loopback, as for every other call to Qlik.
    let address = if super::is_localhost(host) {
        format!("127.0.0.1:{port}")
    } else {
        format!("{host}:{port}")
    };
    let stream = TcpStream::connect(address)
        .await
        .map_err(|e| e.to_string())?;
    let (socket, _) = tokio_tungstenite::client_async_tls(request, stream)
        .await
        .map_err(|e| format!("the engine refused the socket: {e}"))?;
    Ok(socket)
}

/// JSON-RPC 2.0 over the socket: numbered requests, answers matched by id, notifications
/// (`OnConnected`, change pushes) skipped.
#[derive(Default)]
struct Rpc {
    next_id: i64,
}

impl Rpc {
    async fn call(
        &mut self,
        socket: &mut Socket,
        handle: i64,
        method: &str,
        params: Value,
    ) -> Result<Value, String> {
        use futures::{SinkExt, StreamExt};
        self.next_id += 1;
        let id = self.next_id;
        let request = json!({"jsonrpc": "2.0", "id": id, "handle": handle, "method": method, "params": params});
        socket
            .send(Message::Text(request.to_string().into()))
            .await
            .map_err(|e| e.to_string())?;
        while let Some(message) = socket.next().await {
            let Message::Text(text) = message.map_err(|e| e.to_string())? else {
                continue;
            };
            let answer: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
            if answer["id"] != id {
                continue;
            }
            if let Some(error) = answer.get("error") {
                return Err(format!("{method} failed: {}", error["message"]));
            }
            return Ok(answer["result"].clone());
        }
        Err(format!(
            "the engine closed the socket before answering {method}"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheets_come_in_rank_order_with_their_object_types() {
        let layout = json!({"qLayout": {"qAppObjectList": {"qItems": [
            {"qInfo": {"qId": "b"}, "qData": {"title": "Second", "rank": 1, "cells": [{"name": "x", "type": "kpi"}]}},
            {"qInfo": {"qId": "a"}, "qData": {"title": "First", "rank": 0, "cells": []}},
            {"qInfo": {"qId": "c"}, "qData": {}},
        ]}}});
        let sheets = sheets_of(&layout).expect("sheets");
        let ids: Vec<&str> = sheets.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c"]);
        assert_eq!(sheets[1].object_types, ["kpi"]);
        assert_eq!(sheets[2].title, "c");
        assert!(sheets_of(&json!({"qLayout": {}})).is_err());
    }
}
