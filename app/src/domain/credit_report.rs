//! The credit report (信用报告) of a subject: what it says is frozen when it
//! is issued, numbered, and given a verification code, so a bank or a tender
//! board can check at `/verify` that a printed report is genuine and read what
//! it said. The code is stored only as a salted hash (like a query code).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Report numbers: `BG-YYYYMMDD-` and 8 characters without look-alikes.
pub const NUMBER_PREFIX: &str = "BG";
const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// A report number for `day` from random bytes (8 are used).
pub fn report_number(day: NaiveDate, random: &[u8]) -> String {
    let tail: String = random
        .iter()
        .take(8)
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect();
    format!("{NUMBER_PREFIX}-{}-{tail}", day.format("%Y%m%d"))
}

/// Whether a typed text has the shape of a report number (after trimming and upper-casing).
pub fn is_report_number(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 3
        && parts[0] == NUMBER_PREFIX
        && parts[1].len() == 8
        && parts[1].bytes().all(|b| b.is_ascii_digit())
        && parts[2].len() == 8
        && parts[2].bytes().all(|b| ALPHABET.contains(&b))
}

/// One record as the report lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportLine {
    pub doc_no: String,
    pub title: String,
    pub authority: String,
    pub decision_date: String,
    pub end_date: Option<String>,
    pub status: String,
}

/// What a report says, frozen at issue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportContent {
    pub subject_name: String,
    pub subject_kind: String,
    pub uscc: Option<String>,
    pub id_masked: Option<String>,
    pub issued_at: String,
    /// Sections in `RecordKind::ALL` order: (kind label, lines); empty ones included.
    pub sections: Vec<(String, Vec<ReportLine>)>,
    pub on_blacklist: bool,
    pub on_redlist: bool,
}

impl ReportContent {
    /// The SHA-256 of the content as stored (changes if one character does).
    pub fn content_hash(&self) -> String {
        let json = serde_json::to_string(self).unwrap_or_default();
        hex::encode(Sha256::digest(json.as_bytes()))
    }

    pub fn record_count(&self) -> usize {
        self.sections.iter().map(|(_, l)| l.len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_a_checkable_shape() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let n = report_number(d, &[0, 1, 2, 3, 31, 32, 200, 255]);
        assert_eq!(n, "BG-20261127-2345Z2AZ");
        assert!(is_report_number(&n));
        assert!(!is_report_number("BG-2026112-2345Z2AZ"));
        assert!(!is_report_number("BG-20261127-2345Z2A0"), "0 is not in the alphabet");
        assert!(!is_report_number("YY-20261127-0001"));
    }

    #[test]
    fn the_hash_changes_with_the_content() {
        let mut c = ReportContent {
            subject_name: "甲公司".into(),
            subject_kind: "法人及非法人组织".into(),
            uscc: None,
            id_masked: None,
            issued_at: "2026-11-27 12:00".into(),
            sections: vec![("行政处罚".into(), vec![])],
            on_blacklist: false,
            on_redlist: false,
        };
        let h = c.content_hash();
        c.subject_name = "乙公司".into();
        assert_ne!(h, c.content_hash());
        assert_eq!(c.record_count(), 0);
    }
}
