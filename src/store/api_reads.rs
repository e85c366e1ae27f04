//! Reads behind the open-data API: publicly visible records with filters and
//! keyset ("cursor") pagination, newest id first.

use app::domain::kinds::RecordKind;
use chrono::NaiveDate;

use super::reads::{SummaryRow, VISIBLE_SQL};
use super::{on_db, Store, StoreError};

/// Filters of `GET /api/v1/records`. Every filter narrows; none widens beyond
/// what is publicly visible today.
#[derive(Clone, Debug, Default)]
pub struct ApiRecordFilter {
    pub kind: Option<String>,
    pub department_id: Option<i64>,
    pub subject_id: Option<i64>,
    pub decided_from: Option<NaiveDate>,
    pub decided_to: Option<NaiveDate>,
    /// Only records with an objection being handled (异议处理中).
    pub under_objection: bool,
    pub list_name: Option<String>,
    /// Records with an id below this one (the cursor of the previous page).
    pub before_id: Option<i64>,
    pub limit: i64,
    /// How many visible records the kind, department and list filters match
    /// (from the tally, possibly a little stale): chooses the walk, never the
    /// result.
    pub visible_matches: Option<i64>,
}

const SELECT: &str = "SELECT r.id, r.kind, r.title, r.doc_no, r.category, r.subject_id, s.name AS subject_name, \
     s.kind AS subject_kind, r.authority_id, d.name AS authority_name, r.decision_date, r.start_date, r.end_date, \
     r.state, r.sensitive, r.simple_procedure, r.list_name \
     FROM records r JOIN subjects s ON s.id = r.subject_id JOIN departments d ON d.id = r.authority_id";

/// Records with an objection accepted or in review, read from the objections
/// (few) rather than tested on every record walked.
const UNDER_OBJECTION_SQL: &str = "r.id IN (SELECT o.record_id FROM submissions o WHERE o.record_id IS NOT NULL \
     AND o.kind = 'objection' AND o.status IN ('accepted', 'in_review'))";

/// A value bound to the statement `api_records_sql` writes.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiBind {
    Text(String),
    Int(i64),
    Date(NaiveDate),
}

/// How `GET /api/v1/records` reaches its page on SQLite, which otherwise
/// sorts every visible row of a kind or department for one page (5–9 s at a
/// million records). PostgreSQL's planner is left to itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiWalk {
    /// A subject's records through `records_subject`, then sorted (few).
    Subject,
    /// A list's entries through `records_list (kind, list_name)`, in id order.
    List,
    /// A short decision period (at most [`SHORT_PERIOD_DAYS`]) through
    /// `records_kind_date`, then sorted: a few thousand rows at a million.
    Period,
    /// The table from the newest id down, stopping at the page: what matches
    /// is common, so the walk is short.
    Newest,
    /// Records under objection, read from the objections (few).
    Objections,
    /// A kind or department with few visible records (under [`SPARSE_MATCHES`]):
    /// its rows through `records_visibility` or `records_authority_date`, then
    /// sorted, instead of walking the table past records that never match.
    Sparse,
}

/// Below this many matching records the matches are read through an index
/// and sorted; above it they are common enough (≥ 2 % at a million) for the
/// newest-first walk to stop within a few thousand rows.
pub const SPARSE_MATCHES: i64 = 20_000;

/// Longest decision period read through the date index rather than walked.
pub const SHORT_PERIOD_DAYS: i64 = 31;

pub fn api_walk(f: &ApiRecordFilter) -> ApiWalk {
    let period = match (f.decided_from, f.decided_to) {
        (Some(from), Some(to)) => Some((to - from).num_days()),
        _ => None,
    };
    if f.subject_id.is_some() {
        ApiWalk::Subject
    } else if f.list_name.is_some() {
        ApiWalk::List
    } else if f.under_objection {
        ApiWalk::Objections
    } else if period.is_some_and(|days| days <= SHORT_PERIOD_DAYS) {
        ApiWalk::Period
    } else if (f.kind.is_some() || f.department_id.is_some()) && f.visible_matches.is_some_and(|n| n < SPARSE_MATCHES) {
        ApiWalk::Sparse
    } else {
        ApiWalk::Newest
    }
}

/// The statement of `GET /api/v1/records` for these filters (`$1` today),
/// with the values to bind after today. Only the filters given are written,
/// so the planner sees what narrows; on SQLite the walk of [`api_walk`] is named.
pub fn api_records_sql(f: &ApiRecordFilter, sqlite: bool) -> (String, Vec<ApiBind>) {
    let mut conditions = vec![VISIBLE_SQL.to_string()];
    let mut binds = Vec::new();
    let mut push = |condition: &str, value: ApiBind| {
        binds.push(value);
        conditions.push(condition.replace('?', &format!("${}", binds.len() + 1)));
    };
    if let Some(kind) = &f.kind {
        push("r.kind = ?", ApiBind::Text(kind.clone()));
    }
    if let Some(d) = f.department_id {
        push("r.authority_id = ?", ApiBind::Int(d));
    }
    if let Some(s) = f.subject_id {
        push("r.subject_id = ?", ApiBind::Int(s));
    }
    if let Some(from) = f.decided_from {
        push("r.decision_date >= ?", ApiBind::Date(from));
    }
    if let Some(to) = f.decided_to {
        push("r.decision_date <= ?", ApiBind::Date(to));
    }
    if let Some(list) = &f.list_name {
        push("r.list_name = ?", ApiBind::Text(list.clone()));
    }
    if let Some(before) = f.before_id {
        push("r.id < ?", ApiBind::Int(before));
    }
    if f.under_objection {
        conditions.push(UNDER_OBJECTION_SQL.to_string());
    }
    binds.push(ApiBind::Int(f.limit));
    let limit = binds.len() + 1;
    let walk = api_walk(f);
    if sqlite && f.kind.is_none() && matches!(walk, ApiWalk::Period | ApiWalk::List) {
        // Every kind's range of the index (only red and black lists have names).
        let kinds: Vec<String> = RecordKind::ALL
            .iter()
            .filter(|k| walk == ApiWalk::Period || matches!(k, RecordKind::Redlist | RecordKind::Blacklist))
            .map(|k| format!("'{}'", k.code()))
            .collect();
        conditions.push(format!("r.kind IN ({})", kinds.join(", ")));
    }
    let hint = match (sqlite, walk) {
        (false, _) | (true, ApiWalk::Objections) => "",
        (true, ApiWalk::Subject) => "INDEXED BY records_subject",
        (true, ApiWalk::List) => "INDEXED BY records_list",
        (true, ApiWalk::Period) => "INDEXED BY records_kind_date",
        (true, ApiWalk::Sparse) if f.kind.is_some() => "INDEXED BY records_visibility",
        (true, ApiWalk::Sparse) => "INDEXED BY records_authority_date",
        (true, ApiWalk::Newest) => "NOT INDEXED",
    };
    let select = if hint.is_empty() {
        SELECT.to_string()
    } else {
        super::reads::records_via(SELECT, hint)
    };
    let sql = format!(
        "{select} WHERE {} ORDER BY r.id DESC LIMIT ${limit}",
        conditions.join(" AND ")
    );
    (sql, binds)
}

impl Store {
    pub async fn api_records(&self, f: &ApiRecordFilter, today: NaiveDate) -> Result<Vec<SummaryRow>, StoreError> {
        let (sql, binds) = api_records_sql(f, matches!(self.db, super::Db::Sqlite(_)));
        Ok(on_db!(&self.db, p => {
            let mut q = sqlx::query_as::<_, SummaryRow>(&sql).bind(today);
            for b in binds {
                q = match b {
                    ApiBind::Text(t) => q.bind(t),
                    ApiBind::Int(i) => q.bind(i),
                    ApiBind::Date(d) => q.bind(d),
                };
            }
            q.fetch_all(p).await?
        }))
    }
}
