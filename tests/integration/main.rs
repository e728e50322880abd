//! The one integration-test binary: the hub and the emulator run in-process on port 0 with a
//! fresh database per test (`helpers::TestApp`); browser tests drive headless Chromium.

#![allow(clippy::unwrap_used)]

mod access;
mod admin_console;
mod admin_hybrid;
mod admin_onboarding;
mod admin_views;
mod api_errors;
mod architecture;
mod attacks;
mod browser;
mod bundle;
mod cli;
mod cli_hybrid;
mod cli_provision;
mod cli_tokens;
mod contract;
mod embed_sessions;
mod embed_ui;
mod embedding;
mod emulator_client;
mod fidelity;
mod helpers;
mod hub_ui;
mod hybrid;
mod hybrid_errors;
mod hybrid_site;
mod hybrid_sync;
mod jwt_login;
mod lifecycle;
mod lists;
mod menu_options;
mod persist;
mod privilege;
mod provision;
mod proxy;
mod proxy_ui;
mod qlik_embed;
mod realism;
mod refresh;
mod reloads;
mod replicas;
mod rest;
mod rollout;
mod store;
mod store_hybrid;
mod store_jobs;
mod store_tokens;
mod tenant_lifecycle;
mod tutorial;
mod users;
mod users_spaces;
mod users_write;
mod variables;
mod webhooks;
