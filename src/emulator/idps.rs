//! Identity providers API: `jwtAuth` (issuer + one static key, used by `/login/jwt-session`),
//! `qsefw-local-bearer-token` (hybrid distribution), OIDC/SAML (stored, not exercised).
//! Every call needs `TenantAdmin` (as `@qlik/api` says): create and patch refuse others with
//! a 403; list, get and delete, whose error types list no 403, answer them 404.

use super::auth::TENANT_ADMIN;
use super::body::{Api, JsonBody};
use super::call::AdminCall;
use super::collection::{Collection, Listing, Scope, Selector, held_in};
use super::error::{QlikError, Result};
use super::ids;
use super::jwt_login::{JwtIdp, parse_public_key_pem};
use super::paging::{self, Paging, Query};
use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use chrono::Utc;
use serde_json::{Map, Value, json};

const PROTOCOLS: [&str; 4] = ["OIDC", "SAML", "jwtAuth", "qsefw-local-bearer-token"];

fn bad(detail: impl Into<String>) -> QlikError {
    QlikError::bad_request(Idps::BAD_REQUEST, detail)
}

fn not_found(id: &str) -> QlikError {
    QlikError::not_found(
        "IDENTITY-PROVIDERS-404",
        format!("identity provider {id} not found"),
    )
}

/// Checks the protocol-specific part of a create payload.
fn validate(payload: &Map<String, Value>) -> Result<(), QlikError> {
    let protocol = payload
        .get("protocol")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if !PROTOCOLS.contains(&protocol) {
        return Err(bad(format!(
            "protocol must be one of {}",
            PROTOCOLS.join(", ")
        )));
    }
    let provider = payload.get("provider").and_then(Value::as_str);
    match protocol {
        "jwtAuth" => {
            if provider != Some("external") {
                return Err(bad("a jwtAuth provider must be \"external\""));
            }
            let options = payload
                .get("options")
                .ok_or_else(|| bad("options are required"))?;
            jwt_idp_from(&Value::Object(payload.clone()), options).map(|_| ())
        }
        "qsefw-local-bearer-token" => payload
            .get("base64Encoded")
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty())
            .map(|_| ())
            .ok_or_else(|| bad("base64Encoded (the local bearer token) is required")),
        _ => provider
            .map(|_| ())
            .ok_or_else(|| bad("provider is required")),
    }
}

/// An IdP as answered: a multi-cloud IdP's token is a credential and is never echoed
/// (Qlik documents no response shape for that protocol; the emulator errs on the safe side).
fn answered(idp: &Value) -> Value {
    let mut idp = idp.clone();
    if let Some(fields) = idp.as_object_mut() {
        fields.remove("base64Encoded");
    }
    idp
}

/// The verification settings of a stored `jwtAuth` IdP.
pub fn jwt_idp_from(idp: &Value, options: &Value) -> Result<JwtIdp, QlikError> {
    let issuer = options["issuer"].as_str().filter(|s| !s.is_empty());
    let issuer = issuer.ok_or_else(|| bad("options.issuer is required"))?;
    let keys = options["staticKeys"]
        .as_array()
        .ok_or_else(|| bad("options.staticKeys is required"))?;
    let [key] = keys.as_slice() else {
        return Err(bad("options.staticKeys must hold exactly one key"));
    };
    let kid = key["kid"]
        .as_str()
        .filter(|s| !s.is_empty())
        .ok_or_else(|| bad("staticKeys[0].kid is required"))?;
    let pem = key["pem"]
        .as_str()
        .ok_or_else(|| bad("staticKeys[0].pem is required"))?;
    let public_key =
        parse_public_key_pem(pem).map_err(|e| bad(format!("staticKeys[0].pem: {e}")))?;
    Ok(JwtIdp {
        issuer: issuer.to_owned(),
        kid: kid.to_owned(),
        public_key,
        clock_tolerance_sec: idp["clockToleranceSec"].as_i64().unwrap_or(0),
    })
}

/// `POST /api/v1/identity-providers` → 201 `IDP`; extra fields Qlik's tutorial sends
/// (`interactive`, `active`, `options.jwtLoginEnabled`) are accepted and echoed.
pub async fn create(
    call: AdminCall,
    JsonBody(mut payload, _): JsonBody<Map<String, Value>, Idps>,
) -> Result<(StatusCode, Json<Value>)> {
    validate(&payload)?;
    let now = json!(Utc::now());
    payload.insert("id".into(), json!(ids::hex24()));
    payload.entry("active").or_insert(json!(true));
    payload.entry("interactive").or_insert(json!(false));
    payload
        .entry("tenantIds")
        .or_insert(json!([call.tenant_id]));
    payload.entry("description").or_insert(json!(""));
    payload.insert("created".into(), now.clone());
    payload.insert("lastUpdated".into(), now);
    let idp = Value::Object(payload);
    let mut tenant = call.tenant()?;
    // Qlik allows one active *interactive* IdP per tenant; non-interactive JWT IdPs are not
    // documented as limited (UNCONFIRMED). Two that hold the same issuer and key id could not
    // be told apart at login, so that is refused, with a 400: `CreateIdpHttpError` is 400 | 403.
    let same_identity = |i: &&Value| {
        i["protocol"] == "jwtAuth"
            && i["options"]["issuer"] == idp["options"]["issuer"]
            && i["options"]["staticKeys"][0]["kid"] == idp["options"]["staticKeys"][0]["kid"]
    };
    if idp["protocol"] == "jwtAuth" && tenant.idps.values().any(|i| same_identity(&i)) {
        return Err(bad(
            "a jwtAuth identity provider with this issuer and key id exists",
        ));
    }
    let interactive = |i: &Value| i["interactive"] == true && i["active"] != false;
    if interactive(&idp) && tenant.idps.values().any(interactive) {
        return Err(bad("a tenant has one active interactive identity provider"));
    }
    let id = idp["id"].as_str().unwrap_or_default().to_owned();
    let answer = answered(&idp);
    tenant.idps.insert(id, idp);
    Ok((StatusCode::CREATED, Json(answer)))
}

/// The identity providers of a tenant, by id; every call needs `TenantAdmin`, and list, get
/// and delete answer others 404.
pub struct Idps;

impl Api for Idps {
    const BAD_REQUEST: &'static str = "IDENTITY-PROVIDERS-400";
}

impl Collection for Idps {
    type Item = Value;

    held_in!(idps);

    fn missing(id: &str) -> QlikError {
        not_found(id)
    }
    fn render(idp: &Value, _: &Scope) -> Value {
        answered(idp)
    }
    fn admit(at: &Scope, id: Option<&str>) -> Result<(), QlikError> {
        match at.tenant.has_role(&at.caller.user_id, TENANT_ADMIN) {
            true => Ok(()),
            false => Err(not_found(id.unwrap_or("tenant"))),
        }
    }
}

impl Listing for Idps {
    const PAGING: Paging = paging::IDPS;
    const PATH: &'static str = "/api/v1/identity-providers";

    /// `active=true|false` selects by the `active` flag.
    fn selector(query: &Query) -> Result<Selector<Value>, QlikError> {
        let active = query.get("active").map(|a| json!(a == "true"));
        Ok(Box::new(move |idp, _| {
            active.as_ref().is_none_or(|a| &idp["active"] == a)
        }))
    }
}

/// `PATCH /api/v1/identity-providers/{id}` → 204; a `jwtAuth` IdP only takes
/// `replace /description` (so rotating its key is delete + create, as in Qlik).
pub async fn patch(
    call: AdminCall,
    Path(id): Path<String>,
    JsonBody(ops, _): JsonBody<Vec<Value>, Idps>,
) -> Result<StatusCode> {
    let mut tenant = call.tenant()?;
    let idp = tenant.idps.get_mut(&id).ok_or_else(|| not_found(&id))?;
    for op in &ops {
        match (op["op"].as_str(), op["path"].as_str(), &op["value"]) {
            (Some("replace"), Some("/description"), Value::String(text)) => {
                idp["description"] = json!(text);
            }
            (Some("replace"), Some("/active"), Value::Bool(flag))
                if idp["protocol"] != "jwtAuth" =>
            {
                idp["active"] = json!(flag);
            }
            _ => return Err(bad(format!("unsupported patch operation {op}"))),
        }
    }
    idp["lastUpdated"] = json!(Utc::now());
    Ok(StatusCode::NO_CONTENT)
}
