//! Counts behind the statistics pages, the statistics API and the department
//! integrity profiles. Judgements (on time? score?) are `app::domain::statistics`.

use app::domain::pledge_fulfilment::{fulfilment, FulfilmentCounts};
use chrono::{DateTime, NaiveDate, Utc};

use super::reads::VISIBLE_SQL;
use super::{on_db, Db, Store, StoreError};

/// A decided submission: what `answered_on_time` needs.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DecidedRow {
    pub kind: String,
    pub received_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub decided_at: DateTime<Utc>,
}

/// A department's own records as a subject (see `departments_own_records`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OwnRecords {
    /// Its public pledges by fulfilment state as of the day asked.
    pub pledges: FulfilmentCounts,
}

/// The one grouped query behind every department's own figures (`$1` =
/// today): public pledges of subjects that are departments, counted per
/// (department, 履约状态, 承诺履行期限). (Integrity records count against
/// their unit instead: `integrity_records_by_unit`.) It goes
/// from each department to its subject (by identity key) and from the subject
/// to its records (`records_subject`), never walking the records of a kind
/// (the `CROSS JOIN`s keep SQLite in that order; a query-plan test in
/// tests/domain_rules.rs).
pub fn departments_own_records_sql() -> String {
    format!(
        "SELECT d.uscc, r.pledge_status, r.pledge_due_date, COUNT(*) \
         FROM departments d CROSS JOIN subjects s CROSS JOIN records r \
         WHERE s.identity_key = 'USCC:' || d.uscc AND r.subject_id = s.id \
         AND r.kind = 'pledge' AND {VISIBLE_SQL} \
         GROUP BY d.uscc, r.pledge_status, r.pledge_due_date"
    )
}

/// A unit's integrity records in publicity (`$1` today, `$2` the unit), newest
/// first, in the order of `records_unit` (no sort, no walk of other units').
pub fn department_integrity_records_sql() -> String {
    format!(
        "SELECT r.id, r.kind, r.title, r.doc_no, r.category, r.subject_id, s.name AS subject_name, \
         s.kind AS subject_kind, r.authority_id, d.name AS authority_name, r.decision_date, r.start_date, r.end_date, \
         r.state, r.sensitive, r.simple_procedure, r.list_name \
         FROM records r JOIN subjects s ON s.id = r.subject_id JOIN departments d ON d.id = r.authority_id \
         WHERE {VISIBLE_SQL} AND r.kind = 'integrity' AND r.unit_id = $2 \
         ORDER BY r.decision_date DESC, r.id DESC LIMIT 200"
    )
}

impl Store {
    /// Publicly visible records by decision month (YYYY-MM), from `since` on.
    pub async fn public_by_month(&self, today: NaiveDate, since: NaiveDate) -> Result<Vec<(String, i64)>, StoreError> {
        // The month of a date is written differently by each engine.
        let month = match &self.db {
            Db::Sqlite(_) => "substr(r.decision_date, 1, 7)",
            Db::Postgres(_) => "to_char(r.decision_date, 'YYYY-MM')",
        };
        let sql = format!(
            "SELECT {month} AS m, COUNT(*) FROM records r WHERE {VISIBLE_SQL} AND r.decision_date >= $2 \
             GROUP BY m ORDER BY m"
        );
        Ok(on_db!(&self.db, p => sqlx::query_as(&sql).bind(today).bind(since).fetch_all(p).await?))
    }

    /// Publication timeliness facts, the one query behind `/statistics`, the
    /// department profiles and a provider's dashboard: (data source unit,
    /// decision date, day it first became public, China time) of every record
    /// decided from `since` on that was published (`first_public_at`, see
    /// `publication_deadline::is_public_when`), of one source unit or of all.
    /// Sensitive and simple-procedure records are never counted, even if
    /// they were once shown before being flagged.
    pub async fn publication_pairs(
        &self,
        since: NaiveDate,
        source_id: Option<i64>,
    ) -> Result<Vec<(i64, NaiveDate, NaiveDate)>, StoreError> {
        // Two texts rather than "$3 = 0 OR …", so one department's count uses its index.
        let mut sql = "SELECT source_id, decision_date, first_public_at FROM records \
                       WHERE first_public_at IS NOT NULL AND decision_date >= $1 \
                       AND sensitive = $2 AND simple_procedure = $2"
            .to_string();
        if source_id.is_some() {
            sql.push_str(" AND source_id = $3");
        }
        let rows: Vec<(i64, NaiveDate, DateTime<Utc>)> = on_db!(&self.db, p => {
            let q = sqlx::query_as(&sql).bind(since).bind(false);
            match source_id {
                Some(id) => q.bind(id).fetch_all(p).await?,
                None => q.fetch_all(p).await?,
            }
        });
        Ok(rows
            .into_iter()
            .map(|(dept, decided, at)| (dept, decided, app::domain::clock::china_date(at)))
            .collect())
    }

    /// Objections per department whose data they dispute: (data source unit,
    /// received, upheld). Attributed to the record's 数据来源单位, as
    /// publication timeliness is: both measure the data a department supplies.
    pub async fn objections_by_department(&self) -> Result<Vec<(i64, i64, i64)>, StoreError> {
        let sql = "SELECT r.source_id, COUNT(*), \
                   SUM(CASE WHEN s.outcome IN ('corrected', 'record_withdrawn') THEN 1 ELSE 0 END) \
                   FROM submissions s JOIN records r ON r.id = s.record_id \
                   WHERE s.kind = 'objection' GROUP BY r.source_id";
        let rows: Vec<(i64, i64, Option<i64>)> = on_db!(&self.db, p => sqlx::query_as(sql).fetch_all(p).await?);
        Ok(rows.into_iter().map(|(d, n, u)| (d, n, u.unwrap_or(0))).collect())
    }

    /// Every decided submission with its receipt, acceptance and decision times.
    pub async fn decided_submissions(&self) -> Result<Vec<DecidedRow>, StoreError> {
        let sql = "SELECT s.kind, s.received_at, s.accepted_at, \
                   d.decided_at FROM submissions s JOIN \
                   (SELECT submission_id, MIN(at) AS decided_at FROM submission_events \
                    WHERE event IN ('answered', 'refused') GROUP BY submission_id) d ON d.submission_id = s.id";
        Ok(on_db!(&self.db, p => sqlx::query_as::<_, DecidedRow>(sql).fetch_all(p).await?))
    }

    /// Every department's own pledges, where it is the subject, by
    /// fulfilment state, keyed by the department's USCC. One grouped query for all
    /// departments ([`departments_own_records_sql`]): the store groups by
    /// (status, due date), and each group is judged by
    /// `pledge_fulfilment::fulfilment` — no second rule in SQL.
    pub async fn departments_own_records(
        &self,
        today: NaiveDate,
    ) -> Result<std::collections::HashMap<String, OwnRecords>, StoreError> {
        let sql = departments_own_records_sql();
        // (uscc, status, due date, count).
        type Row = (String, Option<String>, Option<NaiveDate>, i64);
        let rows: Vec<Row> = on_db!(&self.db, p => sqlx::query_as(&sql).bind(today).fetch_all(p).await?);
        let mut out: std::collections::HashMap<String, OwnRecords> = std::collections::HashMap::new();
        for (uscc, status, due, n) in rows {
            out.entry(uscc)
                .or_default()
                .pledges
                .add(fulfilment(status.as_deref(), due, today), n);
        }
        Ok(out)
    }

    /// The government integrity records in publicity today that count
    /// against a department (`records.unit_id`: the civil servant's unit or
    /// the body itself).
    pub async fn department_integrity_records(
        &self,
        department_id: i64,
        today: NaiveDate,
    ) -> Result<Vec<super::SummaryRow>, StoreError> {
        let sql = department_integrity_records_sql();
        Ok(on_db!(&self.db, p => sqlx::query_as(&sql).bind(today).bind(department_id).fetch_all(p).await?))
    }
}
