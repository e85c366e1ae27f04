//! Random tokens for CSRF cookies and form ids.

/// A fresh random token (hex of 16 bytes) for form ids and CSRF tokens.
pub fn random_token() -> String {
    hex::encode(rand::random::<[u8; 16]>())
}

/// Whether a text looks like a token made by [`random_token`].
pub fn is_token(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens() {
        let t = random_token();
        assert!(is_token(&t));
        assert_ne!(t, random_token());
        assert!(!is_token("xyz"));
    }
}
