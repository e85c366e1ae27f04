//! The back-office home page.

use app::domain::submission_workflow::{SubmissionKind, Urgency};
use app::pages::admin::{dashboard_page, DashboardView};
use axum::extract::State;
use axum::http::StatusCode;

use super::submissions::open_with_urgency;
use super::Staff;
use crate::http::respond::{page, PageResult};
use crate::http::AppState;
use crate::store::QueueFilter;

pub async fn dashboard(State(state): State<AppState>, staff: Staff) -> PageResult {
    let actor = staff.actor();
    let mut queues = Vec::new();
    if actor.can_handle_submissions() {
        // One read of the open submissions, counted per kind.
        let open = QueueFilter {
            kind: None,
            open_only: true,
            assigned_to: None,
        };
        let rows = open_with_urgency(&state, &open).await?;
        for kind in SubmissionKind::ALL {
            let of_kind = rows.iter().filter(|(r, _)| r.kind == kind.code());
            let (mut n, mut today, mut overdue) = (0, 0, 0);
            for (_, u) in of_kind {
                n += 1;
                match u {
                    Some((_, Urgency::DueToday)) => today += 1,
                    Some((_, Urgency::Overdue(_))) => overdue += 1,
                    _ => {}
                }
            }
            queues.push((
                kind.label().to_string(),
                format!("/admin/submissions?kind={}", kind.code()),
                n,
                today,
                overdue,
            ));
        }
    }
    let (assigned_to_me, timeliness, drafts) = match (actor.role, staff.department_id) {
        (app::domain::staff::Role::Provider, Some(dept)) => {
            let filter = QueueFilter {
                kind: None,
                open_only: true,
                assigned_to: Some(dept),
            };
            let assigned = state.store.queue(&filter).await?.len() as i64;
            // The same count, query and period as /statistics and the department profile.
            let timeliness = crate::http::statistics::publication_timeliness(&state, Some(dept)).await?;
            let (on_time, published) = timeliness.get(&dept).copied().unwrap_or_default();
            // Drafts past their 7-working-day publication deadline are flagged.
            let drafts = state.store.draft_decision_dates(dept).await?;
            let today = state.clock.today();
            let late = drafts
                .iter()
                .filter(|d| app::domain::publication_deadline::working_days_left(&state.calendar, **d, today) < 0)
                .count() as i64;
            (
                Some(assigned),
                Some((on_time, published)),
                Some((drafts.len() as i64, late)),
            )
        }
        _ => (None, None, None),
    };
    let v = DashboardView {
        nav: staff.nav(),
        queues,
        drafts_waiting: drafts,
        timeliness,
        timeliness_period: format!(
            "{} 至 {}",
            app::domain::dates::format_date(app::domain::statistics::timeliness_since(state.clock.today())),
            app::domain::dates::format_date(state.clock.today())
        ),
        assigned_to_me,
        today: app::domain::dates::format_date(state.clock.today()),
    };
    Ok(page(StatusCode::OK, dashboard_page(v), None))
}
