//! The hub's HTTP server: configuration, shared state, routes and the application lifecycle.
//! Everything is in the library so tests run the real server in-process on port 0.

pub mod admin_auth;
mod application;
mod clock;
pub mod config;
pub mod context;
mod error;
pub mod provisioning;
pub mod proxy;
pub mod rest;
mod routes;
pub mod signer;
mod state;
pub mod telemetry;
pub mod throttle;
pub mod user_credential;

pub use application::Application;
pub use clock::Clock;
pub use config::Settings;
pub use error::AppError;
pub use routes::router;
pub use state::AppState;
