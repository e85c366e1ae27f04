//! The words a submission's stored codes are shown as, to the public and in
//! the back-office alike.

use app::domain::submission_workflow::{Status, SubmissionKind};

/// The words of a timeline event.
pub(super) fn event_label(event: &str) -> &str {
    match event {
        "received" => "收到",
        "accepted" => "受理",
        "in_review" => "转办核查",
        "answered" => "答复",
        "refused" => "不予受理",
        "closed" => "办结",
        other => other,
    }
}

/// A submission's status in the words of its kind.
pub(super) fn status_label(kind: &str, status: &str) -> &'static str {
    match (SubmissionKind::from_code(kind), Status::from_code(status)) {
        (Some(k), Some(s)) => s.label(k),
        _ => "办理中",
    }
}

pub(super) fn kind_label(kind: &str) -> &'static str {
    SubmissionKind::from_code(kind).map_or("投诉举报", |k| k.label())
}
