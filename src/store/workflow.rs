//! The back-office side of submissions: queues and decisions. Each decision
//! is one transaction: the submission's new status, the event the submitter
//! sees on `/track`, any effect on the record (withdrawn, repaired, pledge
//! published) and their change-log rows.

use app::domain::change_chain::Change;
use app::domain::clock::china_date;
use app::domain::complaint::{assignment_refusal, Candidate, ComplaintTarget};
use app::domain::integrity_remedy::{integrity_repair, integrity_repair_refusal};
use app::domain::kinds::RecordKind;
use app::domain::pledge::{confirmed_pledge_cells, ConfirmedPledge, PledgerKind};
use app::domain::publicity::{stored_penalty_repair_from, PublicityRules};
use app::domain::record_validation::{validate_row, ValidationContext};
use app::domain::repair::repair_refusal;
use app::domain::submission_workflow::{
    apply, keeps_deadline, linked_correction, Action, RecordEffect, Status, SubmissionKind, Transition,
};
use chrono::{DateTime, Utc};

use super::change_log::{LogEntry, LogHead};
use super::submissions::SUBMISSION_COLUMNS;
use super::{on_db, on_tx, IngestCache, IngestOutcome, Store, StoreError, SubmissionRow, Tx};

/// Which submissions a queue shows.
#[derive(Clone, Debug, Default)]
pub struct QueueFilter {
    pub kind: Option<SubmissionKind>,
    /// Only those waiting for the office (received, accepted, in review).
    pub open_only: bool,
    /// Only those assigned to this department (a provider's view).
    pub assigned_to: Option<i64>,
}

/// What a decision did, for the page that confirms it.
#[derive(Clone, Debug)]
pub struct Decided {
    pub transition: Transition,
    /// The pledge record published by a confirmation.
    pub published_record: Option<i64>,
}

/// A record's current version and when its latest earlier version was replaced.
const RECORD_CORRECTION_SQL: &str = "SELECT r.version, \
     (SELECT MAX(v.replaced_at) FROM record_versions v WHERE v.record_id = r.id) FROM records r WHERE r.id = $1";

fn kind_of(row_kind: &str, id: i64) -> Result<SubmissionKind, StoreError> {
    SubmissionKind::from_code(row_kind)
        .ok_or_else(|| StoreError::Inconsistent(format!("submission {id} has an unknown kind {row_kind}")))
}

fn status_of(row_status: &str, id: i64) -> Result<Status, StoreError> {
    Status::from_code(row_status)
        .ok_or_else(|| StoreError::Inconsistent(format!("submission {id} has an unknown status {row_status}")))
}

impl Store {
    pub async fn submission(&self, id: i64) -> Result<Option<SubmissionRow>, StoreError> {
        let sql = format!("SELECT {SUBMISSION_COLUMNS} FROM submissions WHERE id = $1");
        Ok(on_db!(&self.db, p => sqlx::query_as::<_, SubmissionRow>(&sql).bind(id).fetch_optional(p).await?))
    }

    /// A record's current version and when it was last corrected (its latest
    /// earlier version replaced), for an objection's correction.
    pub async fn record_correction(&self, record_id: i64) -> Result<Option<(i64, Option<DateTime<Utc>>)>, StoreError> {
        Ok(on_db!(&self.db, p => sqlx::query_as(RECORD_CORRECTION_SQL).bind(record_id).fetch_optional(p).await?))
    }

    /// Submissions for a queue, oldest first (the caller sorts by urgency,
    /// which needs the working-day calendar).
    pub async fn queue(&self, filter: &QueueFilter) -> Result<Vec<SubmissionRow>, StoreError> {
        let mut sql = format!("SELECT {SUBMISSION_COLUMNS} FROM submissions WHERE 1 = 1");
        if filter.kind.is_some() {
            sql.push_str(" AND kind = $1");
        } else {
            sql.push_str(" AND $1 = $1");
        }
        if filter.open_only {
            sql.push_str(" AND status IN ('received', 'accepted', 'in_review')");
        }
        if filter.assigned_to.is_some() {
            sql.push_str(" AND assigned_department_id = $2");
        } else {
            sql.push_str(" AND $2 = $2");
        }
        sql.push_str(" ORDER BY received_at, id LIMIT 5000");
        let kind = filter.kind.map_or("", |k| k.code());
        let dept = filter.assigned_to.unwrap_or(0);
        Ok(on_db!(&self.db, p => sqlx::query_as::<_, SubmissionRow>(&sql).bind(kind).bind(dept).fetch_all(p).await?))
    }

    /// Applies a back-office decision, or refuses it (with the reason in words)
    /// when the workflow does not allow it from the current status.
    pub async fn decide_submission(
        &self,
        id: i64,
        action: &Action,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<Decided, StoreError> {
        let mut tx = self.begin().await?;
        let mut head = tx.lock_log_head().await?;
        let sql = format!("SELECT {SUBMISSION_COLUMNS} FROM submissions WHERE id = $1");
        let row: Option<SubmissionRow> =
            on_tx!(&mut tx, c => sqlx::query_as::<_, SubmissionRow>(&sql).bind(id).fetch_optional(c).await?);
        let Some(row) = row else {
            return Err(StoreError::Refused(format!("没有编号为 {id} 的提交")));
        };
        let kind = kind_of(&row.kind, id)?;
        let from = status_of(&row.status, id)?;
        let transition = apply(kind, from, action).map_err(|e| StoreError::Refused(e.to_string()))?;

        // An objection upheld by correction links the version made since its
        // acceptance, or is refused (nothing is told to the submitter).
        let record_version = match &transition.record_effect {
            Some(RecordEffect::LinkCorrection) => Some(tx.correction_since_acceptance(&row).await?),
            _ => None,
        };

        // The event note: the reason or reply, or where it was sent.
        let mut note = transition.note.clone();
        if let Some(dept) = transition.assign_to {
            let found: Option<(String, String)> = on_tx!(&mut tx, c => {
                sqlx::query_as("SELECT name, uscc FROM departments WHERE id = $1").bind(dept).fetch_optional(c).await?
            });
            let Some((name, uscc)) = found else {
                return Err(StoreError::Refused(format!("没有编号为 {dept} 的部门")));
            };
            // A complaint is never sent to the department it accuses.
            let record_authority: Option<(i64,)> = match row.record_id {
                Some(record) => on_tx!(&mut tx, c => {
                    sqlx::query_as("SELECT authority_id FROM records WHERE id = $1")
                        .bind(record)
                        .fetch_optional(c)
                        .await?
                }),
                None => None,
            };
            let target = ComplaintTarget {
                submission_kind: &row.kind,
                target_kind: &row.target_kind,
                target_name: &row.target_name,
                target_uscc: row.target_uscc.as_deref(),
                record_authority_id: record_authority.map(|(id,)| id),
            };
            let candidate = Candidate {
                id: dept,
                name: &name,
                uscc: &uscc,
            };
            if let Some(why) = assignment_refusal(&target, &candidate) {
                return Err(StoreError::Refused(why));
            }
            note = Some(format!("已转{name}核查"));
        }
        if let Some(v) = record_version {
            note = Some(format!("{}（信息已更正，现为第 {v} 版）", note.unwrap_or_default()));
        }
        let outcome = transition.outcome.map(|o| o.code());
        let reply = if transition.outcome.is_some() || transition.to == Status::Refused {
            transition.note.clone()
        } else {
            None
        };
        // Deadlines run from receipt or acceptance (`submission_workflow::
        // deadline_rule`): acceptance is stored once; an overdue flag stays
        // while the deadline awaited stays (assigning, re-assigning).
        let accepted_at = (transition.to == Status::Accepted).then_some(now);
        let keep_flag = keeps_deadline(kind, from, transition.to);
        on_tx!(&mut tx, c => {
            sqlx::query(
                "UPDATE submissions SET status = $1, step_started_at = $2, \
                 overdue_flagged_at = CASE WHEN $7 THEN overdue_flagged_at END, \
                 accepted_at = COALESCE(accepted_at, $8), record_version = COALESCE($9, record_version), \
                 outcome = COALESCE($3, outcome), reply = COALESCE($4, reply), \
                 assigned_department_id = COALESCE($5, assigned_department_id) WHERE id = $6",
            )
            .bind(transition.to.code())
            .bind(now)
            .bind(outcome)
            .bind(&reply)
            .bind(transition.assign_to)
            .bind(id)
            .bind(keep_flag)
            .bind(accepted_at)
            .bind(record_version)
            .execute(&mut *c)
            .await?;
            sqlx::query("INSERT INTO submission_events (submission_id, at, event, note) VALUES ($1, $2, $3, $4)")
                .bind(id)
                .bind(now)
                .bind(transition.event)
                .bind(&note)
                .execute(c)
                .await?;
        });
        // The log names the action and the new status; the text stays in the
        // submission (it may quote the submitter).
        let entry = LogEntry {
            actor: actor.to_string(),
            change: Change::SubmissionStatus,
            entity_id: id,
            kind: Some(kind.code()),
            reason: Some(format!("{}|{}", transition.to.code(), action.code())),
            content_hash: None,
        };
        tx.append_log(&mut head, now, &entry).await?;

        let mut published_record = None;
        match &transition.record_effect {
            None => {}
            Some(RecordEffect::Withdraw { reason }) => {
                let record = row
                    .record_id
                    .ok_or_else(|| StoreError::Inconsistent(format!("objection {id} has no record")))?;
                tx.set_record_state(
                    &mut head,
                    record,
                    "withdrawn",
                    Change::RecordWithdraw,
                    reason,
                    actor,
                    now,
                )
                .await?;
            }
            Some(RecordEffect::Repair) => {
                let record = row
                    .record_id
                    .ok_or_else(|| StoreError::Inconsistent(format!("repair {id} has no record")))?;
                // Never before the minimum publicity period the record's stored
                // strictness gives (the form refuses earlier applications too).
                // A government integrity record: not while a 书面说明 / 限期整改 ordered on it is not done.
                let found: Option<(String, chrono::NaiveDate, Option<bool>, String)> = on_tx!(&mut tx, c => {
                    sqlx::query_as("SELECT kind, decision_date, strict_domain, public_columns FROM records WHERE id = $1")
                        .bind(record)
                        .fetch_optional(c)
                        .await?
                });
                let today = china_date(now);
                let refusal = match found {
                    Some((kind, decision_date, _, _)) if kind == "integrity" => {
                        let remedies: Vec<(chrono::NaiveDate, Option<chrono::NaiveDate>)> = on_tx!(&mut tx, c => {
                            sqlx::query_as("SELECT due_date, done_on FROM integrity_remedies WHERE record_id = $1")
                                .bind(record)
                                .fetch_all(c)
                                .await?
                        });
                        integrity_repair_refusal(
                            today,
                            integrity_repair(&PublicityRules::default(), decision_date, &remedies),
                        )
                    }
                    Some((_, decision_date, strict, columns)) => {
                        let columns: Vec<(String, String)> = serde_json::from_str(&columns).unwrap_or_default();
                        stored_penalty_repair_from(&PublicityRules::default(), decision_date, strict, &columns)
                            .and_then(|from| repair_refusal(today, from))
                    }
                    None => None,
                };
                if let Some(refusal) = refusal {
                    return Err(StoreError::Refused(format!("不能准予修复：{refusal}")));
                }
                let reason = format!("信用修复（{}）", row.tracking_number);
                tx.set_record_state(&mut head, record, "repaired", Change::RecordRepair, &reason, actor, now)
                    .await?;
            }
            Some(RecordEffect::Remove) => {
                let record = row
                    .record_id
                    .ok_or_else(|| StoreError::Inconsistent(format!("removal {id} has no record")))?;
                let reason = format!("准予提前移出（{}）", row.tracking_number);
                tx.set_record_state(&mut head, record, "removed", Change::RecordRemove, &reason, actor, now)
                    .await?;
            }
            Some(RecordEffect::PublishPledge) => {
                published_record = Some(tx.publish_pledge(&mut head, &row, actor, now).await?);
            }
            // Linked above, before anything was written.
            Some(RecordEffect::LinkCorrection) => {}
        }
        tx.store_log_head(&head).await?;
        tx.commit().await?;
        Ok(Decided {
            transition,
            published_record,
        })
    }
}

impl Tx {
    /// The version of an objection's record made by a correction at or after
    /// the objection's acceptance (`submission_workflow::linked_correction`),
    /// or the refusal that says what to do first.
    async fn correction_since_acceptance(&mut self, row: &SubmissionRow) -> Result<i64, StoreError> {
        let record = row
            .record_id
            .ok_or_else(|| StoreError::Inconsistent(format!("objection {} has no record", row.id)))?;
        let found: Option<(i64, Option<DateTime<Utc>>)> = on_tx!(&mut *self, c => {
            sqlx::query_as(RECORD_CORRECTION_SQL).bind(record).fetch_optional(c).await?
        });
        let (version, last_correction) = found.ok_or_else(|| StoreError::Refused(format!("记录 {record} 不存在")))?;
        // Accepted before this column existed and without an event: from receipt.
        let accepted_at = row.accepted_at.unwrap_or(row.received_at);
        linked_correction(accepted_at, last_correction, version).map_err(|e| StoreError::Refused(e.to_string()))
    }

    /// Takes a record out of public view (withdrawn or repaired) with its log row.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn set_record_state(
        &mut self,
        head: &mut LogHead,
        record_id: i64,
        state: &str,
        change: Change,
        reason: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let found: Option<(String, String)> = on_tx!(&mut *self, c => {
            sqlx::query_as("SELECT kind, state FROM records WHERE id = $1").bind(record_id).fetch_optional(c).await?
        });
        let Some((kind, current)) = found else {
            return Err(StoreError::Refused(format!("记录 {record_id} 不存在")));
        };
        if current != "published" {
            return Err(StoreError::Refused(format!(
                "记录 {record_id} 已不在公示状态（{current}）"
            )));
        }
        on_tx!(&mut *self, c => {
            sqlx::query("UPDATE records SET state = $1, state_reason = $2, updated_at = $3 WHERE id = $4")
                .bind(state)
                .bind(reason)
                .bind(now)
                .bind(record_id)
                .execute(c)
                .await?;
        });
        let entry = LogEntry {
            actor: actor.to_string(),
            change,
            entity_id: record_id,
            kind: RecordKind::from_code(&kind).map(|k| k.code()),
            reason: Some(reason.to_string()),
            content_hash: None,
        };
        self.append_log(head, now, &entry).await?;
        Ok(())
    }

    /// Turns a confirmed pledge into a public pledge record, through the same
    /// validation and ingest path as an imported one.
    async fn publish_pledge(
        &mut self,
        head: &mut LogHead,
        row: &SubmissionRow,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let authority_id = row
            .authority_id
            .ok_or_else(|| StoreError::Inconsistent(format!("pledge {} has no authority", row.id)))?;
        let authority: Option<(String, String)> = on_tx!(&mut *self, c => {
            sqlx::query_as("SELECT name, uscc FROM departments WHERE id = $1").bind(authority_id).fetch_optional(c).await?
        });
        let (authority_name, authority_uscc) =
            authority.ok_or_else(|| StoreError::Inconsistent(format!("pledge {} names no department", row.id)))?;
        let pledger_kind = PledgerKind::from_code(&row.target_kind).unwrap_or(PledgerKind::Enterprise);
        let facts = ConfirmedPledge {
            tracking_number: &row.tracking_number,
            pledger_kind,
            pledger_name: &row.target_name,
            pledger_uscc: row.target_uscc.as_deref().unwrap_or(""),
            pledge_type: &row.category,
            matter: row.matter.as_deref().unwrap_or(""),
            content: &row.description,
            pledged_on: china_date(row.received_at),
            due_date: row.pledge_due_date,
            authority_name: &authority_name,
            authority_uscc: &authority_uscc,
        };
        let ctx = ValidationContext::new(china_date(now));
        let valid = validate_row(RecordKind::Pledge, &confirmed_pledge_cells(&facts), &ctx).map_err(|problems| {
            let words: Vec<String> = problems
                .iter()
                .map(|p| format!("{}：{}", p.column, p.message))
                .collect();
            StoreError::Refused(format!("承诺内容不符合公示格式：{}", words.join("；")))
        })?;
        let mut cache = IngestCache::default();
        let outcomes = self
            .ingest_batch(head, std::slice::from_ref(&valid.record), actor, now, &mut cache)
            .await?;
        match outcomes.first() {
            Some(IngestOutcome::Created(id) | IngestOutcome::Unchanged(id) | IngestOutcome::Corrected(id)) => Ok(*id),
            _ => Err(StoreError::Inconsistent(format!("pledge {} was not published", row.id))),
        }
    }
}
