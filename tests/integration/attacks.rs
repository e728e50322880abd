//! The attack suite (issue 13): one test per way across a trust boundary that was found open,
//! plus the ones that held, so they stay held. Each file is one boundary.

mod case_twins;
mod config_env;
pub mod cross_tenant;
mod emulator_roles;
mod held;
mod host_jwt;
mod hub_hardening;
mod proxy;
mod rotation;
mod scopes;
mod sign_in;
