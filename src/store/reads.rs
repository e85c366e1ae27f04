//! Read queries behind the public pages. Rows come back raw; whether a record is
//! shown is decided by `app::domain::visibility` (the SQL filter below is the
//! same rule, used only to page and count efficiently).

use chrono::{DateTime, NaiveDate, Utc};

use super::{on_db, Store, StoreError};

/// The public-visibility rule of `app::domain::visibility` as SQL, with the
/// current date as `$1`. Keep the two in step: `tests/domain_rules.rs`
/// (`visible_sql_agrees_with_the_domain_rule`) stores every kind × state ×
/// flag × date combination on both engines and compares them row by row.
pub const VISIBLE_SQL: &str = "r.state = 'published' AND r.sensitive = FALSE AND r.simple_procedure = FALSE \
     AND r.start_date <= $1 AND (r.end_date IS NULL OR r.end_date >= $1)";

pub(super) const SUMMARY_SELECT: &str =
    "SELECT r.id, r.kind, r.title, r.doc_no, r.category, r.subject_id, s.name AS subject_name, \
     s.kind AS subject_kind, r.authority_id, d.name AS authority_name, r.decision_date, r.start_date, r.end_date, \
     r.state, r.sensitive, r.simple_procedure, r.list_name \
     FROM records r JOIN subjects s ON s.id = r.subject_id JOIN departments d ON d.id = r.authority_id";

/// One chunk of a download (`$1` kind, `$2` after this id, `$3` how many).
/// On SQLite the table is walked in id order from `$2`, so the whole download
/// reads the table once; with statistics SQLite otherwise reads every row of
/// the kind through `records_list (kind=?)` and sorts them, for each chunk.
pub fn export_chunk_sql(sqlite: bool) -> String {
    let from = if sqlite { "records NOT INDEXED" } else { "records" };
    format!(
        "SELECT id, public_columns, private_columns, state, sensitive, simple_procedure, start_date, end_date \
         FROM {from} WHERE kind = $1 AND id > $2 ORDER BY id LIMIT $3"
    )
}

/// `select` (reading `FROM records r …`) with `clause` after the table: an
/// SQLite `INDEXED BY …` or `NOT INDEXED` naming the walk where its planner
/// chooses badly (each use says why).
pub(super) fn records_via(select: &str, clause: &str) -> String {
    select.replacen("FROM records r ", &format!("FROM records r {clause} "), 1)
}

/// The home page's latest public records (`$1` today, `$2` how many). On
/// SQLite the walk of `records_published` from the newest is named: left to
/// itself the planner reads every published row through `records_expiry
/// (state=?)` and sorts them all for twenty (28 s at a million records); the
/// newest rows are nearly all visible, so the walk stops after a few.
pub fn latest_public_sql(sqlite: bool) -> String {
    let select = if sqlite {
        records_via(SUMMARY_SELECT, "INDEXED BY records_published")
    } else {
        SUMMARY_SELECT.to_string()
    };
    format!("{select} WHERE {VISIBLE_SQL} ORDER BY r.published_at DESC, r.id DESC LIMIT $2")
}

/// One line of a listing.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SummaryRow {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub doc_no: String,
    pub category: Option<String>,
    pub subject_id: i64,
    pub subject_name: String,
    pub subject_kind: String,
    pub authority_id: i64,
    pub authority_name: String,
    pub decision_date: NaiveDate,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub state: String,
    pub sensitive: bool,
    pub simple_procedure: bool,
    pub list_name: Option<String>,
}

/// Everything about one record that may be shown publicly, plus the flags
/// that decide whether it may.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct RecordRow {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub doc_no: String,
    pub category: Option<String>,
    pub subject_id: i64,
    pub subject_name: String,
    pub subject_kind: String,
    pub authority_id: i64,
    pub authority_name: String,
    pub source_name: String,
    pub decision_date: NaiveDate,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub fine_fen: Option<i64>,
    pub confiscated_fen: Option<i64>,
    pub list_name: Option<String>,
    pub pledge_status: Option<String>,
    pub pledge_due_date: Option<NaiveDate>,
    pub pledge_fulfilled_on: Option<NaiveDate>,
    pub state: String,
    pub state_reason: Option<String>,
    pub sensitive: bool,
    pub simple_procedure: bool,
    /// Decided at validation (`publicity::penalty_is_strict`); NULL only for a
    /// row an older binary wrote after this one's start-up backfill.
    pub strict_domain: Option<bool>,
    pub public_columns: String,
    pub version: i64,
    pub published_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// A black-list entry published directly: a higher authority decided it.
    pub decided_elsewhere: bool,
    /// A government integrity record's accountable department (所在单位).
    pub unit_id: Option<i64>,
    pub unit_name: Option<String>,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SubjectRow {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub uscc: Option<String>,
    pub id_masked: Option<String>,
    pub merged_into: Option<i64>,
    /// `USCC:…`, `ID:…`, `MASKED:…` or `NAME:…` (see `SubjectIdentity::identity_key`).
    pub identity_key: String,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DepartmentRow {
    pub id: i64,
    pub name: String,
    pub uscc: String,
}

/// A row of `portal export`: the national columns, unmasked (back-office).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ExportRow {
    pub id: i64,
    pub public_columns: String,
    pub private_columns: String,
    pub state: String,
    pub sensitive: bool,
    pub simple_procedure: bool,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
}

impl Store {
    pub async fn record(&self, id: i64) -> Result<Option<RecordRow>, StoreError> {
        let sql = "SELECT r.id, r.kind, r.title, r.doc_no, r.category, r.subject_id, s.name AS subject_name, \
             s.kind AS subject_kind, r.authority_id, d.name AS authority_name, src.name AS source_name, \
             r.decision_date, r.start_date, r.end_date, r.fine_fen, r.confiscated_fen, r.list_name, r.pledge_status, \
             r.pledge_due_date, r.pledge_fulfilled_on, r.state, r.state_reason, r.sensitive, r.simple_procedure, \
             r.strict_domain, r.public_columns, r.version, r.published_at, r.updated_at, r.decided_elsewhere, \
             r.unit_id, u.name AS unit_name \
             FROM records r JOIN subjects s ON s.id = r.subject_id JOIN departments d ON d.id = r.authority_id \
             JOIN departments src ON src.id = r.source_id LEFT JOIN departments u ON u.id = r.unit_id WHERE r.id = $1";
        Ok(on_db!(&self.db, p => sqlx::query_as::<_, RecordRow>(sql).bind(id).fetch_optional(p).await?))
    }

    pub async fn subject(&self, id: i64) -> Result<Option<SubjectRow>, StoreError> {
        let sql = "SELECT id, kind, name, uscc, id_masked, merged_into, identity_key FROM subjects WHERE id = $1";
        Ok(on_db!(&self.db, p => sqlx::query_as::<_, SubjectRow>(sql).bind(id).fetch_optional(p).await?))
    }

    /// Every record of a subject, newest first (at most `limit`).
    pub async fn subject_records(&self, subject_id: i64, limit: i64) -> Result<Vec<SummaryRow>, StoreError> {
        let sql = format!("{SUMMARY_SELECT} WHERE r.subject_id = $1 ORDER BY r.decision_date DESC, r.id DESC LIMIT $2");
        Ok(
            on_db!(&self.db, p => sqlx::query_as::<_, SummaryRow>(&sql).bind(subject_id).bind(limit).fetch_all(p).await?),
        )
    }

    /// The newest publicly visible disclosures.
    pub async fn latest_public(&self, today: NaiveDate, limit: i64) -> Result<Vec<SummaryRow>, StoreError> {
        let sql = latest_public_sql(matches!(self.db, super::Db::Sqlite(_)));
        Ok(on_db!(&self.db, p => sqlx::query_as::<_, SummaryRow>(&sql).bind(today).bind(limit).fetch_all(p).await?))
    }

    /// One page of publicly visible records, optionally narrowed to a kind,
    /// an issuing department and a list name. The total comes from the tally
    /// (`http::figures`), never from counting here.
    pub async fn public_page(&self, filter: &PageFilter, today: NaiveDate) -> Result<Vec<SummaryRow>, StoreError> {
        let mut conditions = vec![VISIBLE_SQL.to_string()];
        let mut n = 1;
        if filter.kind.is_some() {
            n += 1;
            conditions.push(format!("r.kind = ${n}"));
        }
        if filter.department_id.is_some() {
            n += 1;
            conditions.push(format!("r.authority_id = ${n}"));
        }
        if filter.list_name.is_some() {
            n += 1;
            conditions.push(format!("r.list_name = ${n}"));
        }
        let where_clause = conditions.join(" AND ");
        let page_sql = format!(
            "{SUMMARY_SELECT} WHERE {where_clause} ORDER BY r.decision_date DESC, r.id DESC LIMIT ${} OFFSET ${}",
            n + 1,
            n + 2
        );
        macro_rules! bind_filter {
            ($q:expr) => {{
                let mut q = $q.bind(today);
                if let Some(k) = &filter.kind {
                    q = q.bind(k.clone());
                }
                if let Some(d) = filter.department_id {
                    q = q.bind(d);
                }
                if let Some(l) = &filter.list_name {
                    q = q.bind(l.clone());
                }
                q
            }};
        }
        Ok(on_db!(&self.db, p => {
            bind_filter!(sqlx::query_as::<_, SummaryRow>(&page_sql))
                .bind(filter.limit)
                .bind(filter.offset)
                .fetch_all(p)
                .await?
        }))
    }

    /// Departments that issued records.
    pub async fn issuing_departments(&self) -> Result<Vec<DepartmentRow>, StoreError> {
        let sql = "SELECT id, name, uscc FROM departments d WHERE EXISTS \
                   (SELECT 1 FROM records r WHERE r.authority_id = d.id) ORDER BY name";
        Ok(on_db!(&self.db, p => sqlx::query_as::<_, DepartmentRow>(sql).fetch_all(p).await?))
    }

    /// Every department, by name (e.g. the authorities a pledge can be made to).
    pub async fn all_departments(&self) -> Result<Vec<DepartmentRow>, StoreError> {
        let sql = "SELECT id, name, uscc FROM departments ORDER BY name, id";
        Ok(on_db!(&self.db, p => sqlx::query_as::<_, DepartmentRow>(sql).fetch_all(p).await?))
    }

    pub async fn department(&self, id: i64) -> Result<Option<DepartmentRow>, StoreError> {
        let sql = "SELECT id, name, uscc FROM departments WHERE id = $1";
        Ok(on_db!(&self.db, p => sqlx::query_as::<_, DepartmentRow>(sql).bind(id).fetch_optional(p).await?))
    }

    /// Interim search until the full-text index lands: subjects whose name
    /// contains the text, and records whose document number equals it.
    pub async fn find_subjects(&self, text: &str, limit: i64) -> Result<Vec<SubjectRow>, StoreError> {
        let pattern = format!(
            "%{}%",
            text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
        );
        let sql = "SELECT id, kind, name, uscc, id_masked, merged_into, identity_key FROM subjects \
                   WHERE merged_into IS NULL AND (name LIKE $1 ESCAPE '\\' OR uscc = $2) ORDER BY name LIMIT $3";
        Ok(on_db!(&self.db, p => sqlx::query_as::<_, SubjectRow>(sql)
            .bind(&pattern)
            .bind(text.to_uppercase())
            .bind(limit)
            .fetch_all(p)
            .await?))
    }

    pub async fn find_by_doc_no(
        &self,
        doc_no: &str,
        today: NaiveDate,
        limit: i64,
    ) -> Result<Vec<SummaryRow>, StoreError> {
        let sql = format!("{SUMMARY_SELECT} WHERE {VISIBLE_SQL} AND r.doc_no = $2 ORDER BY r.id LIMIT $3");
        Ok(
            on_db!(&self.db, p => sqlx::query_as::<_, SummaryRow>(&sql).bind(today).bind(doc_no).bind(limit).fetch_all(p).await?),
        )
    }

    /// Records of a kind in id order after `after_id`, for streaming exports.
    pub async fn export_chunk(&self, kind: &str, after_id: i64, limit: i64) -> Result<Vec<ExportRow>, StoreError> {
        let sql = export_chunk_sql(matches!(self.db, super::Db::Sqlite(_)));
        Ok(
            on_db!(&self.db, p => sqlx::query_as::<_, ExportRow>(&sql).bind(kind).bind(after_id).bind(limit).fetch_all(p).await?),
        )
    }

    pub async fn record_count(&self) -> Result<i64, StoreError> {
        let (n,): (i64,) = on_db!(&self.db, p => sqlx::query_as("SELECT COUNT(*) FROM records").fetch_one(p).await?);
        Ok(n)
    }
}

/// Narrowing of a public listing.
#[derive(Clone, Debug, Default)]
pub struct PageFilter {
    pub kind: Option<String>,
    pub department_id: Option<i64>,
    pub list_name: Option<String>,
    pub offset: i64,
    pub limit: i64,
}

/// A change-log row as the search index follows it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct LogCursorRow {
    pub seq: i64,
    pub op: String,
    pub entity: String,
    pub entity_id: i64,
}

/// Everything the search index needs about one record.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct IndexRow {
    pub id: i64,
    pub kind: String,
    pub state: String,
    pub sensitive: bool,
    pub simple_procedure: bool,
    pub subject_id: i64,
    pub subject_name: String,
    pub subject_kind: String,
    pub subject_uscc: Option<String>,
    pub merged_into: Option<i64>,
    pub authority_id: i64,
    pub authority_name: String,
    pub doc_no: String,
    pub title: String,
    pub category: Option<String>,
    pub list_name: Option<String>,
    pub decision_date: NaiveDate,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub public_columns: String,
}

const INDEX_SELECT: &str = "SELECT r.id, r.kind, r.state, r.sensitive, r.simple_procedure, r.subject_id, \
     s.name AS subject_name, s.kind AS subject_kind, s.uscc AS subject_uscc, s.merged_into, r.authority_id, \
     d.name AS authority_name, r.doc_no, r.title, r.category, r.list_name, r.decision_date, r.start_date, \
     r.end_date, r.public_columns \
     FROM records r JOIN subjects s ON s.id = r.subject_id JOIN departments d ON d.id = r.authority_id";

impl Store {
    /// Change-log rows after `seq`, oldest first.
    pub async fn log_after(&self, seq: i64, limit: i64) -> Result<Vec<LogCursorRow>, StoreError> {
        let sql = "SELECT seq, op, entity, entity_id FROM change_log WHERE seq > $1 ORDER BY seq LIMIT $2";
        Ok(on_db!(&self.db, p => sqlx::query_as::<_, LogCursorRow>(sql).bind(seq).bind(limit).fetch_all(p).await?))
    }

    /// Index rows of the given records (missing ids are simply absent).
    pub async fn index_rows(&self, ids: &[i64]) -> Result<Vec<IndexRow>, StoreError> {
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let list = chunk.iter().map(|id| id.to_string()).collect::<Vec<_>>().join(",");
            // Ids are integers formatted here, never user text.
            let sql = format!("{INDEX_SELECT} WHERE r.id IN ({list})");
            let rows = on_db!(&self.db, p => sqlx::query_as::<_, IndexRow>(&sql).fetch_all(p).await?);
            out.extend(rows);
        }
        Ok(out)
    }

    /// Index rows in id order after `after_id`, for a full rebuild.
    pub async fn index_rows_after(&self, after_id: i64, limit: i64) -> Result<Vec<IndexRow>, StoreError> {
        let sql = format!("{INDEX_SELECT} WHERE r.id > $1 ORDER BY r.id LIMIT $2");
        Ok(on_db!(&self.db, p => sqlx::query_as::<_, IndexRow>(&sql).bind(after_id).bind(limit).fetch_all(p).await?))
    }

    /// Ids of a subject's records (after a merge their index entries change).
    pub async fn subject_record_ids(&self, subject_id: i64) -> Result<Vec<i64>, StoreError> {
        let sql = "SELECT id FROM records WHERE subject_id = $1";
        let rows: Vec<(i64,)> = on_db!(&self.db, p => sqlx::query_as(sql).bind(subject_id).fetch_all(p).await?);
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }

    pub async fn max_record_id(&self) -> Result<i64, StoreError> {
        let (n,): (Option<i64>,) =
            on_db!(&self.db, p => sqlx::query_as("SELECT MAX(id) FROM records").fetch_one(p).await?);
        Ok(n.unwrap_or(0))
    }
}
