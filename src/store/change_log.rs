//! Appending to and verifying the hash-chained change log. Writers lock the
//! single `log_head` row first, so on both engines the chain is extended by one
//! transaction at a time and a rolled-back transaction leaves no trace.

use app::domain::change_chain::{entry_hash, truncate_to_micros, ChainBreak, ChainEntry, ChainVerifier, Change};
use chrono::{DateTime, Utc};
use futures::TryStreamExt;

use super::{on_db, on_tx, Store, StoreError, Tx};

/// Rows per multi-row INSERT (11 parameters each; well under both engines' limits).
const LOG_ROWS_PER_STATEMENT: usize = 500;

/// The chain tip held while a write transaction is open.
pub(crate) struct LogHead {
    pub seq: i64,
    pub hash: String,
}

/// What one change-log row says.
#[derive(Clone, Debug)]
pub struct LogEntry {
    pub actor: String,
    /// The entity and operation (`app::domain::change_chain::Change`).
    pub change: Change,
    pub entity_id: i64,
    pub kind: Option<&'static str>,
    pub reason: Option<String>,
    pub content_hash: Option<String>,
}

#[derive(sqlx::FromRow)]
struct LogRow {
    seq: i64,
    at: DateTime<Utc>,
    actor: String,
    op: String,
    entity: String,
    entity_id: i64,
    kind: Option<String>,
    reason: Option<String>,
    content_hash: Option<String>,
    prev_hash: String,
    hash: String,
}

/// Result of recomputing the whole chain.
#[derive(Debug)]
pub struct ChainReport {
    pub rows_verified: i64,
    pub first_break: Option<ChainBreak>,
}

impl Tx {
    /// Locks the chain tip for this transaction.
    pub(crate) async fn lock_log_head(&mut self) -> Result<LogHead, StoreError> {
        let (seq, hash): (i64, String) = on_tx!(self, c => {
            sqlx::query_as("UPDATE log_head SET seq = seq WHERE id = 1 RETURNING seq, hash")
                .fetch_one(c)
                .await?
        });
        Ok(LogHead { seq, hash })
    }

    /// Appends one row after `head` and advances it. The caller stores the
    /// head back with [`Tx::store_log_head`] before committing.
    pub(crate) async fn append_log(
        &mut self,
        head: &mut LogHead,
        at: DateTime<Utc>,
        e: &LogEntry,
    ) -> Result<i64, StoreError> {
        self.append_logs(head, at, std::slice::from_ref(e)).await?;
        Ok(head.seq)
    }

    /// Appends many rows after `head` in one statement per chunk, in order.
    pub(crate) async fn append_logs(
        &mut self,
        head: &mut LogHead,
        at: DateTime<Utc>,
        entries: &[LogEntry],
    ) -> Result<(), StoreError> {
        let at = truncate_to_micros(at);
        let mut rows = Vec::with_capacity(entries.len());
        for e in entries {
            let seq = head.seq + 1;
            let hash = entry_hash(
                &head.hash,
                &ChainEntry {
                    seq,
                    at,
                    actor: &e.actor,
                    op: e.change.op(),
                    entity: e.change.entity(),
                    entity_id: e.entity_id,
                    kind: e.kind,
                    reason: e.reason.as_deref(),
                    content_hash: e.content_hash.as_deref(),
                },
            );
            rows.push((seq, e, std::mem::replace(&mut head.hash, hash.clone()), hash));
            head.seq = seq;
        }
        for chunk in rows.chunks(LOG_ROWS_PER_STATEMENT) {
            on_tx!(&mut *self, c, DB => {
                let mut qb = sqlx::QueryBuilder::<DB>::new(
                    "INSERT INTO change_log (seq, at, actor, op, entity, entity_id, kind, reason, content_hash, prev_hash, hash) ",
                );
                qb.push_values(chunk, |mut b, (seq, e, prev, hash)| {
                    b.push_bind(*seq)
                        .push_bind(at)
                        .push_bind(e.actor.as_str())
                        .push_bind(e.change.op())
                        .push_bind(e.change.entity())
                        .push_bind(e.entity_id)
                        .push_bind(e.kind)
                        .push_bind(e.reason.as_deref())
                        .push_bind(e.content_hash.as_deref())
                        .push_bind(prev.as_str())
                        .push_bind(hash.as_str());
                });
                qb.build().execute(c).await?;
            });
        }
        Ok(())
    }

    pub(crate) async fn store_log_head(&mut self, head: &LogHead) -> Result<(), StoreError> {
        on_tx!(self, c => {
            sqlx::query("UPDATE log_head SET seq = $1, hash = $2 WHERE id = 1")
                .bind(head.seq)
                .bind(&head.hash)
                .execute(c)
                .await?;
        });
        Ok(())
    }
}

impl Store {
    /// Recomputes the hash chain from the first row and reports the first broken link.
    pub async fn verify_change_log(&self) -> Result<ChainReport, StoreError> {
        let mut verifier = ChainVerifier::default();
        let sql = "SELECT seq, at, actor, op, entity, entity_id, kind, reason, content_hash, prev_hash, hash \
                   FROM change_log ORDER BY seq";
        let first_break = on_db!(&self.db, p => {
            let mut rows = sqlx::query_as::<_, LogRow>(sql).fetch(p);
            let mut first_break = None;
            while let Some(r) = rows.try_next().await? {
                let entry = ChainEntry {
                    seq: r.seq,
                    at: r.at,
                    actor: &r.actor,
                    op: &r.op,
                    entity: &r.entity,
                    entity_id: r.entity_id,
                    kind: r.kind.as_deref(),
                    reason: r.reason.as_deref(),
                    content_hash: r.content_hash.as_deref(),
                };
                if let Err(b) = verifier.push(&entry, &r.prev_hash, &r.hash) {
                    first_break = Some(b);
                    break;
                }
            }
            first_break
        });
        Ok(ChainReport {
            rows_verified: verifier.rows_verified(),
            first_break,
        })
    }

    /// Number of change-log rows (the current sequence).
    pub async fn log_seq(&self) -> Result<i64, StoreError> {
        let (seq,): (i64,) = on_db!(&self.db, p => {
            sqlx::query_as("SELECT seq FROM log_head WHERE id = 1").fetch_one(p).await?
        });
        Ok(seq)
    }
}

/// Which change-log rows the audit view shows.
#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub entity: Option<String>,
    pub entity_id: Option<i64>,
    pub from: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    /// Rows before this sequence number (paging backwards).
    pub before_seq: Option<i64>,
    pub limit: i64,
}

/// One change-log row as the audit view shows it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AuditRow {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub op: String,
    pub entity: String,
    pub entity_id: i64,
    pub kind: Option<String>,
    pub reason: Option<String>,
    pub hash: String,
}

impl Store {
    /// Change-log rows matching `f`, newest first.
    pub async fn audit_rows(&self, f: &AuditFilter) -> Result<Vec<AuditRow>, StoreError> {
        // Every condition is always bound; an absent one compares a column-free
        // constant, so one statement serves every combination.
        let sql = "SELECT seq, at, actor, op, entity, entity_id, kind, reason, hash FROM change_log \
                   WHERE ($1 = '' OR actor = $1) AND ($2 = '' OR entity = $2) AND ($3 < 0 OR entity_id = $3) \
                   AND at >= $4 AND at < $5 AND seq < $6 ORDER BY seq DESC LIMIT $7";
        let far_past = DateTime::<Utc>::from_timestamp(0, 0).expect("epoch");
        let far_future = DateTime::<Utc>::from_timestamp(32_503_680_000, 0).expect("year 3000");
        Ok(on_db!(&self.db, p => sqlx::query_as::<_, AuditRow>(sql)
            .bind(f.actor.clone().unwrap_or_default())
            .bind(f.entity.clone().unwrap_or_default())
            .bind(f.entity_id.unwrap_or(-1))
            .bind(f.from.unwrap_or(far_past))
            .bind(f.until.unwrap_or(far_future))
            .bind(f.before_seq.unwrap_or(i64::MAX))
            .bind(f.limit)
            .fetch_all(p)
            .await?))
    }
}

impl Store {
    /// Records whose stored content hash is not the one their last change-log
    /// row with a content hash recorded (or that have no such row at all): after
    /// a crash this must be empty, since a record and its log row are written in
    /// one transaction. Returns (records checked, ids that do not match).
    pub async fn records_not_matching_log(&self) -> Result<(i64, Vec<i64>), StoreError> {
        let sql = "SELECT r.id FROM records r WHERE r.content_hash IS DISTINCT FROM \
                   (SELECT c.content_hash FROM change_log c WHERE c.entity = 'record' AND c.entity_id = r.id \
                    AND c.content_hash IS NOT NULL ORDER BY c.seq DESC LIMIT 1) ORDER BY r.id LIMIT 1000";
        let (checked,): (i64,) =
            on_db!(&self.db, p => sqlx::query_as("SELECT COUNT(*) FROM records").fetch_one(p).await?);
        let rows: Vec<(i64,)> = on_db!(&self.db, p => sqlx::query_as(sql).fetch_all(p).await?);
        Ok((checked, rows.into_iter().map(|(id,)| id).collect()))
    }
}
