//! Back-office authentication: argon2id password hashes and session tokens.
//! The rules about who may do what live in `app::domain::staff`.

pub mod password;
pub mod session_token;
