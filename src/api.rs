//! Server functions and the DTOs they exchange: the only door between the UI and the server.
//! Bodies run on the server (feature `ssr`); the browser build gets generated HTTP clients.

mod error;
mod status;

pub use error::{ApiError, ErrorCode};
pub use status::{HubStatus, check_status};
