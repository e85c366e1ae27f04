//! Session tokens: 32 random bytes in the cookie; only their SHA-256 is stored,
//! so a leaked database does not hand out live sessions.

use sha2::{Digest, Sha256};

/// Name of the back-office session cookie (path `/admin`).
pub const COOKIE: &str = "portal_admin";

/// A new random token for the cookie (64 hex characters).
pub fn new_token() -> String {
    hex::encode(rand::random::<[u8; 32]>())
}

/// What the database stores for `token`.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Whether a cookie value has the shape of a token (so junk never reaches SQL).
pub fn looks_like_token(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hashed() {
        let t = new_token();
        assert!(looks_like_token(&t));
        assert_ne!(t, new_token());
        assert_eq!(token_hash(&t).len(), 64);
        assert_ne!(token_hash(&t), t);
        assert!(!looks_like_token("abc"));
    }
}
