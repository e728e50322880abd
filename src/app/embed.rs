//! The end-user embedding module: the partner menu and the customer's sheet in a frame,
//! mounted into a host page by `oem-hub.js`; knows nothing but its embed token.

mod commands;
mod deep_link;
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

/// The prefix of the hub's embed tokens (anything else is a host app's JWT).
const EMBED_TOKEN_PREFIX: &str = "ohe_";

pub use commands::{Command, Commands, strings};
pub use deep_link::{DeepLink, PARAM as DEEP_LINK_PARAM};
pub use events::HostEvent;
pub use view::{EmbedOptions, mount};
