//! What the portal is: domain types and rules (`domain`), the view models the
//! pages render (`views`), and the server-rendered Leptos pages (`pages`).
//! This crate does no I/O; the `portal` binary loads data and hands it in.

pub mod domain;
pub mod pages;
pub mod site;
pub mod views;
