//! 典型案例: the credit office's published cases and the records they cite.
//! Whether a case may cite a record, and whether it is public, is decided by
//! `app::domain::typical_case`; this module only stores and reads. Publishing
//! and taking down append to the change log in the same transaction.

use app::domain::change_chain::Change;
use app::domain::typical_case::CaseDraft;
use chrono::{DateTime, Utc};

use super::change_log::LogEntry;
use super::reads::SUMMARY_SELECT;
use super::{on_db, on_tx, Store, StoreError, SummaryRow};

/// One stored case.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CaseRow {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub summary: String,
    pub source_document: Option<String>,
    pub published_at: DateTime<Utc>,
    pub published_by: String,
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub withdraw_reason: Option<String>,
}

const CASE_SELECT: &str = "SELECT id, kind, title, summary, source_document, published_at, published_by, \
     withdrawn_at, withdraw_reason FROM typical_cases";

/// Most cases a listing reads. The office publishes a few dozen a year; the
/// public listing filters them by the visibility of what they cite.
pub const MAX_LISTED_CASES: i64 = 1000;

/// Ids per `IN (…)` list.
const IDS_PER_QUERY: usize = 400;

fn case_log(actor: &str, change: Change, id: i64, reason: String) -> LogEntry {
    LogEntry {
        actor: actor.to_string(),
        change,
        entity_id: id,
        kind: None,
        reason: Some(reason),
        content_hash: None,
    }
}

impl Store {
    /// Publishes a checked case (its citations already checked by the caller).
    pub async fn publish_case(&self, draft: &CaseDraft, actor: &str, now: DateTime<Utc>) -> Result<i64, StoreError> {
        let mut tx = self.begin().await?;
        let mut head = tx.lock_log_head().await?;
        let (id,): (i64,) = on_tx!(&mut tx, c => {
            sqlx::query_as(
                "INSERT INTO typical_cases (kind, title, summary, source_document, published_at, published_by) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(draft.kind.code())
            .bind(&draft.title)
            .bind(&draft.summary)
            .bind(draft.source_document.as_deref())
            .bind(now)
            .bind(actor)
            .fetch_one(c)
            .await?
        });
        for (position, record_id) in draft.record_ids.iter().enumerate() {
            on_tx!(&mut tx, c => {
                sqlx::query("INSERT INTO typical_case_records (case_id, position, record_id) VALUES ($1, $2, $3)")
                    .bind(id)
                    .bind(position as i64)
                    .bind(*record_id)
                    .execute(c)
                    .await?;
            });
        }
        let cited = draft
            .record_ids
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let reason = format!("{}：{}（引用信息 {cited}）", draft.kind.label(), draft.title);
        tx.append_log(&mut head, now, &case_log(actor, Change::CasePublish, id, reason))
            .await?;
        tx.store_log_head(&head).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Takes a published case down; refused when it already is.
    pub async fn withdraw_case(
        &self,
        id: i64,
        reason: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        let mut head = tx.lock_log_head().await?;
        let changed = on_tx!(&mut tx, c => {
            sqlx::query(
                "UPDATE typical_cases SET withdrawn_at = $1, withdraw_reason = $2 WHERE id = $3 AND withdrawn_at IS NULL",
            )
            .bind(now)
            .bind(reason)
            .bind(id)
            .execute(c)
            .await?
            .rows_affected()
        });
        if changed == 0 {
            return Err(StoreError::Refused(format!("案例 {id} 不存在或已撤下")));
        }
        tx.append_log(
            &mut head,
            now,
            &case_log(actor, Change::CaseWithdraw, id, reason.to_string()),
        )
        .await?;
        tx.store_log_head(&head).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn case(&self, id: i64) -> Result<Option<CaseRow>, StoreError> {
        let sql = format!("{CASE_SELECT} WHERE id = $1");
        Ok(on_db!(&self.db, p => sqlx::query_as::<_, CaseRow>(&sql).bind(id).fetch_optional(p).await?))
    }

    /// Cases not taken down, newest first (at most [`MAX_LISTED_CASES`]).
    pub async fn current_cases(&self) -> Result<Vec<CaseRow>, StoreError> {
        let sql = format!("{CASE_SELECT} WHERE withdrawn_at IS NULL ORDER BY published_at DESC, id DESC LIMIT $1");
        Ok(on_db!(&self.db, p => sqlx::query_as::<_, CaseRow>(&sql).bind(MAX_LISTED_CASES).fetch_all(p).await?))
    }

    /// Every case, taken down or not, newest first (the back-office list).
    pub async fn all_cases(&self) -> Result<Vec<CaseRow>, StoreError> {
        let sql = format!("{CASE_SELECT} ORDER BY published_at DESC, id DESC LIMIT $1");
        Ok(on_db!(&self.db, p => sqlx::query_as::<_, CaseRow>(&sql).bind(MAX_LISTED_CASES).fetch_all(p).await?))
    }

    /// The records cited by each of `case_ids`, as (case id, record) in citation order.
    pub async fn cited_records(&self, case_ids: &[i64]) -> Result<Vec<(i64, SummaryRow)>, StoreError> {
        let mut links: Vec<(i64, i64)> = Vec::new();
        for chunk in case_ids.chunks(IDS_PER_QUERY) {
            let rows: Vec<(i64, i64)> = on_db!(&self.db, p, DB => {
                let mut qb = sqlx::QueryBuilder::<DB>::new(
                    "SELECT case_id, record_id FROM typical_case_records WHERE case_id IN (",
                );
                let mut list = qb.separated(", ");
                for id in chunk {
                    list.push_bind(*id);
                }
                qb.push(") ORDER BY case_id, position");
                qb.build_query_as().fetch_all(p).await?
            });
            links.extend(rows);
        }
        let mut record_ids: Vec<i64> = links.iter().map(|(_, r)| *r).collect();
        record_ids.sort_unstable();
        record_ids.dedup();
        let mut records = std::collections::HashMap::new();
        for chunk in record_ids.chunks(IDS_PER_QUERY) {
            records.extend(self.records_by_id(chunk).await?.into_iter().map(|r| (r.id, r)));
        }
        Ok(links
            .into_iter()
            .filter_map(|(case_id, record_id)| records.get(&record_id).map(|r| (case_id, r.clone())))
            .collect())
    }

    /// The records of `ids` that exist (a case form's citations).
    pub async fn records_by_id(&self, ids: &[i64]) -> Result<Vec<SummaryRow>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        if ids.len() > IDS_PER_QUERY {
            return Err(StoreError::Refused(format!("一次最多查询 {IDS_PER_QUERY} 条信息")));
        }
        let rows = on_db!(&self.db, p, DB => {
            let mut qb = sqlx::QueryBuilder::<DB>::new(format!("{SUMMARY_SELECT} WHERE r.id IN ("));
            let mut list = qb.separated(", ");
            for id in ids {
                list.push_bind(*id);
            }
            qb.push(")");
            qb.build_query_as::<SummaryRow>().fetch_all(p).await?
        });
        Ok(rows)
    }
}
