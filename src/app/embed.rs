//! The end-user embedding module: the partner menu and the customer's sheet in a frame,
//! mounted into a host page by `oem-hub.js`; knows nothing but its embed token.

mod commands;
mod deep_link;
mod dom;
mod events;
mod export;
mod export_bar;
mod fetch;
mod frame_state;
mod hub_client;
mod js_object;
mod memory;
mod oauth;
mod partner_menu;
mod placement;
mod problem_box;
mod proxy_url;
mod sheet_frame;
mod sign_in;
mod state;
mod style;
mod tenant;
mod timer;
mod token_life;
mod view;

/// A future behind a box: a shared step (opening a sheet, a command, a sign-in) compiles
/// once instead of once inside every caller's state machine, which keeps the bundle small.
type Boxed<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + 'a>>;

/// The prefix of the hub's embed tokens (anything else is a host app's JWT).
const EMBED_TOKEN_PREFIX: &str = "ohe_";

pub use commands::{Command, Commands, strings};
pub use deep_link::{DeepLink, PARAM as DEEP_LINK_PARAM};
pub use events::HostEvent;
pub use view::{EmbedOptions, mount};
