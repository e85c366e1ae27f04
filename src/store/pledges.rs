//! Pledges and their fulfilment (践诺): recording that a running pledge was
//! kept or not (a new record version and a `fulfil` change-log row, in one
//! transaction), a department's own pledges for its profile, and the
//! back-office list of overdue pledges. The state of a pledge is always
//! `app::domain::pledge_fulfilment::fulfilment`.

use app::domain::change_chain::Change;
use app::domain::pledge_fulfilment::{fulfilment, PledgeStatus, OVERDUE_SQL};
use app::domain::record::NewRecord;
use chrono::{DateTime, NaiveDate, Utc};

use super::ingest::record_log;
use super::reads::VISIBLE_SQL;
use super::{on_db, on_tx, IngestCache, LogEntry, Store, StoreError};

/// One pledge in a list (profile, overdue list).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PledgeRow {
    pub id: i64,
    pub doc_no: String,
    pub title: String,
    pub category: Option<String>,
    pub subject_name: String,
    pub source_name: String,
    pub decision_date: NaiveDate,
    pub pledge_status: Option<String>,
    pub pledge_due_date: Option<NaiveDate>,
    pub pledge_fulfilled_on: Option<NaiveDate>,
}

const PLEDGE_SELECT: &str = "SELECT r.id, r.doc_no, r.title, r.category, s.name AS subject_name, \
     src.name AS source_name, r.decision_date, r.pledge_status, r.pledge_due_date, r.pledge_fulfilled_on \
     FROM records r JOIN subjects s ON s.id = r.subject_id JOIN departments src ON src.id = r.source_id";

/// A department's own pledges in publicity (`$1` today, `$2` its USCC),
/// newest first: the department's subject by identity key, then its pledges
/// through `records_subject` and sorted (a department makes few). On SQLite the
/// index is named: left to itself it walked every pledge by date through
/// `records_kind_date` (55–67 ms at a million records).
pub fn department_pledges_sql(sqlite: bool) -> String {
    let select = if sqlite {
        super::reads::records_via(PLEDGE_SELECT, "INDEXED BY records_subject")
    } else {
        PLEDGE_SELECT.to_string()
    };
    format!(
        "{select} WHERE {VISIBLE_SQL} AND r.kind = 'pledge' AND s.identity_key = 'USCC:' || $2 \
         ORDER BY r.decision_date DESC, r.id DESC LIMIT 200"
    )
}

impl Store {
    /// Records the outcome of a running pledge: `record` is the pledge with
    /// its new 履约状态 (and 践诺日期 or 未履约说明), validated like any row.
    /// In one transaction holding the log head: the pledge is read again and
    /// must still be published, the same record and running (a second staff
    /// member recording at the same moment is refused, not doubled); the old
    /// version is kept, and the change is logged `fulfil` with `reason`.
    pub async fn fulfil_pledge(
        &self,
        id: i64,
        record: &NewRecord,
        reason: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        let mut head = tx.lock_log_head().await?;
        type Current = (String, String, String, i64, i64, Option<String>);
        let current: Option<Current> = on_tx!(&mut tx, c => {
            sqlx::query_as(
                "SELECT kind, state, record_key, version, subject_id, pledge_status FROM records WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(c)
            .await?
        });
        let (kind, state, key, version, subject_id, status) =
            current.ok_or_else(|| StoreError::Refused("没有这条承诺信息。".into()))?;
        if kind != "pledge" || key != record.record_key() {
            return Err(StoreError::Inconsistent(format!(
                "fulfilment of record {id} names another record"
            )));
        }
        if state != "published" {
            return Err(StoreError::Refused("该承诺未在公示中，不能登记践诺情况。".into()));
        }
        if PledgeStatus::from_stored(status.as_deref()) != PledgeStatus::InProgress {
            return Err(StoreError::Refused(
                "该承诺已登记履约情况，如需更改请使用“更正”。".into(),
            ));
        }
        let mut cache = IngestCache::default();
        tx.department_id(&record.authority, &mut cache).await?;
        tx.department_id(&record.source, &mut cache).await?;
        let hash = record.content_hash();
        tx.correct_record(record, id, version, &state, subject_id, &hash, &cache, now)
            .await?;
        let log = LogEntry {
            reason: Some(reason.to_string()),
            ..record_log(actor, Change::RecordFulfil, id, record, &hash)
        };
        tx.append_logs(&mut head, now, &[log]).await?;
        tx.store_log_head(&head).await?;
        tx.commit().await?;
        Ok(())
    }

    /// A department's own pledges (it is the pledger) that are public today,
    /// newest first, at most 200.
    pub async fn department_pledges(&self, uscc: &str, today: NaiveDate) -> Result<Vec<PledgeRow>, StoreError> {
        let sql = department_pledges_sql(matches!(self.db, super::Db::Sqlite(_)));
        Ok(on_db!(&self.db, p => sqlx::query_as::<_, PledgeRow>(&sql).bind(today).bind(uscc).fetch_all(p).await?))
    }

    /// Published pledges of one data source unit (or of all) that are overdue
    /// today (`pledge_fulfilment::OVERDUE_SQL`, the SQL of `fulfilment`),
    /// most overdue first, at most 500.
    pub async fn overdue_pledges(
        &self,
        source_id: Option<i64>,
        today: NaiveDate,
    ) -> Result<Vec<PledgeRow>, StoreError> {
        let mut sql = format!("{PLEDGE_SELECT} WHERE r.kind = 'pledge' AND r.state = 'published' AND {OVERDUE_SQL}");
        if source_id.is_some() {
            sql.push_str(" AND r.source_id = $2");
        }
        sql.push_str(" ORDER BY r.pledge_due_date, r.id LIMIT 500");
        let rows: Vec<PledgeRow> = on_db!(&self.db, p => {
            let q = sqlx::query_as::<_, PledgeRow>(&sql).bind(today);
            match source_id {
                Some(id) => q.bind(id).fetch_all(p).await?,
                None => q.fetch_all(p).await?,
            }
        });
        // The SQL selects; the rule decides (they agree: tests/pledges.rs).
        Ok(rows
            .into_iter()
            .filter(|r| {
                fulfilment(r.pledge_status.as_deref(), r.pledge_due_date, today)
                    == app::domain::pledge_fulfilment::Fulfilment::Overdue
            })
            .collect())
    }
}
