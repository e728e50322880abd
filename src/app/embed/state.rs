//! The module's state on one page and how it opens a sheet: signs in the way the customer's
//! mode says, shows the frame with the host's selections, or the problem; `Copy`, so every
//! handler, timer and host command can hold it.

use super::Boxed;
use super::events::{HostEvent, emit};
use super::frame_state::FrameState;
use super::hub_client::HubClient;
use super::memory::remember_proxy;
use super::oauth;
use super::placement::remember;
use super::proxy_url::through_proxy;
use super::sheet_frame::QlikEmbedView;
use super::sign_in::{Problem, ProblemCode, ensure_session};
use super::timer::after;
use super::{export_bar, partner_menu, problem_box, sheet_frame};
use crate::api::{EmbedSetup, MenuModule, MenuSheet, QlikLogin};
use crate::domain::EmbeddingMode;
use leptos::prelude::*;

/// What the user sees when the embed token ended for good.
const EXPIRED: &str = "Your analytics session has ended. Reload the page to continue.";

/// The module's state, in one stored value (each stored type costs the bundle code of its
/// own); what it shows changes through its methods, which update the elements too.
#[derive(Clone, Copy)]
pub struct Embed {
    pub page: StoredValue<Page, LocalStorage>,
}

/// What the module keeps for the page.
pub struct Page {
    pub hub: HubClient,
    pub host: web_sys::HtmlElement,
    pub menu: Option<Vec<MenuModule>>,
    /// Module and sheet shown.
    pub current: Option<(String, MenuSheet)>,
    pub session: Option<QlikLogin>,
    pub setup: Option<EmbedSetup>,
    /// This page fell back to the proxy (mode `auto`) and stays there.
    pub via_proxy: bool,
    /// Module → why section access gives this user no row there (the hub's diagnosis).
    pub denied: Vec<(String, String)>,
    /// The host's selections and bookmark on the current module.
    pub frame: FrameState,
    /// The problem shown instead of the sheet.
    pub problem: Option<Problem>,
    /// The tenant session is being watched (one watch per page).
    pub watching: bool,
}

impl Embed {
    /// A fresh state for a page using `hub`.
    pub fn new(hub: HubClient, host: web_sys::HtmlElement, via_proxy: bool) -> Self {
        let page = Page {
            hub,
            host,
            menu: None,
            current: None,
            session: None,
            setup: None,
            via_proxy,
            denied: Vec::new(),
            frame: FrameState::default(),
            problem: None,
            watching: false,
        };
        Embed {
            page: StoredValue::new_local(page),
        }
    }

    /// Shows `problem` instead of the sheet (none: removes it).
    pub fn set_problem(self, problem: Option<Problem>) {
        self.read(|p| problem_box::render(&p.host, problem.as_ref()));
        self.write(|p| p.problem = problem);
    }

    /// Whether the problem shown has `code`.
    pub fn shows_problem(self, code: ProblemCode) -> bool {
        self.read(|p| p.problem.as_ref().is_some_and(|p| p.code == code))
    }

    /// Reads the page's state.
    pub fn read<T>(self, f: impl FnOnce(&Page) -> T) -> T {
        self.page.with_value(f)
    }

    /// Changes the page's state.
    pub fn write(self, f: impl FnOnce(&mut Page)) {
        self.page.update_value(f);
    }

    /// The hub client (clones share the token).
    pub fn hub(self) -> HubClient {
        self.read(|p| p.hub.clone())
    }

    pub fn emit(self, event: HostEvent) {
        self.read(|p| emit(&p.host, &event));
    }

    /// Shows `p` and tells the host; once the token ended, that is the problem shown.
    pub fn report(self, p: Problem) {
        if self.read(|p| p.hub.expired()) {
            return self.token_expired();
        }
        self.emit(HostEvent::Error {
            code: p.code,
            message: p.message.clone(),
            causes: p.causes.clone(),
        });
        self.set_problem(Some(p));
    }

    /// The embed token ended and no new one came: say so once, over the sheet.
    pub fn token_expired(self) {
        if self.shows_problem(ProblemCode::TokenExpired) {
            return;
        }
        self.emit(HostEvent::TokenExpired {
            message: EXPIRED.to_owned(),
        });
        self.set_problem(Some(Problem::new(
            ProblemCode::TokenExpired,
            EXPIRED.to_owned(),
        )));
    }

    /// Shows `sheet` of `module` with the host's selections (forgotten when the module, and
    /// so the app, changes).
    pub fn open(self, module: String, sheet: MenuSheet) -> Boxed<'static, ()> {
        let same_module = self.read(|p| p.current.as_ref().is_some_and(|(m, _)| *m == module));
        if !same_module {
            self.write(|p| p.frame = FrameState::default());
        }
        self.reshow(module, sheet)
    }

    /// Shows the current sheet again with the host's changed selections.
    pub fn reshow(self, module: String, sheet: MenuSheet) -> Boxed<'static, ()> {
        Box::pin(async move {
            let shown = self.show(&module, &sheet).await;
            self.shown(module, sheet, shown);
        })
    }

    /// `Ok` when the last command left no problem shown, else the problem's message.
    pub fn outcome(self) -> Result<(), String> {
        match self.read(|p| p.problem.clone()) {
            Some(p) => Err(p.message),
            None => Ok(()),
        }
    }

    /// Signs in (or checks the session) the way the customer's mode says and answers the
    /// frame's URL (none for qlik-embed); in `auto`, a dropped tenant cookie switches this
    /// page to the proxy.
    async fn show(self, module: &str, sheet: &MenuSheet) -> Result<Option<String>, Problem> {
        let (hub, setup) = self.read(|p| (p.hub.clone(), p.setup.clone()));
        let mode = setup.as_ref().map_or(EmbeddingMode::Direct, |s| s.mode);
        let auto = mode == EmbeddingMode::Auto;
        let denied = self.read(|p| {
            p.denied
                .iter()
                .find(|(m, _)| m == module)
                .map(|(_, why)| why.clone())
        });
        if let Some(message) = denied {
            return Err(Problem::new(ProblemCode::NoAccessRow, message));
        }
        let state = self.read(|p| p.frame.clone());
        if mode == EmbeddingMode::Oauth {
            let (app, sheet_id) = oauth::prepare(&hub, setup.as_ref(), sheet).await?;
            let view = QlikEmbedView {
                app,
                sheet: sheet_id,
                select_json: state.select_json(),
                bookmark: state.bookmark_id().map(str::to_owned),
            };
            self.read(|p| sheet_frame::show_qlik_embed(&p.host, Some(&view)));
            return Ok(None);
        }
        let url = state
            .apply(&sheet.url)
            .map_err(|why| Problem::new(ProblemCode::Command, why))?;
        if mode == EmbeddingMode::Proxy || (auto && self.read(|p| p.via_proxy)) {
            return self
                .through_proxy(&hub, setup.as_ref(), &url)
                .await
                .map(Some);
        }
        let held = self.read(|p| p.session.clone());
        match ensure_session(&hub, held, Some(module.to_owned())).await {
            Ok(login) => {
                self.write(|p| p.session = Some(login));
                self.watch_session(Some(module.to_owned()));
                Ok(Some(url))
            }
            Err(p) if auto && p.session_missing => {
                let _ = hub.report_fallback().await;
                self.write(|p| p.via_proxy = true);
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
                self.set_problem(None);
                self.read(|p| sheet_frame::show_frame(&p.host, url.as_deref()));
                let id = sheet.id.clone();
                self.write(|p| p.current = Some((module.clone(), sheet)));
                remember(&module, id.as_str());
                self.read(|p| {
                    export_bar::show(&p.host);
                    partner_menu::mark(&p.host, &module, id.as_str());
                });
                self.emit(HostEvent::SheetChanged {
                    module,
                    sheet: id.to_string(),
                });
            }
            Err(p) => {
                self.write(|p| p.session = None);
                self.read(|p| {
                    sheet_frame::show_frame(&p.host, None);
                    sheet_frame::show_qlik_embed(&p.host, None);
                });
                self.report(p);
            }
        }
    }

    /// `url` on the same-site proxy, after opening this user's proxy session.
    fn through_proxy<'a>(
        self,
        hub: &'a HubClient,
        setup: Option<&'a EmbedSetup>,
        url: &'a str,
    ) -> Boxed<'a, Result<String, Problem>> {
        Box::pin(self.through_proxy_now(hub, setup, url))
    }

    async fn through_proxy_now(
        self,
        hub: &HubClient,
        setup: Option<&EmbedSetup>,
        url: &str,
    ) -> Result<String, Problem> {
        let problem = |message: &str| Problem::new(ProblemCode::Proxy, message.to_owned());
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
        if self.read(|p| p.watching) {
            return;
        }
        self.write(|p| p.watching = true);
        let every = self.read(|p| p.setup.as_ref().map_or(60_000, |s| s.session_check_ms));
        after(every, move || {
            self.write(|p| p.watching = false);
            let (held, via_proxy, expired) =
                self.read(|p| (p.session.clone(), p.via_proxy, p.hub.expired()));
            if held.is_none() || via_proxy || expired {
                return;
            }
            leptos::task::spawn_local(async move {
                let hub = self.hub();
                if let Ok(login) = ensure_session(&hub, held, module.clone()).await {
                    self.write(|p| p.session = Some(login));
                }
                self.watch_session(module);
            });
        });
    }
}
