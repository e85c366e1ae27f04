//! Public submissions (complaints for now): receiving one — the submission,
//! its first event and a change-log row in one transaction — and reading it
//! back for its submitter. The change-log row names the submission and its
//! kind only: nothing the complainant wrote goes into the public chain.

use app::domain::clock::china_date;
use app::domain::complaint::Complaint;
use app::domain::tracking::{code_hash, day_key, tracking_number};
use chrono::{DateTime, Utc};

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
}

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
        let mut last = None;
        for _ in 0..RECEIVE_ATTEMPTS {
            match self.try_receive_complaint(form_id, complaint, code, now).await {
                // Another writer took the same number or form id: look again from the start.
                Err(e) if is_unique_violation(&e) => last = Some(e),
                other => return other,
            }
        }
        Err(last.expect("at least one attempt"))
    }

    async fn try_receive_complaint(
        &self,
        form_id: &str,
        c: &Complaint,
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
        let number = tracking_number(day, seq);
        let salt = hex::encode(rand::random::<[u8; 16]>());
        let hash = code_hash(&salt, code);
        let contact = c.contact.as_ref();
        let (id,): (i64,) = on_tx!(&mut tx, conn => {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO submissions (tracking_number, day_key, day_seq, idempotency_key, kind, status, \
                 code_salt, code_hash, target_kind, target_name, target_uscc, category, description, \
                 anonymous, contact_name, contact_phone, contact_email, received_at) \
                 VALUES ($1, $2, $3, $4, 'complaint', 'received', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) \
                 RETURNING id",
            )
            .bind(&number)
            .bind(&key)
            .bind(seq)
            .bind(form_id)
            .bind(&salt)
            .bind(&hash)
            .bind(c.target_kind.code())
            .bind(&c.target_name)
            .bind(c.target_uscc.as_deref())
            .bind(c.category)
            .bind(&c.description)
            .bind(contact.is_none())
            .bind(contact.and_then(|k| k.name.as_deref()))
            .bind(contact.and_then(|k| k.phone.as_deref()))
            .bind(contact.and_then(|k| k.email.as_deref()))
            .bind(now)
            .fetch_one(&mut *conn)
            .await?;
            sqlx::query("INSERT INTO submission_events (submission_id, at, event, note) VALUES ($1, $2, 'received', NULL)")
                .bind(id)
                .bind(now)
                .execute(conn)
                .await?;
            (id,)
        });
        let entry = LogEntry {
            actor: "public".to_string(),
            op: "receive",
            entity: "submission",
            entity_id: id,
            kind: Some("complaint"),
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
        let sql = "SELECT id, tracking_number, kind, status, code_salt, code_hash, target_kind, target_name, \
                   target_uscc, category, description, anonymous, contact_name, contact_phone, contact_email, \
                   received_at FROM submissions WHERE tracking_number = $1";
        Ok(on_db!(&self.db, p => sqlx::query_as::<_, SubmissionRow>(sql).bind(number).fetch_optional(p).await?))
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
}
