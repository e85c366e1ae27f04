//! The life of a red or black list entry (DOMAIN.md "Time rules", seed 5):
//! how a list is configured, where a new entry lands ([`landing`]), the
//! black-list procedure (拟列入 → 告知 → 列入 or 不予列入), the term, when
//! removal may be applied for, red-list renewal and when the scheduled tick
//! expires a record. Pure: the store applies the answers in one transaction
//! with their change-log rows.
//!
//! **A black-list entry reaches the public only through the procedure,
//! whatever the path** (`portal import`, the back-office upload, the record
//! form, a published draft, `/admin/lists`): a new entry lands as `proposed`
//! (拟列入), never public, logged `propose` (never `publish`); the credit
//! office notifies it (告知) and brings it into force after the defence period
//! (申辩期) in `/admin/lists`.
//!
//! **Decision (issue 13):** a list that a higher authority has already decided
//! — it gave the notice and heard the defence itself — may be published
//! directly, but only when the importer says so explicitly
//! (`portal import --already-decided`, the checkbox 已由上级机关认定 on the
//! upload page and the record form: [`Arrival::DecidedElsewhere`]). Each such
//! row must carry its own 认定文书号 and 列入日期 ([`decided_elsewhere_problems`];
//! values given once for the whole file do not count), and the public entry
//! says 由上级机关认定 with both. Entering a black list either way ends the
//! subject's listed red entries in the same transaction.

use chrono::{Months, NaiveDate};

use super::change_chain::Change;
use super::field_error::FieldError;
use super::kinds::{RecordKind, RecordState};
use super::list_terms::{is_safety_production_list, ListTerms};
use super::national_columns as col;
use super::record_validation::{FieldProblem, RowCells};
use super::working_days::Calendar;

/// Working days the subject has to answer a notice (申辩) before a black-list
/// entry may take effect. Configurable per list.
pub const DEFAULT_DEFENCE_WORKING_DAYS: u32 = 5;
/// Longest list name.
pub const MAX_LIST_NAME_CHARS: usize = 100;
/// Longest reason for dropping a proposal.
pub const MAX_REASON_CHARS: usize = 500;

/// One list as an admin configures it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListConfig {
    pub name: String,
    /// [`RecordKind::Redlist`] or [`RecordKind::Blacklist`].
    pub kind: RecordKind,
    pub term_years: u32,
    /// Black lists only; red lists keep the default and ignore it.
    pub defence_working_days: u32,
    pub removal_window_working_days: u32,
    /// Red lists only: an entry needs no published penalty decided in the
    /// [`RED_CLEAN_RECORD_YEARS`] before its start (safety-production red list,
    /// 绵阳 plan). Default: on for lists named after safety production.
    pub requires_no_recent_penalty: bool,
}

/// The period without penalties a red list that asks for it checks (3 years).
pub const RED_CLEAN_RECORD_YEARS: u32 = 3;

/// Whether a red list first met by name asks for a period without penalties:
/// the safety-production red lists do (安全生产 or 应急 in the name).
pub fn default_requires_no_recent_penalty(kind: RecordKind, name: &str) -> bool {
    kind == RecordKind::Redlist && is_safety_production_list(name)
}

impl ListConfig {
    /// The defaults of DOMAIN.md for a list first met by name (e.g. in an import):
    /// 3 years for red lists and 严重失信主体名单, 1 year for safety-production black lists.
    pub fn defaults_for(name: &str, kind: RecordKind, terms: &ListTerms) -> ListConfig {
        let term_years = match kind {
            RecordKind::Redlist => terms.red_years,
            _ => terms.default_black_term_years(name),
        };
        ListConfig {
            name: name.trim().to_string(),
            kind,
            term_years,
            defence_working_days: DEFAULT_DEFENCE_WORKING_DAYS,
            removal_window_working_days: terms.removal_window_working_days,
            requires_no_recent_penalty: default_requires_no_recent_penalty(kind, name.trim()),
        }
    }

    /// The end of an entry whose term starts on `start`.
    pub fn term_end(&self, start: NaiveDate) -> NaiveDate {
        add_years(start, self.term_years)
    }
}

fn add_years(start: NaiveDate, years: u32) -> NaiveDate {
    years
        .checked_mul(12)
        .and_then(|m| start.checked_add_months(Months::new(m)))
        .unwrap_or(NaiveDate::MAX)
}

/// The list form as typed: numbers are text until checked.
#[derive(Clone, Debug, Default)]
pub struct ListForm {
    pub name: String,
    pub kind: String,
    pub term_years: String,
    pub defence_working_days: String,
    pub removal_window_working_days: String,
    /// The checkbox 须近三年无行政处罚 (red lists): `true` when ticked.
    pub requires_no_recent_penalty: bool,
}

fn number_in(
    text: &str,
    field: &'static str,
    range: std::ops::RangeInclusive<u32>,
    what: &str,
    errors: &mut Vec<FieldError>,
) -> u32 {
    match text.trim().parse::<u32>() {
        Ok(n) if range.contains(&n) => n,
        _ => {
            errors.push(FieldError {
                field,
                message: format!("{what}须为 {}–{} 之间的整数", range.start(), range.end()),
            });
            0
        }
    }
}

/// Checks the list form; the configuration, or every problem in form order.
pub fn validate_list_form(form: &ListForm) -> Result<ListConfig, Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = form.name.trim();
    if name.is_empty() {
        errors.push(FieldError {
            field: "name",
            message: "请填写名单名称".into(),
        });
    } else if name.chars().count() > MAX_LIST_NAME_CHARS {
        errors.push(FieldError {
            field: "name",
            message: format!("名单名称最多 {MAX_LIST_NAME_CHARS} 个字"),
        });
    }
    let kind = match form.kind.as_str() {
        "redlist" => Some(RecordKind::Redlist),
        "blacklist" => Some(RecordKind::Blacklist),
        _ => {
            errors.push(FieldError {
                field: "kind",
                message: "请选择红名单或黑名单".into(),
            });
            None
        }
    };
    let term_years = number_in(&form.term_years, "term_years", 1..=10, "管理期限（年）", &mut errors);
    let defence = number_in(
        &form.defence_working_days,
        "defence_working_days",
        1..=60,
        "申辩期（工作日）",
        &mut errors,
    );
    let removal = number_in(
        &form.removal_window_working_days,
        "removal_window_working_days",
        0..=250,
        "移出申请期（工作日）",
        &mut errors,
    );
    match kind {
        Some(kind) if errors.is_empty() => Ok(ListConfig {
            name: name.to_string(),
            kind,
            term_years,
            defence_working_days: defence,
            removal_window_working_days: removal,
            requires_no_recent_penalty: kind == RecordKind::Redlist && form.requires_no_recent_penalty,
        }),
        _ => Err(errors),
    }
}

/// How a new record reached the store's write path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arrival {
    /// Meant to go online: a file (CLI or upload), the form's 发布, a draft
    /// being published, a confirmed pledge.
    Publish,
    /// The form's 保存为待上线.
    Draft,
    /// A black-list entry the credit office registers in `/admin/lists`.
    Proposal,
    /// A black list a higher authority has already decided (告知 and 申辩
    /// done there), as the importer explicitly declares.
    DecidedElsewhere,
}

/// Where a new record lands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Landing {
    /// Online at once, logged `publish`.
    Publish,
    /// Stored as a draft, logged `draft`: not public until published.
    Draft,
    /// A black-list proposal (拟列入), logged `propose`: never public until
    /// notified and brought into force.
    Propose,
    /// A black-list entry decided by a higher authority: online at once,
    /// marked 由上级机关认定, logged `publish`; ends the subject's red entries.
    PublishDecided,
}

impl Landing {
    /// The stored state of a record that lands here.
    pub fn state(self) -> RecordState {
        match self {
            Landing::Publish | Landing::PublishDecided => RecordState::Published,
            Landing::Draft => RecordState::Draft,
            Landing::Propose => RecordState::Proposed,
        }
    }

    /// The change-log operation of the landing.
    pub fn change(self) -> Change {
        match self {
            Landing::Publish | Landing::PublishDecided => Change::RecordPublish,
            Landing::Draft => Change::RecordDraft,
            Landing::Propose => Change::RecordPropose,
        }
    }
}

/// Where a new record of `kind` that arrived as `arrival` lands. Every black
/// list entry meant for the public goes through the procedure (拟列入) unless a
/// higher authority decided it; the higher-authority declaration means
/// nothing for other kinds (they publish as usual). A black-list draft stays
/// a draft; publishing it later arrives as [`Arrival::Publish`] (拟列入).
pub fn landing(kind: RecordKind, arrival: Arrival) -> Landing {
    match (kind, arrival) {
        (_, Arrival::Draft) => Landing::Draft,
        (RecordKind::Blacklist, Arrival::Publish | Arrival::Proposal) => Landing::Propose,
        (RecordKind::Blacklist, Arrival::DecidedElsewhere) => Landing::PublishDecided,
        (_, Arrival::Publish | Arrival::Proposal | Arrival::DecidedElsewhere) => Landing::Publish,
    }
}

/// The columns a row of a higher-authority black list must carry itself
/// before it may be published directly: its 认定文书号 and 列入日期, each
/// present in the row and not given once for the whole file (`given_once`).
/// Every missing one is a problem naming its column.
pub fn decided_elsewhere_problems(cells: &RowCells, given_once: &[&str]) -> Vec<FieldProblem> {
    [col::LIST_DOC_NO, col::LIST_START]
        .into_iter()
        .filter(|column| given_once.contains(column) || cells.get(*column).is_none_or(|v| v.trim().is_empty()))
        .map(|column| FieldProblem {
            column,
            message: format!("由上级机关认定、直接公布的黑名单须逐行填写{column}（不能统一填写或留空）"),
        })
        .collect()
}

/// A step of the black-list procedure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// 告知: the notice was issued on this date.
    Notify { notice_date: NaiveDate },
    /// 列入: the entry takes effect today.
    BringIntoForce,
    /// 不予列入, with the reason.
    Drop { reason: String },
}

impl Step {
    /// The change-log operation of the step.
    pub fn change(&self) -> Change {
        match self {
            Step::Notify { .. } => Change::RecordNotify,
            Step::BringIntoForce => Change::RecordList,
            Step::Drop { .. } => Change::RecordDrop,
        }
    }
}

/// Why a step is refused, in words for the back-office.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LifecycleError {
    #[error("当前状态（{0}）下不能执行此操作")]
    WrongState(&'static str),
    #[error("告知日期不能晚于今天")]
    NoticeInFuture,
    #[error("申辩期至 {0} 届满，届满后方可列入")]
    DefenceRunning(NaiveDate),
    #[error("请填写不予列入的理由")]
    MissingReason,
    #[error("理由最多 {MAX_REASON_CHARS} 个字")]
    ReasonTooLong,
}

/// The back-office word for a stored state.
pub fn state_label(state: RecordState) -> &'static str {
    match state {
        RecordState::Proposed => "拟列入",
        RecordState::Notified => "已告知，申辩期中",
        RecordState::Dropped => "不予列入",
        RecordState::Published => "已列入",
        RecordState::Expired => "已到期移出",
        RecordState::Removed => "已提前移出",
        RecordState::Withdrawn => "已撤销",
        RecordState::Repaired => "已修复",
        RecordState::Draft => "待上线",
    }
}

/// The last day of the defence period of a notice issued on `notice_date`.
pub fn defence_ends(cal: &Calendar, notice_date: NaiveDate, defence_working_days: u32) -> NaiveDate {
    cal.add_working_days(notice_date, defence_working_days)
}

/// The state after `step`, or why the step may not be taken on `today`.
/// `notice_date` is the stored notice date (for bringing into force).
pub fn apply_step(
    cal: &Calendar,
    list: &ListConfig,
    from: RecordState,
    notice_date: Option<NaiveDate>,
    step: &Step,
    today: NaiveDate,
) -> Result<RecordState, LifecycleError> {
    match (step, from) {
        (Step::Notify { notice_date }, RecordState::Proposed) => {
            if *notice_date > today {
                return Err(LifecycleError::NoticeInFuture);
            }
            Ok(RecordState::Notified)
        }
        (Step::BringIntoForce, RecordState::Notified) => {
            let notice = notice_date.ok_or(LifecycleError::WrongState(state_label(from)))?;
            let last = defence_ends(cal, notice, list.defence_working_days);
            if today <= last {
                return Err(LifecycleError::DefenceRunning(last));
            }
            Ok(RecordState::Published)
        }
        (Step::Drop { reason }, RecordState::Proposed | RecordState::Notified) => {
            if reason.trim().is_empty() {
                return Err(LifecycleError::MissingReason);
            }
            if reason.chars().count() > MAX_REASON_CHARS {
                return Err(LifecycleError::ReasonTooLong);
            }
            Ok(RecordState::Dropped)
        }
        _ => Err(LifecycleError::WrongState(state_label(from))),
    }
}

/// The first day a removal application (移出申请) may be filed for an entry
/// ending on `end`: the start of the last `window` working days of the term.
pub fn removal_opens(cal: &Calendar, end: NaiveDate, window_working_days: u32) -> NaiveDate {
    ListTerms {
        removal_window_working_days: window_working_days,
        ..ListTerms::default()
    }
    .removal_application_opens(cal, end)
}

/// Whether a removal application may be filed on `today`: inside the window
/// and before the term ends. Otherwise the message says from when.
pub fn removal_allowed(
    cal: &Calendar,
    end: NaiveDate,
    window_working_days: u32,
    today: NaiveDate,
) -> Result<(), String> {
    let opens = removal_opens(cal, end, window_working_days);
    if today < opens {
        Err(format!(
            "移出申请须在管理期限届满前 {window_working_days} 个工作日内提出，即自 {opens} 起可以申请。"
        ))
    } else if today > end {
        Err(format!("该名单信息已于 {end} 届满。"))
    } else {
        Ok(())
    }
}

/// A red-list entry ending on `end` may be renewed from 3 months before its
/// end until its end; the new term runs from the old end.
/// Which steps an entry offers the office now (the list page's buttons):
/// the states [`apply_step`] accepts, and a red entry in its renewal window
/// ([`renewal`]). What a step then checks (the defence period, a reason) is
/// `apply_step`'s.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StepsOffered {
    pub notify: bool,
    pub bring_into_force: bool,
    pub drop: bool,
    pub renew: bool,
}

pub fn steps_offered(
    terms: &ListTerms,
    kind: RecordKind,
    state: RecordState,
    end: Option<NaiveDate>,
    today: NaiveDate,
) -> StepsOffered {
    StepsOffered {
        notify: state == RecordState::Proposed,
        bring_into_force: state == RecordState::Notified,
        drop: matches!(state, RecordState::Proposed | RecordState::Notified),
        renew: state == RecordState::Published
            && kind == RecordKind::Redlist
            && end.is_some_and(|end| renewal_open(terms, end, today)),
    }
}

/// Whether a red entry ending on `end` may be renewed on `today`.
fn renewal_open(terms: &ListTerms, end: NaiveDate, today: NaiveDate) -> bool {
    today >= terms.red_renewal_opens(end) && today <= end
}

pub fn renewal(terms: &ListTerms, list: &ListConfig, end: NaiveDate, today: NaiveDate) -> Result<NaiveDate, String> {
    let opens = terms.red_renewal_opens(end);
    if renewal_open(terms, end, today) {
        Ok(list.term_end(end))
    } else if today < opens {
        Err(format!(
            "续期须在到期前 {} 个月内办理，即自 {opens} 起。",
            terms.red_renewal_months
        ))
    } else {
        Err(format!("该红名单信息已于 {end} 到期，不能续期，请重新认定。"))
    }
}

/// Whether the tick expires a record on `today`: still published and past
/// the last day of its publicity window or list term.
pub fn is_due_for_expiry(state: RecordState, end: Option<NaiveDate>, today: NaiveDate) -> bool {
    state == RecordState::Published && end.is_some_and(|end| end < today)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn safety() -> ListConfig {
        ListConfig::defaults_for(
            "安全生产失信联合惩戒对象名单",
            RecordKind::Blacklist,
            &ListTerms::default(),
        )
    }

    #[test]
    fn defaults_follow_the_list_kind_and_name() {
        let t = ListTerms::default();
        assert_eq!(safety().term_years, 1);
        assert_eq!(safety().defence_working_days, 5);
        assert_eq!(safety().removal_window_working_days, 30);
        assert_eq!(
            ListConfig::defaults_for("严重失信主体名单", RecordKind::Blacklist, &t).term_years,
            3
        );
        assert_eq!(
            ListConfig::defaults_for("安全生产守信红名单", RecordKind::Redlist, &t).term_years,
            3
        );
        assert_eq!(safety().term_end(d(2024, 2, 29)), d(2025, 2, 28));
    }

    #[test]
    fn safety_red_lists_ask_for_a_clean_record_by_default() {
        let t = ListTerms::default();
        assert!(ListConfig::defaults_for("安全生产守信红名单", RecordKind::Redlist, &t).requires_no_recent_penalty);
        assert!(!ListConfig::defaults_for("守信激励对象名单", RecordKind::Redlist, &t).requires_no_recent_penalty);
        assert!(
            !safety().requires_no_recent_penalty,
            "black lists have no such condition"
        );
    }

    #[test]
    fn a_new_black_list_entry_lands_in_the_procedure_whatever_the_path() {
        use RecordKind::*;
        assert_eq!(landing(Blacklist, Arrival::Publish), Landing::Propose);
        assert_eq!(landing(Blacklist, Arrival::Proposal), Landing::Propose);
        assert_eq!(landing(Blacklist, Arrival::Draft), Landing::Draft);
        assert_eq!(landing(Blacklist, Arrival::DecidedElsewhere), Landing::PublishDecided);
        assert_eq!(landing(Redlist, Arrival::Publish), Landing::Publish);
        assert_eq!(landing(Penalty, Arrival::DecidedElsewhere), Landing::Publish);
        assert_eq!(landing(Penalty, Arrival::Draft), Landing::Draft);
        // A proposal is never public and never logged as a publication.
        assert_eq!(Landing::Propose.state(), RecordState::Proposed);
        assert_eq!(Landing::Propose.change().op(), "propose");
        assert_eq!(Landing::PublishDecided.state(), RecordState::Published);
    }

    #[test]
    fn a_decided_row_carries_its_own_document_number_and_start() {
        let mut cells = RowCells::new();
        cells.insert(col::LIST_DOC_NO, "甘应急黑〔2026〕9号".into());
        cells.insert(col::LIST_START, "2026/05/01".into());
        assert!(decided_elsewhere_problems(&cells, &[]).is_empty());
        let given = decided_elsewhere_problems(&cells, &[col::LIST_DOC_NO]);
        assert_eq!(given.len(), 1);
        assert_eq!(given[0].column, col::LIST_DOC_NO);
        cells.insert(col::LIST_START, " ".into());
        let missing = decided_elsewhere_problems(&cells, &[]);
        assert_eq!(missing.len(), 1);
        assert_eq!(missing[0].column, col::LIST_START);
        assert!(missing[0].message.contains("列入日期"));
    }

    #[test]
    fn the_list_form_names_every_problem() {
        let errors = validate_list_form(&ListForm {
            name: " ".into(),
            kind: "grey".into(),
            term_years: "0".into(),
            defence_working_days: "x".into(),
            removal_window_working_days: "30".into(),
            requires_no_recent_penalty: false,
        })
        .unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "kind", "term_years", "defence_working_days"]);
        let ok = validate_list_form(&ListForm {
            name: " 统计严重失信企业名单 ".into(),
            kind: "blacklist".into(),
            term_years: "3".into(),
            defence_working_days: "5".into(),
            removal_window_working_days: "30".into(),
            requires_no_recent_penalty: true,
        })
        .unwrap();
        assert_eq!((ok.name.as_str(), ok.term_years), ("统计严重失信企业名单", 3));
        assert!(!ok.requires_no_recent_penalty, "only red lists carry the condition");
    }

    #[test]
    fn a_black_list_entry_takes_effect_only_after_the_defence_period() {
        let cal = Calendar::official();
        let list = safety();
        // Notice on Friday 27 Nov 2026: 5 working days run to Friday 4 Dec.
        let notice = d(2026, 11, 27);
        assert_eq!(defence_ends(&cal, notice, 5), d(2026, 12, 4));
        let step = Step::Notify { notice_date: notice };
        assert_eq!(
            apply_step(&cal, &list, RecordState::Proposed, None, &step, notice),
            Ok(RecordState::Notified)
        );
        assert_eq!(
            apply_step(&cal, &list, RecordState::Proposed, None, &step, d(2026, 11, 26)),
            Err(LifecycleError::NoticeInFuture)
        );
        let force = Step::BringIntoForce;
        assert_eq!(
            apply_step(&cal, &list, RecordState::Notified, Some(notice), &force, d(2026, 12, 4)),
            Err(LifecycleError::DefenceRunning(d(2026, 12, 4)))
        );
        assert_eq!(
            apply_step(&cal, &list, RecordState::Notified, Some(notice), &force, d(2026, 12, 5)),
            Ok(RecordState::Published)
        );
        // No skipping the notice, no going back.
        assert!(apply_step(&cal, &list, RecordState::Proposed, None, &force, d(2027, 1, 1)).is_err());
        assert!(apply_step(&cal, &list, RecordState::Published, Some(notice), &step, notice).is_err());
    }

    #[test]
    fn dropping_needs_a_reason_and_an_open_procedure() {
        let cal = Calendar::official();
        let today = d(2026, 11, 27);
        let drop = |r: &str| Step::Drop { reason: r.into() };
        assert_eq!(
            apply_step(
                &cal,
                &safety(),
                RecordState::Notified,
                Some(today),
                &drop("申辩理由成立"),
                today
            ),
            Ok(RecordState::Dropped)
        );
        assert_eq!(
            apply_step(&cal, &safety(), RecordState::Proposed, None, &drop(" "), today),
            Err(LifecycleError::MissingReason)
        );
        assert!(apply_step(&cal, &safety(), RecordState::Published, None, &drop("x"), today).is_err());
        assert_eq!(drop("x").change().op(), "drop");
    }

    #[test]
    fn removal_only_in_the_last_working_days_of_the_term() {
        let cal = Calendar::official();
        let end = d(2024, 10, 21);
        assert_eq!(removal_opens(&cal, end, 30), d(2024, 9, 3));
        assert!(removal_allowed(&cal, end, 30, d(2024, 9, 2))
            .unwrap_err()
            .contains("2024-09-03"));
        assert!(removal_allowed(&cal, end, 30, d(2024, 9, 3)).is_ok());
        assert!(removal_allowed(&cal, end, 30, end).is_ok());
        assert!(removal_allowed(&cal, end, 30, d(2024, 10, 22)).is_err());
    }

    #[test]
    fn red_renewal_runs_from_the_old_end() {
        let t = ListTerms::default();
        let red = ListConfig::defaults_for("守信激励对象名单", RecordKind::Redlist, &t);
        let end = d(2027, 3, 5);
        assert!(renewal(&t, &red, end, d(2026, 12, 4)).is_err());
        assert_eq!(renewal(&t, &red, end, d(2026, 12, 5)), Ok(d(2030, 3, 5)));
        assert!(renewal(&t, &red, end, d(2027, 3, 6)).is_err());
    }

    #[test]
    fn expiry_is_due_the_day_after_the_last_day() {
        let end = Some(d(2025, 3, 5));
        assert!(!is_due_for_expiry(RecordState::Published, end, d(2025, 3, 5)));
        assert!(is_due_for_expiry(RecordState::Published, end, d(2025, 3, 6)));
        assert!(!is_due_for_expiry(RecordState::Withdrawn, end, d(2025, 3, 6)));
        assert!(!is_due_for_expiry(RecordState::Published, None, d(2099, 1, 1)));
    }

    #[test]
    fn the_steps_offered_are_the_ones_apply_step_accepts() {
        let cal = Calendar::weekends_only();
        let list = safety();
        let today = d(2026, 12, 7);
        let long_ago = Some(d(2026, 1, 5));
        for state in [
            RecordState::Proposed,
            RecordState::Notified,
            RecordState::Published,
            RecordState::Dropped,
            RecordState::Withdrawn,
        ] {
            let offered = steps_offered(&ListTerms::default(), RecordKind::Blacklist, state, None, today);
            let accepts = |step: Step| {
                !matches!(
                    apply_step(&cal, &list, state, long_ago, &step, today),
                    Err(LifecycleError::WrongState(_))
                )
            };
            assert_eq!(
                offered.notify,
                accepts(Step::Notify { notice_date: today }),
                "{state:?}"
            );
            assert_eq!(offered.bring_into_force, accepts(Step::BringIntoForce), "{state:?}");
            assert_eq!(
                offered.drop,
                accepts(Step::Drop {
                    reason: "不符合".into()
                }),
                "{state:?}"
            );
            assert!(!offered.renew, "black entries are never renewed");
        }
    }

    #[test]
    fn a_red_entry_offers_renewal_exactly_when_renewal_accepts_it() {
        let terms = ListTerms::default();
        let list = ListConfig::defaults_for("守信激励对象名单", RecordKind::Redlist, &terms);
        let end = d(2027, 3, 31);
        for today in [
            d(2026, 9, 1),
            terms.red_renewal_opens(end),
            d(2027, 3, 31),
            d(2027, 4, 1),
        ] {
            let offered = steps_offered(&terms, RecordKind::Redlist, RecordState::Published, Some(end), today);
            assert_eq!(offered.renew, renewal(&terms, &list, end, today).is_ok(), "{today}");
        }
        let proposed = steps_offered(&terms, RecordKind::Redlist, RecordState::Proposed, Some(end), end);
        assert!(!proposed.renew, "only an entry in force is renewed");
    }
}
