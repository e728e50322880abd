//! The hub's use cases, one function each, called alike by every door: the console's server
//! functions, the REST handlers and the CLI. They take and return domain and wire types.

pub mod customers;
pub mod embed;
pub mod error;
pub mod host_apps;
pub mod host_jwt;
pub mod hybrid;
pub mod input;
pub mod jobs;
pub mod menu;
pub mod reloads;
pub mod rollouts;
mod stored;
pub mod templates;
pub mod tokens;
pub mod users;
