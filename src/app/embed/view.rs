//! The module's root: loads the menu, opens the requested (or deep-linked, or first) sheet,
//! signs in to the tenant before each sheet, and shows a diagnosis instead of a blank frame.

use super::deep_link::DeepLink;
use super::events::{HostEvent, emit};
use super::hub_client::HubClient;
use super::partner_menu::PartnerMenu;
use super::sheet_frame::SheetFrame;
use super::sign_in::{Problem, ensure_session};
use crate::api::{MenuModule, MenuSheet, QlikLogin};
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

#[component]
fn EmbedRoot(options: EmbedOptions, host: web_sys::HtmlElement) -> impl IntoView {
    let host = StoredValue::new_local(host);
    let hub = HubClient::new(&options.hub, &options.token);
    let menu = LocalResource::new({
        let hub = hub.clone();
        move || {
            let hub = hub.clone();
            async move { hub.menu().await }
        }
    });
    let current = RwSignal::new(None::<(String, String)>);
    let frame_url = RwSignal::new(None::<String>);
    let problem = RwSignal::new(None::<Problem>);
    let session = StoredValue::new(None::<QlikLogin>);
    let report = move |p: Problem| {
        host.with_value(|h| {
            emit(
                h,
                &HostEvent::Error {
                    code: p.code.clone(),
                    message: p.message.clone(),
                    causes: p.causes.clone(),
                },
            )
        });
        problem.set(Some(p));
    };
    let open = Action::new_local(move |(module, sheet): &(String, MenuSheet)| {
        let (hub, module, sheet) = (hub.clone(), module.clone(), sheet.clone());
        async move {
            match ensure_session(&hub, session.get_value(), Some(module.clone())).await {
                Ok(login) => {
                    session.set_value(Some(login));
                    problem.set(None);
                    frame_url.set(Some(sheet.url.clone()));
                    current.set(Some((module.clone(), sheet.id.clone())));
                    remember(&module, &sheet.id);
                    host.with_value(|h| {
                        emit(
                            h,
                            &HostEvent::SheetChanged {
                                module,
                                sheet: sheet.id,
                            },
                        )
                    });
                }
                Err(p) => {
                    session.set_value(None);
                    frame_url.set(None);
                    report(p);
                }
            }
        }
    });
    let (asked_module, asked_sheet) = (options.module.clone(), options.sheet.clone());
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        match menu.get() {
            None => false,
            Some(Ok(modules)) => {
                host.with_value(|h| {
                    emit(
                        h,
                        &HostEvent::Ready {
                            modules: modules.len(),
                        },
                    )
                });
                let asked = asked_module.as_deref().zip(asked_sheet.as_deref());
                match first_sheet(&modules, asked, linked()) {
                    Ok(first) => {
                        open.dispatch_local(first);
                    }
                    Err(p) => report(p),
                }
                true
            }
            Some(Err(err)) => {
                report(Problem::from_api(err));
                true
            }
        }
    });
    let on_select = Callback::new(move |choice: (String, MenuSheet)| {
        open.dispatch_local(choice);
    });
    let show_menu = options.show_menu;
    view! {
        <div class="oem-hub">
            {move || match (show_menu, menu.get()) {
                (true, Some(Ok(modules))) => {
                    view! { <PartnerMenu modules current=current.into() on_select /> }.into_any()
                }
                (true, None) => view! { <p class="oem-hub-loading">"Loading analytics…"</p> }.into_any(),
                _ => ().into_any(),
            }}
            {move || problem.get().map(|p| view! { <ProblemBox problem=p /> })}
            <SheetFrame url=frame_url.into() host />
        </div>
    }
}

/// The failure and what the hub found, instead of a blank frame.
#[component]
fn ProblemBox(problem: Problem) -> impl IntoView {
    let causes = problem
        .causes
        .into_iter()
        .map(|f| {
            let cause = serde_json::to_value(f.cause)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            view! { <li data-cause=cause>{f.message}</li> }
        })
        .collect_view();
    view! {
        <div class="oem-hub-problem" role="alert" data-code=problem.code>
            <p>{problem.message}</p>
            <ul>{causes}</ul>
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
