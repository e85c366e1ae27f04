//! How change-log rows read in the public feeds: the words for each operation,
//! and what a feed entry may say about a record. A record that is not publicly
//! visible now is named only by its kind and number: the feed says what
//! happened, when and why, never the withdrawn or expired content.

use super::kinds::RecordKind;

/// The words for an operation on an entity.
pub fn op_label(entity: &str, op: &str) -> &'static str {
    match (entity, op) {
        ("record", "publish") => "新增公示",
        ("record", "correct") => "更正",
        ("record", "withdraw") => "撤销公示",
        ("record", "repair") => "信用修复，停止公示",
        ("record", "expire") => "公示期满",
        ("record", _) => "信息变更",
        ("subject", "create") => "新增主体",
        ("subject", "merge") => "主体合并",
        ("subject", _) => "主体变更",
        ("submission", "receive") => "收到公众提交",
        ("submission", "status") => "办理进展",
        ("submission", "overdue") => "办理超期",
        ("submission", _) => "提交变更",
        ("staff", _) => "后台账号变更",
        ("list", _) => "名单配置变更",
        _ => "变更",
    }
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
}
