//! What each page shows: plain data the server fills in and the pages render.
//! Nothing here can hold a full identity number: subjects carry the masked one.

use chrono::NaiveDate;

use crate::domain::kinds::{PublicStatus, RecordKind, SubjectKind};

#[derive(Clone, Debug)]
pub struct RecordSummary {
    pub id: i64,
    pub kind: RecordKind,
    pub title: String,
    pub doc_no: String,
    pub category: Option<String>,
    pub subject_id: i64,
    pub subject_name: String,
    pub authority_id: i64,
    pub authority_name: String,
    pub decision_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub status: PublicStatus,
    pub list_name: Option<String>,
}

#[derive(Clone, Debug)]
pub struct RecordDetail {
    pub summary: RecordSummary,
    pub subject_kind: SubjectKind,
    pub source_name: String,
    /// National columns in file order; personal IDs already masked.
    pub columns: Vec<(String, String)>,
    pub fine_fen: Option<i64>,
    pub confiscated_fen: Option<i64>,
    /// A pledge's fulfilment (践诺) as of today; None for other kinds.
    pub pledge: Option<PledgeFulfilmentView>,
    pub version: i64,
    pub published_on: NaiveDate,
    pub updated_on: NaiveDate,
    /// The day credit repair may be applied for (penalties only).
    pub repair_from: Option<NaiveDate>,
    /// Whether repair may be applied for today (penalties from `repair_from` on).
    pub repair_open: bool,
    /// Black-list entries: the first day a removal application may be filed,
    /// and whether that day has come.
    pub removal_from: Option<NaiveDate>,
    pub removal_open: bool,
    /// An objection to this record is accepted or in review: "异议处理中".
    pub objection_open: bool,
    /// A black-list entry a higher authority decided (告知 and 申辩 done
    /// there), published directly: the page says so with its 认定文书号 and 列入日期.
    pub decided_elsewhere: bool,
    /// A government integrity record's accountable department (id, name):
    /// the civil servant's 所在单位 or the body itself.
    pub unit: Option<(i64, String)>,
    /// A government integrity record's 书面说明 / 限期整改 (公开通报).
    pub remedies: Vec<RemedyLine>,
    /// Why credit repair cannot be applied for until something is done
    /// (remedies outstanding); `repair_from` says from when otherwise.
    pub repair_blocked: Option<String>,
}

/// One 书面说明 or 限期整改 as the public reads it.
#[derive(Clone, Debug)]
pub struct RemedyLine {
    pub remedy: String,
    pub requirement: String,
    pub ordered_on: NaiveDate,
    pub due: NaiveDate,
    pub state: String,
    pub overdue: bool,
    pub done_on: Option<NaiveDate>,
    pub report: Option<String>,
}

/// A pledge's fulfilment as shown: its state by `pledge_fulfilment::fulfilment`,
/// its due date and the day it was kept.
#[derive(Clone, Debug)]
pub struct PledgeFulfilmentView {
    /// The 履约状态 the department recorded (None: not given).
    pub recorded: Option<String>,
    pub fulfilment: crate::domain::pledge_fulfilment::Fulfilment,
    pub due_date: Option<NaiveDate>,
    pub fulfilled_on: Option<NaiveDate>,
}

#[derive(Clone, Debug)]
pub struct SubjectDetail {
    pub id: i64,
    pub name: String,
    pub kind: SubjectKind,
    pub uscc: Option<String>,
    pub id_masked: Option<String>,
    /// False when the subject is known only by a published list's masked ID
    /// or by name: the page says 身份未核验.
    pub identity_verified: bool,
    /// Publicly visible records grouped by kind, in `RecordKind::ALL` order.
    pub groups: Vec<(RecordKind, Vec<RecordSummary>)>,
    pub on_blacklist: Vec<RecordSummary>,
    pub on_redlist: Vec<RecordSummary>,
}

#[derive(Clone, Debug)]
pub struct Home {
    pub counts: Vec<(RecordKind, i64)>,
    pub latest: Vec<RecordSummary>,
    /// Said when this year's official holiday arrangement is not loaded yet.
    pub calendar_note: Option<String>,
}

/// A paginated listing (lists, department pages).
#[derive(Clone, Debug)]
pub struct Listing {
    pub rows: Vec<RecordSummary>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

impl Listing {
    pub fn pages(&self) -> i64 {
        ((self.total + self.per_page - 1) / self.per_page).max(1)
    }
}

#[derive(Clone, Debug)]
pub struct ListPage {
    pub kind: RecordKind,
    pub listing: Listing,
    pub list_names: Vec<String>,
    pub departments: Vec<(i64, String)>,
    pub selected_list: Option<String>,
    pub selected_department: Option<i64>,
}

#[derive(Clone, Debug)]
pub struct DepartmentPage {
    pub id: i64,
    pub name: String,
    pub uscc: String,
    pub kind: Option<RecordKind>,
    pub listing: Listing,
}

/// One search result. The two `_html` fields are already escaped by the
/// search engine, with matched words wrapped in `<b>`.
#[derive(Clone, Debug)]
pub struct SearchHitView {
    pub id: i64,
    pub kind: RecordKind,
    pub subject_id: i64,
    pub subject_name_html: String,
    pub title: String,
    pub doc_no: String,
    pub authority_name: String,
    pub decision_date: NaiveDate,
    pub snippet_html: String,
}

/// The search page: the query and filters as typed (to keep them in the
/// form), the results, counts per kind and notes for an empty result.
#[derive(Clone, Debug, Default)]
pub struct SearchPage {
    pub query: String,
    pub kind: Option<RecordKind>,
    pub department: Option<i64>,
    pub subject_kind: Option<SubjectKind>,
    pub category: String,
    pub from: String,
    pub to: String,
    /// "in_force" or "listed" or empty.
    pub status: String,
    /// "relevance" or "date".
    pub sort: String,
    pub page: i64,
    pub pages: i64,
    pub total: usize,
    pub hits: Vec<SearchHitView>,
    pub facets: Vec<(RecordKind, u64)>,
    pub departments: Vec<(i64, String)>,
    /// Query string of the current search without `page` (for pager links).
    pub base_query: String,
    /// Query string without `kind` and `page` (for facet links).
    pub facet_query: String,
    pub notes: Vec<String>,
    pub searched: bool,
}

/// The complaint form, empty or shown again with what was typed and its problems.
#[derive(Clone, Debug, Default)]
pub struct ComplaintFormView {
    pub form: crate::domain::complaint::ComplaintForm,
    pub errors: Vec<crate::domain::field_error::FieldError>,
    pub csrf: String,
    pub form_id: String,
}

/// The tracking form; the query code is never sent back.
#[derive(Clone, Debug, Default)]
pub struct TrackFormView {
    pub tracking_number: String,
    pub errors: Vec<crate::domain::field_error::FieldError>,
    pub csrf: String,
}

/// A submission as its submitter sees it; contact details are already masked.
#[derive(Clone, Debug)]
pub struct TrackedSubmission {
    pub tracking_number: String,
    pub kind_label: String,
    pub status_label: String,
    /// What was submitted, as (label, text) in form order.
    pub details: Vec<(String, String)>,
    /// (label, masked value); empty for an anonymous submission.
    pub contact: Vec<(String, String)>,
    pub anonymous: bool,
    /// (what happened, when — China time text).
    pub timeline: Vec<(String, String)>,
    /// What happens next and by when.
    pub next_step: Option<String>,
    /// How it was decided, and the official reply or reason.
    pub outcome: Option<String>,
    pub reply: Option<String>,
    /// Attached files as (declared name, size text): listed, never linked.
    pub attachments: Vec<(String, String)>,
}

/// The record an objection or a repair application is about.
#[derive(Clone, Debug, Default)]
pub struct RecordRef {
    pub id: i64,
    pub kind_label: String,
    pub doc_no: String,
    pub subject_name: String,
    /// No USCC is asked of a natural person.
    pub natural_person: bool,
}

/// The objection form of one record.
#[derive(Clone, Debug, Default)]
pub struct ObjectionFormView {
    pub record: RecordRef,
    pub form: crate::domain::objection::ObjectionForm,
    pub errors: Vec<crate::domain::field_error::FieldError>,
    pub csrf: String,
    pub form_id: String,
}

/// The credit repair form of one penalty; `refusal` says from when repair is
/// possible when it is not yet (then no form is shown).
#[derive(Clone, Debug, Default)]
pub struct RepairFormView {
    pub purpose: crate::domain::repair::RepairPurpose,
    pub record: RecordRef,
    pub form: crate::domain::repair::RepairForm,
    pub errors: Vec<crate::domain::field_error::FieldError>,
    pub csrf: String,
    pub form_id: String,
    pub refusal: Option<String>,
}

/// The credit pledge form; `authorities` are the departments offered.
#[derive(Clone, Debug, Default)]
pub struct PledgeFormView {
    pub form: crate::domain::pledge::PledgeForm,
    pub errors: Vec<crate::domain::field_error::FieldError>,
    pub csrf: String,
    pub form_id: String,
    pub authorities: Vec<(i64, String)>,
}
