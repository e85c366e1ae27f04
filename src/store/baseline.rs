//! The searches the benchmark measures the index against: `LIKE '%…%'` over
//! names, titles and document numbers (what most portals run), and SQLite's
//! FTS5 with the trigram tokenizer over the same columns (the best a portal
//! gets from its database alone). Neither serves a page.

use chrono::NaiveDate;

use super::reads::VISIBLE_SQL;
use super::{on_db, Store, StoreError};

/// Filters the baseline applies, like the index's.
#[derive(Clone, Debug, Default)]
pub struct BaselineFilter {
    pub kind: Option<String>,
    pub authority_id: Option<i64>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// Which SQL search the benchmark runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Baseline {
    /// `LIKE '%…%'` over subject name, title and document number.
    Like,
    /// The FTS5 trigram table of [`Store::build_fts5_baseline`] (SQLite only):
    /// a phrase query from three characters on; shorter text can only be a
    /// `LIKE` over the table (trigrams need three characters).
    Fts5,
}

fn like_pattern(text: &str) -> String {
    format!(
        "%{}%",
        text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
    )
}

impl Store {
    /// Ids of the newest `limit` visible records whose subject name, title or
    /// document number contains `text` (or whose subject has that USCC), by
    /// the given baseline, with the index's filters. FTS5 on PostgreSQL finds
    /// nothing (there is no such table).
    pub async fn baseline_search(
        &self,
        baseline: Baseline,
        text: &str,
        filter: &BaselineFilter,
        today: NaiveDate,
        limit: i64,
    ) -> Result<Vec<i64>, StoreError> {
        let (matching, needle) = match baseline {
            Baseline::Like => (
                "(s.name LIKE $2 ESCAPE '\\' OR r.title LIKE $2 ESCAPE '\\' OR r.doc_no LIKE $2 ESCAPE '\\' \
                 OR s.uscc = $3)"
                    .to_string(),
                like_pattern(text),
            ),
            Baseline::Fts5 if !matches!(self.db, super::Db::Sqlite(_)) => return Ok(Vec::new()),
            Baseline::Fts5 => {
                let text = text.trim();
                let (fts, needle) = if text.chars().count() >= 3 {
                    ("bench_fts5 MATCH $2", format!("\"{}\"", text.replace('"', "\"\"")))
                } else {
                    (
                        "(name LIKE $2 ESCAPE '\\' OR title LIKE $2 ESCAPE '\\' OR doc_no LIKE $2 ESCAPE '\\')",
                        like_pattern(text),
                    )
                };
                (
                    format!(
                        "r.id IN (SELECT rowid FROM bench_fts5 WHERE {fts} \
                         UNION SELECT u.id FROM records u JOIN subjects us ON us.id = u.subject_id WHERE us.uscc = $3)"
                    ),
                    needle,
                )
            }
        };
        let mut sql = format!(
            "SELECT r.id FROM records r JOIN subjects s ON s.id = r.subject_id WHERE {VISIBLE_SQL} AND {matching}"
        );
        let mut n = 3;
        for (present, cond) in [
            (filter.kind.is_some(), "r.kind ="),
            (filter.authority_id.is_some(), "r.authority_id ="),
            (filter.from.is_some(), "r.decision_date >="),
            (filter.to.is_some(), "r.decision_date <="),
        ] {
            if present {
                n += 1;
                sql.push_str(&format!(" AND {cond} ${n}"));
            }
        }
        sql.push_str(&format!(" ORDER BY r.decision_date DESC, r.id DESC LIMIT ${}", n + 1));
        let rows: Vec<(i64,)> = on_db!(&self.db, p => {
            let mut q = sqlx::query_as(&sql).bind(today).bind(&needle).bind(text.trim().to_uppercase());
            if let Some(k) = &filter.kind {
                q = q.bind(k.clone());
            }
            if let Some(a) = filter.authority_id {
                q = q.bind(a);
            }
            if let Some(d) = filter.from {
                q = q.bind(d);
            }
            if let Some(d) = filter.to {
                q = q.bind(d);
            }
            q.bind(limit).fetch_all(p).await?
        });
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }

    /// Builds the FTS5 trigram table of the baseline (SQLite only): subject
    /// name, title and document number of every record, keyed by record id.
    /// Returns false on PostgreSQL, which has no FTS5.
    pub async fn build_fts5_baseline(&self) -> Result<bool, StoreError> {
        let super::Db::Sqlite(p) = &self.db else {
            return Ok(false);
        };
        sqlx::query("DROP TABLE IF EXISTS bench_fts5").execute(p).await?;
        sqlx::query("CREATE VIRTUAL TABLE bench_fts5 USING fts5(name, title, doc_no, tokenize = 'trigram')")
            .execute(p)
            .await?;
        sqlx::query(
            "INSERT INTO bench_fts5 (rowid, name, title, doc_no) \
             SELECT r.id, s.name, r.title, r.doc_no FROM records r JOIN subjects s ON s.id = r.subject_id",
        )
        .execute(p)
        .await?;
        Ok(true)
    }

    /// Samples for the benchmark's query mix: (subject name, uscc) of organisations.
    pub async fn sample_subjects(&self, limit: i64) -> Result<Vec<(String, Option<String>)>, StoreError> {
        let sql = "SELECT name, uscc FROM subjects WHERE kind <> 'natural_person' ORDER BY id LIMIT $1";
        Ok(on_db!(&self.db, p => sqlx::query_as(sql).bind(limit).fetch_all(p).await?))
    }

    /// Samples for the benchmark's query mix: (document number, title, kind, authority) of records.
    pub async fn sample_records(&self, limit: i64) -> Result<Vec<(String, String, String, i64)>, StoreError> {
        let sql = "SELECT doc_no, title, kind, authority_id FROM records WHERE state = 'published' \
                   AND sensitive = FALSE AND simple_procedure = FALSE ORDER BY id DESC LIMIT $1";
        Ok(on_db!(&self.db, p => sqlx::query_as(sql).bind(limit).fetch_all(p).await?))
    }
}
