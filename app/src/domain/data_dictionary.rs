//! The data dictionary of the open data: for each kind, its national columns
//! (as in the CSV and NDJSON downloads) and the API field each one feeds.

use super::kinds::RecordKind;
use super::national_columns::{self as col, columns_for, key_columns, Visibility};

/// One line of the dictionary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DictionaryEntry {
    pub column: &'static str,
    pub required: bool,
    /// 公开 / 脱敏 / 不公开.
    pub publication: &'static str,
    /// The field of `GET /api/v1/records/{id}` it fills, when one does.
    pub api_field: Option<&'static str>,
}

/// The API field a national column fills for `kind`.
pub fn api_field(kind: RecordKind, column: &str) -> Option<&'static str> {
    let keys = key_columns(kind);
    let title = match kind {
        RecordKind::Permit => col::PERMIT_CONTENT,
        RecordKind::Penalty => col::PENALTY_CONTENT,
        RecordKind::Pledge => col::PLEDGE_MATTER,
        RecordKind::Redlist | RecordKind::Blacklist => col::LIST_REASON,
        RecordKind::Integrity => col::INTEGRITY_FACTS,
    };
    let category = match kind {
        RecordKind::Permit => Some(col::PERMIT_CATEGORY),
        RecordKind::Penalty => Some(col::PENALTY_CATEGORY),
        RecordKind::Pledge => Some(col::PLEDGE_TYPE),
        RecordKind::Redlist | RecordKind::Blacklist => Some(col::LIST_NAME),
        RecordKind::Integrity => Some(col::INTEGRITY_TYPE),
    };
    let end = match kind {
        RecordKind::Permit => Some(col::VALID_TO),
        RecordKind::Penalty | RecordKind::Integrity => Some(col::PUBLICITY_END),
        RecordKind::Redlist | RecordKind::Blacklist => Some(col::LIST_END),
        RecordKind::Pledge => None,
    };
    Some(match column {
        c if c == col::SUBJECT_NAME => "subject.name",
        c if c == col::SUBJECT_KIND => "subject.kind",
        c if c == col::USCC => "subject.uscc (GET /api/v1/subjects/{id})",
        c if c == keys.doc_no => "doc_no",
        c if c == keys.date => "decision_date",
        c if c == keys.authority => "authority.name",
        c if c == col::SOURCE => "source",
        c if c == title => "title",
        c if Some(c) == category => {
            if matches!(kind, RecordKind::Redlist | RecordKind::Blacklist) {
                "list_name"
            } else {
                "category"
            }
        }
        c if Some(c) == end => "end_date",
        c if c == col::FINE => "fine_fen (万元 × 1,000,000)",
        c if c == col::CONFISCATED => "confiscated_fen (万元 × 1,000,000)",
        c if c == col::PLEDGE_STATUS => "pledge_status",
        _ => return None,
    })
}

/// The dictionary of one kind, in file order.
pub fn dictionary(kind: RecordKind) -> Vec<DictionaryEntry> {
    columns_for(kind)
        .iter()
        .map(|c| DictionaryEntry {
            column: c.name,
            required: c.required,
            publication: match c.visibility {
                Visibility::Public => "公开",
                Visibility::PersonalId => "脱敏（保留前 6 位和后 4 位）",
                Visibility::Internal => "不公开",
            },
            api_field: api_field(kind, c.name),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_columns_of_every_kind_have_an_api_field() {
        for kind in RecordKind::ALL {
            let keys = key_columns(kind);
            for c in [keys.doc_no, keys.date, keys.authority, col::SUBJECT_NAME] {
                assert!(api_field(kind, c).is_some(), "{kind:?} {c}");
            }
            let d = dictionary(kind);
            assert_eq!(d.len(), columns_for(kind).len());
        }
        assert_eq!(api_field(RecordKind::Penalty, col::PENALTY_DOC_NO), Some("doc_no"));
        assert_eq!(api_field(RecordKind::Blacklist, col::LIST_NAME), Some("list_name"));
        assert_eq!(api_field(RecordKind::Penalty, "备注"), None);
    }

    #[test]
    fn personal_ids_are_marked_masked() {
        let d = dictionary(RecordKind::Penalty);
        let id = d.iter().find(|e| e.column == col::ID_NUMBER).unwrap();
        assert!(id.publication.starts_with("脱敏"));
    }
}
