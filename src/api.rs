//! Server functions and the DTOs they exchange: the only door between the UI and the server.
//! Bodies run on the server (feature `ssr`); the browser build gets generated HTTP clients.

mod admin;
mod console;
mod embed;
mod error;
mod hybrid;
mod provisioning;
mod status;
mod tokens;

pub use admin::{
    AdminIdentity, CustomerSummary, SlugCheck, admin_login, admin_logout, admin_me,
    check_customer_slug, list_customers,
};
pub use console::{ModuleChoice, list_module_choices, preview_token};
pub use embed::{
    Cause, Diagnosis, DiagnosisRequest, EmbedSetup, Finding, MenuModule, MenuSheet, QlikLogin,
    QlikToken, Symptom,
};
pub use error::{ApiError, ErrorCode};
pub use hybrid::{
    HybridApp, HybridSheet, HybridView, hybrid_adopt, hybrid_expose, hybrid_setup, hybrid_token,
    load_hybrid,
};
pub use provisioning::{JobView, apply_customer, create_customer, job_status, plan_customer};
pub use status::{HubDetails, HubStatus, check_status};
pub use tokens::{
    IssuedToken, NewTokenRequest, TokenView, create_api_token, list_api_tokens, revoke_api_token,
    rotate_api_token,
};
