//! One delivery's HTTP request: the client (system roots plus the configured ones), the POST
//! with a timeout, and what came of it in words a delivery record can show.

use super::{Attempt, TIMEOUT};
use crate::emulator::EmuState;
use crate::emulator::state::DeliveryResponse;

/// The longest response body a delivery record keeps.
const MAX_RESPONSE_BODY: usize = 4096;

/// What came of one POST.
pub(super) struct Outcome {
    pub(super) success: bool,
    pub(super) message: String,
    pub(super) response: Option<DeliveryResponse>,
}

/// POSTs `attempt` with the delivery client; what came of it.
pub(super) async fn post(state: &EmuState, attempt: &Attempt) -> Outcome {
    let failed = |message: String| Outcome {
        success: false,
        message,
        response: None,
    };
    let client = match client(state) {
        Ok(client) => client,
        Err(message) => return failed(message),
    };
    let mut request = client.post(&attempt.url).body(attempt.body.clone());
    for (name, value) in &attempt.sent {
        request = request.header(name, value);
    }
    let answer = match request.send().await {
        Ok(answer) => answer,
        Err(e) => return failed(describe(&e)),
    };
    let status = answer.status();
    let headers = answer
        .headers()
        .iter()
        .map(|(k, v)| {
            (
                k.to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let body = answer.text().await.unwrap_or_default();
    let body: String = body.chars().take(MAX_RESPONSE_BODY).collect();
    let success = status.is_success();
    // UNCONFIRMED: Qlik's wording of `statusMessage`.
    let message = match (success, status.canonical_reason()) {
        (true, Some(reason)) => reason.to_owned(),
        (true, None) => status.as_str().to_owned(),
        (false, _) => format!("the receiver answered {status}"),
    };
    Outcome {
        success,
        message,
        response: Some(DeliveryResponse {
            status_code: status.as_u16(),
            headers,
            body,
        }),
    }
}

/// A failed request in words: a timeout, or the error and its causes (refused, reset, TLS).
fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        return format!("no answer within {} s", TIMEOUT.as_secs());
    }
    let mut text = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        text = format!("{text}: {c}");
        cause = c.source();
    }
    text
}

/// The delivery client: the system's roots plus `config.webhook_roots`, no redirects, no
/// pooled connections (each delivery is its own connection, as a receiver coming back up
/// sees it), built again when the configured roots change.
fn client(state: &EmuState) -> Result<reqwest::Client, String> {
    let roots = {
        let world = state.lock();
        if let Some((built_for, client)) = &world.webhook_client
            && *built_for == world.config.webhook_roots
        {
            return Ok(client.clone());
        }
        world.config.webhook_roots.clone()
    };
    let mut builder = reqwest::Client::builder()
        .timeout(TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(0);
    for pem in &roots {
        let root = reqwest::Certificate::from_pem(pem.as_bytes())
            .map_err(|e| format!("a webhook root certificate is not PEM: {e}"))?;
        builder = builder.add_root_certificate(root);
    }
    let client = builder
        .build()
        .map_err(|e| format!("no webhook client: {e}"))?;
    state.lock().webhook_client = Some((roots, client.clone()));
    Ok(client)
}
