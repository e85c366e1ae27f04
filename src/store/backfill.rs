//! Values a migration added as columns but could not compute in SQL: filled in
//! by the portal right after the migrations run, with the same domain function
//! validation uses (one rule, one place).

use app::domain::kinds::RecordKind;
use app::domain::publicity::penalty_columns_are_strict;

use super::{on_db, on_tx, Store, StoreError};

/// Rows decided per transaction.
const BATCH: i64 = 1000;

impl Store {
    /// Decides `records.strict_domain` (migration 0013) for the penalties stored
    /// before it, from their stored national columns (处罚机关, 违法行为类型,
    /// 处罚依据) with `publicity::penalty_columns_are_strict`, the function
    /// validation uses for every new row. Runs until no row is undecided, so it
    /// is a no-op once done; several processes starting at once only repeat
    /// the same answer. Returns the number of rows it decided.
    pub async fn backfill_strict_domain(&self) -> Result<u64, StoreError> {
        let mut done = 0u64;
        loop {
            let rows: Vec<(i64, String, String)> = on_db!(&self.db, p => {
                sqlx::query_as("SELECT id, kind, public_columns FROM records WHERE strict_domain IS NULL ORDER BY id LIMIT $1")
                    .bind(BATCH)
                    .fetch_all(p)
                    .await?
            });
            if rows.is_empty() {
                break;
            }
            // Only penalties have a minimum period before repair.
            let (strict, plain): (Vec<_>, Vec<_>) = rows.iter().partition(|(_, kind, json)| {
                let columns: Vec<(String, String)> = serde_json::from_str(json).unwrap_or_default();
                kind == RecordKind::Penalty.code() && penalty_columns_are_strict(&columns)
            });
            let mut tx = self.begin().await?;
            for (value, group) in [(true, strict), (false, plain)] {
                if group.is_empty() {
                    continue;
                }
                on_tx!(&mut tx, c, DB => {
                    let mut qb = sqlx::QueryBuilder::<DB>::new("UPDATE records SET strict_domain = ");
                    qb.push_bind(value).push(" WHERE strict_domain IS NULL AND id IN (");
                    let mut ids = qb.separated(", ");
                    for (id, _, _) in &group {
                        ids.push_bind(*id);
                    }
                    qb.push(")");
                    qb.build().execute(&mut *c).await?;
                });
            }
            tx.commit().await?;
            done += rows.len() as u64;
        }
        if done > 0 {
            tracing::info!(
                records = done,
                "strict domain decided for penalties stored before migration 0013"
            );
        }
        Ok(done)
    }
}
