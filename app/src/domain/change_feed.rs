//! How change-log rows read in the public feeds: which rows a feed may show at
//! all ([`row_is_public`]), the words for each operation, and what a feed entry
//! may say about a record. A record that is not publicly visible now is named
//! only by its kind and number: the feed says what happened, when and why,
//! never the withdrawn or expired content.
//!
//! Feeds list only what was published. A row about a record is public when its
//! operation is one of [`PUBLIC_RECORD_OPS`], the record's existence is public
//! (`visibility::existence_is_public`: not sensitive, not 简易, not a draft or a
//! black-list proposal) and the row does not precede the record's entry into
//! public view ([`ENTRY_OPS`]): a draft's corrections or a proposal's notice are
//! never shown, even once the record is published. Any operation not listed
//! here, including ones added later, is not public.

use super::change_chain::Change;
use super::kinds::RecordKind;

/// Operations by which a record enters public view: published at once, or a
/// black-list entry brought into force (列入) after its procedure.
pub const ENTRY_OPS: [&str; 2] = ["publish", "list"];

/// Operations that keep a record from the public: saved as a draft, proposed
/// for a black list, notified, dropped. A record enters public view with the
/// first [`ENTRY_OPS`] row *after* the last of these (a proposal stored
/// through the ordinary write path may carry an early `publish` row of its
/// own; it is not the entry).
pub const WITHHOLDING_OPS: [&str; 4] = ["draft", "propose", "notify", "drop"];

/// The sequence number at which a record entered public view, from its own
/// change-log rows `(seq, op)` in any order: the first [`ENTRY_OPS`] row after
/// its last [`WITHHOLDING_OPS`] row. The store computes the same in SQL from
/// the same constants.
pub fn entered_at_seq<'a>(history: impl IntoIterator<Item = (i64, &'a str)> + Clone) -> Option<i64> {
    let withheld_until = history
        .clone()
        .into_iter()
        .filter(|(_, op)| WITHHOLDING_OPS.contains(op))
        .map(|(seq, _)| seq)
        .max()
        .unwrap_or(0);
    history
        .into_iter()
        .filter(|(seq, op)| *seq > withheld_until && ENTRY_OPS.contains(op))
        .map(|(seq, _)| seq)
        .min()
}

/// Operations on a record that a public feed may show (see the module notes).
/// `draft`, `propose`, `notify`, `drop` are deliberately absent.
pub const PUBLIC_RECORD_OPS: [&str; 13] = [
    "publish",
    "list",
    "correct",
    "fulfil",
    "withdraw",
    "repair",
    "remove",
    "expire",
    "renew",
    "delist",
    // 公开通报 of a government integrity record's remedies (`integrity_remedy`).
    "order_remedy",
    "remedy_done",
    "remedy_overdue",
];

/// Operations on other entities that a public feed may show. None carries
/// record content or personal data; a subject's rows are shown only when the
/// subject itself may be known (`visibility::subject_existence_is_public`).
pub const PUBLIC_OTHER_OPS: [(&str, &str); 14] = [
    ("subject", "create"),
    ("subject", "merge"),
    ("submission", "receive"),
    ("submission", "status"),
    ("submission", "overdue"),
    ("report", "issue"),
    ("evaluation", "publish"),
    ("evaluation", "withdraw"),
    ("list", "create"),
    ("list", "configure"),
    ("staff", "create"),
    ("staff", "password"),
    ("staff", "disable"),
    ("staff", "enable"),
];

/// What the rule needs to know about the entity a change-log row is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowSubject {
    /// A record: whether its existence is public, and the sequence number of
    /// its first [`ENTRY_OPS`] row (None: it never entered public view).
    Record {
        existence_public: bool,
        entered_at_seq: Option<i64>,
    },
    /// A subject: whether the public may know of it.
    Subject { known: bool },
    /// Anything else (submissions, reports, lists, accounts).
    Other,
}

/// Whether the change-log row `seq` (`entity`, `op`) may appear in a public
/// feed. The JSON change feed publishes the other rows as redacted links (only
/// `seq`, `prev_hash`, `hash`), the Atom feeds leave them out.
pub fn row_is_public(entity: &str, op: &str, seq: i64, about: RowSubject) -> bool {
    match about {
        RowSubject::Record {
            existence_public,
            entered_at_seq,
        } => {
            entity == "record"
                && PUBLIC_RECORD_OPS.contains(&op)
                && existence_public
                && entered_at_seq.is_some_and(|entered| seq >= entered)
        }
        RowSubject::Subject { known } => entity == "subject" && known && PUBLIC_OTHER_OPS.contains(&(entity, op)),
        RowSubject::Other => !matches!(entity, "record" | "subject") && PUBLIC_OTHER_OPS.contains(&(entity, op)),
    }
}

/// The `op` a redacted row carries in the JSON change feed.
pub const REDACTED_OP: &str = "redacted";

/// The words for an operation on an entity ([`Change::label`]); a pair the
/// portal does not write (a row from a later version) reads "变更".
pub fn op_label(entity: &str, op: &str) -> &'static str {
    Change::from_codes(entity, op).map_or("变更", Change::label)
}

/// The title of a record's feed entry: with its document number and subject
/// when the record may be shown, with its kind and number only otherwise.
pub fn record_entry_title(op: &str, kind: &str, record_id: i64, shown: Option<(&str, &str)>) -> String {
    let kind = RecordKind::from_code(kind).map_or("信息", |k| k.label());
    match shown {
        Some((subject, doc_no)) => format!("{}：{kind} {doc_no}（{subject}）", op_label("record", op)),
        None => format!("{}：{kind}（编号 {record_id}）", op_label("record", op)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_withdrawn_record_is_named_by_kind_and_number_only() {
        assert_eq!(
            record_entry_title("withdraw", "penalty", 12, None),
            "撤销公示：行政处罚（编号 12）"
        );
        assert_eq!(
            record_entry_title("publish", "penalty", 12, Some(("甲公司", "嘉市监罚〔2026〕2号"))),
            "新增公示：行政处罚 嘉市监罚〔2026〕2号（甲公司）"
        );
        assert_eq!(op_label("submission", "status"), "办理进展");
        assert_eq!(op_label("nothing", "x"), "变更");
    }
    fn record(existence_public: bool, entered_at_seq: Option<i64>) -> RowSubject {
        RowSubject::Record {
            existence_public,
            entered_at_seq,
        }
    }

    #[test]
    fn only_what_was_published_reaches_a_feed() {
        // A black-list entry: proposed (5), notified (6), listed (9), corrected (10).
        let listed = record(true, Some(9));
        assert!(!row_is_public("record", "propose", 5, listed));
        assert!(!row_is_public("record", "notify", 6, listed));
        assert!(row_is_public("record", "list", 9, listed));
        assert!(row_is_public("record", "correct", 10, listed));
        assert!(row_is_public("record", "fulfil", 10, listed));
        assert_eq!(op_label("record", "fulfil"), "登记践诺情况");
        assert!(row_is_public("record", "withdraw", 11, listed));
        // A correction made before the entry was public stays hidden.
        assert!(!row_is_public("record", "correct", 7, listed));
        // A proposal still pending, or dropped: nothing at all.
        for op in ["propose", "notify", "drop", "correct"] {
            assert!(!row_is_public("record", op, 5, record(false, None)));
        }
        // A draft: hidden until published; then from the publication on.
        assert!(!row_is_public("record", "draft", 3, record(false, None)));
        assert!(!row_is_public("record", "draft", 3, record(true, Some(4))));
        assert!(row_is_public("record", "publish", 4, record(true, Some(4))));
        // Sensitive or 简易: its existence is not public, even its `publish` row.
        assert!(!row_is_public("record", "publish", 4, record(false, Some(4))));
        assert!(!row_is_public("record", "withdraw", 8, record(false, Some(4))));
        // A withdrawal of something that was public is shown.
        assert!(row_is_public("record", "withdraw", 8, record(true, Some(4))));
    }

    #[test]
    fn a_record_enters_public_view_after_its_procedure() {
        assert_eq!(entered_at_seq([(3, "publish"), (5, "correct")]), Some(3));
        assert_eq!(entered_at_seq([(3, "draft"), (4, "correct"), (7, "publish")]), Some(7));
        // A proposal written with an early `publish` row: the entry is `list`.
        let proposal = [(10, "publish"), (11, "propose"), (14, "notify"), (20, "list")];
        assert_eq!(entered_at_seq(proposal), Some(20));
        assert_eq!(entered_at_seq([(10, "publish"), (11, "propose"), (12, "drop")]), None);
        assert_eq!(entered_at_seq([(11, "propose")]), None);
        assert!(!row_is_public(
            "record",
            "publish",
            10,
            record(true, entered_at_seq(proposal))
        ));
    }

    #[test]
    fn unknown_operations_are_never_public() {
        assert!(!row_is_public("record", "publish_direct_v2", 9, record(true, Some(1))));
        assert!(!row_is_public("record", "", 9, record(true, Some(1))));
        assert!(!row_is_public("submission", "forward", 9, RowSubject::Other));
        assert!(!row_is_public("secret", "create", 9, RowSubject::Other));
        assert!(row_is_public("submission", "receive", 9, RowSubject::Other));
        // A row's facts must be about its own entity.
        assert!(!row_is_public("record", "publish", 9, RowSubject::Other));
        assert!(!row_is_public("subject", "create", 9, RowSubject::Other));
        assert!(!row_is_public(
            "subject",
            "create",
            9,
            RowSubject::Subject { known: false }
        ));
        assert!(row_is_public(
            "subject",
            "create",
            9,
            RowSubject::Subject { known: true }
        ));
    }

    #[test]
    fn entering_public_view_is_a_public_operation() {
        for op in ENTRY_OPS {
            assert!(PUBLIC_RECORD_OPS.contains(&op));
        }
        assert_eq!(op_label("record", "list"), "新增公示（列入名单）");
    }

    #[test]
    fn every_listed_operation_is_one_the_portal_writes() {
        for op in PUBLIC_RECORD_OPS.iter().chain(&ENTRY_OPS).chain(&WITHHOLDING_OPS) {
            assert!(Change::from_codes("record", op).is_some(), "record {op}");
        }
        for (entity, op) in PUBLIC_OTHER_OPS {
            assert!(Change::from_codes(entity, op).is_some(), "{entity} {op}");
        }
    }
}
