//! Full pages, one per route.

mod admin;
mod home;
mod not_found;

pub use admin::Admin;
pub use home::Home;
pub use not_found::NotFound;
