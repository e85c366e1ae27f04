//! Where the portal keeps its data and which database it uses.
//! `--data DIR` / `PORTAL_DATA` name the data folder (default `./data`);
//! `DATABASE_URL=postgres://…` switches from the embedded SQLite to PostgreSQL.

use std::path::{Path, PathBuf};

use anyhow::Context;
use app::domain::working_days::Calendar;
use app::site::SiteSettings;

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

/// The site settings file in the data folder.
pub const SITE_SETTINGS_FILE: &str = "site.toml";

/// The site's public settings from `<data>/site.toml`; none configured when
/// the file is absent. A file that cannot be read, names an unknown setting
/// or holds a bad value stops the start with the setting's name.
pub fn load_site_settings(data_dir: &Path) -> anyhow::Result<SiteSettings> {
    let path = data_dir.join(SITE_SETTINGS_FILE);
    if !path.exists() {
        return Ok(SiteSettings::default());
    }
    let text = std::fs::read_to_string(&path).with_context(|| path.display().to_string())?;
    parse_site_settings(&text).with_context(|| path.display().to_string())
}

fn parse_site_settings(text: &str) -> anyhow::Result<SiteSettings> {
    let raw: SiteSettings = toml::from_str(text)?;
    Ok(raw.checked()?)
}

/// Writes the demo city's settings unless the data folder has its own, so a
/// demo shows every channel; a real deployment writes its own file.
pub fn write_demo_site_settings(data_dir: &Path) -> anyhow::Result<()> {
    let path = data_dir.join(SITE_SETTINGS_FILE);
    if path.exists() {
        return Ok(());
    }
    let demo = SiteSettings::demo();
    let text = format!(
        "# 网站设置（演示数据）。正式部署请改为本地的举报渠道，修改后重启生效。\n\
         # 举报电话\nreport_phone = \"{}\"\n# 举报邮箱\nreport_email = \"{}\"\n",
        demo.report_phone.unwrap_or_default(),
        demo.report_email.unwrap_or_default()
    );
    std::fs::write(&path, text).with_context(|| path.display().to_string())
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

    #[test]
    fn the_demo_settings_file_reads_back_as_the_demo_settings() {
        let dir = tempfile::tempdir().unwrap();
        write_demo_site_settings(dir.path()).unwrap();
        assert_eq!(load_site_settings(dir.path()).unwrap(), SiteSettings::demo());
        // An operator's own file is never overwritten.
        std::fs::write(dir.path().join(SITE_SETTINGS_FILE), "report_phone = \"12345\"\n").unwrap();
        write_demo_site_settings(dir.path()).unwrap();
        assert_eq!(
            load_site_settings(dir.path()).unwrap().report_phone.as_deref(),
            Some("12345")
        );
    }

    #[test]
    fn no_file_means_no_channels_and_a_bad_file_names_the_setting() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load_site_settings(dir.path()).unwrap(), SiteSettings::default());
        let typo = parse_site_settings("report_phon = \"12345\"").unwrap_err().to_string();
        assert!(typo.contains("report_phon"), "{typo}");
        let bad = format!("{:#}", parse_site_settings("report_email = \"nobody\"").unwrap_err());
        assert!(bad.contains("report_email"), "{bad}");
    }
}
