//! The change log read as a public feed: every row with everything needed to
//! recompute its hash, plus the record rows a subject's or a department's feed
//! follows. Nothing here carries record content; pages add it only for records
//! that are publicly visible now.
//!
//! Which rows are public is `app::domain::change_feed::row_is_public`; each row
//! comes with the facts it needs (`record_public`, `entered_at_seq`,
//! `subject_known`, computed in SQL from the same constants: operations,
//! record states), and the feeds keep the rows the rule calls public, walking
//! the log back by `seq` rather than filtering in SQL (see
//! `Store::latest_public_changes`).

use std::sync::LazyLock;

use app::domain::change_feed::{row_is_public, RowSubject, ENTRY_OPS, WITHHOLDING_OPS};
use app::domain::kinds::RecordState;
use chrono::{DateTime, NaiveDate, Utc};

use super::{on_db, Store, StoreError};

/// `'a', 'b', …` (the values are the portal's own constants, never input).
fn sql_strings<'a>(values: impl IntoIterator<Item = &'a str>) -> String {
    values
        .into_iter()
        .map(|v| {
            debug_assert!(v.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
            format!("'{v}'")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `app::domain::visibility::existence_is_public` for the record aliased `alias`.
fn record_existence_sql(alias: &str) -> String {
    let states = sql_strings(
        RecordState::ALL
            .into_iter()
            .filter(|s| s.was_published())
            .map(RecordState::code),
    );
    format!(
        "({alias}.id IS NOT NULL AND {alias}.sensitive = FALSE AND {alias}.simple_procedure = FALSE \
         AND {alias}.state IN ({states}))"
    )
}

/// `app::domain::change_feed::entered_at_seq` of the record of row `c`: the
/// first entry row after its last withholding row.
static ENTERED_SQL: LazyLock<String> = LazyLock::new(|| {
    let entry_ops = sql_strings(ENTRY_OPS);
    let withholding_ops = sql_strings(WITHHOLDING_OPS);
    format!(
        "(SELECT MIN(p.seq) FROM change_log p WHERE p.entity = 'record' AND p.entity_id = c.entity_id \
         AND p.op IN ({entry_ops}) AND p.seq > COALESCE((SELECT MAX(q.seq) FROM change_log q \
         WHERE q.entity = 'record' AND q.entity_id = c.entity_id AND q.op IN ({withholding_ops})), 0))"
    )
});

/// The facts `row_is_public` needs, as columns, for a change-log row `c` with
/// its record (if any) joined as `r`.
static FACT_COLUMNS: LazyLock<String> = LazyLock::new(|| {
    let entered = &*ENTERED_SQL;
    let known = record_existence_sql("r2");
    format!(
        "{record} AS record_public, \
         CASE WHEN c.entity = 'record' THEN {entered} END AS entered_at_seq, \
         (c.entity = 'subject' AND EXISTS (SELECT 1 FROM subjects s2 \
         JOIN records r2 ON r2.subject_id = COALESCE(s2.merged_into, s2.id) \
         WHERE s2.id = c.entity_id AND {known})) AS subject_known",
        record = record_existence_sql("r"),
    )
});

/// The joins [`FACT_COLUMNS`] reads.
const FACT_JOINS: &str = "LEFT JOIN records r ON c.entity = 'record' AND r.id = c.entity_id";

/// One change-log row, complete (the feed publishes the whole chain), with
/// the facts that decide whether it is public.
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
    /// A record row: whether the record's existence is public.
    pub record_public: bool,
    /// A record row: the first row by which the record entered public view.
    pub entered_at_seq: Option<i64>,
    /// A subject row: whether the subject may be known publicly.
    pub subject_known: bool,
}

impl ChangeRow {
    /// `app::domain::change_feed::row_is_public` for this row.
    pub fn is_public(&self) -> bool {
        let about = match self.entity.as_str() {
            "record" => RowSubject::Record {
                existence_public: self.record_public,
                entered_at_seq: self.entered_at_seq,
            },
            "subject" => RowSubject::Subject {
                known: self.subject_known,
            },
            _ => RowSubject::Other,
        };
        row_is_public(&self.entity, &self.op, self.seq, about)
    }
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
    pub record_public: bool,
    pub entered_at_seq: Option<i64>,
}

impl RecordChangeRow {
    /// `app::domain::change_feed::row_is_public` for this row.
    pub fn is_public(&self) -> bool {
        let about = RowSubject::Record {
            existence_public: self.record_public,
            entered_at_seq: self.entered_at_seq,
        };
        row_is_public("record", &self.op, self.seq, about)
    }
}

/// Rows read per step when walking the log back for a feed, and at most in all.
const FEED_PAGE_ROWS: i64 = 500;
const FEED_LOOKBACK_ROWS: i64 = 20_000;

const CHANGE_COLUMNS: &str =
    "c.seq, c.at, c.actor, c.op, c.entity, c.entity_id, c.kind, c.reason, c.content_hash, c.prev_hash, c.hash";

impl Store {
    /// Change-log rows after `since`, in order, at most `limit`: every row
    /// (the chain must stay complete); the JSON feed redacts those that are
    /// not [`ChangeRow::is_public`].
    pub async fn changes_after(&self, since: i64, limit: i64) -> Result<Vec<ChangeRow>, StoreError> {
        let facts = &*FACT_COLUMNS;
        let sql = format!(
            "SELECT {CHANGE_COLUMNS}, {facts} FROM change_log c {FACT_JOINS} WHERE c.seq > $1 ORDER BY c.seq LIMIT $2"
        );
        Ok(on_db!(&self.db, p => sqlx::query_as::<_, ChangeRow>(&sql).bind(since).bind(limit).fetch_all(p).await?))
    }

    /// The latest `limit` public change-log rows, newest first (hidden rows
    /// are left out, not counted). The log is walked backwards by `seq` a page
    /// at a time and each row judged by `ChangeRow::is_public`: a filter in SQL
    /// (an OR over entities) made SQLite gather and sort every record row of
    /// the log, 15 s at a million records. At most [`FEED_LOOKBACK_ROWS`] rows
    /// are read, so a feed after a huge run of hidden rows is shorter, never slow.
    pub async fn latest_public_changes(&self, limit: i64) -> Result<Vec<ChangeRow>, StoreError> {
        let facts = &*FACT_COLUMNS;
        let sql = format!(
            "SELECT {CHANGE_COLUMNS}, {facts} FROM change_log c {FACT_JOINS} WHERE c.seq < $1 \
             ORDER BY c.seq DESC LIMIT $2"
        );
        let wanted = usize::try_from(limit).unwrap_or(0);
        let (mut out, mut before, mut read) = (Vec::new(), i64::MAX, 0_i64);
        while out.len() < wanted && read < FEED_LOOKBACK_ROWS {
            let rows = on_db!(&self.db, p => sqlx::query_as::<_, ChangeRow>(&sql)
                .bind(before)
                .bind(FEED_PAGE_ROWS)
                .fetch_all(p)
                .await?);
            let Some(last) = rows.last() else { break };
            before = last.seq;
            read += rows.len() as i64;
            out.extend(rows.into_iter().filter(ChangeRow::is_public));
        }
        out.truncate(wanted);
        Ok(out)
    }

    /// The latest changes of the records of a subject or of an issuing
    /// department, newest first. `walk_log`: the scope has many records (a
    /// large department), so the log is walked back from its head and each
    /// row's record checked, stopping at the page; otherwise the scope's
    /// records are found first and their log rows sorted (few).
    pub async fn record_changes(
        &self,
        by: FeedScope,
        id: i64,
        today: NaiveDate,
        limit: i64,
        walk_log: bool,
    ) -> Result<Vec<RecordChangeRow>, StoreError> {
        let sql = record_changes_sql(by, walk_log, matches!(self.db, super::Db::Sqlite(_)));
        // The public-row rule is applied here, not in SQL (see
        // `latest_public_changes`); a few times the rows are read so that
        // hidden ones (drafts, proposals) rarely leave the feed short.
        let rows = on_db!(&self.db, p => sqlx::query_as::<_, RecordChangeRow>(&sql)
            .bind(today)
            .bind(id)
            .bind(limit.saturating_mul(4))
            .fetch_all(p)
            .await?);
        let mut public: Vec<RecordChangeRow> = rows.into_iter().filter(RecordChangeRow::is_public).collect();
        public.truncate(usize::try_from(limit).unwrap_or(0));
        Ok(public)
    }
}

/// Whether a feed over `scope_records` of `public_records` walks the log back
/// rather than sorting its records' rows: when at least one public record in a
/// hundred is the scope's, the walk finds a page of entries within a few
/// thousand log rows, while sorting all of a large department's rows took
/// 1.2 s at a million records.
pub fn feed_walks_log(scope_records: i64, public_records: i64) -> bool {
    scope_records > 0 && scope_records.saturating_mul(100) >= public_records
}

/// The statement of a subject's or department's feed (`$1` today, `$2` the
/// id, `$3` how many rows).
/// - Few records: the log rows are found from the scope's records
///   (`records_subject` / `records_authority_date`, then `change_log_entity`)
///   and sorted; joining from the log instead walked every record row of it,
///   1 s at a million records.
/// - Many records (`walk_log`): sorting all their log rows took 1.2 s for the
///   largest department at a million, so the log is walked back by `seq`
///   (on SQLite named: the log first, by its primary key) and stops at the page.
fn record_changes_sql(by: FeedScope, walk_log: bool, sqlite: bool) -> String {
    let column = match by {
        FeedScope::Subject => "subject_id",
        FeedScope::Department => "authority_id",
    };
    let visible = super::reads::VISIBLE_SQL;
    let facts = &*FACT_COLUMNS;
    let select = format!(
        "SELECT c.seq, c.at, c.op, c.reason, c.hash, r.id AS record_id, r.kind, r.doc_no, r.title, \
         s.name AS subject_name, ({visible}) AS visible, {facts}"
    );
    if walk_log {
        let (log, join) = if sqlite {
            ("change_log c NOT INDEXED", "CROSS JOIN")
        } else {
            ("change_log c", "JOIN")
        };
        format!(
            "{select} FROM {log} {join} records r ON r.id = c.entity_id JOIN subjects s ON s.id = r.subject_id \
             WHERE c.entity = 'record' AND r.{column} = $2 ORDER BY c.seq DESC LIMIT $3"
        )
    } else {
        format!(
            "{select} FROM change_log c JOIN records r ON c.entity = 'record' AND r.id = c.entity_id \
             JOIN subjects s ON s.id = r.subject_id \
             WHERE c.entity = 'record' AND c.entity_id IN (SELECT id FROM records WHERE {column} = $2) \
             AND r.{column} = $2 ORDER BY c.seq DESC LIMIT $3"
        )
    }
}

/// Whose records a feed follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeedScope {
    Subject,
    Department,
}
