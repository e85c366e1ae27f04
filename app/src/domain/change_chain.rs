//! The hash chain of the change log. Each row's hash covers the previous row's
//! hash and every stored field of the row, so anyone holding the public change
//! feed can recompute the chain and detect a removed, reordered or edited row.

use chrono::{DateTime, SecondsFormat, Utc};
use sha2::{Digest, Sha256};

/// The hash that precedes the first row.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The fields of one change-log row that the hash covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainEntry<'a> {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor: &'a str,
    pub op: &'a str,
    pub entity: &'a str,
    pub entity_id: i64,
    pub kind: Option<&'a str>,
    pub reason: Option<&'a str>,
    pub content_hash: Option<&'a str>,
}

/// Timestamps are hashed at microsecond precision, the finest both databases keep.
pub fn truncate_to_micros(at: DateTime<Utc>) -> DateTime<Utc> {
    let micros = at.timestamp_micros();
    DateTime::from_timestamp_micros(micros).unwrap_or(at)
}

/// `sha256(prev_hash | seq | at | actor | op | entity | entity_id | kind | reason | content_hash)`,
/// fields joined by `\u{1f}` (unit separator), absent fields as empty strings, hex encoded.
pub fn entry_hash(prev_hash: &str, e: &ChainEntry<'_>) -> String {
    let at = truncate_to_micros(e.at).to_rfc3339_opts(SecondsFormat::Micros, true);
    let seq = e.seq.to_string();
    let entity_id = e.entity_id.to_string();
    let fields: [&str; 10] = [
        prev_hash,
        &seq,
        &at,
        e.actor,
        e.op,
        e.entity,
        &entity_id,
        e.kind.unwrap_or(""),
        e.reason.unwrap_or(""),
        e.content_hash.unwrap_or(""),
    ];
    let mut h = Sha256::new();
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            h.update([0x1f]);
        }
        h.update(f.as_bytes());
    }
    hex::encode(h.finalize())
}

/// SHA-256 of arbitrary content, hex encoded (used for record content hashes).
pub fn content_hash(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Where a chain first fails to verify.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChainBreak {
    /// Sequence numbers must run 1, 2, 3 … without gaps.
    Gap { expected_seq: i64, found_seq: i64 },
    /// The stored previous hash is not the hash of the row before.
    PrevMismatch { seq: i64 },
    /// The stored hash is not the hash of the row's own fields.
    HashMismatch { seq: i64 },
}

impl std::fmt::Display for ChainBreak {
    /// The words `portal verify-log` and the audit view print.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChainBreak::Gap {
                expected_seq,
                found_seq,
            } => write!(f, "第 {expected_seq} 条缺失（下一条是第 {found_seq} 条）：有记录被删除"),
            ChainBreak::PrevMismatch { seq } => write!(f, "第 {seq} 条的前序哈希与上一条不符：链被改接"),
            ChainBreak::HashMismatch { seq } => write!(f, "第 {seq} 条的内容与其哈希不符：记录被改动"),
        }
    }
}

/// Incremental verifier: feed rows in sequence order.
pub struct ChainVerifier {
    expected_seq: i64,
    prev_hash: String,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        ChainVerifier {
            expected_seq: 1,
            prev_hash: GENESIS_HASH.to_string(),
        }
    }
}

impl ChainVerifier {
    pub fn push(&mut self, e: &ChainEntry<'_>, stored_prev: &str, stored_hash: &str) -> Result<(), ChainBreak> {
        if e.seq != self.expected_seq {
            return Err(ChainBreak::Gap {
                expected_seq: self.expected_seq,
                found_seq: e.seq,
            });
        }
        if stored_prev != self.prev_hash {
            return Err(ChainBreak::PrevMismatch { seq: e.seq });
        }
        if entry_hash(stored_prev, e) != stored_hash {
            return Err(ChainBreak::HashMismatch { seq: e.seq });
        }
        self.expected_seq += 1;
        self.prev_hash = stored_hash.to_string();
        Ok(())
    }

    pub fn rows_verified(&self) -> i64 {
        self.expected_seq - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(seq: i64, reason: Option<&'static str>) -> ChainEntry<'static> {
        ChainEntry {
            seq,
            at: DateTime::from_timestamp(1_700_000_000 + seq, 123_456_789).unwrap(),
            actor: "import",
            op: "publish",
            entity: "record",
            entity_id: seq * 10,
            kind: Some("penalty"),
            reason,
            content_hash: Some("abc"),
        }
    }

    #[test]
    fn a_valid_chain_verifies_and_an_edit_breaks_it() {
        let mut prev = GENESIS_HASH.to_string();
        let mut rows = Vec::new();
        for seq in 1..=3 {
            let e = entry(seq, None);
            let h = entry_hash(&prev, &e);
            rows.push((e, prev.clone(), h.clone()));
            prev = h;
        }
        let mut v = ChainVerifier::default();
        for (e, p, h) in &rows {
            v.push(e, p, h).unwrap();
        }
        assert_eq!(v.rows_verified(), 3);

        let mut v = ChainVerifier::default();
        v.push(&rows[0].0, &rows[0].1, &rows[0].2).unwrap();
        let edited = entry(2, Some("tampered"));
        assert_eq!(
            v.push(&edited, &rows[1].1, &rows[1].2),
            Err(ChainBreak::HashMismatch { seq: 2 })
        );

        let mut v = ChainVerifier::default();
        assert_eq!(
            v.push(&rows[1].0, &rows[1].1, &rows[1].2),
            Err(ChainBreak::Gap {
                expected_seq: 1,
                found_seq: 2
            })
        );
    }

    #[test]
    fn hash_ignores_sub_microsecond_noise() {
        let a = entry(1, None);
        let mut b = a.clone();
        b.at = truncate_to_micros(a.at);
        assert_eq!(entry_hash(GENESIS_HASH, &a), entry_hash(GENESIS_HASH, &b));
        assert_ne!(entry_hash(GENESIS_HASH, &a), entry_hash("x", &a));
    }
}
