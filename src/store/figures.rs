//! Figures precomputed for the public pages: the tally of publicly visible
//! records per kind, department and list, and a table that keeps each
//! computed figure (JSON) with the day and change-log position it reflects.
//! When a figure is recomputed is decided in `src/http/figures.rs`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::reads::VISIBLE_SQL;
use super::{on_db, Store, StoreError};

/// Publicly visible records of one kind, issuing department and list name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct TallyRow {
    pub kind: String,
    pub authority_id: i64,
    pub list_name: Option<String>,
    pub records: i64,
}

/// The tally in one pass (`$1` today). `records_visibility` begins with the
/// three grouping columns and holds every column of the rule, so the pass
/// reads only that index, in group order, never the table; SQLite is told so,
/// as it otherwise picks `records_expiry (state=?)` and reads every published
/// row from the table (52 s for the first `/statistics` at a million records).
pub fn public_tally_sql(sqlite: bool) -> String {
    let from = if sqlite {
        "records r INDEXED BY records_visibility"
    } else {
        "records r"
    };
    format!(
        "SELECT r.kind, r.authority_id, r.list_name, COUNT(*) AS records FROM {from} WHERE {VISIBLE_SQL} \
         GROUP BY r.kind, r.authority_id, r.list_name"
    )
}

/// One precomputed figure as stored.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct StoredFigure {
    /// The day whose visibility it counts.
    pub as_of: NaiveDate,
    /// The change-log sequence read before it was computed.
    pub log_seq: i64,
    pub computed_at: DateTime<Utc>,
    /// The figure as JSON.
    pub body: String,
}

impl Store {
    /// Publicly visible records today per kind, department and list.
    pub async fn public_tally(&self, today: NaiveDate) -> Result<Vec<TallyRow>, StoreError> {
        let sql = public_tally_sql(matches!(self.db, super::Db::Sqlite(_)));
        Ok(on_db!(&self.db, p => sqlx::query_as::<_, TallyRow>(&sql).bind(today).fetch_all(p).await?))
    }

    /// The stored figure of that name, if one was ever computed.
    pub async fn stored_figure(&self, name: &str) -> Result<Option<StoredFigure>, StoreError> {
        let sql = "SELECT as_of, log_seq, computed_at, body FROM public_figures WHERE name = $1";
        Ok(on_db!(&self.db, p => sqlx::query_as::<_, StoredFigure>(sql).bind(name).fetch_optional(p).await?))
    }

    /// Keeps a computed figure, unless a newer one is already stored (another
    /// node, or a refresh that started later, may have finished first).
    pub async fn store_figure(&self, name: &str, figure: &StoredFigure) -> Result<(), StoreError> {
        let sql = "INSERT INTO public_figures (name, as_of, log_seq, computed_at, body) VALUES ($1, $2, $3, $4, $5) \
                   ON CONFLICT (name) DO UPDATE SET as_of = excluded.as_of, log_seq = excluded.log_seq, \
                   computed_at = excluded.computed_at, body = excluded.body \
                   WHERE public_figures.computed_at <= excluded.computed_at";
        on_db!(&self.db, p => {
            sqlx::query(sql)
                .bind(name)
                .bind(figure.as_of)
                .bind(figure.log_seq)
                .bind(figure.computed_at)
                .bind(&figure.body)
                .execute(p)
                .await
                .map(|_| ())?
        });
        Ok(())
    }
}
