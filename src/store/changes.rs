//! The change log read as a public feed: every row with everything needed to
//! recompute its hash, plus the record rows a subject's or a department's feed
//! follows. Nothing here carries record content; pages add it only for records
//! that are publicly visible now.

use chrono::{DateTime, NaiveDate, Utc};

use super::{on_db, Store, StoreError};

/// One change-log row, complete (the feed publishes the whole chain).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ChangeRow {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub op: String,
    pub entity: String,
    pub entity_id: i64,
    pub kind: Option<String>,
    pub reason: Option<String>,
    pub content_hash: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// A record change with what a feed may show about the record now.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct RecordChangeRow {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub op: String,
    pub reason: Option<String>,
    pub hash: String,
    pub record_id: i64,
    pub kind: String,
    pub doc_no: String,
    pub title: String,
    pub subject_name: String,
    /// Whether the record is publicly visible today (its content may be shown).
    pub visible: bool,
}

const CHANGE_COLUMNS: &str = "seq, at, actor, op, entity, entity_id, kind, reason, content_hash, prev_hash, hash";

impl Store {
    /// Change-log rows after `since`, in order, at most `limit`.
    pub async fn changes_after(&self, since: i64, limit: i64) -> Result<Vec<ChangeRow>, StoreError> {
        let sql = format!("SELECT {CHANGE_COLUMNS} FROM change_log WHERE seq > $1 ORDER BY seq LIMIT $2");
        Ok(on_db!(&self.db, p => sqlx::query_as::<_, ChangeRow>(&sql).bind(since).bind(limit).fetch_all(p).await?))
    }

    /// The latest `limit` change-log rows, newest first.
    pub async fn latest_changes(&self, limit: i64) -> Result<Vec<ChangeRow>, StoreError> {
        let sql = format!("SELECT {CHANGE_COLUMNS} FROM change_log ORDER BY seq DESC LIMIT $1");
        Ok(on_db!(&self.db, p => sqlx::query_as::<_, ChangeRow>(&sql).bind(limit).fetch_all(p).await?))
    }

    /// The latest changes of the records of a subject (`by = "subject"`) or of
    /// an issuing department (`by = "department"`), newest first.
    pub async fn record_changes(
        &self,
        by: FeedScope,
        id: i64,
        today: NaiveDate,
        limit: i64,
    ) -> Result<Vec<RecordChangeRow>, StoreError> {
        let column = match by {
            FeedScope::Subject => "r.subject_id",
            FeedScope::Department => "r.authority_id",
        };
        let visible = super::reads::VISIBLE_SQL;
        let sql = format!(
            "SELECT c.seq, c.at, c.op, c.reason, c.hash, r.id AS record_id, r.kind, r.doc_no, r.title, \
             s.name AS subject_name, ({visible}) AS visible \
             FROM change_log c JOIN records r ON c.entity = 'record' AND r.id = c.entity_id \
             JOIN subjects s ON s.id = r.subject_id \
             WHERE {column} = $2 AND r.sensitive = FALSE AND r.simple_procedure = FALSE \
             ORDER BY c.seq DESC LIMIT $3"
        );
        Ok(on_db!(&self.db, p => sqlx::query_as::<_, RecordChangeRow>(&sql)
            .bind(today)
            .bind(id)
            .bind(limit)
            .fetch_all(p)
            .await?))
    }
}

/// Whose records a feed follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeedScope {
    Subject,
    Department,
}
