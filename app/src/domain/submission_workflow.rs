//! What the back-office may do with a public submission, in which order, and
//! by when (DOMAIN.md "Time rules"). Pure: the store applies a [`Transition`]
//! in one transaction with its change-log row; the submitter sees each step
//! on `/track`.
//!
//! received ─accept→ accepted ─assign→ in_review ─reply / decide→ answered ─close→ closed
//!     └─refuse→ refused ─close→ closed
//!
//! Objections are decided by upholding the record, correcting it or
//! withdrawing it; repair applications by approving (the record leaves public
//! view) or refusing; pledges by confirming (published) or rejecting.

use chrono::{DateTime, NaiveDate, Utc};

use super::dates::format_date;
use super::working_days::Calendar;

/// Working days to accept or refuse a complaint or an objection (DOMAIN: objection 2).
pub const ACCEPT_WORKING_DAYS: u32 = super::objection::ACCEPTANCE_WORKING_DAYS;
/// Working days for the data provider to check an accepted objection (DOMAIN: 10).
pub const OBJECTION_CHECK_WORKING_DAYS: u32 = 10;
/// Working days to decide a repair application, from receipt (DOMAIN: 10).
pub const REPAIR_REVIEW_WORKING_DAYS: u32 = super::repair::REVIEW_WORKING_DAYS;
/// Working days to answer an accepted complaint. DOMAIN.md sets none; 15 is
/// the common municipal 12345 practice. Configurable here.
pub const COMPLAINT_ANSWER_WORKING_DAYS: u32 = 15;
/// Working days for the receiving department to confirm a pledge (not in
/// DOMAIN.md; a short step, as a pledge only needs checking for form).
pub const PLEDGE_CONFIRM_WORKING_DAYS: u32 = 5;
/// Longest reason or reply.
pub const MAX_TEXT_CHARS: usize = 2000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubmissionKind {
    Complaint,
    Objection,
    Repair,
    Pledge,
    /// 移出申请: a black-list entry asks to leave the list in its last working days.
    Removal,
}

impl SubmissionKind {
    pub const ALL: [SubmissionKind; 5] = [
        SubmissionKind::Objection,
        SubmissionKind::Complaint,
        SubmissionKind::Repair,
        SubmissionKind::Removal,
        SubmissionKind::Pledge,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SubmissionKind::Complaint => "complaint",
            SubmissionKind::Objection => "objection",
            SubmissionKind::Repair => "repair",
            SubmissionKind::Pledge => "pledge",
            SubmissionKind::Removal => "removal",
        }
    }

    pub fn from_code(code: &str) -> Option<SubmissionKind> {
        SubmissionKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            SubmissionKind::Complaint => "投诉举报",
            SubmissionKind::Objection => "异议申诉",
            SubmissionKind::Repair => "信用修复申请",
            SubmissionKind::Pledge => "信用承诺",
            SubmissionKind::Removal => "移出黑名单申请",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Received,
    Accepted,
    InReview,
    Answered,
    Refused,
    Closed,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Received,
        Status::Accepted,
        Status::InReview,
        Status::Answered,
        Status::Refused,
        Status::Closed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::Accepted => "accepted",
            Status::InReview => "in_review",
            Status::Answered => "answered",
            Status::Refused => "refused",
            Status::Closed => "closed",
        }
    }

    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Waiting for the office to act (it has a deadline).
    pub fn is_open(self) -> bool {
        matches!(self, Status::Received | Status::Accepted | Status::InReview)
    }

    /// What the submitter reads on `/track`.
    pub fn label(self, kind: SubmissionKind) -> &'static str {
        match (kind, self) {
            (SubmissionKind::Pledge, Status::Received) => "已收到，待确认",
            (SubmissionKind::Repair | SubmissionKind::Removal, Status::Received) => "已收到，待审核",
            (_, Status::Received) => "已收到，待受理",
            (_, Status::Accepted) => "已受理",
            (_, Status::InReview) => "核查中",
            (SubmissionKind::Pledge, Status::Answered) => "已确认并公示",
            (_, Status::Answered) => "已答复",
            (_, Status::Refused) => "不予受理",
            (_, Status::Closed) => "已办结",
        }
    }
}

/// How a submission was decided, shown with the reply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Replied,
    Upheld,
    Corrected,
    RecordWithdrawn,
    RepairApproved,
    RepairRefused,
    PledgeConfirmed,
    PledgeRejected,
    RemovalApproved,
    RemovalRefused,
}

impl Outcome {
    const ALL: [Outcome; 10] = [
        Outcome::Replied,
        Outcome::Upheld,
        Outcome::Corrected,
        Outcome::RecordWithdrawn,
        Outcome::RepairApproved,
        Outcome::RepairRefused,
        Outcome::PledgeConfirmed,
        Outcome::PledgeRejected,
        Outcome::RemovalApproved,
        Outcome::RemovalRefused,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Outcome::Replied => "replied",
            Outcome::Upheld => "upheld",
            Outcome::Corrected => "corrected",
            Outcome::RecordWithdrawn => "record_withdrawn",
            Outcome::RepairApproved => "repair_approved",
            Outcome::RepairRefused => "repair_refused",
            Outcome::PledgeConfirmed => "pledge_confirmed",
            Outcome::PledgeRejected => "pledge_rejected",
            Outcome::RemovalApproved => "removal_approved",
            Outcome::RemovalRefused => "removal_refused",
        }
    }

    pub fn from_code(code: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Outcome::Replied => "已答复",
            Outcome::Upheld => "经核查，原信息无误，维持公示",
            Outcome::Corrected => "异议成立，信息已更正",
            Outcome::RecordWithdrawn => "异议成立，信息已撤销公示",
            Outcome::RepairApproved => "修复申请通过，信息已停止公示",
            Outcome::RepairRefused => "修复申请未通过",
            Outcome::PledgeConfirmed => "承诺已确认并公示",
            Outcome::PledgeRejected => "承诺未予确认",
            Outcome::RemovalApproved => "准予移出，该名单信息已停止公示",
            Outcome::RemovalRefused => "移出申请未通过",
        }
    }

    /// What the submitter reads: the label, and for a correction the record
    /// version it produced (`record_version`, linked when it was decided).
    pub fn text(self, record_version: Option<i64>) -> String {
        match (self, record_version) {
            (Outcome::Corrected, Some(v)) => format!("{}（更正后为第 {v} 版）", self.label()),
            _ => self.label().to_string(),
        }
    }

    /// An objection decided in the applicant's favour (counts against the data's department).
    pub fn objection_upheld_against_data(self) -> bool {
        matches!(self, Outcome::Corrected | Outcome::RecordWithdrawn)
    }
}

/// What the back-office does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    Accept,
    Refuse { reason: String },
    Assign { department_id: i64 },
    Reply { text: String },
    Uphold { reply: String },
    Correct { reply: String },
    WithdrawRecord { reply: String },
    ApproveRepair { reply: String },
    RefuseRepair { reason: String },
    ConfirmPledge,
    RejectPledge { reason: String },
    ApproveRemoval { reply: String },
    RefuseRemoval { reason: String },
    Close,
}

impl Action {
    /// The action's code in forms and in the change log.
    pub fn code(&self) -> &'static str {
        match self {
            Action::Accept => "accept",
            Action::Refuse { .. } => "refuse",
            Action::Assign { .. } => "assign",
            Action::Reply { .. } => "reply",
            Action::Uphold { .. } => "uphold",
            Action::Correct { .. } => "correct",
            Action::WithdrawRecord { .. } => "withdraw_record",
            Action::ApproveRepair { .. } => "approve_repair",
            Action::RefuseRepair { .. } => "refuse_repair",
            Action::ConfirmPledge => "confirm_pledge",
            Action::RejectPledge { .. } => "reject_pledge",
            Action::ApproveRemoval { .. } => "approve_removal",
            Action::RefuseRemoval { .. } => "refuse_removal",
            Action::Close => "close",
        }
    }

    /// The button label.
    pub fn label_of(code: &str) -> &'static str {
        match code {
            "accept" => "受理",
            "refuse" => "不予受理",
            "assign" => "转数据来源单位核查",
            "reply" => "答复",
            "uphold" => "维持原信息",
            "correct" => "更正信息",
            "withdraw_record" => "撤销公示",
            "approve_repair" => "准予修复",
            "refuse_repair" => "不予修复",
            "confirm_pledge" => "确认并公示",
            "reject_pledge" => "不予确认",
            "approve_removal" => "准予移出",
            "refuse_removal" => "不予移出",
            "close" => "办结",
            _ => "",
        }
    }

    /// Builds an action from a form: its code, its text and a department.
    pub fn from_form(code: &str, text: &str, department_id: Option<i64>) -> Result<Action, WorkflowError> {
        let text = text.trim().to_string();
        Ok(match code {
            "accept" => Action::Accept,
            "refuse" => Action::Refuse { reason: text },
            "assign" => Action::Assign {
                department_id: department_id.ok_or(WorkflowError::NoDepartment)?,
            },
            "reply" => Action::Reply { text },
            "uphold" => Action::Uphold { reply: text },
            "correct" => Action::Correct { reply: text },
            "withdraw_record" => Action::WithdrawRecord { reply: text },
            "approve_repair" => Action::ApproveRepair { reply: text },
            "refuse_repair" => Action::RefuseRepair { reason: text },
            "confirm_pledge" => Action::ConfirmPledge,
            "reject_pledge" => Action::RejectPledge { reason: text },
            "approve_removal" => Action::ApproveRemoval { reply: text },
            "refuse_removal" => Action::RefuseRemoval { reason: text },
            "close" => Action::Close,
            other => return Err(WorkflowError::UnknownAction(other.to_string())),
        })
    }

    fn text(&self) -> Option<&str> {
        match self {
            Action::Refuse { reason } | Action::RefuseRepair { reason } | Action::RejectPledge { reason } => {
                Some(reason)
            }
            Action::Reply { text } => Some(text),
            Action::Uphold { reply }
            | Action::Correct { reply }
            | Action::WithdrawRecord { reply }
            | Action::ApproveRepair { reply }
            | Action::ApproveRemoval { reply } => Some(reply),
            _ => None,
        }
    }
}

/// What an applied action changes on the record it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordEffect {
    /// The record leaves public view as withdrawn (撤销), with this reason.
    Withdraw { reason: String },
    /// The record leaves public view as repaired (信用修复).
    Repair,
    /// The pledge becomes a public pledge record.
    PublishPledge,
    /// The black-list entry leaves the list before its term (提前移出).
    Remove,
    /// The record was corrected after the objection was accepted: that
    /// version is linked to the objection ([`linked_correction`]); without
    /// such a correction the decision is refused.
    LinkCorrection,
}

/// The result of an allowed action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transition {
    pub to: Status,
    /// The event on the submitter's timeline (a status code).
    pub event: &'static str,
    /// The text the submitter sees with the event (reason or reply).
    pub note: Option<String>,
    pub outcome: Option<Outcome>,
    pub record_effect: Option<RecordEffect>,
    /// The department asked to check the facts.
    pub assign_to: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    #[error("“{action}”不适用于状态为“{status}”的{kind}")]
    NotAllowed {
        action: &'static str,
        status: &'static str,
        kind: &'static str,
    },
    #[error("请填写{0}：提交人会看到这段文字")]
    MissingText(&'static str),
    #[error("{0}最多 {MAX_TEXT_CHARS} 个字")]
    TooLong(&'static str),
    #[error("请选择核查的数据来源单位")]
    NoDepartment,
    #[error("未知的操作“{0}”")]
    UnknownAction(String),
    #[error(
        "所涉信息在受理本异议后尚未更正，不能选择“更正信息”。请先由数据来源单位在“信息报送”中打开该信息、选择“更正”并保存，\
         再回到这里选择“更正信息”；如该信息应停止公示，请选择“撤销公示”。"
    )]
    NotCorrected,
}

/// The record version an objection upheld by correction links to: the
/// record's current version, provided it was corrected (a version replaced)
/// at or after the objection's acceptance. `last_correction_at` is when its
/// latest earlier version was replaced (None: never corrected). Telling the
/// submitter "信息已更正" without a correction is what this prevents.
pub fn linked_correction(
    accepted_at: DateTime<Utc>,
    last_correction_at: Option<DateTime<Utc>>,
    current_version: i64,
) -> Result<i64, WorkflowError> {
    match last_correction_at {
        Some(at) if at >= accepted_at => Ok(current_version),
        _ => Err(WorkflowError::NotCorrected),
    }
}

/// Applies `action` to a `kind` submission in `from`, or says why not.
pub fn apply(kind: SubmissionKind, from: Status, action: &Action) -> Result<Transition, WorkflowError> {
    use Status as S;
    use SubmissionKind as K;
    let not_allowed = || WorkflowError::NotAllowed {
        action: Action::label_of(action.code()),
        status: from.label(kind),
        kind: kind.label(),
    };
    if let Some(text) = action.text() {
        let what = match action {
            Action::Refuse { .. }
            | Action::RefuseRepair { .. }
            | Action::RejectPledge { .. }
            | Action::RefuseRemoval { .. } => "理由",
            _ => "答复内容",
        };
        if text.trim().is_empty() {
            return Err(WorkflowError::MissingText(what));
        }
        if text.chars().count() > MAX_TEXT_CHARS {
            return Err(WorkflowError::TooLong(what));
        }
    }
    let note = action.text().map(str::to_string);
    let step = |to: Status, outcome: Option<Outcome>, effect: Option<RecordEffect>| Transition {
        to,
        event: to.code(),
        note: note.clone(),
        outcome,
        record_effect: effect,
        assign_to: None,
    };
    let in_hand = matches!(from, S::Accepted | S::InReview);
    Ok(match (action, kind, from) {
        (Action::Accept, K::Complaint | K::Objection | K::Repair | K::Removal, S::Received) => {
            step(S::Accepted, None, None)
        }
        (Action::Refuse { .. }, K::Complaint | K::Objection | K::Repair | K::Removal, S::Received) => {
            step(S::Refused, None, None)
        }
        (Action::Assign { department_id }, K::Complaint | K::Objection | K::Repair | K::Removal, _) if in_hand => {
            Transition {
                assign_to: Some(*department_id),
                ..step(S::InReview, None, None)
            }
        }
        (Action::Reply { .. }, K::Complaint, _) if in_hand => step(S::Answered, Some(Outcome::Replied), None),
        (Action::Uphold { .. }, K::Objection, _) if in_hand => step(S::Answered, Some(Outcome::Upheld), None),
        (Action::Correct { .. }, K::Objection, _) if in_hand => step(
            S::Answered,
            Some(Outcome::Corrected),
            Some(RecordEffect::LinkCorrection),
        ),
        (Action::WithdrawRecord { reply }, K::Objection, _) if in_hand => step(
            S::Answered,
            Some(Outcome::RecordWithdrawn),
            Some(RecordEffect::Withdraw {
                reason: format!("异议成立：{}", reply.trim()),
            }),
        ),
        (Action::ApproveRepair { .. }, K::Repair, _) if in_hand || from == S::Received => {
            step(S::Answered, Some(Outcome::RepairApproved), Some(RecordEffect::Repair))
        }
        (Action::RefuseRepair { .. }, K::Repair, _) if in_hand || from == S::Received => {
            step(S::Answered, Some(Outcome::RepairRefused), None)
        }
        (Action::ApproveRemoval { .. }, K::Removal, _) if in_hand || from == S::Received => {
            step(S::Answered, Some(Outcome::RemovalApproved), Some(RecordEffect::Remove))
        }
        (Action::RefuseRemoval { .. }, K::Removal, _) if in_hand || from == S::Received => {
            step(S::Answered, Some(Outcome::RemovalRefused), None)
        }
        (Action::ConfirmPledge, K::Pledge, S::Received) => step(
            S::Answered,
            Some(Outcome::PledgeConfirmed),
            Some(RecordEffect::PublishPledge),
        ),
        (Action::RejectPledge { .. }, K::Pledge, S::Received) => step(S::Refused, Some(Outcome::PledgeRejected), None),
        (Action::Close, _, S::Answered | S::Refused) => step(S::Closed, None, None),
        _ => return Err(not_allowed()),
    })
}

/// The actions offered for a submission in `status` (codes, in button order).
pub fn available_actions(kind: SubmissionKind, status: Status) -> Vec<&'static str> {
    let candidates = [
        Action::Accept,
        Action::Refuse { reason: "x".into() },
        Action::Assign { department_id: 0 },
        Action::Reply { text: "x".into() },
        Action::Uphold { reply: "x".into() },
        Action::Correct { reply: "x".into() },
        Action::WithdrawRecord { reply: "x".into() },
        Action::ApproveRepair { reply: "x".into() },
        Action::RefuseRepair { reason: "x".into() },
        Action::ConfirmPledge,
        Action::RejectPledge { reason: "x".into() },
        Action::ApproveRemoval { reply: "x".into() },
        Action::RefuseRemoval { reason: "x".into() },
        Action::Close,
    ];
    candidates
        .iter()
        .filter(|a| apply(kind, status, a).is_ok())
        .map(Action::code)
        .collect()
}

/// The next step and its last day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deadline {
    pub step: &'static str,
    pub due: NaiveDate,
}

/// The day a step's working days are counted from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// The day the submission was received.
    Receipt,
    /// The day it was accepted (受理). Assigning or forwarding it later does
    /// not move this day (DOMAIN.md, "Rules made precise").
    Acceptance,
}

/// The step a submission in `status` waits for, the day its working days run
/// from, and how many: the one rule behind every deadline (queue, `/track`,
/// the tick's overdue flag, "answered on time"). None when nothing is awaited.
/// Repair and removal are decided within 10 working days of receipt whatever
/// happens in between; an objection's or a complaint's answer is due counted
/// from its acceptance.
pub fn deadline_rule(kind: SubmissionKind, status: Status) -> Option<(&'static str, Anchor, u32)> {
    use SubmissionKind as K;
    Some(match (kind, status) {
        (K::Repair, s) if s.is_open() => ("作出修复决定", Anchor::Receipt, REPAIR_REVIEW_WORKING_DAYS),
        (K::Removal, s) if s.is_open() => ("作出移出决定", Anchor::Receipt, REPAIR_REVIEW_WORKING_DAYS),
        (K::Pledge, Status::Received) => ("确认承诺", Anchor::Receipt, PLEDGE_CONFIRM_WORKING_DAYS),
        (K::Complaint | K::Objection, Status::Received) => ("决定是否受理", Anchor::Receipt, ACCEPT_WORKING_DAYS),
        (K::Objection, Status::Accepted | Status::InReview) => {
            ("核查并答复", Anchor::Acceptance, OBJECTION_CHECK_WORKING_DAYS)
        }
        (K::Complaint, Status::Accepted | Status::InReview) => {
            ("办理并答复", Anchor::Acceptance, COMPLAINT_ANSWER_WORKING_DAYS)
        }
        _ => return None,
    })
}

/// The deadline of the step a submission waits for, if it waits.
/// `accepted_on` is the day it was accepted (None before acceptance; a
/// submission in an accepted status without one is counted from receipt,
/// the earliest day it could have been accepted).
pub fn deadline(
    cal: &Calendar,
    kind: SubmissionKind,
    status: Status,
    received_on: NaiveDate,
    accepted_on: Option<NaiveDate>,
) -> Option<Deadline> {
    let (step, anchor, days) = deadline_rule(kind, status)?;
    let from = match anchor {
        Anchor::Receipt => received_on,
        Anchor::Acceptance => accepted_on.unwrap_or(received_on),
    };
    Some(Deadline {
        step,
        due: cal.add_working_days(from, days),
    })
}

/// Whether moving a submission from `from` to `to` keeps the deadline it
/// waits for (e.g. assigning an accepted objection): then an overdue flag
/// already raised stays, as the deadline missed is still the one awaited.
pub fn keeps_deadline(kind: SubmissionKind, from: Status, to: Status) -> bool {
    deadline_rule(kind, from).is_some() && deadline_rule(kind, from) == deadline_rule(kind, to)
}

/// How urgent a deadline is on `today`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Urgency {
    /// Past the deadline by this many working days (at least 1).
    Overdue(i64),
    /// The deadline is today.
    DueToday,
    /// This many working days left (at least 1).
    DueIn(i64),
}

impl Urgency {
    /// Sorts the most urgent first.
    pub fn sort_key(self) -> i64 {
        match self {
            Urgency::Overdue(n) => -n,
            Urgency::DueToday => 0,
            Urgency::DueIn(n) => n,
        }
    }

    /// Past its deadline (what the office's overdue figures count).
    pub fn is_overdue(self) -> bool {
        matches!(self, Urgency::Overdue(_))
    }

    pub fn label(self) -> String {
        match self {
            Urgency::Overdue(n) => format!("已超期 {n} 个工作日"),
            Urgency::DueToday => "今日到期".into(),
            Urgency::DueIn(n) => format!("剩 {n} 个工作日"),
        }
    }
}

pub fn urgency(cal: &Calendar, due: NaiveDate, today: NaiveDate) -> Urgency {
    if today > due {
        Urgency::Overdue(cal.working_days_between(due, today).max(1))
    } else if today == due {
        Urgency::DueToday
    } else {
        Urgency::DueIn(cal.working_days_between(today, due).max(1))
    }
}

/// "下一步：… 我们将在 YYYY-MM-DD 前…" for `/track`.
pub fn next_step_text(d: &Deadline) -> String {
    format!(
        "下一步：{}，期限 {}（工作日计算，节假日顺延）。",
        d.step,
        format_date(d.due)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn text(s: &str) -> String {
        s.to_string()
    }

    #[test]
    fn an_objection_goes_received_accepted_assigned_answered_closed() {
        let k = SubmissionKind::Objection;
        let t = apply(k, Status::Received, &Action::Accept).unwrap();
        assert_eq!((t.to, t.event, t.note.clone()), (Status::Accepted, "accepted", None));
        let t = apply(k, Status::Accepted, &Action::Assign { department_id: 7 }).unwrap();
        assert_eq!((t.to, t.assign_to), (Status::InReview, Some(7)));
        let t = apply(
            k,
            Status::InReview,
            &Action::WithdrawRecord {
                reply: text("决定已撤销"),
            },
        )
        .unwrap();
        assert_eq!(t.to, Status::Answered);
        assert_eq!(t.outcome, Some(Outcome::RecordWithdrawn));
        assert_eq!(
            t.record_effect,
            Some(RecordEffect::Withdraw {
                reason: text("异议成立：决定已撤销")
            })
        );
        assert_eq!(t.note.as_deref(), Some("决定已撤销"));
        assert_eq!(apply(k, Status::Answered, &Action::Close).unwrap().to, Status::Closed);
    }

    #[test]
    fn wrong_order_and_wrong_kind_are_refused_with_words() {
        let err = apply(
            SubmissionKind::Objection,
            Status::Received,
            &Action::Uphold { reply: text("x") },
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "“维持原信息”不适用于状态为“已收到，待受理”的异议申诉");
        assert!(apply(
            SubmissionKind::Complaint,
            Status::Accepted,
            &Action::ApproveRepair { reply: text("x") }
        )
        .is_err());
        assert!(apply(SubmissionKind::Objection, Status::Closed, &Action::Accept).is_err());
        assert!(apply(SubmissionKind::Pledge, Status::Received, &Action::Accept).is_err());
    }

    #[test]
    fn a_correction_is_linked_only_when_made_after_acceptance() {
        let t = apply(
            SubmissionKind::Objection,
            Status::InReview,
            &Action::Correct {
                reply: text("已更正")
            },
        )
        .unwrap();
        assert_eq!(
            (t.outcome, t.record_effect),
            (Some(Outcome::Corrected), Some(RecordEffect::LinkCorrection))
        );
        let at = |h: u32| chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 12, 1, h, 0, 0).unwrap();
        assert_eq!(linked_correction(at(2), Some(at(5)), 3), Ok(3));
        assert_eq!(linked_correction(at(2), Some(at(2)), 2), Ok(2));
        assert_eq!(
            linked_correction(at(2), Some(at(1)), 2),
            Err(WorkflowError::NotCorrected)
        );
        assert_eq!(linked_correction(at(2), None, 1), Err(WorkflowError::NotCorrected));
        assert!(WorkflowError::NotCorrected.to_string().contains("尚未更正"));
        assert_eq!(
            Outcome::Corrected.text(Some(2)),
            "异议成立，信息已更正（更正后为第 2 版）"
        );
        assert_eq!(Outcome::Upheld.text(None), Outcome::Upheld.label());
    }

    #[test]
    fn reasons_and_replies_are_required_and_bounded() {
        let k = SubmissionKind::Complaint;
        assert_eq!(
            apply(k, Status::Received, &Action::Refuse { reason: text("  ") }),
            Err(WorkflowError::MissingText("理由"))
        );
        assert_eq!(
            apply(
                k,
                Status::Accepted,
                &Action::Reply {
                    text: "长".repeat(2001)
                }
            ),
            Err(WorkflowError::TooLong("答复内容"))
        );
        assert_eq!(Action::from_form("assign", "", None), Err(WorkflowError::NoDepartment));
        assert!(matches!(
            Action::from_form("drop", "", None),
            Err(WorkflowError::UnknownAction(_))
        ));
    }

    #[test]
    fn repair_approval_repairs_the_record_and_pledge_confirmation_publishes() {
        let t = apply(
            SubmissionKind::Repair,
            Status::Received,
            &Action::ApproveRepair { reply: text("同意") },
        )
        .unwrap();
        assert_eq!(t.record_effect, Some(RecordEffect::Repair));
        let t = apply(SubmissionKind::Pledge, Status::Received, &Action::ConfirmPledge).unwrap();
        assert_eq!(
            (t.to, t.record_effect),
            (Status::Answered, Some(RecordEffect::PublishPledge))
        );
        let t = apply(
            SubmissionKind::Pledge,
            Status::Received,
            &Action::RejectPledge {
                reason: text("内容不全"),
            },
        )
        .unwrap();
        assert_eq!(t.to, Status::Refused);
    }

    #[test]
    fn an_approved_removal_takes_the_entry_off_the_list() {
        let t = apply(
            SubmissionKind::Removal,
            Status::Accepted,
            &Action::ApproveRemoval {
                reply: text("准予移出"),
            },
        )
        .unwrap();
        assert_eq!((t.to, t.record_effect), (Status::Answered, Some(RecordEffect::Remove)));
        assert!(apply(
            SubmissionKind::Repair,
            Status::Accepted,
            &Action::ApproveRemoval { reply: text("x") }
        )
        .is_err());
        assert_eq!(
            available_actions(SubmissionKind::Removal, Status::Received),
            vec!["accept", "refuse", "approve_removal", "refuse_removal"]
        );
    }

    #[test]
    fn the_buttons_offered_are_exactly_the_allowed_actions() {
        assert_eq!(
            available_actions(SubmissionKind::Objection, Status::Received),
            vec!["accept", "refuse"]
        );
        assert_eq!(
            available_actions(SubmissionKind::Objection, Status::InReview),
            vec!["assign", "uphold", "correct", "withdraw_record"]
        );
        assert_eq!(
            available_actions(SubmissionKind::Repair, Status::Received),
            vec!["accept", "refuse", "approve_repair", "refuse_repair"]
        );
        assert_eq!(
            available_actions(SubmissionKind::Complaint, Status::Answered),
            vec!["close"]
        );
        assert!(available_actions(SubmissionKind::Complaint, Status::Closed).is_empty());
    }

    #[test]
    fn deadlines_run_in_working_days_from_the_right_day() {
        let cal = Calendar::official();
        // Received Friday 27 Nov 2026: accept by Tuesday 1 Dec.
        let fri = d(2026, 11, 27);
        let dl = deadline(&cal, SubmissionKind::Objection, Status::Received, fri, None).unwrap();
        assert_eq!(dl.due, d(2026, 12, 1));
        // Accepted Monday 30 Nov: checked by Monday 14 Dec.
        let accepted = Some(d(2026, 11, 30));
        let dl = deadline(&cal, SubmissionKind::Objection, Status::Accepted, fri, accepted).unwrap();
        assert_eq!((dl.step, dl.due), ("核查并答复", d(2026, 12, 14)));
        // Assigned (in review) days later: still due 14 Dec, counted from acceptance.
        let dl = deadline(&cal, SubmissionKind::Objection, Status::InReview, fri, accepted).unwrap();
        assert_eq!(dl.due, d(2026, 12, 14));
        // Repair: 10 working days from receipt even after acceptance.
        let dl = deadline(
            &cal,
            SubmissionKind::Repair,
            Status::InReview,
            fri,
            Some(d(2026, 12, 3)),
        )
        .unwrap();
        assert_eq!(dl.due, d(2026, 12, 11));
        assert_eq!(
            deadline(&cal, SubmissionKind::Objection, Status::Answered, fri, Some(fri)),
            None
        );
    }

    #[test]
    fn assigning_keeps_the_deadline_and_accepting_starts_a_new_one() {
        let k = SubmissionKind::Objection;
        assert!(keeps_deadline(k, Status::Accepted, Status::InReview));
        assert!(keeps_deadline(k, Status::InReview, Status::InReview));
        assert!(!keeps_deadline(k, Status::Received, Status::Accepted));
        assert!(!keeps_deadline(k, Status::InReview, Status::Answered));
        assert!(keeps_deadline(
            SubmissionKind::Repair,
            Status::Received,
            Status::Accepted
        ));
    }

    #[test]
    fn urgency_counts_working_days_and_sorts_overdue_first() {
        let cal = Calendar::official();
        let due = d(2026, 12, 1);
        assert_eq!(urgency(&cal, due, d(2026, 11, 27)), Urgency::DueIn(2));
        assert_eq!(urgency(&cal, due, due), Urgency::DueToday);
        assert_eq!(urgency(&cal, due, d(2026, 12, 3)), Urgency::Overdue(2));
        let mut keys = [Urgency::DueIn(3), Urgency::Overdue(2), Urgency::DueToday];
        keys.sort_by_key(|u| u.sort_key());
        assert_eq!(keys, [Urgency::Overdue(2), Urgency::DueToday, Urgency::DueIn(3)]);
    }
}
