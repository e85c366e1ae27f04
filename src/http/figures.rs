//! Figures the public pages show that would otherwise count over every record
//! on a request (issue 14): the tally of publicly visible records per kind,
//! department and list (home, downloads, list and department totals, the
//! departments and lists of the API) and the statistics snapshot.
//!
//! Each figure is kept in memory and in the `public_figures` table, stamped
//! with the day it counts and the change-log position read before counting, so
//! a restarted server or another node serves it at once. What a request does
//! is [`plan`]: a fresh figure is served; a stale one on a small portal is
//! recomputed first, so figures are exact whenever that is cheap; a stale one
//! on a large portal is served at once while one refresh runs in the
//! background. No figure at all (once per database; `portal serve` warms both
//! at start) is computed on the spot.

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use app::domain::kinds::RecordKind;
use chrono::{DateTime, NaiveDate, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tokio::sync::Mutex;

use super::{AppError, AppState};
use crate::store::{StoredFigure, TallyRow};

/// Above this many public records a stale figure is served while it is
/// recomputed: the tally's one pass over the visibility index takes about
/// 0.5 s at a million records, the statistics some seconds.
pub const SYNC_LIMIT: i64 = 50_000;

/// A figure with what it reflects.
#[derive(Clone, Debug)]
pub struct Stamped<T> {
    /// The day whose visibility it counts.
    pub as_of: NaiveDate,
    /// The change-log sequence read before it was counted.
    pub log_seq: i64,
    pub computed_at: DateTime<Utc>,
    pub value: T,
}

/// What a request does with the figure it has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plan {
    Serve,
    ServeAndRefresh,
    ComputeNow,
}

/// `cached`: whether a figure is at hand and, if so, whether it is fresh;
/// `large`: whether recomputing it would hold the request up noticeably.
pub fn plan(cached: Option<bool>, large: bool) -> Plan {
    match cached {
        None => Plan::ComputeNow,
        Some(true) => Plan::Serve,
        Some(false) if large => Plan::ServeAndRefresh,
        Some(false) => Plan::ComputeNow,
    }
}

/// A figure the cache can keep.
pub trait Figure: Serialize + DeserializeOwned + Send + Sync + Sized + 'static {
    /// Its row in `public_figures`.
    const NAME: &'static str;
    /// How many public records it covers (whether it is large).
    fn public_records(&self) -> i64;
    /// Whether it still holds, given today, the change-log head and the time.
    fn is_fresh(stamp: &Stamped<Self>, today: NaiveDate, log_head: i64, now: DateTime<Utc>) -> bool;
    fn compute(state: AppState) -> impl Future<Output = Result<Self, AppError>> + Send + 'static;
}

/// One figure's memory copy and whether a background refresh is running.
pub struct FigureCache<T> {
    memory: Mutex<Option<Arc<Stamped<T>>>>,
    refreshing: AtomicBool,
    /// Public records above which a stale figure is served while refreshed.
    sync_limit: i64,
}

impl<T: Figure> FigureCache<T> {
    pub fn new(sync_limit: i64) -> FigureCache<T> {
        FigureCache {
            memory: Mutex::new(None),
            refreshing: AtomicBool::new(false),
            sync_limit,
        }
    }

    /// The figure for this request (see the module's documentation).
    pub async fn get(self: &Arc<Self>, state: &AppState) -> Result<Arc<Stamped<T>>, AppError> {
        let today = state.clock.today();
        let head = state.store.log_seq().await?;
        let now = state.clock.now();
        let fresh = |s: &Stamped<T>| T::is_fresh(s, today, head, now);
        // Held while computing on the spot, so concurrent requests wait for
        // that one computation instead of each starting their own.
        let mut memory = self.memory.lock().await;
        if let Some(s) = memory.as_ref().filter(|s| fresh(s)) {
            return Ok(s.clone());
        }
        // Another node, or this one before a restart, may have stored a newer one.
        if let Some(stored) = self.load_stored(state).await? {
            if memory.as_ref().is_none_or(|m| m.computed_at < stored.computed_at) {
                *memory = Some(Arc::new(stored));
            }
        }
        let cached = memory.as_ref().map(|s| fresh(s));
        let large = memory
            .as_ref()
            .is_some_and(|s| s.value.public_records() > self.sync_limit);
        match plan(cached, large) {
            Plan::Serve => Ok(memory.clone().expect("a fresh figure is at hand")),
            Plan::ServeAndRefresh => {
                self.refresh_in_background(state);
                Ok(memory.clone().expect("a stale figure is at hand"))
            }
            Plan::ComputeNow => {
                // In a task of its own: a request cut short by the time budget
                // (`budget`) leaves it running, and the next request finds
                // the figure stored instead of starting over.
                let task = tokio::spawn({
                    let state = state.clone();
                    async move { compute_and_store::<T>(&state).await }
                });
                let computed = task.await.map_err(|e| AppError::Internal(e.to_string()))??;
                let computed = Arc::new(computed);
                *memory = Some(computed.clone());
                Ok(computed)
            }
        }
    }

    async fn load_stored(&self, state: &AppState) -> Result<Option<Stamped<T>>, AppError> {
        let Some(stored) = state.store.stored_figure(T::NAME).await? else {
            return Ok(None);
        };
        // A body of an older shape is computed anew rather than misread.
        Ok(serde_json::from_str(&stored.body).ok().map(|value| Stamped {
            as_of: stored.as_of,
            log_seq: stored.log_seq,
            computed_at: stored.computed_at,
            value,
        }))
    }

    /// Starts one refresh unless one is running; it replaces the memory copy
    /// when done. A failure is logged and the stale figure stays.
    fn refresh_in_background(self: &Arc<Self>, state: &AppState) {
        if self.refreshing.swap(true, Ordering::AcqRel) {
            return;
        }
        let (cache, state) = (self.clone(), state.clone());
        tokio::spawn(async move {
            match compute_and_store::<T>(&state).await {
                Ok(fresh) => {
                    let mut memory = cache.memory.lock().await;
                    if memory.as_ref().is_none_or(|m| m.computed_at <= fresh.computed_at) {
                        *memory = Some(Arc::new(fresh));
                    }
                }
                Err(e) => tracing::warn!(figure = T::NAME, error = %e, "refreshing a public figure failed"),
            }
            cache.refreshing.store(false, Ordering::Release);
        });
    }
}

async fn compute_and_store<T: Figure>(state: &AppState) -> Result<Stamped<T>, AppError> {
    // Read before counting: a write that lands meanwhile makes it stale, never lost.
    let log_seq = state.store.log_seq().await?;
    let (as_of, computed_at) = (state.clock.today(), state.clock.now());
    let value = T::compute(state.clone()).await?;
    let body = serde_json::to_string(&value).map_err(|e| AppError::Internal(e.to_string()))?;
    let stored = StoredFigure {
        as_of,
        log_seq,
        computed_at,
        body,
    };
    state.store.store_figure(T::NAME, &stored).await?;
    Ok(Stamped {
        as_of,
        log_seq,
        computed_at,
        value,
    })
}

/// Publicly visible records per kind, issuing department and list name.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Tally {
    pub rows: Vec<TallyRow>,
}

impl Tally {
    /// Public records matching every filter given.
    pub fn count(&self, kind: Option<&str>, department: Option<i64>, list_name: Option<&str>) -> i64 {
        self.rows
            .iter()
            .filter(|r| kind.is_none_or(|k| r.kind == k))
            .filter(|r| department.is_none_or(|d| r.authority_id == d))
            .filter(|r| list_name.is_none_or(|l| r.list_name.as_deref() == Some(l)))
            .map(|r| r.records)
            .sum()
    }

    /// Every kind, in the portal's order, with its public records.
    pub fn by_kind(&self) -> Vec<(RecordKind, i64)> {
        RecordKind::ALL
            .into_iter()
            .map(|k| (k, self.count(Some(k.code()), None, None)))
            .collect()
    }

    /// Public records of one issuing department.
    pub fn of_department(&self, id: i64) -> i64 {
        self.count(None, Some(id), None)
    }

    /// Names of the lists of a kind with public entries, sorted.
    pub fn list_names(&self, kind: &str) -> Vec<String> {
        let names: std::collections::BTreeSet<&String> = self
            .rows
            .iter()
            .filter(|r| r.kind == kind && r.records > 0)
            .filter_map(|r| r.list_name.as_ref())
            .collect();
        names.into_iter().cloned().collect()
    }

    /// Departments with public records of a kind.
    pub fn departments_of(&self, kind: &str) -> std::collections::BTreeSet<i64> {
        self.rows
            .iter()
            .filter(|r| r.kind == kind && r.records > 0)
            .map(|r| r.authority_id)
            .collect()
    }

    /// Red and black lists (kind, name) with their entries in force, by kind and name.
    pub fn lists(&self) -> Vec<(String, String, i64)> {
        let mut lists: BTreeMap<(String, String), i64> = BTreeMap::new();
        for r in &self.rows {
            if let (true, Some(name)) = (r.kind == "redlist" || r.kind == "blacklist", &r.list_name) {
                *lists.entry((r.kind.clone(), name.clone())).or_default() += r.records;
            }
        }
        lists.into_iter().map(|((k, n), c)| (k, n, c)).collect()
    }
}

impl Figure for Tally {
    const NAME: &'static str = "tally";

    fn public_records(&self) -> i64 {
        self.count(None, None, None)
    }

    /// Exact: of today and of every change logged so far.
    fn is_fresh(stamp: &Stamped<Self>, today: NaiveDate, log_head: i64, _now: DateTime<Utc>) -> bool {
        stamp.as_of == today && stamp.log_seq == log_head
    }

    async fn compute(state: AppState) -> Result<Self, AppError> {
        let rows = state.store.public_tally(state.clock.today()).await?;
        Ok(Tally { rows })
    }
}

/// The tally for this request.
pub async fn tally(state: &AppState) -> Result<Arc<Stamped<Tally>>, AppError> {
    state.tally.get(state).await
}

/// Loads every figure, or starts computing it, as a request would, so the
/// first requests after `portal serve` starts find them ready.
pub fn warm(state: &AppState) {
    let state = state.clone();
    tokio::spawn(async move {
        // The snapshot reads the tally: one after the other.
        if let Err(e) = tally(&state).await {
            tracing::warn!(error = %e, "loading the public tally failed");
        }
        if let Err(e) = state.stats.get(&state).await {
            tracing::warn!(error = %e, "loading the statistics snapshot failed");
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(kind: &str, authority_id: i64, list_name: Option<&str>, records: i64) -> TallyRow {
        TallyRow {
            kind: kind.into(),
            authority_id,
            list_name: list_name.map(Into::into),
            records,
        }
    }

    #[test]
    fn a_request_computes_only_when_it_has_nothing_or_when_computing_is_cheap() {
        assert_eq!(plan(None, false), Plan::ComputeNow);
        assert_eq!(plan(None, true), Plan::ComputeNow);
        assert_eq!(plan(Some(true), false), Plan::Serve);
        assert_eq!(plan(Some(true), true), Plan::Serve);
        assert_eq!(plan(Some(false), false), Plan::ComputeNow);
        assert_eq!(plan(Some(false), true), Plan::ServeAndRefresh);
    }

    #[test]
    fn the_tally_answers_every_page_total() {
        let t = Tally {
            rows: vec![
                row("permit", 1, None, 10),
                row("penalty", 1, None, 5),
                row("penalty", 2, None, 7),
                row("blacklist", 2, Some("严重失信主体名单"), 3),
                row("blacklist", 1, Some("严重失信主体名单"), 1),
                row("redlist", 1, Some("纳税信用A级"), 4),
            ],
        };
        assert_eq!(t.count(None, None, None), 30);
        assert_eq!(t.public_records(), 30);
        assert_eq!(t.count(Some("penalty"), None, None), 12);
        assert_eq!(t.count(Some("penalty"), Some(2), None), 7);
        assert_eq!(t.count(Some("blacklist"), None, Some("严重失信主体名单")), 4);
        assert_eq!(t.count(Some("blacklist"), Some(1), Some("严重失信主体名单")), 1);
        assert_eq!(t.of_department(1), 20);
        assert_eq!(
            t.lists(),
            vec![
                ("blacklist".to_string(), "严重失信主体名单".to_string(), 4),
                ("redlist".to_string(), "纳税信用A级".to_string(), 4),
            ]
        );
        assert_eq!(t.list_names("blacklist"), vec!["严重失信主体名单".to_string()]);
        assert!(t.list_names("permit").is_empty());
        assert_eq!(
            t.departments_of("blacklist").into_iter().collect::<Vec<_>>(),
            vec![1, 2]
        );
        let by_kind = t.by_kind();
        assert_eq!(by_kind.len(), RecordKind::ALL.len());
        assert!(by_kind.contains(&(RecordKind::Permit, 10)));
        assert!(by_kind.contains(&(RecordKind::Pledge, 0)));
    }

    #[test]
    fn the_tally_is_fresh_only_for_today_and_the_current_log() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let now = Utc::now();
        let s = Stamped {
            as_of: day,
            log_seq: 40,
            computed_at: now,
            value: Tally::default(),
        };
        assert!(Tally::is_fresh(&s, day, 40, now));
        assert!(!Tally::is_fresh(&s, day, 41, now), "a change was logged since");
        assert!(!Tally::is_fresh(&s, day.succ_opt().unwrap(), 40, now), "a new day");
    }
}
