//! oem-hub: one Qlik Cloud tenant per customer — provisioning control plane, embedding hub
//! and a local Qlik Cloud emulator. Built twice: `csr` (the browser UI) and `ssr` (the server).

#[cfg(all(feature = "csr", feature = "ssr"))]
compile_error!("features `csr` and `ssr` are never built together");

pub mod api;
pub mod app;
pub mod domain;
pub mod wire;

#[cfg(feature = "ssr")]
pub mod cli;
#[cfg(feature = "ssr")]
pub mod emulator;
#[cfg(feature = "ssr")]
pub mod fs_private;
#[cfg(feature = "ssr")]
pub mod http;
#[cfg(feature = "ssr")]
pub mod ops;
#[cfg(feature = "ssr")]
pub mod provision;
#[cfg(feature = "ssr")]
pub mod qlik;
#[cfg(feature = "ssr")]
pub mod rate;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod theme_archive;
