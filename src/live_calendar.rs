//! The working-day calendar a running server uses, reloaded when
//! `<data>/cn_holidays.csv` changes: a new year's arrangement (published each
//! November or December) takes effect at the next tick, without a restart.
//!
//! Readers get a plain `&Calendar` (the type derefs to it), so every deadline
//! computation keeps taking `&Calendar`. Each loaded calendar is leaked to get
//! a `'static` reference that no reader can outlive: a reload happens only when
//! the file's modification time changes, a few times a year, and a calendar is
//! a few kilobytes, so nothing unsafe and nothing worth freeing.

use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError, RwLock};
use std::time::SystemTime;

use app::domain::working_days::Calendar;

use crate::config::load_calendar;

/// What [`LiveCalendar::reload_if_changed`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reload {
    /// The file is as it was.
    Unchanged,
    /// The file changed and was loaded; the years now covered.
    Loaded(Vec<i32>),
    /// The file changed but could not be read; the calendar in use is kept.
    Failed(String),
}

pub struct LiveCalendar {
    current: RwLock<&'static Calendar>,
    /// The data folder whose `cn_holidays.csv` extends the shipped calendar.
    data_dir: Option<PathBuf>,
    /// The file's modification time when last read (`None`: absent).
    seen: Mutex<Option<SystemTime>>,
}

impl Deref for LiveCalendar {
    type Target = Calendar;

    fn deref(&self) -> &Calendar {
        *self.current.read().unwrap_or_else(PoisonError::into_inner)
    }
}

fn modified(data_dir: &Path) -> Option<SystemTime> {
    std::fs::metadata(data_dir.join("cn_holidays.csv"))
        .and_then(|m| m.modified())
        .ok()
}

impl LiveCalendar {
    /// A calendar that never changes (tests, one-shot commands).
    pub fn fixed(calendar: Calendar) -> LiveCalendar {
        LiveCalendar {
            current: RwLock::new(Box::leak(Box::new(calendar))),
            data_dir: None,
            seen: Mutex::new(None),
        }
    }

    /// The shipped calendar extended by `<data_dir>/cn_holidays.csv`, watched
    /// for changes by [`LiveCalendar::reload_if_changed`].
    pub fn watching(data_dir: &Path) -> anyhow::Result<LiveCalendar> {
        let seen = modified(data_dir);
        let calendar = load_calendar(data_dir)?;
        Ok(LiveCalendar {
            current: RwLock::new(Box::leak(Box::new(calendar))),
            data_dir: Some(data_dir.to_path_buf()),
            seen: Mutex::new(seen),
        })
    }

    /// The calendar file of the data folder, when watched.
    pub fn file(&self) -> Option<PathBuf> {
        self.data_dir.as_ref().map(|d| d.join("cn_holidays.csv"))
    }

    /// Reads the calendar file again when its modification time changed (or
    /// it appeared or went away). A file that does not parse leaves the
    /// calendar in use unchanged and is tried again at its next change.
    pub fn reload_if_changed(&self) -> Reload {
        let Some(dir) = &self.data_dir else {
            return Reload::Unchanged;
        };
        let now = modified(dir);
        let mut seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        if *seen == now {
            return Reload::Unchanged;
        }
        *seen = now;
        match load_calendar(dir) {
            Ok(calendar) => {
                let years = calendar.years();
                *self.current.write().unwrap_or_else(PoisonError::into_inner) = Box::leak(Box::new(calendar));
                Reload::Loaded(years)
            }
            Err(e) => Reload::Failed(e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn a_changed_file_is_loaded_and_a_broken_one_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let live = LiveCalendar::watching(dir.path()).unwrap();
        let oct1 = NaiveDate::from_ymd_opt(2027, 10, 4).unwrap();
        assert!(!live.has_data_for_year(2027));
        assert!(live.is_working_day(oct1));
        assert_eq!(live.reload_if_changed(), Reload::Unchanged);
        std::fs::write(
            dir.path().join("cn_holidays.csv"),
            "date,kind,name\n2027-10-04,holiday,国庆节\n2027-10-09,workday,国庆节调休上班\n",
        )
        .unwrap();
        assert_eq!(live.reload_if_changed(), Reload::Loaded(vec![2024, 2025, 2026, 2027]));
        assert!(!live.is_working_day(oct1));
        assert_eq!(live.reload_if_changed(), Reload::Unchanged);
        // A broken file keeps the calendar in use.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(dir.path().join("cn_holidays.csv"), "nonsense\n").unwrap();
        let filetime = std::fs::File::options()
            .write(true)
            .open(dir.path().join("cn_holidays.csv"))
            .unwrap();
        filetime
            .set_modified(SystemTime::now() + std::time::Duration::from_secs(5))
            .unwrap();
        assert!(matches!(live.reload_if_changed(), Reload::Failed(_)));
        assert!(live.has_data_for_year(2027));
    }
}
