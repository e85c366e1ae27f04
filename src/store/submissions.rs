//! Public submissions (complaints, objections, credit repair applications,
//! credit pledges): receiving one — the submission, its first event and a
//! change-log row in one transaction — reading it back for its submitter, and
//! moving it to another status. Attachment rows go in the same transaction. Change-log rows name the submission and its
//! kind only: nothing the submitter wrote goes into the public chain.

use app::domain::change_chain::Change;
use app::domain::clock::china_date;
use app::domain::complaint::Complaint;
use app::domain::objection::{Objection, OPEN_STATUSES};
use app::domain::pledge::Pledge;
use app::domain::repair::RepairApplication;
use app::domain::tracking::{
    code_hash, day_key, tracking_number_with, OBJECTION_PREFIX, PLEDGE_PREFIX, REMOVAL_PREFIX, REPAIR_PREFIX,
    TRACKING_PREFIX,
};
use chrono::{DateTime, Utc};

use super::attachments::NewAttachment;
use super::change_log::LogEntry;
use super::{on_db, on_tx, Store, StoreError};

/// Attempts at a submission before a unique-key clash is reported as an error.
const RECEIVE_ATTEMPTS: usize = 5;
const SECRET_KEY: &str = "server_secret";

/// What receiving a submission did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Received {
    pub id: i64,
    pub tracking_number: String,
    /// False when the same form had already been received (a double submit).
    pub created: bool,
}

/// A submission to store, whatever its kind. Objections and repair
/// applications keep the applicant in `target_*`; pledges keep the pledger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSubmission {
    /// complaint, objection, repair or pledge (also the change-log row's kind).
    pub kind: &'static str,
    /// Tracking number prefix: TS, YY, XF or CN.
    pub prefix: &'static str,
    pub target_kind: String,
    pub target_name: String,
    pub target_uscc: Option<String>,
    pub category: String,
    pub description: String,
    pub anonymous: bool,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub contact_email: Option<String>,
    pub record_id: Option<i64>,
    pub authority_id: Option<i64>,
    pub matter: Option<String>,
    pub pledge_agreed: Option<bool>,
    /// A pledge's due date (承诺履行期限), carried to its record on confirmation.
    pub pledge_due_date: Option<chrono::NaiveDate>,
    /// Files already written to the attachment folder, recorded with the submission.
    pub attachments: Vec<NewAttachment>,
}

impl NewSubmission {
    fn base(kind: &'static str, prefix: &'static str) -> NewSubmission {
        NewSubmission {
            kind,
            prefix,
            target_kind: String::new(),
            target_name: String::new(),
            target_uscc: None,
            category: String::new(),
            description: String::new(),
            anonymous: false,
            contact_name: None,
            contact_phone: None,
            contact_email: None,
            record_id: None,
            authority_id: None,
            matter: None,
            pledge_agreed: None,
            pledge_due_date: None,
            attachments: Vec::new(),
        }
    }

    /// The same submission with these attachments.
    pub fn with_attachments(self, attachments: Vec<NewAttachment>) -> NewSubmission {
        NewSubmission { attachments, ..self }
    }

    pub fn complaint(c: &Complaint) -> NewSubmission {
        let contact = c.contact.as_ref();
        NewSubmission {
            target_kind: c.target_kind.code().to_string(),
            target_name: c.target_name.clone(),
            target_uscc: c.target_uscc.clone(),
            category: c.category.to_string(),
            description: c.description.clone(),
            anonymous: contact.is_none(),
            contact_name: contact.and_then(|k| k.name.clone()),
            contact_phone: contact.and_then(|k| k.phone.clone()),
            contact_email: contact.and_then(|k| k.email.clone()),
            ..NewSubmission::base("complaint", TRACKING_PREFIX)
        }
    }

    pub fn objection(record_id: i64, o: &Objection) -> NewSubmission {
        NewSubmission {
            target_kind: "applicant".into(),
            target_name: o.applicant.name.clone(),
            target_uscc: o.applicant.uscc.clone(),
            category: o.ground.to_string(),
            description: o.explanation.clone(),
            contact_name: Some(o.applicant.contact_name.clone()),
            contact_phone: Some(o.applicant.phone.clone()),
            record_id: Some(record_id),
            ..NewSubmission::base("objection", OBJECTION_PREFIX)
        }
    }

    /// A repair application, or a black-list removal application (same fields).
    pub fn repair_for(
        purpose: app::domain::repair::RepairPurpose,
        record_id: i64,
        r: &RepairApplication,
    ) -> NewSubmission {
        match purpose {
            app::domain::repair::RepairPurpose::CreditRepair => NewSubmission::repair(record_id, r),
            app::domain::repair::RepairPurpose::ListRemoval => NewSubmission {
                kind: "removal",
                prefix: REMOVAL_PREFIX,
                category: "移出黑名单".into(),
                ..NewSubmission::repair(record_id, r)
            },
        }
    }

    pub fn repair(record_id: i64, r: &RepairApplication) -> NewSubmission {
        NewSubmission {
            target_kind: "applicant".into(),
            target_name: r.applicant.name.clone(),
            target_uscc: r.applicant.uscc.clone(),
            category: "信用修复".into(),
            description: r.description.clone(),
            contact_name: Some(r.applicant.contact_name.clone()),
            contact_phone: Some(r.applicant.phone.clone()),
            record_id: Some(record_id),
            pledge_agreed: Some(true),
            ..NewSubmission::base("repair", REPAIR_PREFIX)
        }
    }

    pub fn pledge(p: &Pledge) -> NewSubmission {
        NewSubmission {
            target_kind: p.pledger_kind.code().to_string(),
            target_name: p.pledger_name.clone(),
            target_uscc: Some(p.pledger_uscc.clone()),
            category: p.pledge_type.to_string(),
            description: p.content.clone(),
            contact_name: Some(p.contact_name.clone()),
            contact_phone: Some(p.phone.clone()),
            authority_id: Some(p.authority_id),
            matter: Some(p.matter.clone()),
            pledge_due_date: p.due_date,
            ..NewSubmission::base("pledge", PLEDGE_PREFIX)
        }
    }
}

/// A submission as its submitter may see it (after proving the query code).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SubmissionRow {
    pub id: i64,
    pub tracking_number: String,
    pub kind: String,
    pub status: String,
    pub code_salt: String,
    pub code_hash: String,
    pub target_kind: String,
    pub target_name: String,
    pub target_uscc: Option<String>,
    pub category: String,
    pub description: String,
    pub anonymous: bool,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub contact_email: Option<String>,
    pub received_at: DateTime<Utc>,
    pub record_id: Option<i64>,
    pub authority_id: Option<i64>,
    pub matter: Option<String>,
    /// The department asked to check the facts (back-office).
    pub assigned_department_id: Option<i64>,
    /// When the current step began (the last action). Not a deadline anchor:
    /// deadlines run from receipt or from `accepted_at`.
    pub step_started_at: Option<DateTime<Utc>>,
    /// When it was accepted (受理); the answer deadline runs from here,
    /// whatever is assigned or forwarded later.
    pub accepted_at: Option<DateTime<Utc>>,
    /// The record version an objection upheld by correction links to.
    pub record_version: Option<i64>,
    /// How it was decided (`submission_workflow::Outcome` code).
    pub outcome: Option<String>,
    /// The official reply or reason the submitter sees.
    pub reply: Option<String>,
    /// When the tick job flagged the current step overdue.
    pub overdue_flagged_at: Option<DateTime<Utc>>,
    /// A pledge's due date (承诺履行期限), if it gave one.
    pub pledge_due_date: Option<chrono::NaiveDate>,
}

/// The columns of [`SubmissionRow`], for every query that reads one.
pub(crate) const SUBMISSION_COLUMNS: &str = "id, tracking_number, kind, status, code_salt, code_hash, target_kind, \
     target_name, target_uscc, category, description, anonymous, contact_name, contact_phone, contact_email, \
     received_at, record_id, authority_id, matter, assigned_department_id, step_started_at, accepted_at, \
     record_version, outcome, reply, overdue_flagged_at, pledge_due_date";

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SubmissionEvent {
    pub at: DateTime<Utc>,
    pub event: String,
    pub note: Option<String>,
}

fn is_unique_violation(e: &StoreError) -> bool {
    matches!(e, StoreError::Database(sqlx::Error::Database(d)) if d.is_unique_violation())
}

impl Store {
    /// The server's secret (32 random bytes), created on first use and kept in `settings`.
    pub async fn server_secret(&self) -> Result<Vec<u8>, StoreError> {
        let candidate = hex::encode(rand::random::<[u8; 32]>());
        let (value,): (String,) = on_db!(&self.db, p => {
            sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING")
                .bind(SECRET_KEY)
                .bind(&candidate)
                .execute(p)
                .await?;
            sqlx::query_as("SELECT value FROM settings WHERE key = $1").bind(SECRET_KEY).fetch_one(p).await?
        });
        hex::decode(value).map_err(|_| StoreError::Inconsistent("server secret is not hex".into()))
    }

    /// Receives a complaint sent by form `form_id` whose query code is `code`.
    /// A form already received returns that submission again, unchanged.
    pub async fn receive_complaint(
        &self,
        form_id: &str,
        complaint: &Complaint,
        code: &str,
        now: DateTime<Utc>,
    ) -> Result<Received, StoreError> {
        self.receive(form_id, &NewSubmission::complaint(complaint), code, now)
            .await
    }

    /// Receives a submission of any kind sent by form `form_id` whose query code
    /// is `code`. A form already received returns that submission again, unchanged.
    pub async fn receive(
        &self,
        form_id: &str,
        new: &NewSubmission,
        code: &str,
        now: DateTime<Utc>,
    ) -> Result<Received, StoreError> {
        let mut last = None;
        for _ in 0..RECEIVE_ATTEMPTS {
            match self.try_receive(form_id, new, code, now).await {
                // Another writer took the same number or form id: look again from the start.
                Err(e) if is_unique_violation(&e) => last = Some(e),
                other => return other,
            }
        }
        Err(last.expect("at least one attempt"))
    }

    async fn try_receive(
        &self,
        form_id: &str,
        c: &NewSubmission,
        code: &str,
        now: DateTime<Utc>,
    ) -> Result<Received, StoreError> {
        let mut tx = self.begin().await?;
        let mut head = tx.lock_log_head().await?;
        let existing: Option<(i64, String)> = on_tx!(&mut tx, conn => {
            sqlx::query_as("SELECT id, tracking_number FROM submissions WHERE idempotency_key = $1")
                .bind(form_id)
                .fetch_optional(conn)
                .await?
        });
        if let Some((id, tracking_number)) = existing {
            return Ok(Received {
                id,
                tracking_number,
                created: false,
            });
        }
        let day = china_date(now);
        let key = day_key(day);
        let (max_seq,): (Option<i64>,) = on_tx!(&mut tx, conn => {
            sqlx::query_as("SELECT MAX(day_seq) FROM submissions WHERE day_key = $1")
                .bind(&key)
                .fetch_one(conn)
                .await?
        });
        let seq = max_seq.unwrap_or(0) + 1;
        let number = tracking_number_with(c.prefix, day, seq);
        let salt = hex::encode(rand::random::<[u8; 16]>());
        let hash = code_hash(&salt, code);
        let (id,): (i64,) = on_tx!(&mut tx, conn => {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO submissions (tracking_number, day_key, day_seq, idempotency_key, kind, status, \
                 code_salt, code_hash, target_kind, target_name, target_uscc, category, description, \
                 anonymous, contact_name, contact_phone, contact_email, received_at, \
                 record_id, authority_id, matter, pledge_agreed, pledge_due_date) \
                 VALUES ($1, $2, $3, $4, $5, 'received', $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, \
                 $18, $19, $20, $21, $22) RETURNING id",
            )
            .bind(&number)
            .bind(&key)
            .bind(seq)
            .bind(form_id)
            .bind(c.kind)
            .bind(&salt)
            .bind(&hash)
            .bind(&c.target_kind)
            .bind(&c.target_name)
            .bind(c.target_uscc.as_deref())
            .bind(&c.category)
            .bind(&c.description)
            .bind(c.anonymous)
            .bind(c.contact_name.as_deref())
            .bind(c.contact_phone.as_deref())
            .bind(c.contact_email.as_deref())
            .bind(now)
            .bind(c.record_id)
            .bind(c.authority_id)
            .bind(c.matter.as_deref())
            .bind(c.pledge_agreed)
            .bind(c.pledge_due_date)
            .fetch_one(&mut *conn)
            .await?;
            sqlx::query("INSERT INTO submission_events (submission_id, at, event, note) VALUES ($1, $2, 'received', NULL)")
                .bind(id)
                .bind(now)
                .execute(conn)
                .await?;
            (id,)
        });
        tx.insert_attachments(id, &c.attachments).await?;
        let entry = LogEntry {
            actor: "public".to_string(),
            change: Change::SubmissionReceive,
            entity_id: id,
            kind: Some(c.kind),
            reason: None,
            content_hash: None,
        };
        tx.append_log(&mut head, now, &entry).await?;
        tx.store_log_head(&head).await?;
        tx.commit().await?;
        Ok(Received {
            id,
            tracking_number: number,
            created: true,
        })
    }

    /// The submission with this tracking number, if any (the caller checks the code).
    pub async fn submission_by_tracking_number(&self, number: &str) -> Result<Option<SubmissionRow>, StoreError> {
        let sql = format!("SELECT {SUBMISSION_COLUMNS} FROM submissions WHERE tracking_number = $1");
        Ok(on_db!(&self.db, p => sqlx::query_as::<_, SubmissionRow>(&sql).bind(number).fetch_optional(p).await?))
    }

    /// A submission's events, oldest first.
    pub async fn submission_events(&self, id: i64) -> Result<Vec<SubmissionEvent>, StoreError> {
        let sql = "SELECT at, event, note FROM submission_events WHERE submission_id = $1 ORDER BY at, id";
        Ok(on_db!(&self.db, p => sqlx::query_as::<_, SubmissionEvent>(sql).bind(id).fetch_all(p).await?))
    }

    /// Number of submissions stored.
    pub async fn submission_count(&self) -> Result<i64, StoreError> {
        let (n,): (i64,) =
            on_db!(&self.db, p => sqlx::query_as("SELECT COUNT(*) FROM submissions").fetch_one(p).await?);
        Ok(n)
    }

    /// Whether an objection to this record is being handled (accepted or in review).
    pub async fn record_has_open_objection(&self, record_id: i64) -> Result<bool, StoreError> {
        let sql = "SELECT COUNT(*) FROM submissions WHERE record_id = $1 AND kind = 'objection' AND status IN ($2, $3)";
        let (n,): (i64,) = on_db!(&self.db, p => sqlx::query_as(sql)
            .bind(record_id)
            .bind(OPEN_STATUSES[0])
            .bind(OPEN_STATUSES[1])
            .fetch_one(p)
            .await?);
        Ok(n > 0)
    }
}
