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
    /// A pledge's 履约状态, one of `pledge_fulfilment`'s stored words.
    pub pledge_status: Option<String>,
    /// A pledge's due date (承诺履行期限), if it has one.
    pub pledge_due: Option<NaiveDate>,
    /// The day a pledge was kept (践诺日期).
    pub pledge_fulfilled_on: Option<NaiveDate>,
    /// 敏感: stored, never published.
    pub sensitive: bool,
    /// 简易程序 penalties: stored, never published.
    pub simple_procedure: bool,
    /// A penalty in a strict domain (1-year minimum publicity before credit
    /// repair), decided at validation by `publicity::penalty_is_strict`.
    pub strict_domain: bool,
    /// A government integrity record's accountable department: the civil
    /// servant's 所在单位, or the government body itself. Its profile counts
    /// the record (`validate_row` decides it; None for other kinds).
    #[serde(default)]
    pub unit: Option<DepartmentRef>,
    /// Every national column, in file order, with personal IDs masked.
    pub public_columns: Vec<(String, String)>,
    /// Back-office only: the unmasked values of personal-ID columns, and the
    /// file's own columns the portal does not use (under the file's header).
    pub private_columns: Vec<(String, String)>,
}

impl NewRecord {
    /// A record is identified by its kind, its authority, its decision
    /// document number and its subject: re-importing the same row finds the
    /// same record, and co-defendants under one number are separate records.
    pub fn record_key(&self) -> String {
        record_key(
            self.kind,
            &self.authority.uscc,
            &self.doc_no,
            &self.subject.identity_key(),
        )
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
        record_content_hash(
            self.kind,
            &self.subject.identity_key(),
            &self.public_columns,
            &self.private_columns,
        )
    }
}

/// See [`NewRecord::content_hash`]; also used to re-hash a stored record whose
/// columns a start-up backfill changed.
pub fn record_content_hash(
    kind: RecordKind,
    subject_identity_key: &str,
    public_columns: &[(String, String)],
    private_columns: &[(String, String)],
) -> String {
    let canonical = serde_json::json!({
        "kind": kind.code(),
        "subject": subject_identity_key,
        "public": public_columns,
        "private": private_columns,
    });
    content_hash(canonical.to_string().as_bytes())
}

/// The subject identity key a stored record key ends with (see [`record_key`]).
pub fn subject_key_of_record_key(key: &str) -> Option<&str> {
    key.splitn(4, '|').nth(3)
}

/// See [`NewRecord::record_key`]: `kind|authority USCC|document number|subject identity key`.
///
/// Whitespace inside document numbers is not significant (files differ in how
/// they space `〔2023〕`). The subject comes last, as the file gives it
/// ([`SubjectIdentity::identity_key`]), not as merges later resolve it: a
/// published list or a joint decision names several subjects under one 案号 /
/// 认定文书号, and each is its own record. Migration 0010 rewrote keys stored
/// in the earlier three-part form by appending this last part, so the first
/// three parts must keep their format. Nothing parses a key back: it is only
/// compared whole.
pub fn record_key(kind: RecordKind, authority_uscc: &str, doc_no: &str, subject_identity_key: &str) -> String {
    let doc: String = doc_no.chars().filter(|c| !c.is_whitespace()).collect();
    format!("{}|{}|{}|{}", kind.code(), authority_uscc, doc, subject_identity_key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_key_gives_back_its_subject() {
        let key = record_key(
            RecordKind::Penalty,
            "11620200013900001M",
            "嘉市监罚 〔2026〕 1号",
            "MASKED:张|三:110105********002X",
        );
        assert_eq!(subject_key_of_record_key(&key), Some("MASKED:张|三:110105********002X"));
        assert_eq!(subject_key_of_record_key("penalty|x"), None);
    }

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

    const AUTHORITY: &str = "11620200013900010K";
    const DOC: &str = "嘉应急黑〔2026〕7号";

    fn company(name: &str, uscc: Option<&str>) -> SubjectIdentity {
        SubjectIdentity {
            kind: SubjectKind::Organisation,
            name: name.into(),
            uscc: uscc.map(str::to_string),
            id_number: None,
            id_masked: None,
        }
    }

    fn entry(subject: SubjectIdentity, doc_no: &str) -> NewRecord {
        NewRecord {
            kind: RecordKind::Blacklist,
            subject,
            authority: DepartmentRef {
                name: "嘉峪关市应急管理局".into(),
                uscc: AUTHORITY.into(),
            },
            source: DepartmentRef {
                name: "嘉峪关市应急管理局".into(),
                uscc: AUTHORITY.into(),
            },
            doc_no: doc_no.into(),
            title: "严重失信主体名单".into(),
            category: None,
            decision_date: NaiveDate::from_ymd_opt(2026, 5, 1).unwrap(),
            start_date: NaiveDate::from_ymd_opt(2026, 5, 1).unwrap(),
            end_date: None,
            fine_fen: None,
            confiscated_fen: None,
            list_name: Some("严重失信主体名单".into()),
            pledge_status: None,
            pledge_due: None,
            pledge_fulfilled_on: None,
            sensitive: false,
            simple_procedure: false,
            strict_domain: false,
            unit: None,
            public_columns: vec![],
            private_columns: vec![],
        }
    }

    #[test]
    fn record_key_ignores_spaces_in_doc_numbers() {
        assert_eq!(
            record_key(RecordKind::Penalty, "X", "嘉市监罚 〔2023〕 12号", "USCC:Y"),
            record_key(RecordKind::Penalty, "X", "嘉市监罚〔2023〕12号", "USCC:Y")
        );
        // Full-width spaces too: they are Unicode whitespace.
        assert_eq!(
            record_key(RecordKind::Penalty, "X", "嘉市监罚\u{3000}〔2023〕12号", "USCC:Y"),
            record_key(RecordKind::Penalty, "X", "嘉市监罚〔2023〕12号", "USCC:Y")
        );
    }

    #[test]
    fn record_key_is_the_three_part_key_with_the_subject_appended() {
        // Migration 0010 relies on this: new key = old key || '|' || identity key.
        assert_eq!(
            record_key(
                RecordKind::Blacklist,
                AUTHORITY,
                "嘉应急黑 〔2026〕 7号",
                "USCC:91320322MABLP2X24R"
            ),
            "blacklist|11620200013900010K|嘉应急黑〔2026〕7号|USCC:91320322MABLP2X24R"
        );
    }

    #[test]
    fn co_defendants_under_one_number_have_their_own_keys() {
        let a = entry(company("甲公司", Some("91320322MABLP2X24R")), DOC);
        let b = entry(company("乙公司", Some("913101151324074865")), DOC);
        let c = entry(company("丙公司", None), DOC);
        let keys = [a.record_key(), b.record_key(), c.record_key()];
        assert_ne!(keys[0], keys[1]);
        assert_ne!(keys[0], keys[2]);
        assert_ne!(keys[1], keys[2]);
        assert_eq!(
            keys[2],
            "blacklist|11620200013900010K|嘉应急黑〔2026〕7号|NAME:organisation:丙公司"
        );
    }

    #[test]
    fn the_same_subject_and_number_is_the_same_record_whatever_the_name_spelling() {
        let first = entry(company("甲公司", Some("91320322MABLP2X24R")), "嘉应急黑〔2026〕7号");
        let respelt = entry(
            company("甲有限公司", Some("91320322MABLP2X24R")),
            "嘉应急黑 〔2026〕7号",
        );
        assert_eq!(first.record_key(), respelt.record_key());
        // Without a code the name is the identity, so another name is another subject.
        let unnamed = entry(company("丙公司", None), DOC);
        let renamed = entry(company("丙有限公司", None), DOC);
        assert_ne!(unnamed.record_key(), renamed.record_key());
    }

    #[test]
    fn another_authority_kind_or_number_is_another_record() {
        let base = entry(company("甲公司", Some("91320322MABLP2X24R")), DOC);
        let mut other = base.clone();
        other.doc_no = "嘉应急黑〔2026〕8号".into();
        assert_ne!(base.record_key(), other.record_key());
        let mut other = base.clone();
        other.authority.uscc = "11620200013900001M".into();
        assert_ne!(base.record_key(), other.record_key());
        let mut other = base.clone();
        other.kind = RecordKind::Redlist;
        assert_ne!(base.record_key(), other.record_key());
    }
}
