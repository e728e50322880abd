//! Fidelity to Qlik Cloud (issue 14): each behaviour where the emulator and the client were
//! checked against `@qlik/api` 2.19.0's types, qlik.dev or Qlik's own tutorial code.

mod csp;
mod decode;
mod groups;
mod least_privilege;
mod oauth;
mod propagation;
mod rate_limits;
mod reloads;
pub mod reports;
mod section_access;
mod shapes;
pub mod tasks;
mod unset;
mod users_filter;
mod webhooks;
