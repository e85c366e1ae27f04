//! Files attached to public submissions. The bytes go to
//! `<dir>/<first 2 hex>/<sha256>` (written to a temporary file in the same
//! folder, then renamed, so a reader never sees half a file; identical content
//! is stored once); their rows go into `attachments` in the submission's own
//! transaction (see [`super::submissions`]). Files are written before that
//! transaction commits: after a crash in between, an unreferenced file stays
//! behind, which is harmless (nothing points to it, nothing serves it).
//! The folder is outside every served directory, and no route serves it.

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{on_db, on_tx, Store, StoreError, Tx};

/// An attachment to record with its submission; its bytes are already on disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAttachment {
    pub sha256: String,
    pub size: i64,
    pub content_type: String,
    /// The name the browser declared, cleaned; shown escaped, never a path.
    pub original_name: String,
}

/// An attachment as its submitter may see it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct AttachmentRow {
    pub id: i64,
    pub submission_id: i64,
    pub sha256: String,
    pub size: i64,
    pub content_type: String,
    pub original_name: String,
}

/// Where the bytes of content with this SHA-256 (64 lowercase hex) live.
pub fn attachment_path(dir: &Path, sha256: &str) -> PathBuf {
    dir.join(&sha256[..2]).join(sha256)
}

/// Writes `bytes` under `dir` by their SHA-256 (once per content) and returns it.
pub fn write_attachment(dir: &Path, bytes: &[u8]) -> std::io::Result<String> {
    let sha256 = hex::encode(Sha256::digest(bytes));
    let path = attachment_path(dir, &sha256);
    if path.exists() {
        return Ok(sha256);
    }
    let folder = path.parent().expect("a two-level path");
    std::fs::create_dir_all(folder)?;
    let mut tmp = tempfile::NamedTempFile::new_in(folder)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(&path).map_err(|e| e.error)?;
    Ok(sha256)
}

impl Tx {
    /// Records a submission's attachments inside its transaction.
    pub(super) async fn insert_attachments(
        &mut self,
        submission_id: i64,
        attachments: &[NewAttachment],
    ) -> Result<(), StoreError> {
        for a in attachments {
            on_tx!(&mut *self, conn => {
                sqlx::query(
                    "INSERT INTO attachments (submission_id, sha256, size, content_type, original_name) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(submission_id)
                .bind(&a.sha256)
                .bind(a.size)
                .bind(&a.content_type)
                .bind(&a.original_name)
                .execute(conn)
                .await?;
            });
        }
        Ok(())
    }
}

impl Store {
    /// A submission's attachments, in the order they were sent.
    pub async fn attachments_of(&self, submission_id: i64) -> Result<Vec<AttachmentRow>, StoreError> {
        let sql = "SELECT id, submission_id, sha256, size, content_type, original_name FROM attachments \
                   WHERE submission_id = $1 ORDER BY id";
        Ok(on_db!(&self.db, p => sqlx::query_as::<_, AttachmentRow>(sql).bind(submission_id).fetch_all(p).await?))
    }

    /// Number of attachment rows stored.
    pub async fn attachment_count(&self) -> Result<i64, StoreError> {
        let (n,): (i64,) =
            on_db!(&self.db, p => sqlx::query_as("SELECT COUNT(*) FROM attachments").fetch_one(p).await?);
        Ok(n)
    }
}
