//! The end-user embedding module: the partner menu and the customer's sheet in a frame,
//! mounted into a host page by `oem-hub.js`; knows nothing but its embed token.

mod deep_link;
mod events;
mod fetch;
mod hub_client;
mod js_object;
mod memory;
mod oauth;
mod partner_menu;
mod problem_box;
mod proxy_url;
mod sheet_frame;
mod sign_in;
mod style;
mod tenant;
mod view;

pub use deep_link::{DeepLink, PARAM as DEEP_LINK_PARAM};
pub use events::HostEvent;
pub use view::{EmbedOptions, mount};
