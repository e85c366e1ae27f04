//! The query code of a submission, derived from its form id with the server's
//! secret: HMAC-SHA256(secret, form_id) mapped onto the code alphabet. Deriving
//! it (rather than drawing it at random) lets a re-posted form show the same code
//! again while the database keeps only a salted hash of it; HMAC (the `hmac`
//! crate) makes it unpredictable to anyone without the secret.

use app::domain::tracking::code_from_bytes;
use hmac::{Hmac, Mac};
use sha2::Sha256;

pub fn derive(secret: &[u8], form_id: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes a key of any length");
    mac.update(form_id.as_bytes());
    code_from_bytes(&mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::domain::tracking::is_query_code;

    #[test]
    fn same_form_same_code_other_secret_other_code() {
        let a = derive(b"secret-one", "form-1");
        assert!(is_query_code(&a), "{a}");
        assert_eq!(a, derive(b"secret-one", "form-1"));
        assert_ne!(a, derive(b"secret-two", "form-1"));
        assert_ne!(a, derive(b"secret-one", "form-2"));
    }
}
