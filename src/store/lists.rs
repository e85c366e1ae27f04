//! Red and black lists: their configuration (`lists`), their entries (records
//! of kind `redlist`/`blacklist` with the list's name) and the black-list
//! procedure. Every change is one transaction holding the log head, with a
//! change-log row per list or record touched; the rules are in
//! `app::domain::list_lifecycle`.

use app::domain::change_chain::Change;
use std::collections::HashMap;

use app::domain::kinds::{RecordKind, RecordState};
use app::domain::list_lifecycle::{apply_step, default_requires_no_recent_penalty, renewal, Arrival, ListConfig, Step};
use app::domain::list_terms::{red_entry_ends_on_black_listing, ListTerms};
use app::domain::national_columns as col;
use app::domain::record::NewRecord;
use app::domain::record_validation::ValidationContext;
use app::domain::red_list_eligibility::RedEntryFacts;
use app::domain::working_days::Calendar;
use chrono::{DateTime, NaiveDate, Utc};

use super::change_log::{LogEntry, LogHead};
use super::{on_db, on_tx, IngestCache, IngestOutcome, PreparedRecord, Store, StoreError, Tx};

/// A configured list, with its authority's name.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ListRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub authority_id: Option<i64>,
    pub authority_name: Option<String>,
    pub term_years: i64,
    pub defence_working_days: i64,
    pub removal_window_working_days: i64,
    pub requires_no_recent_penalty: bool,
}

impl ListRow {
    pub fn record_kind(&self) -> RecordKind {
        RecordKind::from_code(&self.kind).unwrap_or(RecordKind::Blacklist)
    }

    pub fn config(&self) -> ListConfig {
        let n = |v: i64| u32::try_from(v).unwrap_or(0);
        ListConfig {
            name: self.name.clone(),
            kind: self.record_kind(),
            term_years: n(self.term_years),
            defence_working_days: n(self.defence_working_days),
            removal_window_working_days: n(self.removal_window_working_days),
            requires_no_recent_penalty: self.requires_no_recent_penalty,
        }
    }
}

/// One entry of a list, as the back-office page shows it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct EntryRow {
    pub id: i64,
    pub subject_id: i64,
    pub subject_name: String,
    pub doc_no: String,
    pub title: String,
    pub state: String,
    pub state_reason: Option<String>,
    pub notice_date: Option<NaiveDate>,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    /// Published directly: a higher authority decided it (告知、申辩 done there).
    pub decided_elsewhere: bool,
}

const LIST_SELECT: &str = "SELECT l.id, l.name, l.kind, l.authority_id, d.name AS authority_name, l.term_years, \
     l.defence_working_days, l.removal_window_working_days, l.requires_no_recent_penalty \
     FROM lists l LEFT JOIN departments d ON d.id = l.authority_id";

fn list_log(actor: &str, change: Change, id: i64, kind: RecordKind, reason: String) -> LogEntry {
    LogEntry {
        actor: actor.to_string(),
        change,
        entity_id: id,
        kind: Some(kind.code()),
        reason: Some(reason),
        content_hash: None,
    }
}

fn record_log(actor: &str, change: Change, id: i64, kind: RecordKind, reason: String) -> LogEntry {
    LogEntry {
        actor: actor.to_string(),
        change,
        entity_id: id,
        kind: Some(kind.code()),
        reason: Some(reason),
        content_hash: None,
    }
}

fn config_words(c: &ListConfig) -> String {
    let condition = if c.requires_no_recent_penalty {
        "|须近3年无行政处罚"
    } else {
        ""
    };
    format!(
        "{}|{}年|申辩期{}个工作日|移出申请期{}个工作日{condition}",
        c.name, c.term_years, c.defence_working_days, c.removal_window_working_days
    )
}

#[derive(sqlx::FromRow)]
struct EntryFacts {
    kind: String,
    list_name: Option<String>,
    state: String,
    subject_id: i64,
    doc_no: String,
    notice_date: Option<NaiveDate>,
    end_date: Option<NaiveDate>,
    public_columns: String,
}

/// A subject's black-list entries (`$1` the subject), whichever their state:
/// exactly the columns of `records_subject`, so both engines read that index
/// alone. With the state and dates in SQL, PostgreSQL combined it with
/// `records_expiry (state)` — every published row, its statistics lagging a
/// bulk load — 70 ms a red-list row at a hundred thousand records (the load
/// ran at 300 rows/s). A subject has few entries; which are listed today is
/// decided in `red_entry_facts`.
pub const SUBJECT_BLACK_ENTRIES_SQL: &str = "SELECT id, state, list_name, doc_no, start_date, end_date \
     FROM records WHERE subject_id = $1 AND kind = 'blacklist'";

/// The penalties that may bar a subject from a red list (published or
/// expired, never sensitive or 简易), found through `records_subject`.
pub const SUBJECT_PENALTIES_SQL: &str = "SELECT decision_date, id, doc_no FROM records WHERE subject_id = $1 \
     AND kind = 'penalty' AND state IN ('published', 'expired') AND sensitive = FALSE AND simple_procedure = FALSE";

impl Store {
    /// Every configured list, after giving each list name found among the
    /// records (e.g. from an import) a row with the default terms.
    pub async fn lists(&self, actor: &str, now: DateTime<Utc>) -> Result<Vec<ListRow>, StoreError> {
        self.configure_imported_lists(actor, now).await?;
        let sql = format!("{LIST_SELECT} ORDER BY l.kind, l.name");
        Ok(on_db!(&self.db, p => sqlx::query_as::<_, ListRow>(&sql).fetch_all(p).await?))
    }

    pub async fn list(&self, id: i64) -> Result<Option<ListRow>, StoreError> {
        let sql = format!("{LIST_SELECT} WHERE l.id = $1");
        Ok(on_db!(&self.db, p => sqlx::query_as::<_, ListRow>(&sql).bind(id).fetch_optional(p).await?))
    }

    /// What validation needs on `today`, with the term of every configured
    /// list (an entry without 移出日期 gets its list's term, whatever the path).
    pub async fn validation_context(&self, today: NaiveDate) -> Result<ValidationContext, StoreError> {
        let mut ctx = ValidationContext::new(today);
        ctx.configured_terms = self.configured_list_terms().await?;
        Ok(ctx)
    }

    /// The term (years) of every configured list, by kind and name.
    pub async fn configured_list_terms(&self) -> Result<HashMap<(RecordKind, String), u32>, StoreError> {
        let terms: Vec<(String, String, i64)> =
            on_db!(&self.db, p => sqlx::query_as("SELECT kind, name, term_years FROM lists").fetch_all(p).await?);
        Ok(terms
            .into_iter()
            .filter_map(|(kind, name, years)| Some(((RecordKind::from_code(&kind)?, name), u32::try_from(years).ok()?)))
            .collect())
    }

    /// The list a record belongs to, if it is a list entry.
    pub async fn list_of_record(&self, kind: &str, list_name: &str) -> Result<Option<ListRow>, StoreError> {
        let sql = format!("{LIST_SELECT} WHERE l.kind = $1 AND l.name = $2");
        Ok(
            on_db!(&self.db, p => sqlx::query_as::<_, ListRow>(&sql).bind(kind).bind(list_name).fetch_optional(p).await?),
        )
    }

    /// Creates a `lists` row (default terms of `ListTerms`) for every list
    /// name of the records that has none; one `list`/`create` log row each.
    pub async fn configure_imported_lists(&self, actor: &str, now: DateTime<Utc>) -> Result<usize, StoreError> {
        let missing_sql =
            "SELECT DISTINCT r.kind, r.list_name FROM records r WHERE r.kind IN ('redlist', 'blacklist') \
             AND r.list_name IS NOT NULL AND NOT EXISTS \
             (SELECT 1 FROM lists l WHERE l.kind = r.kind AND l.name = r.list_name)";
        let missing: Vec<(String, String)> = on_db!(&self.db, p => sqlx::query_as(missing_sql).fetch_all(p).await?);
        if missing.is_empty() {
            return Ok(0);
        }
        let mut tx = self.begin().await?;
        let mut head = tx.lock_log_head().await?;
        let mut created = 0;
        for (kind, name) in missing {
            let kind = RecordKind::from_code(&kind).unwrap_or(RecordKind::Blacklist);
            let config = ListConfig::defaults_for(&name, kind, &ListTerms::default());
            // Another process may have created it since the look-up: the insert is conditional.
            if let Some(id) = tx.insert_list(&config, None, now).await? {
                tx.append_log(
                    &mut head,
                    now,
                    &list_log(actor, Change::ListCreate, id, kind, config_words(&config)),
                )
                .await?;
                created += 1;
            }
        }
        tx.store_log_head(&head).await?;
        tx.commit().await?;
        Ok(created)
    }

    /// A new list; refused when a list of that kind and name exists.
    pub async fn create_list(
        &self,
        config: &ListConfig,
        authority_id: Option<i64>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let mut tx = self.begin().await?;
        let mut head = tx.lock_log_head().await?;
        let Some(id) = tx.insert_list(config, authority_id, now).await? else {
            return Err(StoreError::Refused(format!(
                "已有名为“{}”的{}",
                config.name,
                config.kind.label()
            )));
        };
        tx.append_log(
            &mut head,
            now,
            &list_log(actor, Change::ListCreate, id, config.kind, config_words(config)),
        )
        .await?;
        tx.store_log_head(&head).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Changes a list's authority and terms (its name and kind stay: entries
    /// are linked by them). Terms apply to entries brought into force later.
    pub async fn update_list(
        &self,
        id: i64,
        config: &ListConfig,
        authority_id: Option<i64>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        let mut head = tx.lock_log_head().await?;
        let changed = on_tx!(&mut tx, c => {
            sqlx::query(
                "UPDATE lists SET authority_id = $1, term_years = $2, defence_working_days = $3, \
                 removal_window_working_days = $4, requires_no_recent_penalty = $5, updated_at = $6 WHERE id = $7",
            )
            .bind(authority_id)
            .bind(i64::from(config.term_years))
            .bind(i64::from(config.defence_working_days))
            .bind(i64::from(config.removal_window_working_days))
            .bind(config.requires_no_recent_penalty)
            .bind(now)
            .bind(id)
            .execute(c)
            .await?
            .rows_affected()
        });
        if changed == 0 {
            return Err(StoreError::Refused(format!("没有编号为 {id} 的名单")));
        }
        tx.append_log(
            &mut head,
            now,
            &list_log(actor, Change::ListConfigure, id, config.kind, config_words(config)),
        )
        .await?;
        tx.store_log_head(&head).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The entries of a list, newest first (at most 500).
    pub async fn list_entries(&self, list: &ListRow) -> Result<Vec<EntryRow>, StoreError> {
        let sql = "SELECT r.id, r.subject_id, s.name AS subject_name, r.doc_no, r.title, r.state, r.state_reason, \
                   r.notice_date, r.start_date, r.end_date, r.decided_elsewhere \
                   FROM records r JOIN subjects s ON s.id = r.subject_id \
                   WHERE r.kind = $1 AND r.list_name = $2 ORDER BY r.id DESC LIMIT 500";
        Ok(
            on_db!(&self.db, p => sqlx::query_as::<_, EntryRow>(sql).bind(&list.kind).bind(&list.name).fetch_all(p).await?),
        )
    }

    /// The stored notice date of a record (black-list procedure).
    pub async fn notice_date(&self, record_id: i64) -> Result<Option<NaiveDate>, StoreError> {
        let row: Option<(Option<NaiveDate>,)> = on_db!(&self.db, p => {
            sqlx::query_as("SELECT notice_date FROM records WHERE id = $1").bind(record_id).fetch_optional(p).await?
        });
        Ok(row.and_then(|(d,)| d))
    }

    /// Stores a validated black-list entry as proposed (拟列入): never public.
    /// It goes through the same ingest path as an imported record, landing
    /// as a proposal with a `propose` log row (never `publish`); the index
    /// re-reads it and skips it.
    pub async fn propose_entry(&self, record: &NewRecord, actor: &str, now: DateTime<Utc>) -> Result<i64, StoreError> {
        let mut tx = self.begin().await?;
        let mut head = tx.lock_log_head().await?;
        let mut cache = IngestCache::default();
        let outcomes = tx
            .ingest_batch_as(
                &mut head,
                &[PreparedRecord::from(record.clone())],
                Arrival::Proposal,
                actor,
                now,
                &mut cache,
            )
            .await?;
        let id = match outcomes.first() {
            Some(IngestOutcome::Proposed(id)) => *id,
            Some(IngestOutcome::Refused { message, .. }) => return Err(StoreError::Refused(message.clone())),
            _ => {
                return Err(StoreError::Refused(format!(
                    "认定文书号“{}”下已有“{}”的名单信息，请核对",
                    record.doc_no, record.subject.name
                )))
            }
        };
        tx.store_log_head(&head).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Takes one step of the black-list procedure on an entry of `list`.
    /// Bringing an entry into force starts its term today and ends the
    /// subject's red-list entries at once (same transaction, a row each).
    pub async fn entry_step(
        &self,
        list: &ListRow,
        record_id: i64,
        step: &Step,
        cal: &Calendar,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<RecordState, StoreError> {
        let today = app::domain::clock::china_date(now);
        let config = list.config();
        let mut tx = self.begin().await?;
        let mut head = tx.lock_log_head().await?;
        let facts = tx.entry_facts(record_id).await?;
        if facts.kind != list.kind || facts.list_name.as_deref() != Some(list.name.as_str()) {
            return Err(StoreError::Refused(format!("记录 {record_id} 不在本名单中")));
        }
        let from = RecordState::from_code(&facts.state)
            .ok_or_else(|| StoreError::Inconsistent(format!("record {record_id} has state {}", facts.state)))?;
        let to = apply_step(cal, &config, from, facts.notice_date, step, today)
            .map_err(|e| StoreError::Refused(e.to_string()))?;
        let reason = match step {
            Step::Notify { notice_date } => {
                tx.set_entry_state(record_id, from, to, None).await?;
                on_tx!(&mut tx, c => {
                    sqlx::query("UPDATE records SET notice_date = $1 WHERE id = $2")
                        .bind(*notice_date)
                        .bind(record_id)
                        .execute(c)
                        .await?;
                });
                format!("告知日期 {notice_date}")
            }
            Step::Drop { reason } => {
                tx.set_entry_state(record_id, from, to, Some(reason.trim())).await?;
                format!("不予列入：{}", reason.trim())
            }
            Step::BringIntoForce => {
                tx.set_entry_state(record_id, from, to, None).await?;
                let end = config.term_end(today);
                tx.set_entry_term(record_id, &facts.public_columns, today, end, now)
                    .await?;
                tx.mark_first_public(record_id, now).await?;
                format!("列入{}，{today} 至 {end}", list.name)
            }
        };
        let kind = list.record_kind();
        tx.append_log(
            &mut head,
            now,
            &record_log(actor, step.change(), record_id, kind, reason),
        )
        .await?;
        if matches!(step, Step::BringIntoForce) && kind == RecordKind::Blacklist {
            tx.end_red_entries(
                &mut head,
                facts.subject_id,
                &list.name,
                &facts.doc_no,
                today,
                Some(config.term_end(today)),
                actor,
                now,
            )
            .await?;
        }
        tx.store_log_head(&head).await?;
        tx.commit().await?;
        Ok(to)
    }

    /// Renews a red-list entry (续期): a new term from its old end, allowed in
    /// the months before expiry (`app::domain::list_lifecycle::renewal`).
    pub async fn renew_red_entry(
        &self,
        list: &ListRow,
        record_id: i64,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<NaiveDate, StoreError> {
        let today = app::domain::clock::china_date(now);
        let mut tx = self.begin().await?;
        let mut head = tx.lock_log_head().await?;
        let facts = tx.entry_facts(record_id).await?;
        if list.record_kind() != RecordKind::Redlist
            || facts.kind != list.kind
            || facts.list_name.as_deref() != Some(list.name.as_str())
        {
            return Err(StoreError::Refused(format!("记录 {record_id} 不是本红名单的信息")));
        }
        if facts.state != RecordState::Published.code() {
            return Err(StoreError::Refused("只有列入中的红名单信息可以续期".into()));
        }
        let Some(old_end) = facts.end_date else {
            return Err(StoreError::Refused("该红名单信息没有期限，无需续期".into()));
        };
        let new_end = renewal(&ListTerms::default(), &list.config(), old_end, today).map_err(StoreError::Refused)?;
        let changed = on_tx!(&mut tx, c => {
            sqlx::query("UPDATE records SET end_date = $1, updated_at = $2 WHERE id = $3 AND state = 'published' AND end_date = $4")
                .bind(new_end)
                .bind(now)
                .bind(record_id)
                .bind(old_end)
                .execute(c)
                .await?
                .rows_affected()
        });
        if changed == 0 {
            return Err(StoreError::Refused("该信息已被他人更改，请刷新后重试".into()));
        }
        tx.replace_list_dates(record_id, &facts.public_columns, None, new_end)
            .await?;
        let reason = format!("续期：{old_end} 延至 {new_end}");
        tx.append_log(
            &mut head,
            now,
            &record_log(actor, Change::RecordRenew, record_id, RecordKind::Redlist, reason),
        )
        .await?;
        tx.store_log_head(&head).await?;
        tx.commit().await?;
        Ok(new_end)
    }
}

impl Tx {
    /// Inserts a list unless one of that kind and name exists; its id when inserted.
    async fn insert_list(
        &mut self,
        c: &ListConfig,
        authority_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<Option<i64>, StoreError> {
        let row: Option<(i64,)> = on_tx!(&mut *self, conn => {
            sqlx::query_as(
                "INSERT INTO lists (name, kind, authority_id, term_years, defence_working_days, \
                 removal_window_working_days, requires_no_recent_penalty, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) \
                 ON CONFLICT (kind, name) DO NOTHING RETURNING id",
            )
            .bind(&c.name)
            .bind(c.kind.code())
            .bind(authority_id)
            .bind(i64::from(c.term_years))
            .bind(i64::from(c.defence_working_days))
            .bind(i64::from(c.removal_window_working_days))
            .bind(c.requires_no_recent_penalty)
            .bind(now)
            .fetch_optional(conn)
            .await?
        });
        Ok(row.map(|(id,)| id))
    }

    async fn entry_facts(&mut self, record_id: i64) -> Result<EntryFacts, StoreError> {
        let row: Option<EntryFacts> = on_tx!(&mut *self, c => {
            sqlx::query_as(
                "SELECT kind, list_name, state, subject_id, doc_no, notice_date, end_date, public_columns \
                 FROM records WHERE id = $1",
            )
            .bind(record_id)
            .fetch_optional(c)
            .await?
        });
        row.ok_or_else(|| StoreError::Refused(format!("记录 {record_id} 不存在")))
    }

    /// Moves a record from `from` to `to` only if it is still in `from`
    /// (another process may have moved it since it was read).
    async fn set_entry_state(
        &mut self,
        record_id: i64,
        from: RecordState,
        to: RecordState,
        reason: Option<&str>,
    ) -> Result<(), StoreError> {
        let changed = on_tx!(&mut *self, c => {
            sqlx::query("UPDATE records SET state = $1, state_reason = COALESCE($2, state_reason) WHERE id = $3 AND state = $4")
                .bind(to.code())
                .bind(reason)
                .bind(record_id)
                .bind(from.code())
                .execute(c)
                .await?
                .rows_affected()
        });
        if changed == 0 {
            return Err(StoreError::Refused("该信息已被他人更改，请刷新后重试".into()));
        }
        Ok(())
    }

    /// Starts an entry's term: its dates, and the same dates in its national columns.
    async fn set_entry_term(
        &mut self,
        record_id: i64,
        public_columns: &str,
        start: NaiveDate,
        end: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        on_tx!(&mut *self, c => {
            sqlx::query("UPDATE records SET decision_date = $1, start_date = $1, end_date = $2, published_at = $3, updated_at = $3 WHERE id = $4")
                .bind(start)
                .bind(end)
                .bind(now)
                .bind(record_id)
                .execute(c)
                .await?;
        });
        self.replace_list_dates(record_id, public_columns, Some(start), end)
            .await
    }

    /// Rewrites 列入日期 / 移出日期 in the record's public national columns.
    ///
    /// The record's `content_hash` is left alone on purpose: it is the hash of
    /// what the department submitted, which a re-import compares against (a
    /// cumulative monthly file must not undo an entry's term). The dates the
    /// list procedure sets are in the hash chain all the same: the caller's
    /// log row names them in its reason ("列入…，起 至 止", "续期：旧 延至 新").
    async fn replace_list_dates(
        &mut self,
        record_id: i64,
        public_columns: &str,
        start: Option<NaiveDate>,
        end: NaiveDate,
    ) -> Result<(), StoreError> {
        let mut columns: Vec<(String, String)> = serde_json::from_str(public_columns)
            .map_err(|e| StoreError::Inconsistent(format!("record {record_id} columns: {e}")))?;
        let format = app::domain::dates::format_date;
        let mut set = |name: &str, value: String| match columns.iter_mut().find(|(n, _)| n == name) {
            Some(cell) => cell.1 = value,
            None => columns.push((name.to_string(), value)),
        };
        if let Some(start) = start {
            set(col::LIST_START, format(start));
        }
        set(col::LIST_END, format(end));
        let json = serde_json::to_string(&columns)
            .map_err(|e| StoreError::Inconsistent(format!("record {record_id} columns: {e}")))?;
        on_tx!(&mut *self, c => {
            sqlx::query("UPDATE records SET public_columns = $1 WHERE id = $2").bind(json).bind(record_id).execute(c).await?;
        });
        Ok(())
    }

    /// Ends every listed red entry of the subject at once (列入黑名单即移出红名单):
    /// state `removed`, end = `red_entry_ends_on_black_listing`, a log row each.
    /// Only red entries whose period meets the black entry's
    /// (`black_start`..=`black_end`) end: a black entry that ended before a red
    /// one started (an old entry of a higher authority's file) leaves it alone.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn end_red_entries(
        &mut self,
        head: &mut LogHead,
        subject_id: i64,
        black_list: &str,
        black_doc_no: &str,
        black_start: NaiveDate,
        black_end: Option<NaiveDate>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let reds: Vec<(i64, Option<NaiveDate>)> = on_tx!(&mut *self, c => {
            sqlx::query_as(
                "SELECT id, end_date FROM records WHERE subject_id = $1 AND kind = 'redlist' AND state = 'published' \
                 AND (end_date IS NULL OR end_date >= $2) AND start_date <= $3 ORDER BY id",
            )
            .bind(subject_id)
            .bind(black_start)
            .bind(black_end.unwrap_or(NaiveDate::MAX))
            .fetch_all(c)
            .await?
        });
        for (id, end) in reds {
            let new_end = red_entry_ends_on_black_listing(end.unwrap_or(NaiveDate::MAX), black_start);
            let reason = format!("列入{black_list}（{black_doc_no}），移出红名单");
            on_tx!(&mut *self, c => {
                sqlx::query(
                    "UPDATE records SET state = 'removed', state_reason = $1, end_date = $2, updated_at = $3 \
                     WHERE id = $4 AND state = 'published'",
                )
                .bind(&reason)
                .bind(new_end)
                .bind(now)
                .bind(id)
                .execute(c)
                .await?;
            });
            self.append_log(
                head,
                now,
                &record_log(actor, Change::RecordDelist, id, RecordKind::Redlist, reason),
            )
            .await?;
        }
        Ok(())
    }

    /// What `red_list_eligibility` needs about a subject entering the red list
    /// `list_name` on `start`: a black-list entry listed `today`, the list's
    /// condition (configured, or the default for its name) and the latest
    /// published penalty (published or expired; not withdrawn, repaired,
    /// sensitive or simple-procedure).
    pub(crate) async fn red_entry_facts(
        &mut self,
        subject_id: i64,
        list_name: &str,
        start: NaiveDate,
        today: NaiveDate,
    ) -> Result<RedEntryFacts, StoreError> {
        // The subject's entries (see SUBJECT_BLACK_ENTRIES_SQL); the first one
        // published and listed today counts.
        type Entry = (i64, String, Option<String>, String, NaiveDate, Option<NaiveDate>);
        let entries: Vec<Entry> = on_tx!(&mut *self, c => {
            sqlx::query_as(SUBJECT_BLACK_ENTRIES_SQL)
            .bind(subject_id)
            .fetch_all(c)
            .await?
        });
        let black = entries
            .into_iter()
            .filter(|(_, state, _, _, start, end)| {
                state == RecordState::Published.code() && *start <= today && end.is_none_or(|end| end >= today)
            })
            .min_by_key(|(id, ..)| *id)
            .map(|(_, _, list_name, doc_no, _, _)| (list_name, doc_no));
        let configured: Option<(bool,)> = on_tx!(&mut *self, c => {
            sqlx::query_as("SELECT requires_no_recent_penalty FROM lists WHERE kind = 'redlist' AND name = $1")
                .bind(list_name)
                .fetch_optional(c)
                .await?
        });
        let requires = configured.map_or_else(
            || default_requires_no_recent_penalty(RecordKind::Redlist, list_name),
            |(r,)| r,
        );
        let latest_penalty: Option<(NaiveDate, String)> = if requires {
            // No ORDER BY … LIMIT in SQL: SQLite would then walk every penalty
            // in date order (records_kind_date) looking for this subject, a
            // scan of the kind at a million records. A subject has few
            // penalties, found through records_subject; the latest is picked here.
            let penalties: Vec<(NaiveDate, i64, String)> = on_tx!(&mut *self, c => {
                sqlx::query_as(SUBJECT_PENALTIES_SQL)
                .bind(subject_id)
                .fetch_all(c)
                .await?
            });
            penalties
                .into_iter()
                .max_by_key(|(date, id, _)| (*date, *id))
                .map(|(date, _, doc_no)| (date, doc_no))
        } else {
            None
        };
        Ok(RedEntryFacts {
            start,
            black_listed: black.map(|(list, doc)| (list.unwrap_or_default(), doc)),
            requires_no_recent_penalty: requires,
            latest_penalty,
        })
    }
}
