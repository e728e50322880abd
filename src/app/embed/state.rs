//! The module's state on one page and how it opens a sheet: signs in the way the customer's
//! mode says, shows the frame with the host's selections, or the problem; `Copy`, so every
//! handler, timer and host command can hold it.

use super::events::{HostEvent, emit};
use super::frame_state::FrameState;
use super::hub_client::HubClient;
use super::memory::remember_proxy;
use super::oauth;
use super::placement::remember;
use super::proxy_url::through_proxy;
use super::sheet_frame::QlikEmbedView;
use super::sign_in::{Problem, ensure_session};
use super::timer::after;
use crate::api::{EmbedSetup, MenuModule, MenuSheet, QlikLogin};
use crate::domain::EmbeddingMode;
use leptos::prelude::*;

/// What the user sees when the embed token ended for good.
const EXPIRED: &str = "Your analytics session has ended. Reload the page to continue.";

/// The module's state.
#[derive(Clone, Copy)]
pub struct Embed {
    pub hub: StoredValue<HubClient, LocalStorage>,
    pub host: StoredValue<web_sys::HtmlElement, LocalStorage>,
    pub menu: RwSignal<Option<Vec<MenuModule>>>,
    /// Module and sheet shown.
    pub current: RwSignal<Option<(String, MenuSheet)>>,
    pub frame_url: RwSignal<Option<String>>,
    /// What qlik-embed shows (mode `oauth`), instead of a frame.
    pub qlik_embed: RwSignal<Option<QlikEmbedView>>,
    pub problem: RwSignal<Option<Problem>>,
    pub session: StoredValue<Option<QlikLogin>>,
    pub setup: StoredValue<Option<EmbedSetup>>,
    /// This page fell back to the proxy (mode `auto`) and stays there.
    pub via_proxy: StoredValue<bool>,
    /// Module → why section access gives this user no row there (the hub's diagnosis).
    pub denied: StoredValue<Vec<(String, String)>>,
    /// The host's selections and bookmark on the current module.
    pub frame: StoredValue<FrameState>,
    /// The tenant session is being watched (one watch per page).
    pub watching: StoredValue<bool>,
}

impl Embed {
    /// A fresh state for a page using `hub`.
    pub fn new(hub: HubClient, host: web_sys::HtmlElement, via_proxy: bool) -> Self {
        Embed {
            hub: StoredValue::new_local(hub),
            host: StoredValue::new_local(host),
            menu: RwSignal::new(None),
            current: RwSignal::new(None),
            frame_url: RwSignal::new(None),
            qlik_embed: RwSignal::new(None),
            problem: RwSignal::new(None),
            session: StoredValue::new(None),
            setup: StoredValue::new(None),
            via_proxy: StoredValue::new(via_proxy),
            denied: StoredValue::new(Vec::new()),
            frame: StoredValue::new(FrameState::default()),
            watching: StoredValue::new(false),
        }
    }

    pub fn emit(self, event: HostEvent) {
        self.host.with_value(|h| emit(h, &event));
    }

    /// Shows `p` and tells the host; once the token ended, that is the problem shown.
    pub fn report(self, p: Problem) {
        if self.hub.with_value(HubClient::expired) {
            return self.token_expired();
        }
        self.emit(HostEvent::Error {
            code: p.code.clone(),
            message: p.message.clone(),
            causes: p.causes.clone(),
        });
        self.problem.set(Some(p));
    }

    /// The embed token ended and no new one came: say so once, over the sheet.
    pub fn token_expired(self) {
        let shown = self
            .problem
            .with_untracked(|p| p.as_ref().is_some_and(|p| p.code == "token_expired"));
        if shown {
            return;
        }
        self.emit(HostEvent::TokenExpired {
            message: EXPIRED.to_owned(),
        });
        self.problem
            .set(Some(Problem::new("token_expired", EXPIRED.to_owned())));
    }

    /// Shows `sheet` of `module` with the host's selections (forgotten when the module, and
    /// so the app, changes).
    pub async fn open(self, module: String, sheet: MenuSheet) {
        let same_module = self
            .current
            .with_untracked(|c| c.as_ref().is_some_and(|(m, _)| *m == module));
        if !same_module {
            self.frame.set_value(FrameState::default());
        }
        self.reshow(module, sheet).await;
    }

    /// Shows the current sheet again with the host's changed selections.
    pub async fn reshow(self, module: String, sheet: MenuSheet) {
        let shown = self.show(&module, &sheet).await;
        self.shown(module, sheet, shown);
    }

    /// `Ok` when the last command left no problem shown, else the problem's message.
    pub fn outcome(self) -> Result<(), String> {
        match self.problem.get_untracked() {
            Some(p) => Err(p.message),
            None => Ok(()),
        }
    }

    /// Signs in (or checks the session) the way the customer's mode says and answers the
    /// frame's URL (none for qlik-embed); in `auto`, a dropped tenant cookie switches this
    /// page to the proxy.
    async fn show(self, module: &str, sheet: &MenuSheet) -> Result<Option<String>, Problem> {
        let hub = self.hub.get_value();
        let setup = self.setup.get_value();
        let mode = setup.as_ref().map_or(EmbeddingMode::Direct, |s| s.mode);
        let auto = mode == EmbeddingMode::Auto;
        let denied = self.denied.with_value(|d| {
            d.iter()
                .find(|(m, _)| m == module)
                .map(|(_, why)| why.clone())
        });
        if let Some(message) = denied {
            return Err(Problem::new("no_access_row", message));
        }
        let state = self.frame.get_value();
        if mode == EmbeddingMode::Oauth {
            let (app, sheet_id) = oauth::prepare(&hub, setup.as_ref(), sheet).await?;
            self.qlik_embed.set(Some(QlikEmbedView {
                app,
                sheet: sheet_id,
                select_json: state.select_json(),
                bookmark: state.bookmark_id().map(str::to_owned),
            }));
            return Ok(None);
        }
        let url = state
            .apply(&sheet.url)
            .map_err(|why| Problem::new("command", why))?;
        if mode == EmbeddingMode::Proxy || (auto && self.via_proxy.get_value()) {
            return self
                .through_proxy(&hub, setup.as_ref(), &url)
                .await
                .map(Some);
        }
        match ensure_session(&hub, self.session.get_value(), Some(module.to_owned())).await {
            Ok(login) => {
                self.session.set_value(Some(login));
                self.watch_session(Some(module.to_owned()));
                Ok(Some(url))
            }
            Err(p) if auto && p.session_missing => {
                let _ = hub.report_fallback().await;
                self.via_proxy.set_value(true);
                remember_proxy(hub.base());
                self.through_proxy(&hub, setup.as_ref(), &url)
                    .await
                    .map(Some)
            }
            Err(p) => Err(p),
        }
    }

    /// Records the outcome of opening `sheet`: the frame's URL (none for qlik-embed), or the
    /// problem to show.
    fn shown(self, module: String, sheet: MenuSheet, url: Result<Option<String>, Problem>) {
        match url {
            Ok(url) => {
                self.problem.set(None);
                self.frame_url.set(url);
                let id = sheet.id.clone();
                self.current.set(Some((module.clone(), sheet)));
                remember(&module, &id);
                self.emit(HostEvent::SheetChanged { module, sheet: id });
            }
            Err(p) => {
                self.session.set_value(None);
                self.frame_url.set(None);
                self.qlik_embed.set(None);
                self.report(p);
            }
        }
    }

    /// `url` on the same-site proxy, after opening this user's proxy session.
    async fn through_proxy(
        self,
        hub: &HubClient,
        setup: Option<&EmbedSetup>,
        url: &str,
    ) -> Result<String, Problem> {
        let problem = |message: &str| Problem::new("proxy", message.to_owned());
        let (Some(proxy), Some(tenant)) = (
            setup.and_then(|s| s.proxy_url.as_deref()),
            setup.and_then(|s| s.tenant_url.as_deref()),
        ) else {
            return Err(problem("The analytics proxy is not configured on the hub."));
        };
        hub.open_proxy(proxy).await.map_err(Problem::from_api)?;
        through_proxy(url, tenant, proxy)
            .ok_or_else(|| problem("This sheet is not on your customer's tenant."))
    }

    /// Looks at the tenant session every `session_check_ms` while the page is open and signs
    /// in again in the background when the tenant ended it, so the frame's next request
    /// finds a session (direct sign-in only: the proxy and qlik-embed hold their own).
    fn watch_session(self, module: Option<String>) {
        if self.watching.get_value() {
            return;
        }
        self.watching.set_value(true);
        let every = self
            .setup
            .with_value(|s| s.as_ref().map_or(60_000, |s| s.session_check_ms));
        after(every, move || {
            self.watching.set_value(false);
            let held = self.session.get_value();
            if held.is_none()
                || self.via_proxy.get_value()
                || self.hub.with_value(HubClient::expired)
            {
                return;
            }
            leptos::task::spawn_local(async move {
                let hub = self.hub.get_value();
                if let Ok(login) = ensure_session(&hub, held, module.clone()).await {
                    self.session.set_value(Some(login));
                }
                self.watch_session(module);
            });
        });
    }
}
