//! The module's root: loads the menu, opens the requested (or deep-linked, or first) sheet,
//! signs in to the tenant before each sheet, and shows a diagnosis instead of a blank frame.

use super::deep_link::DeepLink;
use super::events::{HostEvent, emit};
use super::hub_client::HubClient;
use super::memory::{proxy_remembered, remember_proxy};
use super::oauth;
use super::partner_menu::PartnerMenu;
use super::problem_box::ProblemBox;
use super::proxy_url::through_proxy;
use super::sheet_frame::SheetFrame;
use super::sign_in::{Problem, ensure_session};
use crate::api::{EmbedSetup, MenuModule, MenuSheet, QlikLogin};
use crate::domain::EmbeddingMode;
use leptos::prelude::*;

/// How the host page mounted the module.
#[derive(Debug, Clone)]
pub struct EmbedOptions {
    /// The hub's origin, where `/api/v1/embed/*` lives.
    pub hub: String,
    /// The embed token the host's backend obtained for this user.
    pub token: String,
    pub module: Option<String>,
    pub sheet: Option<String>,
    /// Show the partner menu (`<oem-hub-menu>`) or only the sheet (`<oem-hub-sheet>`).
    pub show_menu: bool,
}

/// Mounts the module into `el` for the life of the page.
pub fn mount(el: web_sys::HtmlElement, options: EmbedOptions) {
    super::style::install();
    let host = el.clone();
    leptos::mount::mount_to(el, move || view! { <EmbedRoot options host /> }).forget();
}

/// The sheet to open first: the one asked for (refused when it is not in the menu), else the
/// deep link, else the first in the menu.
fn first_sheet(
    modules: &[MenuModule],
    asked: Option<(&str, &str)>,
    linked: Option<DeepLink>,
) -> Result<(String, MenuSheet), Problem> {
    let find = |module: &str, sheet: &str| {
        let m = modules.iter().find(|m| m.key == module)?;
        let s = m.sheets.iter().find(|s| s.id == sheet)?;
        Some((m.key.clone(), s.clone()))
    };
    let problem = |code: &str, message: String| Problem {
        code: code.to_owned(),
        message,
        causes: Vec::new(),
        session_missing: false,
    };
    if let Some((module, sheet)) = asked {
        return find(module, sheet).ok_or_else(|| {
            problem(
                "not_in_menu",
                format!("Sheet {sheet} of module {module} is not available to you."),
            )
        });
    }
    linked
        .and_then(|l| find(&l.module, &l.sheet))
        .or_else(|| {
            let m = modules.iter().find(|m| !m.sheets.is_empty())?;
            Some((m.key.clone(), m.sheets[0].clone()))
        })
        .ok_or_else(|| {
            problem(
                "empty_menu",
                "No analytics are available to you yet.".to_owned(),
            )
        })
}

/// The module's state; `Copy`, so every handler and task can hold it.
#[derive(Clone, Copy)]
struct Embed {
    hub: StoredValue<HubClient>,
    host: StoredValue<web_sys::HtmlElement, LocalStorage>,
    current: RwSignal<Option<(String, String)>>,
    frame_url: RwSignal<Option<String>>,
    /// App and sheet for qlik-embed (mode `oauth`), instead of a frame.
    qlik_embed: RwSignal<Option<(String, String)>>,
    problem: RwSignal<Option<Problem>>,
    session: StoredValue<Option<QlikLogin>>,
    setup: StoredValue<Option<EmbedSetup>>,
    /// This page fell back to the proxy (mode `auto`) and stays there.
    via_proxy: StoredValue<bool>,
    /// Module → why section access gives this user no row there (the hub's diagnosis).
    denied: StoredValue<Vec<(String, String)>>,
}

/// The modules whose section access gives the user no row, with the hub's reason.
fn denials(modules: &[MenuModule]) -> Vec<(String, String)> {
    modules
        .iter()
        .filter_map(|m| Some((m.key.clone(), m.access_denied.clone()?)))
        .collect()
}

impl Embed {
    fn emit(self, event: HostEvent) {
        self.host.with_value(|h| emit(h, &event));
    }

    fn report(self, p: Problem) {
        self.emit(HostEvent::Error {
            code: p.code.clone(),
            message: p.message.clone(),
            causes: p.causes.clone(),
        });
        self.problem.set(Some(p));
    }

    /// Signs in (or checks the session) the way the customer's mode says, then shows the
    /// sheet; in `auto`, a dropped tenant cookie switches this page to the proxy.
    async fn open(self, module: String, sheet: MenuSheet) {
        let hub = self.hub.get_value();
        let setup = self.setup.get_value();
        let mode = setup.as_ref().map_or(EmbeddingMode::Direct, |s| s.mode);
        let auto = mode == EmbeddingMode::Auto;
        let denied = self.denied.with_value(|d| {
            d.iter()
                .find(|(m, _)| *m == module)
                .map(|(_, why)| why.clone())
        });
        if let Some(message) = denied {
            let problem = Problem {
                code: "no_access_row".to_owned(),
                message,
                causes: Vec::new(),
                session_missing: false,
            };
            return self.shown(module, sheet, Err(problem));
        }
        if mode == EmbeddingMode::Oauth {
            let shown = oauth::prepare(&hub, setup.as_ref(), &sheet).await;
            self.qlik_embed.set(shown.as_ref().ok().cloned());
            return self.shown(module, sheet, shown.map(|_| None));
        }
        let url = if mode == EmbeddingMode::Proxy || (auto && self.via_proxy.get_value()) {
            self.through_proxy(&hub, setup.as_ref(), &sheet).await
        } else {
            match ensure_session(&hub, self.session.get_value(), Some(module.clone())).await {
                Ok(login) => {
                    self.session.set_value(Some(login));
                    Ok(sheet.url.clone())
                }
                Err(p) if auto && p.session_missing => {
                    let _ = hub.report_fallback().await;
                    self.via_proxy.set_value(true);
                    remember_proxy(hub.base());
                    self.through_proxy(&hub, setup.as_ref(), &sheet).await
                }
                Err(p) => Err(p),
            }
        };
        self.shown(module, sheet, url.map(Some));
    }

    /// Records the outcome of opening `sheet`: the frame's URL (none for qlik-embed), or the
    /// problem to show.
    fn shown(self, module: String, sheet: MenuSheet, url: Result<Option<String>, Problem>) {
        match url {
            Ok(url) => {
                self.problem.set(None);
                self.frame_url.set(url);
                self.current.set(Some((module.clone(), sheet.id.clone())));
                remember(&module, &sheet.id);
                self.emit(HostEvent::SheetChanged {
                    module,
                    sheet: sheet.id,
                });
            }
            Err(p) => {
                self.session.set_value(None);
                self.frame_url.set(None);
                self.qlik_embed.set(None);
                self.report(p);
            }
        }
    }

    /// The sheet's URL on the same-site proxy, after opening this user's proxy session.
    async fn through_proxy(
        self,
        hub: &HubClient,
        setup: Option<&EmbedSetup>,
        sheet: &MenuSheet,
    ) -> Result<String, Problem> {
        let problem = |message: &str| Problem {
            code: "proxy".to_owned(),
            message: message.to_owned(),
            causes: Vec::new(),
            session_missing: false,
        };
        let (Some(proxy), Some(tenant)) = (
            setup.and_then(|s| s.proxy_url.as_deref()),
            setup.and_then(|s| s.tenant_url.as_deref()),
        ) else {
            return Err(problem("The analytics proxy is not configured on the hub."));
        };
        hub.open_proxy(proxy).await.map_err(Problem::from_api)?;
        through_proxy(&sheet.url, tenant, proxy)
            .ok_or_else(|| problem("This sheet is not on your customer's tenant."))
    }
}

#[component]
fn EmbedRoot(options: EmbedOptions, host: web_sys::HtmlElement) -> impl IntoView {
    let embed = Embed {
        hub: StoredValue::new(HubClient::new(&options.hub, &options.token)),
        host: StoredValue::new_local(host),
        current: RwSignal::new(None),
        frame_url: RwSignal::new(None),
        qlik_embed: RwSignal::new(None),
        problem: RwSignal::new(None),
        session: StoredValue::new(None),
        setup: StoredValue::new(None),
        via_proxy: StoredValue::new(proxy_remembered(&options.hub)),
        denied: StoredValue::new(Vec::new()),
    };
    let menu = RwSignal::new(None::<Vec<MenuModule>>);
    let loading = RwSignal::new(true);
    let token = options.token.clone();
    leptos::task::spawn_local(async move {
        let hub = HubClient::connect(&options.hub, &token).await;
        let answer = match hub {
            Ok(hub) => {
                embed.hub.set_value(hub.clone());
                match hub.setup().await {
                    Ok(setup) => {
                        embed.setup.set_value(Some(setup));
                        hub.menu().await
                    }
                    Err(e) => Err(e),
                }
            }
            Err(e) => Err(e),
        };
        loading.set(false);
        match answer {
            Ok(modules) => {
                embed.emit(HostEvent::Ready {
                    modules: modules.len(),
                });
                let asked = options.module.as_deref().zip(options.sheet.as_deref());
                let first = first_sheet(&modules, asked, linked());
                embed.denied.set_value(denials(&modules));
                menu.set(Some(modules));
                match first {
                    Ok((module, sheet)) => embed.open(module, sheet).await,
                    Err(p) => embed.report(p),
                }
            }
            Err(err) => embed.report(Problem::from_api(err)),
        }
    });
    let on_select = Callback::new(move |(module, sheet): (String, MenuSheet)| {
        leptos::task::spawn_local(embed.open(module, sheet));
    });
    let show_menu = options.show_menu;
    view! {
        <div class="oem-hub">
            {move || match (show_menu, menu.get()) {
                (true, Some(modules)) => {
                    view! { <PartnerMenu modules current=embed.current.into() on_select /> }.into_any()
                }
                (true, None) if loading.get() => view! { <p class="oem-hub-loading">"Loading analytics…"</p> }.into_any(),
                _ => ().into_any(),
            }}
            {move || embed.problem.get().map(|p| view! { <ProblemBox problem=p /> })}
            <SheetFrame url=embed.frame_url.into() qlik_embed=embed.qlik_embed.into() host=embed.host />
        </div>
    }
}

/// The deep link in the host page's address, if any.
fn linked() -> Option<DeepLink> {
    let search = web_sys::window()?.location().search().ok()?;
    DeepLink::from_query(&search)
}

/// Puts the sheet into the host page's address without a reload.
fn remember(module: &str, sheet: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let (Ok(path), Ok(search), Ok(hash)) =
        (location.pathname(), location.search(), location.hash())
    else {
        return;
    };
    let link = DeepLink {
        module: module.to_owned(),
        sheet: sheet.to_owned(),
    };
    let url = format!("{path}{}{hash}", link.into_query(&search));
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}
