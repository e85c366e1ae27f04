//! Writes that change who or what is shown: merging two subjects and
//! withdrawing a record. Each is one transaction with its change-log rows.

use app::domain::change_chain::Change;
use chrono::{DateTime, Utc};

use super::change_log::LogEntry;
use super::{on_tx, Store, StoreError};

impl Store {
    /// Merges subject `from` into `into`: its records move to `into`, and its
    /// page URL redirects there from now on. Returns the number of records moved.
    pub async fn merge_subjects(
        &self,
        from: i64,
        into: i64,
        actor: &str,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        if from == into {
            return Err(StoreError::Refused("不能把主体合并到它自己".into()));
        }
        let mut tx = self.begin().await?;
        let mut head = tx.lock_log_head().await?;
        let survivor = tx.surviving_subject(into).await?;
        let from_state: Option<(Option<i64>,)> = on_tx!(&mut tx, c => {
            sqlx::query_as("SELECT merged_into FROM subjects WHERE id = $1").bind(from).fetch_optional(c).await?
        });
        match from_state {
            None => return Err(StoreError::Refused(format!("主体 {from} 不存在"))),
            Some((Some(_),)) => return Err(StoreError::Refused(format!("主体 {from} 已合并"))),
            Some((None,)) if survivor == from => {
                return Err(StoreError::Refused("合并会形成循环".into()));
            }
            Some((None,)) => {}
        }
        let moved = on_tx!(&mut tx, c => {
            let moved = sqlx::query("UPDATE records SET subject_id = $1 WHERE subject_id = $2")
                .bind(survivor)
                .bind(from)
                .execute(&mut *c)
                .await?
                .rows_affected();
            sqlx::query("UPDATE subjects SET merged_into = $1 WHERE id = $2")
                .bind(survivor)
                .bind(from)
                .execute(c)
                .await?;
            moved
        });
        let entry = LogEntry {
            actor: actor.to_string(),
            change: Change::SubjectMerge,
            entity_id: from,
            kind: None,
            reason: Some(format!("并入主体 {survivor}：{reason}")),
            content_hash: None,
        };
        tx.append_log(&mut head, now, &entry).await?;
        tx.store_log_head(&head).await?;
        tx.commit().await?;
        Ok(moved)
    }

    /// Withdraws a record (a revoked decision): it leaves public view at once,
    /// and the change log keeps what was withdrawn, when and why.
    pub async fn withdraw_record(
        &self,
        id: i64,
        reason: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        if reason.trim().is_empty() {
            return Err(StoreError::Refused("撤销须说明理由".into()));
        }
        let mut tx = self.begin().await?;
        let mut head = tx.lock_log_head().await?;
        tx.set_record_state(&mut head, id, "withdrawn", Change::RecordWithdraw, reason, actor, now)
            .await?;
        tx.store_log_head(&head).await?;
        tx.commit().await?;
        Ok(())
    }
}
