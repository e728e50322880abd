//! The module's root: loads the menu, opens the requested (or deep-linked, or first) sheet,
//! and shows the menu, the sheet and, instead of a blank frame, the problem.

use super::commands::Commands;
use super::events::HostEvent;
use super::export_bar::ExportBar;
use super::hub_client::HubClient;
use super::memory::proxy_remembered;
use super::partner_menu::PartnerMenu;
use super::placement::{denials, first_sheet, linked};
use super::problem_box::ProblemBox;
use super::sheet_frame::SheetFrame;
use super::sign_in::Problem;
use super::state::Embed;
use crate::api::{ApiError, MenuModule, MenuSheet};
use leptos::prelude::*;

/// How the host page mounted the module.
#[derive(Debug, Clone)]
pub struct EmbedOptions {
    /// The hub's origin, where `/api/v1/embed/*` lives.
    pub hub: String,
    /// The embed token the host's backend obtained for this user.
    pub token: String,
    /// The host's `fetchToken`: called for a new token before this one ends and on a 401.
    pub fetch_token: Option<js_sys::Function>,
    pub module: Option<String>,
    pub sheet: Option<String>,
    /// Show the partner menu (`<oem-hub-menu>`) or only the sheet (`<oem-hub-sheet>`).
    pub show_menu: bool,
}

/// Mounts the module into `el` for the life of the page; answers its host commands.
pub fn mount(el: web_sys::HtmlElement, options: EmbedOptions) -> Commands {
    super::style::install();
    // The state outlives this call: its owner lives as long as the page.
    let owner = Owner::new();
    let hub = HubClient::new(&options.hub, &options.token, options.fetch_token.clone());
    let embed = owner.with(|| Embed::new(hub, el.clone(), proxy_remembered(&options.hub)));
    std::mem::forget(owner);
    leptos::mount::mount_to(el, move || view! { <EmbedRoot options embed /> }).forget();
    Commands::new(embed)
}

/// Connects (trading a host JWT, learning the token's owner), reads setup and menu.
async fn load(embed: Embed, options: &EmbedOptions) -> Result<Vec<MenuModule>, ApiError> {
    let hub = HubClient::connect(&options.hub, &options.token, options.fetch_token.clone()).await?;
    hub.on_expired(move || embed.token_expired());
    embed.hub.set_value(hub.clone());
    embed.setup.set_value(Some(hub.setup().await?));
    hub.menu().await
}

#[component]
fn EmbedRoot(options: EmbedOptions, embed: Embed) -> impl IntoView {
    let loading = RwSignal::new(true);
    let show_menu = options.show_menu;
    leptos::task::spawn_local(async move {
        let answer = load(embed, &options).await;
        loading.set(false);
        match answer {
            Ok(modules) => {
                embed.emit(HostEvent::Ready {
                    modules: modules.len(),
                });
                let asked = options.module.as_deref().zip(options.sheet.as_deref());
                let first = first_sheet(&modules, asked, linked());
                embed.denied.set_value(denials(&modules));
                embed.menu.set(Some(modules));
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
    let commands = Commands::new(embed);
    let current = Signal::derive(move || embed.current.get().map(|(m, s)| (m, s.id)));
    view! {
        <div class="oem-hub">
            {move || match (show_menu, embed.menu.get()) {
                (true, Some(modules)) => {
                    view! { <PartnerMenu modules current on_select /> }.into_any()
                }
                (true, None) if loading.get() => view! { <p class="oem-hub-loading">"Loading analytics…"</p> }.into_any(),
                _ => ().into_any(),
            }}
            {move || embed.problem.get().map(|p| view! { <ProblemBox problem=p /> })}
            {move || embed.current.with(Option::is_some).then(|| view! { <ExportBar commands /> })}
            <SheetFrame url=embed.frame_url.into() qlik_embed=embed.qlik_embed.into() host=embed.host />
        </div>
    }
}
