//! Reads behind the open-data API: publicly visible records with filters and
//! keyset ("cursor") pagination, newest id first.

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
}

const SELECT: &str = "SELECT r.id, r.kind, r.title, r.doc_no, r.category, r.subject_id, s.name AS subject_name, \
     s.kind AS subject_kind, r.authority_id, d.name AS authority_name, r.decision_date, r.start_date, r.end_date, \
     r.state, r.sensitive, r.simple_procedure, r.list_name \
     FROM records r JOIN subjects s ON s.id = r.subject_id JOIN departments d ON d.id = r.authority_id";

/// Records with an objection accepted or in review.
const UNDER_OBJECTION_SQL: &str = "EXISTS (SELECT 1 FROM submissions o WHERE o.record_id = r.id \
     AND o.kind = 'objection' AND o.status IN ('accepted', 'in_review'))";

impl Store {
    pub async fn api_records(&self, f: &ApiRecordFilter, today: NaiveDate) -> Result<Vec<SummaryRow>, StoreError> {
        // Absent filters compare constants, so one statement with fixed
        // placeholders serves every combination on both engines.
        let mut sql = format!(
            "{SELECT} WHERE {VISIBLE_SQL} AND ($2 = '' OR r.kind = $2) AND ($3 < 0 OR r.authority_id = $3) \
             AND ($4 < 0 OR r.subject_id = $4) AND r.decision_date >= $5 AND r.decision_date <= $6 \
             AND ($7 = '' OR r.list_name = $7) AND r.id < $8"
        );
        if f.under_objection {
            sql.push_str(&format!(" AND {UNDER_OBJECTION_SQL}"));
        }
        sql.push_str(" ORDER BY r.id DESC LIMIT $9");
        let min = NaiveDate::from_ymd_opt(1900, 1, 1).expect("date");
        let max = NaiveDate::from_ymd_opt(9999, 12, 31).expect("date");
        Ok(on_db!(&self.db, p => sqlx::query_as::<_, SummaryRow>(&sql)
            .bind(today)
            .bind(f.kind.clone().unwrap_or_default())
            .bind(f.department_id.unwrap_or(-1))
            .bind(f.subject_id.unwrap_or(-1))
            .bind(f.decided_from.unwrap_or(min))
            .bind(f.decided_to.unwrap_or(max))
            .bind(f.list_name.clone().unwrap_or_default())
            .bind(f.before_id.unwrap_or(i64::MAX))
            .bind(f.limit)
            .fetch_all(p)
            .await?))
    }
}
