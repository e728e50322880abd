//! Every wire type the end-user bundle reads, written by serde as the server writes it and read
//! back by the bundle's readers: a field renamed on one side only fails here.

use super::*;
use crate::domain::EmbeddingMode;
use serde::Serialize;
use serde_json::Value;

impl Source for Value {
    fn field(&self, key: &str) -> Self {
        self.get(key).cloned().unwrap_or(Value::Null)
    }
    fn string(&self) -> Option<String> {
        self.as_str().map(str::to_owned)
    }
    fn number(&self) -> Option<f64> {
        self.as_f64()
    }
    fn boolean(&self) -> Option<bool> {
        self.as_bool()
    }
    fn items(&self) -> Option<Vec<Self>> {
        self.as_array().cloned()
    }
}

fn wire<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("wire types serialise")
}

fn sheet(n: u8) -> MenuSheet {
    MenuSheet {
        id: SheetId::parse(&format!("sheet-{n}")).expect("a sheet id"),
        title: format!("Sheet {n}"),
        url: format!("https://acme.us.qlikcloud.com/single/?appid=a&sheet=sheet-{n}"),
    }
}

#[test]
fn the_menu_reads_as_the_server_writes_it() {
    let menu = vec![
        MenuModule {
            key: ModuleKey::parse("sales").expect("a key"),
            name: "Sales".into(),
            sheets: vec![sheet(1), sheet(2)],
            view_only: false,
            access_denied: None,
        },
        MenuModule {
            key: ModuleKey::parse("ops").expect("a key"),
            name: "Operations".into(),
            sheets: vec![],
            view_only: true,
            access_denied: Some("There is no section access row for this user's groups".into()),
        },
    ];
    assert_eq!(super::menu(&wire(&menu)), Some(menu));
    assert_eq!(super::menu(&Value::Null), None, "not a list");
}

#[test]
fn sign_ins_and_sessions_read_as_the_server_writes_them() {
    let login = QlikLogin {
        jwt: "eyJ.x.y".into(),
        tenant_host: TenantHostname::parse("acme.us.qlikcloud.com").expect("a hostname"),
        tenant_url: "https://acme.us.qlikcloud.com".into(),
        web_integration_id: WebIntegrationId::parse("wi-1").expect("an id"),
        expires_at: 1_790_000_000_123,
    };
    assert_eq!(qlik_login(&wire(&login)), Some(login));
    let token = QlikToken {
        access_token: "at".into(),
        expires_at: 1_790_000_000_000,
        tenant_url: "https://acme.us.qlikcloud.com".into(),
    };
    assert_eq!(qlik_token(&wire(&token)), Some(token));
    let session = EmbedSession {
        token: "ohe_x".into(),
        expires_at: 1_790_000_900_000,
    };
    assert_eq!(super::session(&wire(&session)), Some(session));
}

#[test]
fn setups_read_in_every_mode() {
    let session = EmbedSessionInfo {
        customer: "acme".into(),
        user: "ada".into(),
        expires_at: 1_700_000_020_000,
        now: 1_700_000_000_000,
    };
    for &mode in EmbeddingMode::ALL {
        let with = EmbedSetup {
            mode,
            tenant_url: Some("https://acme.us.qlikcloud.com".into()),
            proxy_url: Some("https://analytics.partner.example".into()),
            session_check_ms: 60_000,
            session: session.clone(),
        };
        assert_eq!(setup(&wire(&with)), Some(with));
        let without = EmbedSetup {
            mode,
            tenant_url: None,
            proxy_url: None,
            session_check_ms: 1_000,
            session: session.clone(),
        };
        assert_eq!(setup(&wire(&without)), Some(without));
    }
}

#[test]
fn session_infos_read() {
    let info = EmbedSessionInfo {
        customer: "acme".into(),
        user: "ada".into(),
        expires_at: 1_700_000_020_000,
        now: 1_700_000_000_000,
    };
    assert_eq!(session_info(&wire(&info)), Some(info));
}

#[test]
fn diagnoses_read_with_every_cause() {
    let all = Diagnosis {
        causes: Cause::ALL
            .iter()
            .map(|&cause| Finding {
                cause,
                message: format!("because {}", cause.as_str()),
            })
            .collect(),
    };
    assert_eq!(diagnosis(&wire(&all)), Some(all));
}

#[test]
fn errors_read_with_every_code_with_and_without_a_field() {
    for &code in ErrorCode::ALL {
        let bare = ApiError::new(code, "no");
        assert_eq!(api_error(&wire(&bare)), Some(bare));
    }
    let named = ApiError::invalid("module", "unknown");
    assert_eq!(api_error(&wire(&named)), Some(named));
}
