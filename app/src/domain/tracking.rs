//! Tracking numbers and query codes of public submissions.
//!
//! A tracking number is `TS-YYYYMMDD-NNNN` (China date, per-day sequence). The
//! query code is 12 characters from an alphabet without look-alikes (no I, L,
//! O, 0, 1). Only `sha256(salt ␟ code)` is stored: the code is random with about
//! 59 bits of entropy, so a fast hash is enough — a slow password hash protects
//! low-entropy secrets that can be guessed, which this is not.

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

pub const CODE_ALPHABET: &str = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
pub const CODE_LEN: usize = 12;
/// Prefix of complaints (投诉举报).
pub const TRACKING_PREFIX: &str = "TS";
/// Prefix of objections (异议申诉).
pub const OBJECTION_PREFIX: &str = "YY";
/// Prefix of credit repair applications (信用修复).
pub const REPAIR_PREFIX: &str = "XF";
/// Prefix of credit pledges (信用承诺).
pub const PLEDGE_PREFIX: &str = "CN";
/// Prefix of black-list removal applications (移出申请).
pub const REMOVAL_PREFIX: &str = "YC";
/// Every prefix a tracking number may have.
pub const PREFIXES: [&str; 5] = [
    TRACKING_PREFIX,
    OBJECTION_PREFIX,
    REPAIR_PREFIX,
    PLEDGE_PREFIX,
    REMOVAL_PREFIX,
];

/// `TS-20261127-0001`. Sequences past 9999 simply get more digits.
pub fn tracking_number(day: NaiveDate, seq: i64) -> String {
    tracking_number_with(TRACKING_PREFIX, day, seq)
}

/// A tracking number with another kind's prefix, e.g. `YY-20261127-0002`.
/// The per-day sequence is shared by every kind.
pub fn tracking_number_with(prefix: &str, day: NaiveDate, seq: i64) -> String {
    format!("{prefix}-{}-{seq:04}", day_key(day))
}

/// `20261127`: the per-day sequence's key.
pub fn day_key(day: NaiveDate) -> String {
    day.format("%Y%m%d").to_string()
}

/// Upper-cases, trims and folds full-width characters, so what a user types matches.
pub fn normalize(input: &str) -> String {
    super::script::fold_width(input).trim().to_ascii_uppercase()
}

/// Whether a (normalized) text has the shape of a tracking number.
pub fn is_tracking_number(s: &str) -> bool {
    let mut parts = s.split('-');
    matches!(
        (parts.next(), parts.next(), parts.next(), parts.next()),
        (Some(p), Some(d), Some(n), None)
            if PREFIXES.contains(&p) && d.len() == 8 && d.bytes().all(|b| b.is_ascii_digit())
                && (4..=6).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit())
    )
}

/// Whether a (normalized) text has the shape of a query code.
pub fn is_query_code(s: &str) -> bool {
    s.len() == CODE_LEN && s.chars().all(|c| CODE_ALPHABET.contains(c))
}

/// A query code from (at least 12) random or pseudo-random bytes. `b % 31` is
/// very slightly biased (256 = 8×31 + 8); at 12 characters that costs well under a bit.
pub fn code_from_bytes(bytes: &[u8]) -> String {
    let alphabet = CODE_ALPHABET.as_bytes();
    bytes
        .iter()
        .take(CODE_LEN)
        .map(|b| alphabet[*b as usize % alphabet.len()] as char)
        .collect()
}

/// What is stored for a code: hex `sha256(salt ␟ code)`.
pub fn code_hash(salt: &str, code: &str) -> String {
    let mut h = Sha256::new();
    h.update(salt.as_bytes());
    h.update([0x1f]);
    h.update(code.as_bytes());
    hex::encode(h.finalize())
}

/// Compares a typed code with the stored hash in time independent of where they differ.
pub fn code_matches(salt: &str, code: &str, stored_hash: &str) -> bool {
    let computed = code_hash(salt, code);
    computed.len() == stored_hash.len()
        && computed
            .bytes()
            .zip(stored_hash.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracking_numbers() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        assert_eq!(tracking_number(d, 1), "TS-20261127-0001");
        assert_eq!(tracking_number(d, 12345), "TS-20261127-12345");
        assert!(is_tracking_number("TS-20261127-0001"));
        assert!(is_tracking_number(&normalize(" ts-20261127-0001 ")));
        assert_eq!(tracking_number_with(OBJECTION_PREFIX, d, 2), "YY-20261127-0002");
        for ok in ["YY-20261127-0001", "XF-20261127-0001", "CN-20261127-0001"] {
            assert!(is_tracking_number(ok), "{ok}");
        }
        for bad in [
            "TS-2026112-0001",
            "AB-20261127-0001",
            "TS-20261127-01",
            "TS-20261127-0001-1",
        ] {
            assert!(!is_tracking_number(bad), "{bad}");
        }
    }

    #[test]
    fn codes_use_only_the_alphabet() {
        let bytes: Vec<u8> = (0..=255u8).collect();
        let code = code_from_bytes(&bytes[200..]);
        assert_eq!(code.len(), CODE_LEN);
        assert!(is_query_code(&code), "{code}");
        assert!(!is_query_code("ABCDEFGHIJKL")); // I and L are not in the alphabet
        assert!(!is_query_code("ABC"));
    }

    #[test]
    fn hashes_are_salted_and_checked() {
        let h = code_hash("salt1", "ABCDEFGHJKMN");
        assert_ne!(h, code_hash("salt2", "ABCDEFGHJKMN"));
        assert!(code_matches("salt1", "ABCDEFGHJKMN", &h));
        assert!(!code_matches("salt1", "ABCDEFGHJKMP", &h));
        assert!(!code_matches("salt1", "ABCDEFGHJKMN", "short"));
    }
}
