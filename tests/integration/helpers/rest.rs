//! A typed client of the hub's REST API for tests: calls answer the product's own DTOs, or a
//! [`Refused`] holding the status and the `ApiError` body, so tests compare types, not JSON.

use super::TestApp;
use oem_hub::domain::{CustomerSpec, EmbedUser};
use oem_hub::ops::customers::CustomerView;
use oem_hub::provision::PlanView;
use oem_hub::store::{AuditEntry, Job};
use oem_hub::wire::{ApiError, EmbedSession, MenuModule, MenuSheet, QlikLogin};
use reqwest::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A refusal as the hub answered it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub status: u16,
    pub error: ApiError,
}

impl Refused {
    /// The status and the field at fault, the pair most refusals are checked by.
    pub fn status_and_field(&self) -> (u16, Option<&str>) {
        (self.status, self.error.field.as_deref())
    }
}

/// The REST API as one bearer (an API token, or a page's embed token) sees it.
pub struct Rest<'a> {
    app: &'a TestApp,
    bearer: String,
}

impl TestApp {
    /// The partner menu `user` of `customer` gets, through an embed session that a new
    /// admin token opens.
    pub async fn menu_for(&self, customer: &str, user: &EmbedUser) -> Vec<MenuModule> {
        static TOKENS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = TOKENS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let admin = super::admin_token(&self.store, &format!("menu-{customer}-{n}")).await;
        let rest = self.rest(&admin);
        let session = rest.open_session(customer, user).await.expect("a session");
        self.rest(&session.token).menu().await.expect("the menu")
    }

    /// The REST API called with `bearer`.
    pub fn rest(&self, bearer: &str) -> Rest<'_> {
        Rest {
            app: self,
            bearer: bearer.to_owned(),
        }
    }
}

impl Rest<'_> {
    /// `method path` with an optional JSON body, decoded as `T` on a 2xx.
    pub async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&(impl Serialize + ?Sized)>,
    ) -> Result<T, Refused> {
        let mut req = self
            .app
            .http
            .request(method.clone(), format!("{}{path}", self.app.hub_url))
            .bearer_auth(&self.bearer);
        if let Some(body) = body {
            req = req.json(body);
        }
        let resp = req.send().await.expect("the hub answers");
        let status = resp.status().as_u16();
        let bytes = resp.bytes().await.expect("a whole body");
        if (200..300).contains(&status) {
            let text = if bytes.is_empty() {
                &b"null"[..]
            } else {
                &bytes[..]
            };
            return Ok(serde_json::from_slice(text).unwrap_or_else(|e| {
                panic!("{method} {path}: {e}: {}", String::from_utf8_lossy(&bytes))
            }));
        }
        let error = serde_json::from_slice(&bytes).unwrap_or_else(|e| {
            panic!(
                "{method} {path} {status} is not an ApiError: {e}: {}",
                String::from_utf8_lossy(&bytes)
            )
        });
        Err(Refused { status, error })
    }

    /// `method path` with a raw JSON body (for inputs no typed call can build, such as bad
    /// ones): the status and the body as JSON (`null` when empty, a string when not JSON).
    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        let mut req = self
            .app
            .http
            .request(method, format!("{}{path}", self.app.hub_url))
            .bearer_auth(&self.bearer);
        if let Some(body) = body {
            req = req.json(&body);
        }
        let resp = req.send().await.expect("the hub answers");
        let status = resp.status().as_u16();
        let text = resp.text().await.expect("a whole body");
        (
            status,
            serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
        )
    }

    /// `GET /api/v1/customers`.
    pub async fn customers(&self) -> Result<Vec<CustomerSpec>, Refused> {
        self.call(Method::GET, "/api/v1/customers", None::<&()>)
            .await
    }

    /// `POST /api/v1/customers`.
    pub async fn create_customer(&self, spec: &CustomerSpec) -> Result<CustomerSpec, Refused> {
        self.call(Method::POST, "/api/v1/customers", Some(spec))
            .await
    }

    /// `PUT /api/v1/customers/{slug}`: the stored spec.
    pub async fn update_customer(&self, spec: &CustomerSpec) -> Result<CustomerSpec, Refused> {
        let path = format!("/api/v1/customers/{}", spec.slug);
        self.call(Method::PUT, &path, Some(spec)).await
    }

    /// `GET /api/v1/customers/{slug}/plan` (with `?refresh=true`: drift checked first).
    pub async fn plan(&self, slug: &str, refresh: bool) -> Result<PlanView, Refused> {
        let path = format!("/api/v1/customers/{slug}/plan?refresh={refresh}");
        self.call(Method::GET, &path, None::<&()>).await
    }

    /// `POST /api/v1/customers/{slug}/apply`: the queued job.
    pub async fn apply(&self, slug: &str) -> Result<Job, Refused> {
        let path = format!("/api/v1/customers/{slug}/apply");
        self.call(Method::POST, &path, None::<&()>).await
    }

    /// `GET /api/v1/customers/{slug}`: desired and observed state.
    pub async fn customer(&self, slug: &str) -> Result<CustomerView, Refused> {
        let path = format!("/api/v1/customers/{slug}");
        self.call(Method::GET, &path, None::<&()>).await
    }

    /// `POST /api/v1/customers/{slug}/deprovision` with a purge window: the queued job.
    pub async fn deprovision(&self, slug: &str, purge_after_days: u32) -> Result<Job, Refused> {
        let path = format!("/api/v1/customers/{slug}/deprovision");
        let body = serde_json::json!({ "purge_after_days": purge_after_days });
        self.call(Method::POST, &path, Some(&body)).await
    }

    /// `POST /api/v1/customers/{slug}/reactivate`: the queued job.
    pub async fn reactivate(&self, slug: &str) -> Result<Job, Refused> {
        let path = format!("/api/v1/customers/{slug}/reactivate");
        self.call(Method::POST, &path, None::<&()>).await
    }

    /// `GET /api/v1/audit?customer=` (all of it, oldest first).
    pub async fn audit(&self, customer: &str) -> Result<Vec<AuditEntry>, Refused> {
        let path = format!("/api/v1/audit?customer={customer}&limit=10000");
        self.call(Method::GET, &path, None::<&()>).await
    }

    /// `GET /api/v1/jobs/{id}`.
    pub async fn job(&self, id: &str) -> Result<Job, Refused> {
        let path = format!("/api/v1/jobs/{id}");
        self.call(Method::GET, &path, None::<&()>).await
    }

    /// `POST /api/v1/embed/sessions` for `user` of `customer`.
    pub async fn open_session(
        &self,
        customer: &str,
        user: &EmbedUser,
    ) -> Result<EmbedSession, Refused> {
        let body = serde_json::json!({"customer": customer, "user": user});
        self.call(Method::POST, "/api/v1/embed/sessions", Some(&body))
            .await
    }

    /// `GET /api/v1/embed/menu` (the bearer is an embed token).
    pub async fn menu(&self) -> Result<Vec<MenuModule>, Refused> {
        self.call(Method::GET, "/api/v1/embed/menu", None::<&()>)
            .await
    }

    /// `GET /api/v1/embed/sheet-url?module=&sheet=` (embed token).
    pub async fn sheet_url(&self, module: &str, sheet: &str) -> Result<MenuSheet, Refused> {
        let path = format!("/api/v1/embed/sheet-url?module={module}&sheet={sheet}");
        self.call(Method::GET, &path, None::<&()>).await
    }

    /// `POST /api/v1/embed/qlik-jwt` (embed token).
    pub async fn qlik_jwt(&self) -> Result<QlikLogin, Refused> {
        self.call(Method::POST, "/api/v1/embed/qlik-jwt", None::<&()>)
            .await
    }
}
