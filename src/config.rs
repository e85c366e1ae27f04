//! Where the portal keeps its data and which database it uses.
//! `--data DIR` / `PORTAL_DATA` name the data folder (default `./data`);
//! `DATABASE_URL=postgres://…` switches from the embedded SQLite to PostgreSQL.

use std::path::{Path, PathBuf};

use app::domain::working_days::Calendar;

use crate::store::Store;

#[derive(Clone, Debug)]
pub struct DataConfig {
    pub data_dir: PathBuf,
    pub database_url: String,
}

impl DataConfig {
    pub fn new(data_dir: PathBuf, database_url: Option<String>) -> DataConfig {
        let database_url = database_url
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| Store::sqlite_url(&data_dir));
        DataConfig { data_dir, database_url }
    }

    /// Where uploaded attachments are kept (by hash; nothing serves the folder):
    /// `PORTAL_ATTACHMENTS_DIR`, else `<data>/attachments`. Several nodes must
    /// share one folder, or an attachment received on one is missing on the others.
    pub fn attachments_dir(&self) -> PathBuf {
        attachments_dir(&self.data_dir, std::env::var_os("PORTAL_ATTACHMENTS_DIR"))
    }

    /// Creates the data folder if needed and opens (migrating) the database.
    pub async fn open_store(&self) -> anyhow::Result<Store> {
        std::fs::create_dir_all(&self.data_dir)?;
        Ok(Store::connect(&self.database_url).await?)
    }
}

fn attachments_dir(data_dir: &Path, setting: Option<std::ffi::OsString>) -> PathBuf {
    setting
        .filter(|s| !s.is_empty())
        .map_or_else(|| data_dir.join("attachments"), PathBuf::from)
}

/// The official working-day calendar, extended by `<data>/cn_holidays.csv`
/// when present: a new year's arrangement is loaded by dropping that file in.
pub fn load_calendar(data_dir: &Path) -> anyhow::Result<Calendar> {
    let mut calendar = Calendar::official();
    let extra = data_dir.join("cn_holidays.csv");
    if extra.exists() {
        let text = std::fs::read_to_string(&extra)?;
        let more = Calendar::from_csv(&text).map_err(|e| anyhow::anyhow!("{}: {e}", extra.display()))?;
        calendar.merge(more);
    }
    Ok(calendar)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachments_live_in_the_data_folder_unless_a_shared_one_is_named() {
        let data = Path::new("/srv/portal/data");
        assert_eq!(attachments_dir(data, None), data.join("attachments"));
        assert_eq!(attachments_dir(data, Some("".into())), data.join("attachments"));
        assert_eq!(
            attachments_dir(data, Some("/mnt/shared/attachments".into())),
            PathBuf::from("/mnt/shared/attachments")
        );
    }
}
