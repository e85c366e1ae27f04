//! The audit view of the change log, and the chain check.

use app::domain::clock::CHINA_OFFSET_SECONDS;
use app::domain::dates::parse_national_date as parse_date;
use app::pages::admin::{audit_page, AuditRow, AuditView};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use serde::Deserialize;

use app::domain::clock::china_time;

use super::Staff;
use crate::http::respond::{page, PageResult};
use crate::http::AppState;
use crate::store::AuditFilter;

const PAGE_ROWS: i64 = 100;

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    #[serde(default)]
    actor: String,
    #[serde(default)]
    entity: String,
    #[serde(default)]
    entity_id: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    before: Option<i64>,
    verify: Option<String>,
}

/// The start of a China day, as UTC.
fn china_midnight(d: NaiveDate) -> chrono::DateTime<Utc> {
    Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).expect("midnight")) - Duration::seconds(CHINA_OFFSET_SECONDS.into())
}

pub async fn audit(State(state): State<AppState>, staff: Staff, Query(q): Query<AuditQuery>) -> PageResult {
    if !staff.actor().can_audit() {
        return Err(staff.not_allowed());
    }
    let mut error = None;
    let mut date = |text: &str, label: &str| -> Option<NaiveDate> {
        if text.trim().is_empty() {
            return None;
        }
        match parse_date(text.trim()) {
            Ok(d) => Some(d),
            Err(e) => {
                error = Some(format!("{label}：{e}"));
                None
            }
        }
    };
    let from = date(&q.from, "开始日期");
    let to = date(&q.to, "结束日期");
    let entity_id = q.entity_id.trim().parse::<i64>().ok();
    if !q.entity_id.trim().is_empty() && entity_id.is_none() {
        error = Some("对象编号应为数字".into());
    }
    let filter = AuditFilter {
        actor: Some(q.actor.trim().to_string()).filter(|s| !s.is_empty()),
        entity: Some(q.entity.trim().to_string()).filter(|s| !s.is_empty()),
        entity_id,
        from: from.map(china_midnight),
        until: to.map(|d| china_midnight(d + Duration::days(1))),
        before_seq: q.before,
        limit: PAGE_ROWS,
    };
    let rows = state.store.audit_rows(&filter).await?;
    let next_page = (rows.len() as i64 == PAGE_ROWS).then(|| {
        let last = rows.last().map_or(0, |r| r.seq);
        format!(
            "/admin/audit?actor={}&entity={}&entity_id={}&from={}&to={}&before={last}",
            app::pages::url_encode(&q.actor),
            app::pages::url_encode(&q.entity),
            app::pages::url_encode(&q.entity_id),
            app::pages::url_encode(&q.from),
            app::pages::url_encode(&q.to),
        )
    });
    let chain = if q.verify.is_some() {
        let report = state.store.verify_change_log().await?;
        Some(match &report.first_break {
            None => Ok(report.rows_verified),
            Some(b) => Err(format!("哈希链断裂：{b}。")),
        })
    } else {
        None
    };
    let v = AuditView {
        nav: staff.nav(),
        actor: q.actor.clone(),
        entity: q.entity.clone(),
        entity_id: q.entity_id.clone(),
        from: q.from.clone(),
        to: q.to.clone(),
        rows: rows
            .into_iter()
            .map(|r| AuditRow {
                seq: r.seq,
                at: china_time(r.at),
                entity_href: match r.entity.as_str() {
                    "submission" => Some(format!("/admin/submissions/{}", r.entity_id)),
                    "record" => Some(format!("/records/{}", r.entity_id)),
                    "subject" => Some(format!("/subjects/{}", r.entity_id)),
                    _ => None,
                },
                entity: format!("{} #{}", r.entity, r.entity_id),
                actor: r.actor,
                op: r.op,
                kind: r.kind.unwrap_or_default(),
                reason: r.reason.unwrap_or_default(),
                hash: r.hash.chars().take(12).collect(),
            })
            .collect(),
        chain,
        next_page,
        error,
    };
    Ok(page(StatusCode::OK, audit_page(v), None))
}
