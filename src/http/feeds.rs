//! Following changes: the change feed (JSON and Atom) with every row's hash and
//! previous hash, so anyone can verify the chain (docs/OPEN_DATA.md), and an
//! Atom feed per subject and per department, so an enterprise, a journalist or
//! an evaluator can follow one company or one department without an account.

use app::domain::change_chain::truncate_to_micros;
use app::domain::change_feed::{op_label, record_entry_title, REDACTED_OP};
use atom_syndication::{Content, Entry, Feed, FixedDateTime, Link, Text};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Deserialize;
use serde_json::json;

use super::present::{public_subject, PublicSubject};
use super::{AppError, AppState};
use crate::store::{ChangeRow, FeedScope, RecordChangeRow};

/// Largest page of `GET /api/v1/changes`.
pub const MAX_CHANGES: i64 = 1000;
/// Entries in an Atom feed.
const FEED_ENTRIES: i64 = 100;

/// The timestamp exactly as it is hashed (UTC, microseconds).
pub fn hashed_time(at: DateTime<Utc>) -> String {
    truncate_to_micros(at).to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// Where a change-log row points, when it has a public page.
fn entity_url(entity: &str, id: i64) -> Option<String> {
    match entity {
        "record" => Some(format!("/records/{id}")),
        "subject" => Some(format!("/subjects/{id}")),
        _ => None,
    }
}

/// One row of the JSON change feed. A row that is not public (a draft, a
/// black-list proposal, its notice or drop, anything about a sensitive or 简易
/// record, an operation the feed does not know) keeps its place in the chain
/// as a redacted link: its sequence number and hashes only, so the chain still
/// verifies and nothing about it is told (docs/OPEN_DATA.md).
fn change_json(c: &ChangeRow) -> serde_json::Value {
    if !c.is_public() {
        return json!({
            "seq": c.seq,
            "redacted": true,
            "op": REDACTED_OP,
            "prev_hash": c.prev_hash,
            "hash": c.hash,
        });
    }
    json!({
        "seq": c.seq,
        "at": hashed_time(c.at),
        "actor": c.actor,
        "op": c.op,
        "op_label": op_label(&c.entity, &c.op),
        "entity": c.entity,
        "entity_id": c.entity_id,
        "kind": c.kind,
        "reason": c.reason,
        "content_hash": c.content_hash,
        "prev_hash": c.prev_hash,
        "hash": c.hash,
        "url": entity_url(&c.entity, c.entity_id),
    })
}

#[derive(Deserialize, Default)]
pub struct ChangesQuery {
    since: Option<String>,
    limit: Option<String>,
}

/// `GET /api/v1/changes?since=SEQ`: every change-log row after SEQ, in order.
pub async fn changes_json(State(state): State<AppState>, Query(q): Query<ChangesQuery>) -> Result<Response, AppError> {
    let (since, limit) = match (
        super::api::int_param(&q.since, "since", 0..=i64::MAX),
        super::api::int_param(&q.limit, "limit", 1..=MAX_CHANGES),
    ) {
        (Ok(since), Ok(limit)) => (since.unwrap_or(0), limit.unwrap_or(MAX_CHANGES)),
        (Err(bad), _) | (_, Err(bad)) => return Ok(bad.into_response()),
    };
    let rows = state.store.changes_after(since, limit).await?;
    let head = state.store.log_seq().await?;
    let next = rows.last().map_or(since, |r| r.seq);
    let changes: Vec<_> = rows.iter().map(change_json).collect();
    Ok(Json(json!({
        "since": since,
        "next_since": next,
        "head_seq": head,
        "more": next < head,
        "changes": changes,
    }))
    .into_response())
}

fn fixed(at: DateTime<Utc>) -> FixedDateTime {
    at.fixed_offset()
}

fn link(href: String, rel: &str) -> Link {
    Link {
        href,
        rel: rel.to_string(),
        ..Link::default()
    }
}

fn atom_response(feed: Feed) -> Response {
    let mut r = feed.to_string().into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/atom+xml; charset=utf-8"),
    );
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=60"));
    r
}

fn new_feed(base: &str, path: &str, title: String, updated: DateTime<Utc>, entries: Vec<Entry>) -> Feed {
    Feed {
        title: Text::plain(title),
        id: format!("{base}{path}"),
        updated: fixed(updated),
        links: vec![link(format!("{base}{path}"), "self")],
        entries,
        ..Feed::default()
    }
}

/// `/changes.atom`: the latest public changes, each with its hash and
/// previous hash (rows that are not public are left out; the JSON feed keeps
/// them as redacted links).
pub async fn changes_atom(State(state): State<AppState>) -> Result<Response, AppError> {
    let base = state.public_url.to_string();
    let rows = state.store.latest_public_changes(FEED_ENTRIES).await?;
    let updated = rows.first().map_or_else(|| state.clock.now(), |r| r.at);
    let entries = rows
        .iter()
        .map(|c| {
            let what = match c.kind.as_deref() {
                Some(kind) if c.entity == "record" => record_entry_title(&c.op, kind, c.entity_id, None),
                _ => format!("{}（{} {}）", op_label(&c.entity, &c.op), c.entity, c.entity_id),
            };
            let text = format!(
                "序号 {} · {} · 操作 {} · 原因 {} · 前序哈希 {} · 哈希 {}",
                c.seq,
                hashed_time(c.at),
                c.op,
                c.reason.as_deref().unwrap_or("—"),
                c.prev_hash,
                c.hash
            );
            Entry {
                title: Text::plain(what),
                id: format!("{base}/api/v1/changes?since={}", c.seq - 1),
                updated: fixed(c.at),
                links: entity_url(&c.entity, c.entity_id)
                    .map(|u| vec![link(format!("{base}{u}"), "alternate")])
                    .unwrap_or_default(),
                summary: Some(Text::plain(text)),
                ..Entry::default()
            }
        })
        .collect();
    Ok(atom_response(new_feed(
        &base,
        "/changes.atom",
        "信用信息变更".into(),
        updated,
        entries,
    )))
}

fn record_entry(base: &str, c: &RecordChangeRow) -> Entry {
    let shown = c.visible.then_some((c.subject_name.as_str(), c.doc_no.as_str()));
    let mut summary = match (c.visible, c.reason.as_deref()) {
        (true, _) => c.title.clone(),
        (false, Some(reason)) => format!("原因：{reason}"),
        (false, None) => "该信息已不再公示。".to_string(),
    };
    summary.push_str(&format!("（变更序号 {}，哈希 {}）", c.seq, c.hash));
    Entry {
        title: Text::plain(record_entry_title(&c.op, &c.kind, c.record_id, shown)),
        id: format!("{base}/api/v1/changes?since={}", c.seq - 1),
        updated: fixed(c.at),
        links: vec![link(format!("{base}/records/{}", c.record_id), "alternate")],
        content: Some(Content {
            value: Some(summary),
            content_type: Some("text".into()),
            ..Content::default()
        }),
        ..Entry::default()
    }
}

async fn scoped_feed(state: &AppState, scope: FeedScope, id: &str) -> Result<Response, AppError> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let (name, path) = match scope {
        // A subject the public may not know of has no feed (404, as its page).
        FeedScope::Subject => match public_subject(&state.store, id, 2000).await? {
            None => return Err(AppError::NotFound),
            Some(PublicSubject::Merged(survivor)) => {
                return Ok(Redirect::permanent(&format!("/subjects/{survivor}/feed.atom")).into_response())
            }
            Some(PublicSubject::Known { subject, .. }) => (subject.name, format!("/subjects/{id}/feed.atom")),
        },
        FeedScope::Department => {
            let d = state.store.department(id).await?.ok_or(AppError::NotFound)?;
            (d.name, format!("/departments/{id}/feed.atom"))
        }
    };
    let base = state.public_url.to_string();
    // A department with a large share of the records: walk the log rather than sort all their rows.
    let walk_log = scope == FeedScope::Department && {
        let tally = super::figures::tally(state).await?;
        crate::store::feed_walks_log(tally.value.of_department(id), tally.value.count(None, None, None))
    };
    let rows = state
        .store
        .record_changes(scope, id, state.clock.today(), FEED_ENTRIES, walk_log)
        .await?;
    let updated = rows.first().map_or_else(|| state.clock.now(), |r| r.at);
    let entries = rows.iter().map(|c| record_entry(&base, c)).collect();
    let title = format!("{name} 的信用信息变更");
    let mut feed = new_feed(&base, &path, title, updated, entries);
    let page = path.trim_end_matches("/feed.atom").to_string();
    feed.links.push(link(format!("{base}{page}"), "alternate"));
    Ok(atom_response(feed))
}

pub async fn subject_feed(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, AppError> {
    scoped_feed(&state, FeedScope::Subject, &id).await
}

pub async fn department_feed(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, AppError> {
    scoped_feed(&state, FeedScope::Department, &id).await
}
