//! Scheduled work (`portal tick`, and every few minutes inside `portal serve`):
//! expire records whose publicity window or list term has ended, flag
//! submissions whose step is overdue, publish government integrity remedies
//! not done by their due date (公开通报), and give lists met in imports their
//! default configuration. Idempotent and safe with several processes on one
//! database: every change is a conditional UPDATE under the log-head lock
//! (see `store::scheduled`), so a second run or a second process changes nothing.

use std::sync::Arc;
use std::time::Duration;

use app::domain::clock::{china_date, Clock};
use app::domain::overdue::missed_deadline;
use app::domain::submission_workflow::{Status, SubmissionKind};
use app::domain::working_days::Calendar;
use chrono::{DateTime, Utc};

use crate::live_calendar::{LiveCalendar, Reload};
use crate::store::{Store, StoreError};

/// Who the change log names for scheduled changes.
pub const TICK_ACTOR: &str = "system:tick";
/// Seconds between ticks in `portal serve` unless `PORTAL_TICK_SECONDS` says otherwise.
pub const DEFAULT_TICK_SECONDS: u64 = 300;

/// What one tick did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TickReport {
    pub expired: u64,
    pub overdue_flagged: u64,
    pub lists_configured: usize,
    /// 书面说明 / 限期整改 published as overdue (公开通报).
    pub remedies_overdue: u64,
}

impl TickReport {
    pub fn summary(&self) -> String {
        format!(
            "到期移出 {} 条，标记超期 {} 件，新登记名单 {} 个，通报逾期未整改 {} 项",
            self.expired, self.overdue_flagged, self.lists_configured, self.remedies_overdue
        )
    }
}

/// Runs the scheduled work once for `now`.
pub async fn run_tick(store: &Store, cal: &Calendar, now: DateTime<Utc>) -> Result<TickReport, StoreError> {
    let today = china_date(now);
    let lists_configured = store.configure_imported_lists(TICK_ACTOR, now).await?;
    let expired = store.expire_due_records(today, TICK_ACTOR, now).await?;
    let mut overdue_flagged = 0;
    for row in store.unflagged_open_submissions().await? {
        let (Some(kind), Some(status)) = (SubmissionKind::from_code(&row.kind), Status::from_code(&row.status)) else {
            continue;
        };
        let accepted_on = row.accepted_at.map(china_date);
        if let Some(missed) = missed_deadline(cal, kind, status, china_date(row.received_at), accepted_on, today) {
            if store
                .flag_overdue(row.id, kind.code(), status.code(), missed.due, TICK_ACTOR, now)
                .await?
            {
                overdue_flagged += 1;
            }
        }
    }
    let remedies_overdue = store.publish_overdue_remedies(today, TICK_ACTOR, now).await?;
    Ok(TickReport {
        expired,
        overdue_flagged,
        lists_configured,
        remedies_overdue,
    })
}

/// The interval `PORTAL_TICK_SECONDS` sets (default 300), or why the value
/// cannot be used.
pub fn interval_from(value: Option<&str>) -> Result<Duration, String> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(Duration::from_secs(DEFAULT_TICK_SECONDS)),
        Some(v) => v
            .parse::<u64>()
            .ok()
            .filter(|s| *s >= 1)
            .map(Duration::from_secs)
            .ok_or_else(|| format!("PORTAL_TICK_SECONDS: “{v}” is not a number of seconds (1 or more)")),
    }
}

/// Runs a tick right away, then every `interval`, for as long as the server runs.
/// Each tick first reloads the working-day calendar if `<data>/cn_holidays.csv`
/// changed, so a new year's arrangement needs no restart.
pub async fn run_periodically(store: Store, cal: Arc<LiveCalendar>, clock: Arc<dyn Clock>, interval: Duration) {
    let mut timer = tokio::time::interval(interval);
    timer.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        timer.tick().await;
        let file = cal.file().map(|f| f.display().to_string()).unwrap_or_default();
        match cal.reload_if_changed() {
            Reload::Unchanged => {}
            Reload::Loaded(years) => {
                tracing::info!(file, ?years, "working-day calendar reloaded");
                // Deadlines shown on public pages are counted in working days.
                store.changes().bump();
            }
            Reload::Failed(error) => {
                tracing::error!(
                    file,
                    error,
                    "working-day calendar file changed but cannot be read; keeping the one in use"
                )
            }
        }
        match run_tick(&store, &cal, clock.now()).await {
            Ok(report) if report != TickReport::default() => {
                tracing::info!("tick: {}", report.summary());
                store.changes().bump();
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "scheduled tick failed; retrying at the next one"),
        }
    }
}
