//! WebSockets through the proxy (the Qlik engine at `/app/{appId}`): the upstream socket is
//! opened to the session user's own tenant with the hub-held Qlik cookies before the browser's
//! upgrade is accepted, then frames are relayed both ways until either side closes.

use super::ProxySession;
use super::forward::{qlik_cookies, upstream};
use crate::server::AppState;
use crate::wire::{ApiError, ErrorCode};
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{FromRequestParts, Request};
use axum::http::HeaderValue;
use axum::response::Response;
use futures::{Sink, SinkExt, Stream, StreamExt};
use secrecy::ExposeSecret;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message as Upstream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

type UpstreamSocket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Whether `req` asks for a WebSocket.
pub fn is_upgrade(req: &Request) -> bool {
    req.headers()
        .get(axum::http::header::UPGRADE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("websocket"))
}

/// Opens the upstream socket for `req`, then accepts the browser's upgrade and relays.
pub async fn relay(
    state: &AppState,
    sid: &str,
    session: ProxySession,
    req: Request,
) -> Result<Response, ApiError> {
    let (host, base) = upstream(state, &session).await?;
    let cookies = qlik_cookies(state, sid, &session, &host).await?;
    let (mut parts, _) = req.into_parts();
    let target = parts
        .uri
        .path_and_query()
        .map_or("/", |pq| pq.as_str())
        .to_owned();
    let target = if target.starts_with('/') {
        target
    } else {
        "/".to_owned()
    };
    let upgrade = WebSocketUpgrade::from_request_parts(&mut parts, state)
        .await
        .map_err(|e| ApiError::new(ErrorCode::BadRequest, e.body_text()))?;
    let ws_base = base
        .replacen("https://", "wss://", 1)
        .replacen("http://", "ws://", 1);
    let upstream = connect(
        &format!("{ws_base}{target}"),
        host.as_str(),
        cookies.expose_secret(),
    )
    .await?;
    Ok(upgrade.on_upgrade(move |browser| pump(browser, upstream)))
}

async fn connect(url: &str, host: &str, cookies: &str) -> Result<UpstreamSocket, ApiError> {
    let refused = |e: &dyn std::fmt::Display| {
        ApiError::new(
            ErrorCode::Unavailable,
            format!("the tenant's socket refused: {e}"),
        )
    };
    let mut request = url.into_client_request().map_err(|e| refused(&e))?;
    let cookie = HeaderValue::from_str(cookies).map_err(|e| refused(&e))?;
    request.headers_mut().insert("cookie", cookie);
    let port = request
        .uri()
        .port_u16()
        .unwrap_or(if url.starts_with("wss:") { 443 } else { 80 });
    // `*.localhost` is loopback, as for every other call to Qlik.
    let address = if crate::qlik::is_localhost(host) {
        format!("127.0.0.1:{port}")
    } else {
        format!("{host}:{port}")
    };
    let stream = TcpStream::connect(address).await.map_err(|e| refused(&e))?;
    let (socket, _) = tokio_tungstenite::client_async_tls(request, stream)
        .await
        .map_err(|e| refused(&e))?;
    Ok(socket)
}

async fn pump(browser: WebSocket, upstream: UpstreamSocket) {
    let (to_browser, from_browser) = browser.split();
    let (to_tenant, from_tenant) = upstream.split();
    tokio::select! {
        () = pass_frames(from_browser, to_tenant, to_tenant_frame) => {}
        () = pass_frames(from_tenant, to_browser, to_browser_frame) => {}
    }
}

/// What becomes of one frame on its way through.
enum Relay<T> {
    /// Sent on, as the other side's frame.
    Pass(T),
    /// Dropped (a raw frame the browser's side has no counterpart for).
    Skip,
    /// The end of this direction: a close, which each side answers itself.
    End,
}

/// Relays frames from `from` to `to`, each turned by `frame`, until either side ends; then
/// closes `to`.
async fn pass_frames<A, B, E>(
    mut from: impl Stream<Item = Result<A, E>> + Unpin,
    mut to: impl Sink<B> + Unpin,
    frame: impl Fn(A) -> Relay<B>,
) {
    while let Some(Ok(message)) = from.next().await {
        let relayed = match frame(message) {
            Relay::Pass(relayed) => relayed,
            Relay::Skip => continue,
            Relay::End => break,
        };
        if to.send(relayed).await.is_err() {
            break;
        }
    }
    let _ = to.close().await;
}

fn to_tenant_frame(message: Message) -> Relay<Upstream> {
    Relay::Pass(match message {
        Message::Text(t) => Upstream::Text(t.as_str().into()),
        Message::Binary(b) => Upstream::Binary(b),
        Message::Ping(b) => Upstream::Ping(b),
        Message::Pong(b) => Upstream::Pong(b),
        Message::Close(_) => return Relay::End,
    })
}

fn to_browser_frame(message: Upstream) -> Relay<Message> {
    Relay::Pass(match message {
        Upstream::Text(t) => Message::Text(t.as_str().into()),
        Upstream::Binary(b) => Message::Binary(b),
        Upstream::Ping(b) => Message::Ping(b),
        Upstream::Pong(b) => Message::Pong(b),
        Upstream::Close(_) => return Relay::End,
        Upstream::Frame(_) => return Relay::Skip,
    })
}
