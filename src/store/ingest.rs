//! The write path for records: each batch is one transaction that upserts
//! departments and subjects, inserts or corrects records, and appends one
//! change-log row per change. A crash mid-batch leaves nothing half-written.

use std::collections::HashMap;

use app::domain::record::{DepartmentRef, NewRecord};
use chrono::{DateTime, Utc};

use super::change_log::{LogEntry, LogHead};
use super::{on_tx, Store, StoreError, Tx};

/// What happened to one record of a batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IngestOutcome {
    Created(i64),
    Corrected(i64),
    Unchanged(i64),
    /// The record was withdrawn; a file cannot bring it back or change it.
    RefusedWithdrawn(i64),
}

impl IngestOutcome {
    pub fn id(self) -> i64 {
        match self {
            IngestOutcome::Created(id)
            | IngestOutcome::Corrected(id)
            | IngestOutcome::Unchanged(id)
            | IngestOutcome::RefusedWithdrawn(id) => id,
        }
    }
}

/// Department and subject ids already known, so a large import does not look
/// them up for every row. Cleared when a batch fails (its inserts rolled back).
#[derive(Default)]
pub struct IngestCache {
    departments: HashMap<String, i64>,
    subjects: HashMap<String, i64>,
}

impl IngestCache {
    fn clear(&mut self) {
        self.departments.clear();
        self.subjects.clear();
    }
}

fn columns_json(columns: &[(String, String)]) -> String {
    serde_json::to_string(columns).unwrap_or_else(|_| "[]".into())
}

impl Store {
    /// Stores a batch of validated records in one transaction.
    pub async fn ingest(
        &self,
        batch: &[NewRecord],
        actor: &str,
        now: DateTime<Utc>,
        cache: &mut IngestCache,
    ) -> Result<Vec<IngestOutcome>, StoreError> {
        let result = self.ingest_inner(batch, actor, now, cache).await;
        if result.is_err() {
            cache.clear();
        }
        result
    }

    async fn ingest_inner(
        &self,
        batch: &[NewRecord],
        actor: &str,
        now: DateTime<Utc>,
        cache: &mut IngestCache,
    ) -> Result<Vec<IngestOutcome>, StoreError> {
        let mut tx = self.begin().await?;
        let mut head = tx.lock_log_head().await?;
        let mut outcomes = Vec::with_capacity(batch.len());
        for record in batch {
            let authority_id = tx.department_id(&record.authority, cache).await?;
            let source_id = tx.department_id(&record.source, cache).await?;
            let subject_id = tx.subject_id(record, actor, now, &mut head, cache).await?;
            let outcome = tx
                .put_record(record, subject_id, authority_id, source_id, actor, now, &mut head)
                .await?;
            outcomes.push(outcome);
        }
        tx.store_log_head(&head).await?;
        tx.commit().await?;
        Ok(outcomes)
    }
}

#[derive(sqlx::FromRow)]
struct Existing {
    id: i64,
    content_hash: String,
    version: i64,
    state: String,
}

impl Tx {
    async fn department_id(&mut self, d: &DepartmentRef, cache: &mut IngestCache) -> Result<i64, StoreError> {
        if let Some(id) = cache.departments.get(&d.uscc) {
            return Ok(*id);
        }
        let (id,): (i64,) = on_tx!(self, c => {
            sqlx::query_as(
                "INSERT INTO departments (name, uscc) VALUES ($1, $2) \
                 ON CONFLICT (uscc) DO UPDATE SET name = departments.name RETURNING id",
            )
            .bind(&d.name)
            .bind(&d.uscc)
            .fetch_one(c)
            .await?
        });
        cache.departments.insert(d.uscc.clone(), id);
        Ok(id)
    }

    /// Finds the subject by identity key (following merges) or creates it.
    async fn subject_id(
        &mut self,
        r: &NewRecord,
        actor: &str,
        now: DateTime<Utc>,
        head: &mut LogHead,
        cache: &mut IngestCache,
    ) -> Result<i64, StoreError> {
        let key = r.subject.identity_key();
        if let Some(id) = cache.subjects.get(&key) {
            return Ok(*id);
        }
        let found: Option<(i64, Option<i64>)> = on_tx!(self, c => {
            sqlx::query_as("SELECT id, merged_into FROM subjects WHERE identity_key = $1")
                .bind(&key)
                .fetch_optional(c)
                .await?
        });
        let id = match found {
            Some((id, None)) => id,
            Some((_, Some(survivor))) => self.surviving_subject(survivor).await?,
            None => {
                let s = &r.subject;
                let (id,): (i64,) = on_tx!(self, c => {
                    sqlx::query_as(
                        "INSERT INTO subjects (identity_key, kind, name, uscc, id_number, id_masked, created_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                    )
                    .bind(&key)
                    .bind(s.kind.code())
                    .bind(&s.name)
                    .bind(s.uscc.as_deref())
                    .bind(s.id_number.as_deref())
                    .bind(s.id_masked.as_deref())
                    .bind(now)
                    .fetch_one(c)
                    .await?
                });
                let entry = LogEntry {
                    actor: actor.to_string(),
                    op: "create",
                    entity: "subject",
                    entity_id: id,
                    kind: Some(s.kind.code()),
                    reason: None,
                    content_hash: None,
                };
                self.append_log(head, now, &entry).await?;
                id
            }
        };
        cache.subjects.insert(key, id);
        Ok(id)
    }

    pub(crate) async fn surviving_subject(&mut self, mut id: i64) -> Result<i64, StoreError> {
        // Merges form short chains; follow them to the end (bounded against cycles).
        for _ in 0..32 {
            let (next,): (Option<i64>,) = on_tx!(self, c => {
                sqlx::query_as("SELECT merged_into FROM subjects WHERE id = $1").bind(id).fetch_one(c).await?
            });
            match next {
                Some(n) => id = n,
                None => return Ok(id),
            }
        }
        Err(StoreError::Inconsistent(format!(
            "subject merge chain from {id} does not end"
        )))
    }

    #[allow(clippy::too_many_arguments)]
    async fn put_record(
        &mut self,
        r: &NewRecord,
        subject_id: i64,
        authority_id: i64,
        source_id: i64,
        actor: &str,
        now: DateTime<Utc>,
        head: &mut LogHead,
    ) -> Result<IngestOutcome, StoreError> {
        let key = r.record_key();
        let hash = r.content_hash();
        let existing: Option<Existing> = on_tx!(self, c => {
            sqlx::query_as("SELECT id, content_hash, version, state FROM records WHERE record_key = $1")
                .bind(&key)
                .fetch_optional(c)
                .await?
        });
        let public = columns_json(&r.public_columns);
        let private = columns_json(&r.private_columns);
        let (id, op, outcome) = match existing {
            Some(e) if e.content_hash == hash => return Ok(IngestOutcome::Unchanged(e.id)),
            Some(e) if e.state == "withdrawn" => return Ok(IngestOutcome::RefusedWithdrawn(e.id)),
            Some(e) => {
                on_tx!(self, c => {
                    sqlx::query(
                        "INSERT INTO record_versions (record_id, version, public_columns, private_columns, content_hash, replaced_at) \
                         SELECT id, version, public_columns, private_columns, content_hash, $1 FROM records WHERE id = $2",
                    )
                    .bind(now)
                    .bind(e.id)
                    .execute(&mut *c)
                    .await?;
                    sqlx::query(
                        "UPDATE records SET subject_id = $1, authority_id = $2, source_id = $3, doc_no = $4, title = $5, \
                         category = $6, decision_date = $7, start_date = $8, end_date = $9, fine_fen = $10, \
                         confiscated_fen = $11, list_name = $12, pledge_status = $13, sensitive = $14, \
                         simple_procedure = $15, public_columns = $16, private_columns = $17, content_hash = $18, \
                         version = $19, updated_at = $20 WHERE id = $21",
                    )
                    .bind(subject_id)
                    .bind(authority_id)
                    .bind(source_id)
                    .bind(&r.doc_no)
                    .bind(&r.title)
                    .bind(r.category.as_deref())
                    .bind(r.decision_date)
                    .bind(r.start_date)
                    .bind(r.end_date)
                    .bind(r.fine_fen)
                    .bind(r.confiscated_fen)
                    .bind(r.list_name.as_deref())
                    .bind(r.pledge_status.as_deref())
                    .bind(r.sensitive)
                    .bind(r.simple_procedure)
                    .bind(&public)
                    .bind(&private)
                    .bind(&hash)
                    .bind(e.version + 1)
                    .bind(now)
                    .bind(e.id)
                    .execute(c)
                    .await?;
                });
                (e.id, "correct", IngestOutcome::Corrected(e.id))
            }
            None => {
                let (id,): (i64,) = on_tx!(self, c => {
                    sqlx::query_as(
                        "INSERT INTO records (kind, record_key, subject_id, authority_id, source_id, doc_no, title, \
                         category, decision_date, start_date, end_date, fine_fen, confiscated_fen, list_name, \
                         pledge_status, sensitive, simple_procedure, state, public_columns, private_columns, \
                         content_hash, version, published_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, \
                         'published', $18, $19, $20, 1, $21, $21) RETURNING id",
                    )
                    .bind(r.kind.code())
                    .bind(&key)
                    .bind(subject_id)
                    .bind(authority_id)
                    .bind(source_id)
                    .bind(&r.doc_no)
                    .bind(&r.title)
                    .bind(r.category.as_deref())
                    .bind(r.decision_date)
                    .bind(r.start_date)
                    .bind(r.end_date)
                    .bind(r.fine_fen)
                    .bind(r.confiscated_fen)
                    .bind(r.list_name.as_deref())
                    .bind(r.pledge_status.as_deref())
                    .bind(r.sensitive)
                    .bind(r.simple_procedure)
                    .bind(&public)
                    .bind(&private)
                    .bind(&hash)
                    .bind(now)
                    .fetch_one(c)
                    .await?
                });
                (id, "publish", IngestOutcome::Created(id))
            }
        };
        let entry = LogEntry {
            actor: actor.to_string(),
            op,
            entity: "record",
            entity_id: id,
            kind: Some(r.kind.code()),
            reason: None,
            content_hash: Some(hash),
        };
        self.append_log(head, now, &entry).await?;
        Ok(outcome)
    }
}
