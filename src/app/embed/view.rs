//! The module's root: loads the menu, opens the requested (or deep-linked, or first) sheet,
//! and shows the menu, the sheet and, instead of a blank frame, the problem. Its elements are
//! made by hand (see `dom`) and changed through `Embed`'s methods.

use super::commands::Commands;
use super::dom::{append, element};
use super::events::HostEvent;
use super::export_bar;
use super::hub_client::HubClient;
use super::memory::proxy_remembered;
use super::placement::{denials, first_sheet, linked};
use super::sign_in::Problem;
use super::state::Embed;
use super::{partner_menu, sheet_frame};
use crate::api::{ApiError, MenuModule};
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
    #[cfg(target_arch = "wasm32")]
    let _ = any_spawner::Executor::init_wasm_bindgen();
    // The state outlives this call: its owner lives as long as the page.
    let owner = Owner::new();
    let hub = HubClient::new(&options.hub, &options.token, options.fetch_token.clone());
    let embed = owner.with(|| Embed::new(hub, el.clone(), proxy_remembered(&options.hub)));
    let commands = Commands::new(embed);
    owner.with(|| build(&el, embed, commands, options));
    std::mem::forget(owner);
    commands
}

/// Makes the module's elements in `el`, keeps them current, and starts loading.
fn build(el: &web_sys::HtmlElement, embed: Embed, commands: Commands, options: EmbedOptions) {
    let Some(root) = element("div", &[("class", "oem-hub")], None) else {
        return;
    };
    append(el, &[&root]);
    let loading = options
        .show_menu
        .then(|| {
            element(
                "p",
                &[("class", "oem-hub-loading")],
                Some("Loading analytics…"),
            )
        })
        .flatten();
    if let Some(loading) = &loading {
        append(&root, &[loading]);
    }
    sheet_frame::install(&root, el.clone());
    export_bar::install(&root, commands);
    leptos::task::spawn_local(async move {
        let answer = load(embed, &options).await;
        if let Some(loading) = loading {
            loading.remove();
        }
        match answer {
            Ok(modules) => {
                embed.emit(HostEvent::Ready {
                    modules: modules.len(),
                });
                if options.show_menu {
                    let on_select = move |module, sheet| {
                        leptos::task::spawn_local(embed.open(module, sheet));
                    };
                    partner_menu::render(&root, &modules, on_select);
                }
                let asked = options.module.as_deref().zip(options.sheet.as_deref());
                let first = first_sheet(&modules, asked, linked());
                embed.write(|p| {
                    p.denied = denials(&modules);
                    p.menu = Some(modules);
                });
                match first {
                    Ok((module, sheet)) => embed.open(module, sheet).await,
                    Err(p) => embed.report(p),
                }
            }
            Err(err) => embed.report(Problem::from_api(err)),
        }
    });
}

/// Connects (trading a host JWT; the setup says whom the token stands for), reads the menu.
async fn load(embed: Embed, options: &EmbedOptions) -> Result<Vec<MenuModule>, ApiError> {
    let fetch_token = options.fetch_token.clone();
    let (hub, setup) = HubClient::connect(&options.hub, &options.token, fetch_token).await?;
    hub.on_expired(move || embed.token_expired());
    embed.write(|p| {
        p.hub = hub.clone();
        p.setup = Some(setup);
    });
    hub.menu().await
}
