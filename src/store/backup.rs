//! Online backup of the embedded database. SQLite's `VACUUM INTO` writes a
//! consistent copy while the portal keeps serving (readers and writers are not
//! stopped); PostgreSQL is backed up with its own tools (docs/OPERATIONS.md).

use std::path::Path;

use super::{Db, Store, StoreError};

impl Store {
    /// Writes a consistent copy of the SQLite database to `out` (which must not exist).
    pub async fn backup_to(&self, out: &Path) -> Result<(), StoreError> {
        match &self.db {
            Db::Sqlite(pool) => {
                if out.exists() {
                    return Err(StoreError::Refused(format!("{} already exists", out.display())));
                }
                sqlx::query("VACUUM INTO $1")
                    .bind(out.to_string_lossy().into_owned())
                    .execute(pool)
                    .await?;
                Ok(())
            }
            Db::Postgres(_) => Err(StoreError::Refused(
                "PostgreSQL is backed up with pg_dump (see docs/OPERATIONS.md)".into(),
            )),
        }
    }
}
