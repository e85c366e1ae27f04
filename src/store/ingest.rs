//! The write path for records: each batch is one transaction that upserts
//! departments and subjects, inserts or corrects records, and appends one
//! change-log row per change. A crash mid-batch leaves nothing half-written.
//!
//! Lookups and inserts are made per batch (`IN (…)` and multi-row `INSERT …
//! RETURNING`), not per row: per-statement overhead dominated the first version
//! (about 2,000 rows/s on SQLite).

use app::domain::change_chain::Change;
use std::collections::{HashMap, HashSet};

use app::domain::kinds::{RecordKind, RecordState};
use app::domain::list_lifecycle::{decided_elsewhere_problems, landing, Arrival, Landing};
use app::domain::national_columns as col;
use app::domain::publication_deadline::is_public_when;
use app::domain::record::{DepartmentRef, NewRecord};
use app::domain::record_validation::RowCells;
use app::domain::red_list_eligibility::RedListRefusal;
use chrono::{DateTime, NaiveDate, Utc};

use super::change_log::{LogEntry, LogHead};
use super::{on_tx, Store, StoreError, Tx};

/// What happened to one record of a batch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IngestOutcome {
    Created(i64),
    /// A new black-list entry, stored as a proposal (拟列入): not public until
    /// the credit office notifies it and brings it into force.
    Proposed(i64),
    Corrected(i64),
    Unchanged(i64),
    /// The record was withdrawn; a file cannot bring it back or change it.
    RefusedWithdrawn(i64),
    /// A list rule refuses the new record (nothing written): the column and why.
    Refused {
        column: &'static str,
        message: String,
    },
}

impl IngestOutcome {
    /// The stored record's id (none for a refused new record).
    pub fn id(&self) -> Option<i64> {
        match self {
            IngestOutcome::Created(id)
            | IngestOutcome::Proposed(id)
            | IngestOutcome::Corrected(id)
            | IngestOutcome::Unchanged(id)
            | IngestOutcome::RefusedWithdrawn(id) => Some(*id),
            IngestOutcome::Refused { .. } => None,
        }
    }
}

/// Why a new record may not land, as an outcome.
fn refused_red(refusal: RedListRefusal) -> IngestOutcome {
    IngestOutcome::Refused {
        column: col::LIST_NAME,
        message: refusal.to_string(),
    }
}

/// The two columns a higher-authority row must carry, from a validated record.
fn decided_cells(r: &NewRecord) -> RowCells {
    [col::LIST_DOC_NO, col::LIST_START]
        .into_iter()
        .filter_map(|c| {
            r.public_columns
                .iter()
                .find(|(n, _)| n == c)
                .map(|(_, v)| (c, v.clone()))
        })
        .collect()
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

/// A validated record with what storing it needs computed once: its key,
/// content hash and column JSON. The import builds these on its reading side,
/// so the batch writer spends its time in SQL (docs/PERFORMANCE.md, "Import
/// pipeline").
#[derive(Clone, Debug)]
pub struct PreparedRecord {
    pub record: NewRecord,
    key: String,
    hash: String,
    public_json: String,
    private_json: String,
}

impl PreparedRecord {
    /// The record's key (`NewRecord::record_key`).
    pub fn key(&self) -> &str {
        &self.key
    }
}

impl From<NewRecord> for PreparedRecord {
    fn from(record: NewRecord) -> Self {
        PreparedRecord {
            key: record.record_key(),
            hash: record.content_hash(),
            public_json: columns_json(&record.public_columns),
            private_json: columns_json(&record.private_columns),
            record,
        }
    }
}

fn prepared(batch: &[NewRecord]) -> Vec<PreparedRecord> {
    batch.iter().cloned().map(PreparedRecord::from).collect()
}

impl Store {
    /// Stores a batch of validated records in one transaction, as meant for
    /// the public ([`Arrival::Publish`]: a new black-list entry lands as a
    /// proposal, see `app::domain::list_lifecycle::landing`).
    pub async fn ingest(
        &self,
        batch: &[NewRecord],
        actor: &str,
        now: DateTime<Utc>,
        cache: &mut IngestCache,
    ) -> Result<Vec<IngestOutcome>, StoreError> {
        self.ingest_as(batch, Arrival::Publish, actor, now, cache).await
    }

    /// [`Store::ingest`], the new records having arrived as `arrival`.
    pub async fn ingest_as(
        &self,
        batch: &[NewRecord],
        arrival: Arrival,
        actor: &str,
        now: DateTime<Utc>,
        cache: &mut IngestCache,
    ) -> Result<Vec<IngestOutcome>, StoreError> {
        self.ingest_prepared(&prepared(batch), arrival, actor, now, cache).await
    }

    /// [`Store::ingest_as`] for records already prepared.
    pub async fn ingest_prepared(
        &self,
        batch: &[PreparedRecord],
        arrival: Arrival,
        actor: &str,
        now: DateTime<Utc>,
        cache: &mut IngestCache,
    ) -> Result<Vec<IngestOutcome>, StoreError> {
        let result = async {
            let mut tx = self.begin().await?;
            let mut head = tx.lock_log_head().await?;
            let outcomes = tx.ingest_batch_as(&mut head, batch, arrival, actor, now, cache).await?;
            tx.store_log_head(&head).await?;
            tx.commit().await?;
            Ok(outcomes)
        }
        .await;
        if result.is_err() {
            // Its inserts were rolled back: ids it cached may not exist.
            cache.clear();
        }
        result
    }

    /// What [`Store::ingest_as`] would do with a batch, without writing: a dry
    /// run's counts. New records have no id yet (0).
    pub async fn preview_ingest(
        &self,
        batch: &[PreparedRecord],
        arrival: Arrival,
        now: DateTime<Utc>,
    ) -> Result<Vec<IngestOutcome>, StoreError> {
        let keys: Vec<&str> = batch.iter().map(PreparedRecord::key).collect();
        let today = app::domain::clock::china_date(now);
        let mut tx = self.begin().await?;
        let existing = tx.existing_records(&keys).await?;
        let mut outcomes = Vec::with_capacity(batch.len());
        for p in batch {
            let r = &p.record;
            let outcome = match existing.get(p.key()) {
                None => {
                    let subject = tx.known_subject(&r.subject.identity_key()).await?;
                    match tx
                        .new_record_refusal(r, arrival, subject, today, &HashMap::new())
                        .await?
                    {
                        Some(refused) => refused,
                        None if landing(r.kind, arrival) == Landing::Propose => IngestOutcome::Proposed(0),
                        None => IngestOutcome::Created(0),
                    }
                }
                Some(e) if e.content_hash == p.hash => IngestOutcome::Unchanged(e.id),
                Some(e) if e.state == "withdrawn" => IngestOutcome::RefusedWithdrawn(e.id),
                Some(e) => IngestOutcome::Corrected(e.id),
            };
            outcomes.push(outcome);
        }
        tx.commit().await?; // read only: nothing to keep
        Ok(outcomes)
    }
}

impl Tx {
    /// The body of [`Store::ingest`] inside a caller's transaction, which holds
    /// the log head and stores it afterwards (a confirmed pledge is published
    /// in the same transaction as its decision).
    pub(crate) async fn ingest_batch(
        &mut self,
        head: &mut LogHead,
        batch: &[NewRecord],
        actor: &str,
        now: DateTime<Utc>,
        cache: &mut IngestCache,
    ) -> Result<Vec<IngestOutcome>, StoreError> {
        self.ingest_batch_as(head, &prepared(batch), Arrival::Publish, actor, now, cache)
            .await
    }

    /// [`Tx::ingest_batch`], with new records landing where
    /// `app::domain::list_lifecycle::landing` puts a record of their kind
    /// that arrived as `arrival` (a draft is stored but not published; a new
    /// black-list entry is a proposal unless a higher authority decided it).
    /// A new red-list entry the subject is not eligible for is refused
    /// (`app::domain::red_list_eligibility`). Existing records keep their
    /// state: a correction of a draft is still a draft, of a proposal a proposal.
    /// A black-list entry published directly ends the subject's red entries.
    pub(crate) async fn ingest_batch_as(
        &mut self,
        head: &mut LogHead,
        batch: &[PreparedRecord],
        arrival: Arrival,
        actor: &str,
        now: DateTime<Utc>,
        cache: &mut IngestCache,
    ) -> Result<Vec<IngestOutcome>, StoreError> {
        let tx = self;
        let today = app::domain::clock::china_date(now);
        let mut logs: Vec<LogEntry> = Vec::new();
        for PreparedRecord { record: r, .. } in batch {
            tx.department_id(&r.authority, cache).await?;
            tx.department_id(&r.source, cache).await?;
            if let Some(unit) = &r.unit {
                tx.department_id(unit, cache).await?;
            }
        }
        let subject_ids = tx.subject_ids(batch, actor, &mut logs, cache, now).await?;
        let keys: Vec<&str> = batch.iter().map(PreparedRecord::key).collect();
        let hashes: Vec<&str> = batch.iter().map(|p| p.hash.as_str()).collect();
        let existing = tx.existing_records(&keys).await?;

        // New records (first occurrence of their key in the batch), unless a
        // list rule refuses them, go in one statement per chunk.
        let mut first_seen = HashSet::new();
        let mut refused: HashMap<&str, IngestOutcome> = HashMap::new();
        // Black-list entries of this batch published directly and listed today, by subject.
        let mut batch_black: HashMap<i64, (String, String)> = HashMap::new();
        let mut new_rows: Vec<usize> = Vec::new();
        for i in 0..batch.len() {
            if !first_seen.insert(keys[i]) || existing.contains_key(keys[i]) {
                continue;
            }
            let r = &batch[i].record;
            match tx
                .new_record_refusal(r, arrival, Some(subject_ids[i]), today, &batch_black)
                .await?
            {
                Some(outcome) => {
                    refused.insert(keys[i], outcome);
                }
                None => {
                    if landing(r.kind, arrival) == Landing::PublishDecided && listed_on(r, today) {
                        batch_black.insert(
                            subject_ids[i],
                            (r.list_name.clone().unwrap_or_default(), r.doc_no.clone()),
                        );
                    }
                    new_rows.push(i);
                }
            }
        }
        let ids = tx
            .insert_records(batch, &new_rows, &subject_ids, arrival, cache, now)
            .await?;

        let mut outcomes = Vec::with_capacity(batch.len());
        let mut handled = HashSet::new();
        let mut decided: Vec<usize> = Vec::new();
        for (i, PreparedRecord { record: r, .. }) in batch.iter().enumerate() {
            let first = handled.insert(keys[i]);
            if let Some(refusal) = refused.get(keys[i]) {
                outcomes.push(refusal.clone());
                continue;
            }
            let outcome = match (first, ids.get(keys[i]), existing.get(keys[i])) {
                (true, Some(&id), _) => {
                    let landed = landing(r.kind, arrival);
                    logs.push(new_record_log(actor, landed, id, r, hashes[i]));
                    match landed {
                        Landing::Propose => IngestOutcome::Proposed(id),
                        Landing::PublishDecided => {
                            decided.push(i);
                            IngestOutcome::Created(id)
                        }
                        Landing::Publish | Landing::Draft => IngestOutcome::Created(id),
                    }
                }
                (true, None, Some(e)) if e.content_hash == hashes[i] => IngestOutcome::Unchanged(e.id),
                (true, None, Some(e)) if e.state == "withdrawn" => IngestOutcome::RefusedWithdrawn(e.id),
                (true, None, Some(e)) => {
                    tx.correct_record(r, e.id, e.version, &e.state, subject_ids[i], hashes[i], cache, now)
                        .await?;
                    logs.push(record_log(actor, Change::RecordCorrect, e.id, r, hashes[i]));
                    IngestOutcome::Corrected(e.id)
                }
                // A key repeated within the batch: compare with what is stored now.
                _ => {
                    let current = tx.existing_records(&keys[i..=i]).await?;
                    let e = current.get(keys[i]).ok_or_else(|| {
                        StoreError::Inconsistent(format!("record {} vanished within its batch", keys[i]))
                    })?;
                    if e.content_hash == hashes[i] {
                        IngestOutcome::Unchanged(e.id)
                    } else if e.state == "withdrawn" {
                        IngestOutcome::RefusedWithdrawn(e.id)
                    } else {
                        tx.correct_record(r, e.id, e.version, &e.state, subject_ids[i], hashes[i], cache, now)
                            .await?;
                        logs.push(record_log(actor, Change::RecordCorrect, e.id, r, hashes[i]));
                        IngestOutcome::Corrected(e.id)
                    }
                }
            };
            outcomes.push(outcome);
        }
        tx.append_logs(head, now, &logs).await?;
        // Entering a black list ends the subject's red entries (a log row each), after the entry's own row.
        for i in decided {
            let r = &batch[i].record;
            tx.end_red_entries(
                head,
                subject_ids[i],
                r.list_name.as_deref().unwrap_or(""),
                &r.doc_no,
                r.start_date,
                r.end_date,
                actor,
                now,
            )
            .await?;
        }
        Ok(outcomes)
    }

    /// Why a new record may not land (`None`: it may): a higher-authority
    /// row without its own 认定文书号 / 列入日期, or a red-list entry the
    /// subject is not eligible for. `subject` is the subject's id when known;
    /// `batch_black` holds black-list entries published earlier in the batch.
    pub(crate) async fn new_record_refusal(
        &mut self,
        r: &NewRecord,
        arrival: Arrival,
        subject: Option<i64>,
        today: NaiveDate,
        batch_black: &HashMap<i64, (String, String)>,
    ) -> Result<Option<IngestOutcome>, StoreError> {
        let landed = landing(r.kind, arrival);
        if landed == Landing::PublishDecided {
            if let Some(p) = decided_elsewhere_problems(&decided_cells(r), &[]).into_iter().next() {
                return Ok(Some(IngestOutcome::Refused {
                    column: p.column,
                    message: p.message,
                }));
            }
        }
        if r.kind != RecordKind::Redlist || !matches!(landed, Landing::Publish | Landing::Draft) {
            return Ok(None);
        }
        let Some(subject) = subject else {
            // A subject the portal does not know has no black list and no penalty here.
            return Ok(None);
        };
        let facts = self
            .red_entry_facts(subject, r.list_name.as_deref().unwrap_or(""), r.start_date, today)
            .await?;
        let facts = match (facts.black_listed.is_none(), batch_black.get(&subject)) {
            (true, Some(black)) => app::domain::red_list_eligibility::RedEntryFacts {
                black_listed: Some(black.clone()),
                ..facts
            },
            _ => facts,
        };
        Ok(app::domain::red_list_eligibility::red_entry_eligibility(&facts)
            .err()
            .map(refused_red))
    }

    /// The subject stored under an identity key (following merges), if any.
    async fn known_subject(&mut self, identity_key: &str) -> Result<Option<i64>, StoreError> {
        let found: Option<(i64, Option<i64>)> = on_tx!(&mut *self, c => {
            sqlx::query_as("SELECT id, merged_into FROM subjects WHERE identity_key = $1")
                .bind(identity_key)
                .fetch_optional(c)
                .await?
        });
        match found {
            Some((_, Some(survivor))) => Ok(Some(self.surviving_subject(survivor).await?)),
            Some((id, None)) => Ok(Some(id)),
            None => Ok(None),
        }
    }
}

impl Tx {
    /// Records the moment a stored record became public, if it just did (a
    /// draft published, a black-list entry brought into force): the first
    /// time only, and only if it is public now (`is_public_when`).
    pub(crate) async fn mark_first_public(&mut self, id: i64, now: DateTime<Utc>) -> Result<(), StoreError> {
        let row: Option<(String, bool, bool)> = on_tx!(&mut *self, c => {
            sqlx::query_as("SELECT state, sensitive, simple_procedure FROM records WHERE id = $1")
                .bind(id)
                .fetch_optional(c)
                .await?
        });
        let public = row.is_some_and(|(state, sensitive, simple)| {
            RecordState::from_code(&state).is_some_and(|s| is_public_when(s, sensitive, simple))
        });
        if public {
            on_tx!(&mut *self, c => {
                sqlx::query("UPDATE records SET first_public_at = $1 WHERE id = $2 AND first_public_at IS NULL")
                    .bind(now)
                    .bind(id)
                    .execute(c)
                    .await?;
            });
        }
        Ok(())
    }
}

/// When a new record that lands as `landed` becomes public: now if it is
/// public on landing (`publication_deadline::is_public_when`: never a
/// proposal or a draft), else not yet.
fn first_public_at(landed: Landing, r: &NewRecord, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    is_public_when(landed.state(), r.sensitive, r.simple_procedure).then_some(now)
}

/// Whether a list entry is listed on `today` by its dates.
fn listed_on(r: &NewRecord, today: NaiveDate) -> bool {
    r.start_date <= today && r.end_date.is_none_or(|end| today <= end)
}

fn new_record_log(actor: &str, landed: Landing, id: i64, r: &NewRecord, hash: &str) -> LogEntry {
    let list = r.list_name.as_deref().unwrap_or("");
    let reason = match landed {
        Landing::Propose => Some(format!("拟列入{list}")),
        Landing::PublishDecided => Some(format!(
            "由上级机关认定（{}，列入日期 {}），直接列入{list}",
            r.doc_no,
            app::domain::dates::format_date(r.start_date)
        )),
        Landing::Publish | Landing::Draft => None,
    };
    LogEntry {
        reason,
        ..record_log(actor, landed.change(), id, r, hash)
    }
}

pub(crate) fn record_log(actor: &str, change: Change, id: i64, r: &NewRecord, hash: &str) -> LogEntry {
    LogEntry {
        actor: actor.to_string(),
        change,
        entity_id: id,
        kind: Some(r.kind.code()),
        reason: None,
        content_hash: Some(hash.to_string()),
    }
}

#[derive(sqlx::FromRow)]
struct Existing {
    record_key: String,
    id: i64,
    content_hash: String,
    version: i64,
    state: String,
}

/// Keys per `IN (…)` lookup and rows per multi-row insert.
const CHUNK: usize = 400;

impl Tx {
    pub(crate) async fn department_id(
        &mut self,
        d: &DepartmentRef,
        cache: &mut IngestCache,
    ) -> Result<i64, StoreError> {
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

    /// The subject id of every record of the batch: found by identity key
    /// (following merges) or created, with a change-log row per new subject.
    async fn subject_ids(
        &mut self,
        batch: &[PreparedRecord],
        actor: &str,
        logs: &mut Vec<LogEntry>,
        cache: &mut IngestCache,
        now: DateTime<Utc>,
    ) -> Result<Vec<i64>, StoreError> {
        let keys: Vec<String> = batch.iter().map(|p| p.record.subject.identity_key()).collect();
        let mut unknown: Vec<usize> = Vec::new();
        let mut queued = HashSet::new();
        for (i, key) in keys.iter().enumerate() {
            if !cache.subjects.contains_key(key) && queued.insert(key.as_str()) {
                unknown.push(i);
            }
        }
        for chunk in unknown.chunks(CHUNK) {
            let found: Vec<(String, i64, Option<i64>)> = on_tx!(&mut *self, c, DB => {
                let mut qb = sqlx::QueryBuilder::<DB>::new(
                    "SELECT identity_key, id, merged_into FROM subjects WHERE identity_key IN (",
                );
                let mut list = qb.separated(", ");
                for &i in chunk {
                    list.push_bind(keys[i].as_str());
                }
                qb.push(")");
                qb.build_query_as().fetch_all(c).await?
            });
            for (key, id, merged_into) in found {
                let id = match merged_into {
                    Some(survivor) => self.surviving_subject(survivor).await?,
                    None => id,
                };
                cache.subjects.insert(key, id);
            }
            let missing: Vec<usize> = chunk
                .iter()
                .copied()
                .filter(|&i| !cache.subjects.contains_key(&keys[i]))
                .collect();
            if missing.is_empty() {
                continue;
            }
            let created: Vec<(i64, String)> = on_tx!(&mut *self, c, DB => {
                let mut qb = sqlx::QueryBuilder::<DB>::new(
                    "INSERT INTO subjects (identity_key, kind, name, uscc, id_number, id_masked, created_at) ",
                );
                qb.push_values(&missing, |mut b, &i| {
                    let s = &batch[i].record.subject;
                    b.push_bind(keys[i].as_str())
                        .push_bind(s.kind.code())
                        .push_bind(s.name.as_str())
                        .push_bind(s.uscc.as_deref())
                        .push_bind(s.id_number.as_deref())
                        .push_bind(s.id_masked.as_deref())
                        .push_bind(now);
                });
                qb.push(" RETURNING id, identity_key");
                qb.build_query_as().fetch_all(c).await?
            });
            let created: HashMap<String, i64> = created.into_iter().map(|(id, key)| (key, id)).collect();
            for &i in &missing {
                let id = *created
                    .get(&keys[i])
                    .ok_or_else(|| StoreError::Inconsistent(format!("subject {} was not created", keys[i])))?;
                cache.subjects.insert(keys[i].clone(), id);
                logs.push(LogEntry {
                    actor: actor.to_string(),
                    change: Change::SubjectCreate,
                    entity_id: id,
                    kind: Some(batch[i].record.subject.kind.code()),
                    reason: None,
                    content_hash: None,
                });
            }
        }
        Ok(keys.iter().map(|k| cache.subjects[k]).collect())
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

    async fn existing_records(&mut self, keys: &[&str]) -> Result<HashMap<String, Existing>, StoreError> {
        let mut out = HashMap::new();
        for chunk in keys.chunks(CHUNK) {
            let rows: Vec<Existing> = on_tx!(&mut *self, c, DB => {
                let mut qb = sqlx::QueryBuilder::<DB>::new(
                    "SELECT record_key, id, content_hash, version, state FROM records WHERE record_key IN (",
                );
                let mut list = qb.separated(", ");
                for &key in chunk {
                    list.push_bind(key);
                }
                qb.push(")");
                qb.build_query_as().fetch_all(c).await?
            });
            out.extend(rows.into_iter().map(|e| (e.record_key.clone(), e)));
        }
        Ok(out)
    }

    async fn insert_records(
        &mut self,
        batch: &[PreparedRecord],
        rows: &[usize],
        subject_ids: &[i64],
        arrival: Arrival,
        cache: &IngestCache,
        now: DateTime<Utc>,
    ) -> Result<HashMap<String, i64>, StoreError> {
        let mut ids = HashMap::new();
        for chunk in rows.chunks(CHUNK) {
            let created: Vec<(i64, String)> = on_tx!(&mut *self, c, DB => {
                let mut qb = sqlx::QueryBuilder::<DB>::new(
                    "INSERT INTO records (kind, record_key, subject_id, authority_id, source_id, doc_no, title, \
                     category, decision_date, start_date, end_date, fine_fen, confiscated_fen, list_name, \
                     pledge_status, sensitive, simple_procedure, strict_domain, state, decided_elsewhere, \
                     public_columns, private_columns, content_hash, version, published_at, updated_at, first_public_at, \
                     unit_id, pledge_due_date, pledge_fulfilled_on) ",
                );
                qb.push_values(chunk, |mut b, &i| {
                    let p = &batch[i];
                    let r = &p.record;
                    let landed = landing(r.kind, arrival);
                    b.push_bind(r.kind.code())
                        .push_bind(p.key.as_str())
                        .push_bind(subject_ids[i])
                        .push_bind(cache.departments[&r.authority.uscc])
                        .push_bind(cache.departments[&r.source.uscc])
                        .push_bind(r.doc_no.as_str())
                        .push_bind(r.title.as_str())
                        .push_bind(r.category.as_deref())
                        .push_bind(r.decision_date)
                        .push_bind(r.start_date)
                        .push_bind(r.end_date)
                        .push_bind(r.fine_fen)
                        .push_bind(r.confiscated_fen)
                        .push_bind(r.list_name.as_deref())
                        .push_bind(r.pledge_status.as_deref())
                        .push_bind(r.sensitive)
                        .push_bind(r.simple_procedure)
                        .push_bind(r.strict_domain)
                        .push_bind(landed.state().code())
                        .push_bind(landed == Landing::PublishDecided)
                        .push_bind(p.public_json.as_str())
                        .push_bind(p.private_json.as_str())
                        .push_bind(p.hash.as_str())
                        .push_bind(1_i64)
                        .push_bind(now)
                        .push_bind(now)
                        .push_bind(first_public_at(landed, r, now))
                        .push_bind(r.unit.as_ref().map(|u| cache.departments[&u.uscc]))
                        .push_bind(r.pledge_due)
                        .push_bind(r.pledge_fulfilled_on);
                });
                qb.push(" RETURNING id, record_key");
                qb.build_query_as().fetch_all(c).await?
            });
            ids.extend(created.into_iter().map(|(id, key)| (key, id)));
        }
        Ok(ids)
    }

    /// Replaces a record's content, keeping the previous version.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn correct_record(
        &mut self,
        r: &NewRecord,
        id: i64,
        version: i64,
        state: &str,
        subject_id: i64,
        hash: &str,
        cache: &IngestCache,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let public = columns_json(&r.public_columns);
        // A correction that clears the sensitive or simple-procedure flag of a
        // published record makes it public now (unless it already was).
        let public_now = RecordState::from_code(state)
            .is_some_and(|s| is_public_when(s, r.sensitive, r.simple_procedure))
            .then_some(now);
        let private = columns_json(&r.private_columns);
        on_tx!(self, c => {
            sqlx::query(
                "INSERT INTO record_versions (record_id, version, public_columns, private_columns, content_hash, replaced_at) \
                 SELECT id, version, public_columns, private_columns, content_hash, $1 FROM records WHERE id = $2",
            )
            .bind(now)
            .bind(id)
            .execute(&mut *c)
            .await?;
            sqlx::query(
                "UPDATE records SET subject_id = $1, authority_id = $2, source_id = $3, doc_no = $4, title = $5, \
                 category = $6, decision_date = $7, start_date = $8, end_date = $9, fine_fen = $10, \
                 confiscated_fen = $11, list_name = $12, pledge_status = $13, sensitive = $14, \
                 simple_procedure = $15, public_columns = $16, private_columns = $17, content_hash = $18, \
                 version = $19, updated_at = $20, first_public_at = COALESCE(first_public_at, $22), \
                 strict_domain = $23, unit_id = $24, pledge_due_date = $25, pledge_fulfilled_on = $26 WHERE id = $21",
            )
            .bind(subject_id)
            .bind(cache.departments[&r.authority.uscc])
            .bind(cache.departments[&r.source.uscc])
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
            .bind(hash)
            .bind(version + 1)
            .bind(now)
            .bind(id)
            .bind(public_now)
            .bind(r.strict_domain)
            .bind(r.unit.as_ref().map(|u| cache.departments[&u.uscc]))
            .bind(r.pledge_due)
            .bind(r.pledge_fulfilled_on)
            .execute(c)
            .await?;
        });
        Ok(())
    }
}
