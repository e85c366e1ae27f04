//! The closed vocabularies of the portal: record kinds, subject kinds and the
//! legally exact status words shown to the public.

use serde::{Deserialize, Serialize};

/// The five kinds of disclosure of DOMAIN.md, plus government integrity records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum RecordKind {
    Permit,
    Penalty,
    Pledge,
    Redlist,
    Blacklist,
    Integrity,
}

impl RecordKind {
    pub const ALL: [RecordKind; 6] = [
        RecordKind::Permit,
        RecordKind::Penalty,
        RecordKind::Pledge,
        RecordKind::Redlist,
        RecordKind::Blacklist,
        RecordKind::Integrity,
    ];

    /// Stable English code used in URLs, the CLI and the database.
    pub fn code(self) -> &'static str {
        match self {
            RecordKind::Permit => "permit",
            RecordKind::Penalty => "penalty",
            RecordKind::Pledge => "pledge",
            RecordKind::Redlist => "redlist",
            RecordKind::Blacklist => "blacklist",
            RecordKind::Integrity => "integrity",
        }
    }

    pub fn from_code(code: &str) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The name the public knows the kind by.
    pub fn label(self) -> &'static str {
        match self {
            RecordKind::Permit => "行政许可",
            RecordKind::Penalty => "行政处罚",
            RecordKind::Pledge => "信用承诺",
            RecordKind::Redlist => "红名单",
            RecordKind::Blacklist => "黑名单",
            RecordKind::Integrity => "政务失信记录",
        }
    }

    pub fn is_list(self) -> bool {
        matches!(self, RecordKind::Redlist | RecordKind::Blacklist)
    }
}

/// 行政相对人类别. Government bodies (机关) hold USCCs starting with `11`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    Organisation,
    IndividualBusiness,
    NaturalPerson,
    GovernmentBody,
}

impl SubjectKind {
    pub const ALL: [SubjectKind; 4] = [
        SubjectKind::Organisation,
        SubjectKind::IndividualBusiness,
        SubjectKind::NaturalPerson,
        SubjectKind::GovernmentBody,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SubjectKind::Organisation => "organisation",
            SubjectKind::IndividualBusiness => "individual_business",
            SubjectKind::NaturalPerson => "natural_person",
            SubjectKind::GovernmentBody => "government_body",
        }
    }

    pub fn from_code(code: &str) -> Option<SubjectKind> {
        SubjectKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The national standard's word (行政相对人类别).
    pub fn label(self) -> &'static str {
        match self {
            SubjectKind::Organisation => "法人及非法人组织",
            SubjectKind::IndividualBusiness => "个体工商户",
            SubjectKind::NaturalPerson => "自然人",
            SubjectKind::GovernmentBody => "机关",
        }
    }

    /// Parses the 行政相对人类别 column (already in Simplified characters).
    /// Accepts the standard words and the words real files use (机构, 单位,
    /// 企业法人, 事业单位, 个体经营户, 个人 …); anything else is `None`.
    pub fn from_label(text: &str) -> Option<SubjectKind> {
        match text.trim() {
            "法人及非法人组织"
            | "法人"
            | "法人和非法人组织"
            | "非法人组织"
            | "企业"
            | "法人及其他组织"
            | "机构"
            | "单位"
            | "企业法人"
            | "其他组织"
            | "社会组织"
            | "事业单位"
            | "法人单位" => Some(SubjectKind::Organisation),
            "个体工商户" | "个体户" | "个体" | "个体经营户" => Some(SubjectKind::IndividualBusiness),
            "自然人" | "个人" => Some(SubjectKind::NaturalPerson),
            "机关" | "行政机关" | "政府机关" | "机关单位" => Some(SubjectKind::GovernmentBody),
            _ => None,
        }
    }
}

/// What the public sees about a record's standing. The words are legally exact
/// and must never be merged: an expired penalty (已到期) is not a repaired one (已修复).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PublicStatus {
    InPublicity,
    Expired,
    Withdrawn,
    Repaired,
    Listed,
    Delisted,
    /// A draft saved in the back-office and not yet put online.
    Pending,
}

impl PublicStatus {
    pub fn label(self) -> &'static str {
        match self {
            PublicStatus::InPublicity => "公示中",
            PublicStatus::Expired => "已到期",
            PublicStatus::Withdrawn => "已撤销",
            PublicStatus::Repaired => "已修复",
            PublicStatus::Listed => "列入名单",
            PublicStatus::Delisted => "移出名单",
            PublicStatus::Pending => "待上线",
        }
    }

    /// Whether a record in this status may be shown to the public.
    pub fn is_public(self) -> bool {
        matches!(self, PublicStatus::InPublicity | PublicStatus::Listed)
    }
}

/// The stored life-cycle state of a record (what the back-office did to it).
/// Visibility still follows the dates and the clock; `Expired` only records
/// that the scheduled tick saw the window or term end (see `crate::domain::expiry`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordState {
    Published,
    Withdrawn,
    Repaired,
    /// Saved by a department (保存为待上线): stored, never public, not searchable.
    Draft,
    /// 拟列入: a black-list entry proposed, not public.
    Proposed,
    /// 告知: the subject was notified; the defence period runs. Not public.
    Notified,
    /// 不予列入: the proposal was dropped. Never public.
    Dropped,
    /// The publicity window or list term ended (written by the tick).
    Expired,
    /// 提前移出: a list entry removed before its term on an approved removal application.
    Removed,
}

impl RecordState {
    pub const ALL: [RecordState; 9] = [
        RecordState::Published,
        RecordState::Withdrawn,
        RecordState::Repaired,
        RecordState::Draft,
        RecordState::Proposed,
        RecordState::Notified,
        RecordState::Dropped,
        RecordState::Expired,
        RecordState::Removed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RecordState::Published => "published",
            RecordState::Withdrawn => "withdrawn",
            RecordState::Repaired => "repaired",
            RecordState::Draft => "draft",
            RecordState::Proposed => "proposed",
            RecordState::Notified => "notified",
            RecordState::Dropped => "dropped",
            RecordState::Expired => "expired",
            RecordState::Removed => "removed",
        }
    }

    /// Whether the public ever saw a record in this state. A proposed,
    /// notified or dropped black-list entry was never published, so its page
    /// answers 404 (not even its existence is public).
    pub fn was_published(self) -> bool {
        !matches!(
            self,
            RecordState::Draft | RecordState::Proposed | RecordState::Notified | RecordState::Dropped
        )
    }

    pub fn from_code(code: &str) -> Option<RecordState> {
        match code {
            "published" => Some(RecordState::Published),
            "withdrawn" => Some(RecordState::Withdrawn),
            "repaired" => Some(RecordState::Repaired),
            "draft" => Some(RecordState::Draft),
            "proposed" => Some(RecordState::Proposed),
            "notified" => Some(RecordState::Notified),
            "dropped" => Some(RecordState::Dropped),
            "expired" => Some(RecordState::Expired),
            "removed" => Some(RecordState::Removed),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_words_are_distinct() {
        let all = [
            PublicStatus::InPublicity,
            PublicStatus::Expired,
            PublicStatus::Withdrawn,
            PublicStatus::Repaired,
            PublicStatus::Listed,
            PublicStatus::Delisted,
            PublicStatus::Pending,
        ];
        let mut labels: Vec<_> = all.iter().map(|s| s.label()).collect();
        labels.sort();
        labels.dedup();
        assert_eq!(labels.len(), all.len());
        assert_eq!(PublicStatus::Expired.label(), "已到期");
        assert_eq!(PublicStatus::Repaired.label(), "已修复");
    }

    #[test]
    fn kind_codes_round_trip() {
        for k in RecordKind::ALL {
            assert_eq!(RecordKind::from_code(k.code()), Some(k));
        }
        for k in SubjectKind::ALL {
            assert_eq!(SubjectKind::from_code(k.code()), Some(k));
            assert_eq!(SubjectKind::from_label(k.label()), Some(k));
        }
        assert_eq!(RecordKind::from_code("nope"), None);
    }

    #[test]
    fn record_states_round_trip_and_drafts_are_not_public() {
        for s in [
            RecordState::Published,
            RecordState::Withdrawn,
            RecordState::Repaired,
            RecordState::Draft,
        ] {
            assert_eq!(RecordState::from_code(s.code()), Some(s));
        }
        assert!(!PublicStatus::Pending.is_public());
    }

    #[test]
    fn record_states_round_trip_and_only_procedure_states_were_never_public() {
        let all = [
            RecordState::Published,
            RecordState::Withdrawn,
            RecordState::Repaired,
            RecordState::Proposed,
            RecordState::Notified,
            RecordState::Dropped,
            RecordState::Expired,
            RecordState::Removed,
            RecordState::Draft,
        ];
        for s in all {
            assert_eq!(RecordState::from_code(s.code()), Some(s));
        }
        let never: Vec<_> = all.into_iter().filter(|s| !s.was_published()).collect();
        assert_eq!(
            never,
            [
                RecordState::Proposed,
                RecordState::Notified,
                RecordState::Dropped,
                RecordState::Draft
            ]
        );
    }

    #[test]
    fn subject_kind_words_of_real_files() {
        for word in [
            "机构",
            "单位",
            "企业法人",
            "其他组织",
            "社会组织",
            "事业单位",
            "法人单位",
            "法人",
            "企业",
        ] {
            assert_eq!(SubjectKind::from_label(word), Some(SubjectKind::Organisation), "{word}");
        }
        for word in ["个体", "个体经营户", "个体工商户", "个体户"] {
            assert_eq!(
                SubjectKind::from_label(word),
                Some(SubjectKind::IndividualBusiness),
                "{word}"
            );
        }
        for word in ["个人", "自然人", " 自然人 "] {
            assert_eq!(
                SubjectKind::from_label(word),
                Some(SubjectKind::NaturalPerson),
                "{word}"
            );
        }
        assert_eq!(SubjectKind::from_label("机关单位"), Some(SubjectKind::GovernmentBody));
        for word in ["", "其他", "公司", "组织机构", "个体工商"] {
            assert_eq!(SubjectKind::from_label(word), None, "{word}");
        }
    }
}
