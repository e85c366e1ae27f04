//! Government integrity beyond the records themselves: the 书面说明 / 限期整改
//! ordered on an integrity record and reported done, and the departments'
//! 政务诚信评价 results. What is overdue, when repair opens and whether a
//! result is acceptable is decided by `app::domain::integrity_remedy` and
//! `app::domain::integrity_evaluation`; this module only stores and reads.
//! Every write appends to the change log in the same transaction, so the
//! public feeds carry each order, completion and overdue notice (公开通报).

use app::domain::change_chain::Change;
use app::domain::dates::format_date;
use app::domain::integrity_evaluation::{format_score, Evaluation};
use app::domain::integrity_remedy::{remedy_state, Completion, Remedy, RemedyOrder, RemedyState};
use chrono::{DateTime, NaiveDate, Utc};

use super::change_log::LogEntry;
use super::reads::VISIBLE_SQL;
use super::{on_db, on_tx, Store, StoreError};

/// One remedy ordered on a record.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct RemedyRow {
    pub id: i64,
    pub record_id: i64,
    pub remedy: String,
    pub requirement: String,
    pub ordered_on: NaiveDate,
    pub due_date: NaiveDate,
    pub ordered_by: String,
    pub done_on: Option<NaiveDate>,
    pub report: Option<String>,
    pub reported_by: Option<String>,
    pub overdue_published_on: Option<NaiveDate>,
}

impl RemedyRow {
    pub fn remedy(&self) -> Remedy {
        Remedy::from_code(&self.remedy).unwrap_or(Remedy::Rectification)
    }

    pub fn state(&self, today: NaiveDate) -> RemedyState {
        remedy_state(self.due_date, self.done_on, today)
    }
}

const REMEDY_SELECT: &str = "SELECT id, record_id, remedy, requirement, ordered_on, due_date, ordered_by, done_on, \
     report, reported_by, overdue_published_on FROM integrity_remedies";

/// A government integrity record as the back-office lists it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct IntegrityStaffRow {
    pub id: i64,
    pub title: String,
    pub doc_no: String,
    pub subject_name: String,
    pub unit_id: Option<i64>,
    pub unit_name: Option<String>,
    pub source_id: i64,
    pub decision_date: NaiveDate,
    pub state: String,
}

const INTEGRITY_STAFF_SELECT: &str = "SELECT r.id, r.title, r.doc_no, s.name AS subject_name, r.unit_id, \
     u.name AS unit_name, r.source_id, r.decision_date, r.state \
     FROM records r JOIN subjects s ON s.id = r.subject_id LEFT JOIN departments u ON u.id = r.unit_id";

/// Most records the back-office list shows.
const MAX_STAFF_INTEGRITY_ROWS: i64 = 200;

/// One published evaluation result.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct EvaluationRow {
    pub id: i64,
    pub department_id: i64,
    pub department_name: String,
    pub year: i32,
    pub evaluator_kind: String,
    pub evaluator: String,
    pub result: String,
    pub score_tenths: Option<i64>,
    pub source_document: String,
    pub source_url: Option<String>,
    pub published_at: DateTime<Utc>,
    pub published_by: String,
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub withdraw_reason: Option<String>,
}

const EVALUATION_SELECT: &str = "SELECT e.id, e.department_id, d.name AS department_name, e.year, e.evaluator_kind, \
     e.evaluator, e.result, e.score_tenths, e.source_document, e.source_url, e.published_at, e.published_by, \
     e.withdrawn_at, e.withdraw_reason FROM integrity_evaluations e JOIN departments d ON d.id = e.department_id";

/// Most evaluation results a listing reads (a few per department and year).
const MAX_LISTED_EVALUATIONS: i64 = 2000;

fn remedies_of_sql() -> String {
    format!("{REMEDY_SELECT} WHERE record_id = $1 ORDER BY id")
}

/// A unit's remedies, read from the remedies (a few hundred a year) and each
/// one's record checked: starting from the unit's integrity records instead
/// probed every one of them, 46 ms for the largest unit at a million records.
fn department_remedies_sql() -> String {
    format!(
        "SELECT m.id, m.record_id, m.remedy, m.requirement, m.ordered_on, m.due_date, m.ordered_by, m.done_on, \
         m.report, m.reported_by, m.overdue_published_on, r.title \
         FROM integrity_remedies m CROSS JOIN records r \
         WHERE m.record_id = r.id AND r.unit_id = $2 AND r.kind = 'integrity' AND {VISIBLE_SQL} \
         ORDER BY m.due_date DESC, m.id DESC LIMIT 200"
    )
}

fn integrity_by_unit_sql() -> String {
    format!(
        // Department by department through `records_unit`: without statistics
        // SQLite would otherwise walk every published record (records_expiry).
        "SELECT d.id, COUNT(*) FROM departments d CROSS JOIN records r \
         WHERE r.unit_id = d.id AND r.kind = 'integrity' AND {VISIBLE_SQL} GROUP BY d.id"
    )
}

fn evaluations_of_sql() -> String {
    format!(
        "{EVALUATION_SELECT} WHERE e.department_id = $1 AND e.withdrawn_at IS NULL \
         ORDER BY e.year DESC, e.evaluator_kind, e.id DESC LIMIT $2"
    )
}

/// The statements the public pages run here: the query-plan test explains each.
pub fn public_statements() -> Vec<(&'static str, String)> {
    vec![
        ("remedies_of", remedies_of_sql()),
        ("department_remedies", department_remedies_sql()),
        ("integrity_records_by_unit", integrity_by_unit_sql()),
        ("evaluations_of", evaluations_of_sql()),
    ]
}

fn record_log(actor: &str, change: Change, record_id: i64, reason: String) -> LogEntry {
    LogEntry {
        actor: actor.to_string(),
        change,
        entity_id: record_id,
        kind: Some("integrity"),
        reason: Some(reason),
        content_hash: None,
    }
}

impl Store {
    /// Orders a remedy on a published government integrity record.
    pub async fn order_remedy(
        &self,
        record_id: i64,
        order: &RemedyOrder,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let mut tx = self.begin().await?;
        let mut head = tx.lock_log_head().await?;
        let found: Option<(String, String)> = on_tx!(&mut tx, c => {
            sqlx::query_as("SELECT kind, state FROM records WHERE id = $1")
                .bind(record_id)
                .fetch_optional(c)
                .await?
        });
        match found {
            Some((kind, state)) if kind == "integrity" && state == "published" => {}
            Some((kind, _)) if kind != "integrity" => {
                return Err(StoreError::Refused(format!(
                    "信息 {record_id} 不是政务失信记录，不能责令书面说明或限期整改"
                )))
            }
            Some(_) => {
                return Err(StoreError::Refused(format!(
                    "政务失信记录 {record_id} 不在公示中，不能责令整改"
                )))
            }
            None => return Err(StoreError::Refused(format!("信息 {record_id} 不存在"))),
        }
        let today = app::domain::clock::china_date(now);
        let (id,): (i64,) = on_tx!(&mut tx, c => {
            sqlx::query_as(
                "INSERT INTO integrity_remedies (record_id, remedy, requirement, ordered_on, due_date, ordered_by) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(record_id)
            .bind(order.remedy.code())
            .bind(&order.requirement)
            .bind(today)
            .bind(order.due)
            .bind(actor)
            .fetch_one(c)
            .await?
        });
        let reason = format!(
            "责令{}，{} 前完成：{}",
            order.remedy.label(),
            format_date(order.due),
            order.requirement
        );
        tx.append_log(
            &mut head,
            now,
            &record_log(actor, Change::RecordOrderRemedy, record_id, reason),
        )
        .await?;
        tx.store_log_head(&head).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Records a remedy as done; refused when it already is.
    pub async fn complete_remedy(
        &self,
        remedy: &RemedyRow,
        completion: &Completion,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        let mut head = tx.lock_log_head().await?;
        let changed = on_tx!(&mut tx, c => {
            sqlx::query(
                "UPDATE integrity_remedies SET done_on = $1, report = $2, reported_by = $3 \
                 WHERE id = $4 AND done_on IS NULL",
            )
            .bind(completion.done_on)
            .bind(&completion.report)
            .bind(actor)
            .bind(remedy.id)
            .execute(c)
            .await?
            .rows_affected()
        });
        if changed == 0 {
            return Err(StoreError::Refused(format!(
                "该项{}已登记完成",
                remedy.remedy().label()
            )));
        }
        let state = remedy_state(remedy.due_date, Some(completion.done_on), completion.done_on);
        let reason = format!(
            "{}{}（{}，期限 {}）：{}",
            remedy.remedy().label(),
            state.label(),
            format_date(completion.done_on),
            format_date(remedy.due_date),
            completion.report
        );
        tx.append_log(
            &mut head,
            now,
            &record_log(actor, Change::RecordRemedyDone, remedy.record_id, reason),
        )
        .await?;
        tx.store_log_head(&head).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Published government integrity records, newest first: all of them, or
    /// those a department is the unit or the data source of.
    pub async fn integrity_records_for_staff(
        &self,
        department_id: Option<i64>,
    ) -> Result<Vec<IntegrityStaffRow>, StoreError> {
        let mut sql = format!("{INTEGRITY_STAFF_SELECT} WHERE r.kind = 'integrity' AND r.state = 'published'");
        if department_id.is_some() {
            sql.push_str(" AND (r.unit_id = $2 OR r.source_id = $2)");
        }
        sql.push_str(" ORDER BY r.decision_date DESC, r.id DESC LIMIT $1");
        Ok(on_db!(&self.db, p => {
            let q = sqlx::query_as::<_, IntegrityStaffRow>(&sql).bind(MAX_STAFF_INTEGRITY_ROWS);
            match department_id {
                Some(d) => q.bind(d).fetch_all(p).await?,
                None => q.fetch_all(p).await?,
            }
        }))
    }

    /// One government integrity record for the back-office (any state).
    pub async fn integrity_record_for_staff(&self, id: i64) -> Result<Option<IntegrityStaffRow>, StoreError> {
        let sql = format!("{INTEGRITY_STAFF_SELECT} WHERE r.id = $1 AND r.kind = 'integrity'");
        Ok(on_db!(&self.db, p => sqlx::query_as::<_, IntegrityStaffRow>(&sql).bind(id).fetch_optional(p).await?))
    }

    /// The remedies of several records, by record then in the order ordered.
    pub async fn remedies_of_records(&self, record_ids: &[i64]) -> Result<Vec<RemedyRow>, StoreError> {
        let mut out = Vec::new();
        for chunk in record_ids.chunks(400) {
            let rows: Vec<RemedyRow> = on_db!(&self.db, p, DB => {
                let mut qb = sqlx::QueryBuilder::<DB>::new(format!("{REMEDY_SELECT} WHERE record_id IN ("));
                let mut list = qb.separated(", ");
                for id in chunk {
                    list.push_bind(*id);
                }
                qb.push(") ORDER BY record_id, id");
                qb.build_query_as().fetch_all(p).await?
            });
            out.extend(rows);
        }
        Ok(out)
    }

    pub async fn remedy(&self, id: i64) -> Result<Option<RemedyRow>, StoreError> {
        let sql = format!("{REMEDY_SELECT} WHERE id = $1");
        Ok(on_db!(&self.db, p => sqlx::query_as::<_, RemedyRow>(&sql).bind(id).fetch_optional(p).await?))
    }

    /// The remedies ordered on a record, in the order they were ordered.
    pub async fn remedies_of(&self, record_id: i64) -> Result<Vec<RemedyRow>, StoreError> {
        let sql = remedies_of_sql();
        Ok(on_db!(&self.db, p => sqlx::query_as::<_, RemedyRow>(&sql).bind(record_id).fetch_all(p).await?))
    }

    /// The remedies of the integrity records in publicity today that count
    /// against a department, with each record's title: its profile's 公开通报.
    pub async fn department_remedies(
        &self,
        department_id: i64,
        today: NaiveDate,
    ) -> Result<Vec<(RemedyRow, String)>, StoreError> {
        let sql = department_remedies_sql();
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            remedy: RemedyRow,
            title: String,
        }
        let rows: Vec<Row> =
            on_db!(&self.db, p => sqlx::query_as(&sql).bind(today).bind(department_id).fetch_all(p).await?);
        Ok(rows.into_iter().map(|r| (r.remedy, r.title)).collect())
    }

    /// Publishes once each remedy that became overdue (its due date passed,
    /// not done), with a change-log row the public feeds carry as a notice.
    /// Safe to run twice or from two processes: the flag is set under the
    /// log-head lock by a conditional UPDATE.
    pub async fn publish_overdue_remedies(
        &self,
        today: NaiveDate,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let sql = format!(
            "{REMEDY_SELECT} WHERE done_on IS NULL AND due_date < $1 AND overdue_published_on IS NULL ORDER BY id LIMIT 500"
        );
        let due: Vec<RemedyRow> = on_db!(&self.db, p => sqlx::query_as(&sql).bind(today).fetch_all(p).await?);
        let overdue: Vec<RemedyRow> = due
            .into_iter()
            .filter(|m| m.state(today) == RemedyState::Overdue)
            .collect();
        if overdue.is_empty() {
            return Ok(0);
        }
        let mut tx = self.begin().await?;
        let mut head = tx.lock_log_head().await?;
        let mut published = 0;
        for m in &overdue {
            let changed = on_tx!(&mut tx, c => {
                sqlx::query(
                    "UPDATE integrity_remedies SET overdue_published_on = $1 \
                     WHERE id = $2 AND done_on IS NULL AND overdue_published_on IS NULL",
                )
                .bind(today)
                .bind(m.id)
                .execute(c)
                .await?
                .rows_affected()
            });
            if changed == 0 {
                continue;
            }
            let reason = format!(
                "{}逾期未完成（期限 {}）：{}",
                m.remedy().label(),
                format_date(m.due_date),
                m.requirement
            );
            tx.append_log(
                &mut head,
                now,
                &record_log(actor, Change::RecordRemedyOverdue, m.record_id, reason),
            )
            .await?;
            published += 1;
        }
        tx.store_log_head(&head).await?;
        tx.commit().await?;
        Ok(published)
    }

    /// Government integrity records in publicity today, per accountable department.
    pub async fn integrity_records_by_unit(
        &self,
        today: NaiveDate,
    ) -> Result<std::collections::HashMap<i64, i64>, StoreError> {
        let sql = integrity_by_unit_sql();
        let rows: Vec<(i64, i64)> = on_db!(&self.db, p => sqlx::query_as(&sql).bind(today).fetch_all(p).await?);
        Ok(rows.into_iter().collect())
    }

    /// Publishes an evaluation result; refused while the same evaluator's
    /// result for the department and year is published (withdraw it first).
    pub async fn publish_evaluation(&self, e: &Evaluation, actor: &str, now: DateTime<Utc>) -> Result<i64, StoreError> {
        let mut tx = self.begin().await?;
        let mut head = tx.lock_log_head().await?;
        let existing: Option<(i64,)> = on_tx!(&mut tx, c => {
            sqlx::query_as(
                "SELECT id FROM integrity_evaluations WHERE department_id = $1 AND year = $2 AND evaluator = $3 \
                 AND withdrawn_at IS NULL",
            )
            .bind(e.department_id)
            .bind(e.year)
            .bind(&e.evaluator)
            .fetch_optional(c)
            .await?
        });
        if let Some((id,)) = existing {
            return Err(StoreError::Refused(format!(
                "{}对该部门 {} 年度的评价结果已发布（编号 {id}），如需更正请先撤回",
                e.evaluator, e.year
            )));
        }
        let (id,): (i64,) = on_tx!(&mut tx, c => {
            sqlx::query_as(
                "INSERT INTO integrity_evaluations (department_id, year, evaluator_kind, evaluator, result, \
                 score_tenths, source_document, source_url, published_at, published_by) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            )
            .bind(e.department_id)
            .bind(e.year)
            .bind(e.evaluator_kind.code())
            .bind(&e.evaluator)
            .bind(&e.result)
            .bind(e.score_tenths)
            .bind(&e.source_document)
            .bind(e.source_url.as_deref())
            .bind(now)
            .bind(actor)
            .fetch_one(c)
            .await?
        });
        let score = e
            .score_tenths
            .map_or(String::new(), |t| format!("，{} 分", format_score(t)));
        let reason = format!(
            "{} 年度{}（{}）：{}{score}；依据 {}",
            e.year,
            e.evaluator_kind.label(),
            e.evaluator,
            e.result,
            e.source_document
        );
        let entry = LogEntry {
            actor: actor.to_string(),
            change: Change::EvaluationPublish,
            entity_id: id,
            kind: None,
            reason: Some(reason),
            content_hash: None,
        };
        tx.append_log(&mut head, now, &entry).await?;
        tx.store_log_head(&head).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Withdraws a published result; refused when it already is.
    pub async fn withdraw_evaluation(
        &self,
        id: i64,
        reason: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        let mut head = tx.lock_log_head().await?;
        let changed = on_tx!(&mut tx, c => {
            sqlx::query(
                "UPDATE integrity_evaluations SET withdrawn_at = $1, withdraw_reason = $2 \
                 WHERE id = $3 AND withdrawn_at IS NULL",
            )
            .bind(now)
            .bind(reason)
            .bind(id)
            .execute(c)
            .await?
            .rows_affected()
        });
        if changed == 0 {
            return Err(StoreError::Refused(format!("评价结果 {id} 不存在或已撤回")));
        }
        let entry = LogEntry {
            actor: actor.to_string(),
            change: Change::EvaluationWithdraw,
            entity_id: id,
            kind: None,
            reason: Some(reason.to_string()),
            content_hash: None,
        };
        tx.append_log(&mut head, now, &entry).await?;
        tx.store_log_head(&head).await?;
        tx.commit().await?;
        Ok(())
    }

    /// A department's published results, newest year first.
    pub async fn evaluations_of(&self, department_id: i64) -> Result<Vec<EvaluationRow>, StoreError> {
        let sql = evaluations_of_sql();
        Ok(on_db!(&self.db, p => sqlx::query_as::<_, EvaluationRow>(&sql)
            .bind(department_id)
            .bind(MAX_LISTED_EVALUATIONS)
            .fetch_all(p)
            .await?))
    }

    /// Every result, withdrawn or not, newest first (the back-office list).
    pub async fn all_evaluations(&self) -> Result<Vec<EvaluationRow>, StoreError> {
        let sql = format!("{EVALUATION_SELECT} ORDER BY e.published_at DESC, e.id DESC LIMIT $1");
        Ok(on_db!(&self.db, p => sqlx::query_as::<_, EvaluationRow>(&sql)
            .bind(MAX_LISTED_EVALUATIONS)
            .fetch_all(p)
            .await?))
    }
}
