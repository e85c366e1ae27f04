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

/// What a change-log row records: the entity and the operation, one variant
/// for each pair the portal writes. Rows store the two codes ([`Change::entity`],
/// [`Change::op`]); the words ([`Change::label`]) are a total match, so a new
/// operation cannot reach a feed without its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Change {
    RecordPublish,
    RecordDraft,
    RecordPropose,
    RecordNotify,
    RecordList,
    RecordDrop,
    RecordRemove,
    RecordRenew,
    RecordDelist,
    RecordCorrect,
    RecordFulfil,
    RecordWithdraw,
    RecordRepair,
    RecordExpire,
    RecordOrderRemedy,
    RecordRemedyDone,
    RecordRemedyOverdue,
    SubjectCreate,
    SubjectMerge,
    SubmissionReceive,
    SubmissionStatus,
    SubmissionOverdue,
    StaffCreate,
    StaffPassword,
    StaffDisable,
    StaffEnable,
    EvaluationPublish,
    EvaluationWithdraw,
    ListCreate,
    ListConfigure,
    CasePublish,
    CaseWithdraw,
    ReportIssue,
}

impl Change {
    pub const ALL: [Change; 33] = [
        Change::RecordPublish,
        Change::RecordDraft,
        Change::RecordPropose,
        Change::RecordNotify,
        Change::RecordList,
        Change::RecordDrop,
        Change::RecordRemove,
        Change::RecordRenew,
        Change::RecordDelist,
        Change::RecordCorrect,
        Change::RecordFulfil,
        Change::RecordWithdraw,
        Change::RecordRepair,
        Change::RecordExpire,
        Change::RecordOrderRemedy,
        Change::RecordRemedyDone,
        Change::RecordRemedyOverdue,
        Change::SubjectCreate,
        Change::SubjectMerge,
        Change::SubmissionReceive,
        Change::SubmissionStatus,
        Change::SubmissionOverdue,
        Change::StaffCreate,
        Change::StaffPassword,
        Change::StaffDisable,
        Change::StaffEnable,
        Change::EvaluationPublish,
        Change::EvaluationWithdraw,
        Change::ListCreate,
        Change::ListConfigure,
        Change::CasePublish,
        Change::CaseWithdraw,
        Change::ReportIssue,
    ];

    /// The entity code stored in `change_log.entity`.
    pub fn entity(self) -> &'static str {
        match self {
            Change::RecordPublish => "record",
            Change::RecordDraft => "record",
            Change::RecordPropose => "record",
            Change::RecordNotify => "record",
            Change::RecordList => "record",
            Change::RecordDrop => "record",
            Change::RecordRemove => "record",
            Change::RecordRenew => "record",
            Change::RecordDelist => "record",
            Change::RecordCorrect => "record",
            Change::RecordFulfil => "record",
            Change::RecordWithdraw => "record",
            Change::RecordRepair => "record",
            Change::RecordExpire => "record",
            Change::RecordOrderRemedy => "record",
            Change::RecordRemedyDone => "record",
            Change::RecordRemedyOverdue => "record",
            Change::SubjectCreate => "subject",
            Change::SubjectMerge => "subject",
            Change::SubmissionReceive => "submission",
            Change::SubmissionStatus => "submission",
            Change::SubmissionOverdue => "submission",
            Change::StaffCreate => "staff",
            Change::StaffPassword => "staff",
            Change::StaffDisable => "staff",
            Change::StaffEnable => "staff",
            Change::EvaluationPublish => "evaluation",
            Change::EvaluationWithdraw => "evaluation",
            Change::ListCreate => "list",
            Change::ListConfigure => "list",
            Change::CasePublish => "case",
            Change::CaseWithdraw => "case",
            Change::ReportIssue => "report",
        }
    }

    /// The operation code stored in `change_log.op`.
    pub fn op(self) -> &'static str {
        match self {
            Change::RecordPublish => "publish",
            Change::RecordDraft => "draft",
            Change::RecordPropose => "propose",
            Change::RecordNotify => "notify",
            Change::RecordList => "list",
            Change::RecordDrop => "drop",
            Change::RecordRemove => "remove",
            Change::RecordRenew => "renew",
            Change::RecordDelist => "delist",
            Change::RecordCorrect => "correct",
            Change::RecordFulfil => "fulfil",
            Change::RecordWithdraw => "withdraw",
            Change::RecordRepair => "repair",
            Change::RecordExpire => "expire",
            Change::RecordOrderRemedy => "order_remedy",
            Change::RecordRemedyDone => "remedy_done",
            Change::RecordRemedyOverdue => "remedy_overdue",
            Change::SubjectCreate => "create",
            Change::SubjectMerge => "merge",
            Change::SubmissionReceive => "receive",
            Change::SubmissionStatus => "status",
            Change::SubmissionOverdue => "overdue",
            Change::StaffCreate => "create",
            Change::StaffPassword => "password",
            Change::StaffDisable => "disable",
            Change::StaffEnable => "enable",
            Change::EvaluationPublish => "publish",
            Change::EvaluationWithdraw => "withdraw",
            Change::ListCreate => "create",
            Change::ListConfigure => "configure",
            Change::CasePublish => "publish",
            Change::CaseWithdraw => "withdraw",
            Change::ReportIssue => "issue",
        }
    }

    /// The change a stored row's codes name, if the portal writes it.
    pub fn from_codes(entity: &str, op: &str) -> Option<Change> {
        Change::ALL.into_iter().find(|c| c.entity() == entity && c.op() == op)
    }

    /// The words for the change, as the feeds and the back-office show it.
    pub fn label(self) -> &'static str {
        match self {
            Change::RecordPublish => "新增公示",
            Change::RecordDraft => "保存为待上线",
            Change::RecordPropose => "拟列入名单",
            Change::RecordNotify => "告知拟列入",
            Change::RecordList => "新增公示（列入名单）",
            Change::RecordDrop => "不予列入",
            Change::RecordRemove => "提前移出名单",
            Change::RecordRenew => "名单续期",
            Change::RecordDelist => "移出名单",
            Change::RecordCorrect => "更正",
            Change::RecordFulfil => "登记践诺情况",
            Change::RecordWithdraw => "撤销公示",
            Change::RecordRepair => "信用修复，停止公示",
            Change::RecordExpire => "公示期满",
            Change::RecordOrderRemedy => "通报：责令书面说明或限期整改",
            Change::RecordRemedyDone => "通报：整改完成",
            Change::RecordRemedyOverdue => "通报：逾期未整改",
            Change::SubjectCreate => "新增主体",
            Change::SubjectMerge => "主体合并",
            Change::SubmissionReceive => "收到公众提交",
            Change::SubmissionStatus => "办理进展",
            Change::SubmissionOverdue => "办理超期",
            Change::StaffCreate => "新增后台账号",
            Change::StaffPassword => "后台账号密码变更",
            Change::StaffDisable => "停用后台账号",
            Change::StaffEnable => "启用后台账号",
            Change::EvaluationPublish => "发布政务诚信评价结果",
            Change::EvaluationWithdraw => "撤回政务诚信评价结果",
            Change::ListCreate => "新增名单",
            Change::ListConfigure => "名单配置变更",
            Change::CasePublish => "发布典型案例",
            Change::CaseWithdraw => "撤回典型案例",
            Change::ReportIssue => "出具信用报告",
        }
    }
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

    #[test]
    fn every_change_is_found_by_its_codes_and_has_its_own_words() {
        let mut labels = std::collections::HashSet::new();
        for c in Change::ALL {
            assert_eq!(Change::from_codes(c.entity(), c.op()), Some(c));
            assert!(labels.insert(c.label()), "{c:?} shares its words");
        }
        assert_eq!(Change::from_codes("record", "teleport"), None);
    }
}
