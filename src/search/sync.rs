//! Keeping the index equal to the database: a follower tails the change log
//! by sequence number and commits in batches with the sequence as payload;
//! `rebuild` makes a whole new generation from the database.

use std::collections::BTreeSet;
use std::time::Duration;

use indicatif::ProgressBar;
use tantivy::query::RangeQuery;
use tantivy::Term;

use super::index::{SearchError, SearchIndex};
use super::schema::day_number;
use crate::store::Store;

/// Change-log rows applied per commit.
const LOG_BATCH: i64 = 5000;
/// Records read per database round trip during a rebuild.
const REBUILD_CHUNK: i64 = 5000;
/// How often the follower looks for new change-log rows.
pub const FOLLOW_INTERVAL: Duration = Duration::from_millis(500);

/// Applies every change-log row after the index's committed sequence; returns
/// the sequence now committed. Safe to call repeatedly and after a crash.
pub async fn catch_up(index: &SearchIndex, store: &Store) -> Result<i64, SearchError> {
    index.follow_switch()?;
    let generation = index.generation();
    let mut seq = generation.committed_seq()?;
    loop {
        let rows = store.log_after(seq, LOG_BATCH).await?;
        let Some(last) = rows.last() else { return Ok(seq) };
        let last_seq = last.seq;
        let mut records = BTreeSet::new();
        for row in &rows {
            match row.entity.as_str() {
                "record" => {
                    records.insert(row.entity_id);
                }
                // A merge moves the subject's records to the survivor: refresh them all.
                "subject" if row.op == "merge" => {
                    if let Some(survivor) = store.subject(row.entity_id).await?.and_then(|s| s.merged_into) {
                        records.extend(store.subject_record_ids(survivor).await?);
                    }
                }
                _ => {}
            }
        }
        let ids: Vec<i64> = records.into_iter().collect();
        let found = store.index_rows(&ids).await?;
        let gone: Vec<i64> = ids
            .iter()
            .copied()
            .filter(|id| !found.iter().any(|r| r.id == *id))
            .collect();
        let generation = generation.clone();
        seq = tokio::task::spawn_blocking(move || -> Result<i64, SearchError> {
            generation.with_writer(|writer| {
                generation.apply(writer, &gone, &found)?;
                generation.commit(writer, last_seq)
            })?;
            Ok(last_seq)
        })
        .await
        .map_err(|e| SearchError::Io(std::io::Error::other(e)))??;
    }
}

/// Removes documents whose publicity window ended before `today`. Queries
/// already filter them out by date; this keeps the index from growing stale.
pub async fn purge_expired(index: &SearchIndex, today: chrono::NaiveDate) -> Result<(), SearchError> {
    let generation = index.generation();
    tokio::task::spawn_blocking(move || -> Result<(), SearchError> {
        let seq = generation.committed_seq()?;
        let upper = Term::from_field_i64(generation.fields.end_day, day_number(today));
        generation.with_writer(|writer| {
            writer.delete_query(Box::new(RangeQuery::new(
                std::ops::Bound::Unbounded,
                std::ops::Bound::Excluded(upper),
            )))?;
            generation.commit(writer, seq)
        })
    })
    .await
    .map_err(|e| SearchError::Io(std::io::Error::other(e)))?
}

/// How often the follower looks for new change-log rows: `PORTAL_INDEX_POLL_MS`
/// (default 500 ms). Several nodes on one PostgreSQL each poll; a longer
/// interval trades freshness for fewer queries.
/// The value of the setting, or why it cannot be used.
pub fn poll_interval_from(value: Option<&str>) -> Result<Duration, String> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(FOLLOW_INTERVAL),
        Some(v) => v
            .parse::<u64>()
            .ok()
            .filter(|ms| *ms > 0)
            .map(Duration::from_millis)
            .ok_or_else(|| format!("PORTAL_INDEX_POLL_MS: “{v}” is not a number of milliseconds (1 or more)")),
    }
}

/// Follows the change log until `stop` turns true: new, corrected and
/// withdrawn records show up in (or leave) search within about a poll interval.
/// On stop it catches up once more, so the index is committed up to the last
/// change when the process exits.
pub async fn follow(
    index: SearchIndex,
    store: Store,
    clock: std::sync::Arc<dyn app::domain::clock::Clock>,
    interval: Duration,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    let mut purged_on = None;
    let mut stopping = false;
    // The sequence the index had committed: any row applied after it is a change.
    let mut seen = index.generation().committed_seq().ok();
    loop {
        match catch_up(&index, &store).await {
            Ok(seq) => {
                // Changes this process did not make (an import run beside the
                // server, another node) reach the page cache this way.
                if seen.is_some_and(|before| before != seq) {
                    store.changes().bump();
                }
                seen = Some(seq);
            }
            Err(e) => tracing::warn!(error = %e, "search index could not follow the change log; retrying"),
        }
        if stopping {
            break;
        }
        let today = clock.today();
        if purged_on != Some(today) {
            match purge_expired(&index, today).await {
                Ok(()) => purged_on = Some(today),
                Err(e) => tracing::warn!(error = %e, "could not purge expired records from the index"),
            }
        }
        tokio::select! {
            _ = tokio::time::sleep(interval) => {}
            // Stop asked (or the sender is gone): one last catch-up, then out.
            _ = stop.changed() => stopping = true,
        }
    }
    match index.generation().committed_seq() {
        Ok(seq) => tracing::info!(seq, "search index committed; follower stopped"),
        Err(e) => tracing::warn!(error = %e, "search index state unreadable at shutdown"),
    }
}

/// Builds a new generation from the database beside the live one, then
/// switches to it atomically. Searches keep using the old one meanwhile.
pub async fn rebuild(index: &SearchIndex, store: &Store, progress: &ProgressBar) -> Result<u64, SearchError> {
    // Changes made during the rebuild are after this sequence and are replayed by the follower.
    let seq = store.log_seq().await?;
    let generation = std::sync::Arc::new(index.create_next()?);
    progress.set_length(store.max_record_id().await?.max(0) as u64);
    let mut after = 0;
    let mut indexed = 0u64;
    loop {
        let rows = store.index_rows_after(after, REBUILD_CHUNK).await?;
        let Some(last) = rows.last() else { break };
        after = last.id;
        progress.set_position(after as u64);
        let g = generation.clone();
        indexed += tokio::task::spawn_blocking(move || -> Result<u64, SearchError> {
            g.with_writer(|writer| g.apply(writer, &[], &rows))?;
            Ok(rows.iter().filter(|r| super::index::indexable(r)).count() as u64)
        })
        .await
        .map_err(|e| SearchError::Io(std::io::Error::other(e)))??;
    }
    let g = generation.clone();
    tokio::task::spawn_blocking(move || -> Result<(), SearchError> { g.with_writer(|writer| g.commit(writer, seq)) })
        .await
        .map_err(|e| SearchError::Io(std::io::Error::other(e)))??;
    let generation = std::sync::Arc::try_unwrap(generation)
        .map_err(|_| SearchError::Io(std::io::Error::other("index generation still in use")))?;
    index.publish(generation)?;
    progress.finish_and_clear();
    Ok(indexed)
}
