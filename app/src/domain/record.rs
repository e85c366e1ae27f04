//! A validated record, ready to store: what the importer, the demo generator
//! and (later) the back-office form all produce, and the only thing the store accepts.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::change_chain::content_hash;
use super::kinds::{RecordKind, SubjectKind};

/// Who a record is about. The identity key decides which subject page it lands on:
/// records from different departments with the same code attach to one subject.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubjectIdentity {
    pub kind: SubjectKind,
    pub name: String,
    /// Upper-cased unified social credit code, when the subject has one.
    pub uscc: Option<String>,
    /// A natural person's full identity number: stored, never shown.
    pub id_number: Option<String>,
    /// The same number masked for display. Without `id_number` it is all the
    /// file gave: a published list's masked number (identity not verified).
    pub id_masked: Option<String>,
}

impl SubjectIdentity {
    /// `USCC:<code>` for organisations, `ID:<number>` for persons,
    /// `MASKED:<name>:<masked number>` for a person a published list names only
    /// by a masked number, and a name-based key only when the file gave none.
    pub fn identity_key(&self) -> String {
        if let Some(code) = &self.uscc {
            format!("USCC:{code}")
        } else if let Some(id) = &self.id_number {
            format!("ID:{id}")
        } else if let Some(masked) = &self.id_masked {
            format!("MASKED:{}:{masked}", self.name)
        } else {
            format!("NAME:{}:{}", self.kind.code(), self.name)
        }
    }

    /// Whether the subject is identified by a full code or number (`USCC:`,
    /// `ID:`); a masked number or a name alone (`MASKED:`, `NAME:`) is not verified.
    pub fn identity_verified(&self) -> bool {
        self.uscc.is_some() || self.id_number.is_some()
    }
}

/// Whether a subject's identity key rests on a verified code or full ID number.
/// A published list's masked ID (`MASKED:`) or a bare name (`NAME:`) does not:
/// such a subject is shown as 身份未核验.
pub fn is_verified_identity_key(key: &str) -> bool {
    key.starts_with("USCC:") || key.starts_with("ID:")
}

/// A department (issuing authority or data-providing unit).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepartmentRef {
    pub name: String,
    pub uscc: String,
}

/// A record that passed validation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewRecord {
    pub kind: RecordKind,
    pub subject: SubjectIdentity,
    pub authority: DepartmentRef,
    pub source: DepartmentRef,
    /// Decision document number (文书号), as given.
    pub doc_no: String,
    /// One line that says what the record is (处罚内容, 许可内容, 名单名称 …).
    pub title: String,
    pub category: Option<String>,
    pub decision_date: NaiveDate,
    /// First day of public visibility (decision date; 列入日期 for list entries).
    pub start_date: NaiveDate,
    /// Last day of public visibility (公示截止期, 有效期至, 移出日期), if any.
    pub end_date: Option<NaiveDate>,
    pub fine_fen: Option<i64>,
    pub confiscated_fen: Option<i64>,
    pub list_name: Option<String>,
    pub pledge_status: Option<String>,
    /// 敏感: stored, never published.
    pub sensitive: bool,
    /// 简易程序 penalties: stored, never published.
    pub simple_procedure: bool,
    /// Every national column, in file order, with personal IDs masked.
    pub public_columns: Vec<(String, String)>,
    /// Back-office only: the unmasked values of personal-ID columns, and the
    /// file's own columns the portal does not use (under the file's header).
    pub private_columns: Vec<(String, String)>,
}

impl NewRecord {
    /// A record is identified by its kind, its authority and its decision
    /// document number: re-importing the same row finds the same record.
    pub fn record_key(&self) -> String {
        record_key(self.kind, &self.authority.uscc, &self.doc_no)
    }

    /// Keeps a file's own columns the portal does not use with the record:
    /// never published, shown in the back-office and exported back.
    pub fn keep_file_columns(&mut self, extras: Vec<(String, String)>) {
        for (header, value) in extras {
            if !self.private_columns.iter().any(|(name, _)| *name == header) {
                self.private_columns.push((header, value));
            }
        }
    }

    /// Hash of everything a department said about the record; a re-import with
    /// the same hash changes nothing, a different hash is a correction.
    pub fn content_hash(&self) -> String {
        let canonical = serde_json::json!({
            "kind": self.kind.code(),
            "subject": self.subject.identity_key(),
            "public": self.public_columns,
            "private": self.private_columns,
        });
        content_hash(canonical.to_string().as_bytes())
    }
}

/// See [`NewRecord::record_key`]. Whitespace inside document numbers is not significant.
pub fn record_key(kind: RecordKind, authority_uscc: &str, doc_no: &str) -> String {
    let doc: String = doc_no.chars().filter(|c| !c.is_whitespace()).collect();
    format!("{}|{}|{}", kind.code(), authority_uscc, doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_key_prefers_codes() {
        let mut s = SubjectIdentity {
            kind: SubjectKind::NaturalPerson,
            name: "张三".into(),
            uscc: None,
            id_number: Some("11010519491231002X".into()),
            id_masked: Some("110105********002X".into()),
        };
        assert_eq!(s.identity_key(), "ID:11010519491231002X");
        assert!(s.identity_verified());
        s.id_number = None;
        assert_eq!(s.identity_key(), "MASKED:张三:110105********002X");
        assert!(!s.identity_verified());
        s.id_masked = None;
        assert_eq!(s.identity_key(), "NAME:natural_person:张三");
        assert!(!s.identity_verified());
        s.uscc = Some("91330000755918469E".into());
        assert_eq!(s.identity_key(), "USCC:91330000755918469E");
        assert!(s.identity_verified());
        s.id_masked = Some("110105********002X".into());
        assert_eq!(s.identity_key(), "USCC:91330000755918469E");
    }

    #[test]
    fn record_key_ignores_spaces_in_doc_numbers() {
        assert_eq!(
            record_key(RecordKind::Penalty, "X", "嘉市监罚 〔2023〕 12号"),
            record_key(RecordKind::Penalty, "X", "嘉市监罚〔2023〕12号")
        );
    }
}
