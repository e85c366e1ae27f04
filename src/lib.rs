//! How the portal runs: storage, import/export, demo data, the HTTP server.
//! The rules themselves live in the `app` crate; this crate does the I/O.

pub mod auth;
pub mod bench;
pub mod bench_download;
pub mod config;
pub mod demo;
pub mod demo_follow_up;
pub mod demo_load;
pub mod export;
pub mod http;
pub mod import;
pub mod live_calendar;
pub mod search;
pub mod settings;
pub mod startup;
pub mod store;
pub mod system_clock;
pub mod tick;
