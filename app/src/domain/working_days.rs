//! The official working-day calendar, as data.
//!
//! Weekends are off, public holidays are off, and some weekend days are adjusted
//! working days (调休). The arrangements of each year are published by the State
//! Council's General Office each November or December; they live in
//! `data/cn_holidays.csv` and a new year can be loaded with [`Calendar::merge`]
//! without a code change. A year without data falls back to weekends and the
//! fixed-date statutory holidays ([`fixed_statutory_holiday`]), and
//! [`estimated_deadline_note`] says so next to a deadline in such a year.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate, Weekday};
use thiserror::Error;

/// The calendar shipped with the portal (2024–2026).
pub const OFFICIAL_CSV: &str = include_str!("../../data/cn_holidays.csv");

const HEADER: &str = "date,kind,name";

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum CalendarError {
    #[error("节假日数据缺少表头 date,kind,name")]
    MissingHeader,
    #[error("第{line}行：表头应为 date,kind,name，实为“{found}”")]
    BadHeader { line: usize, found: String },
    #[error("第{line}行：应有 date,kind,name 三列")]
    MissingField { line: usize },
    #[error("第{line}行：日期“{value}”无效，应为 YYYY-MM-DD")]
    BadDate { line: usize, value: String },
    #[error("第{line}行：类型“{value}”无效，应为 holiday（放假）或 workday（调休上班）")]
    BadKind { line: usize, value: String },
    #[error("第{line}行：日期 {date} 重复出现")]
    Duplicate { line: usize, date: NaiveDate },
    #[error("第{line}行：{date} 本来就是工作日（{weekday}），不应列为调休上班日，日期可能有误")]
    WorkdayOnWeekday {
        line: usize,
        date: NaiveDate,
        weekday: &'static str,
    },
}

/// Holidays and adjusted working days, with the years they cover.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Calendar {
    /// Days off, even when they fall on a weekday.
    pub holidays: BTreeSet<NaiveDate>,
    /// Weekend days that are working days (调休上班).
    pub workdays: BTreeSet<NaiveDate>,
    /// The name of each listed day (春节, 国庆节调休上班, …).
    pub names: BTreeMap<NaiveDate, String>,
    /// The years whose official arrangement is loaded.
    pub years: BTreeSet<i32>,
}

fn weekday_zh(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "星期一",
        Weekday::Tue => "星期二",
        Weekday::Wed => "星期三",
        Weekday::Thu => "星期四",
        Weekday::Fri => "星期五",
        Weekday::Sat => "星期六",
        Weekday::Sun => "星期日",
    }
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The statutory holidays on fixed dates of the Gregorian calendar
/// (《全国年节及纪念日放假办法》, as revised in 2024 and in force from 2025):
/// 元旦 1 January, 劳动节 1–2 May (1 May only before 2025), 国庆节 1–3 October.
/// A year without its official arrangement still keeps these days off; the
/// holidays of the lunar calendar (春节, 端午节, 中秋节), 清明节 (a solar term)
/// and the bridging days of 调休 are known only from the arrangement itself.
pub fn fixed_statutory_holiday(d: NaiveDate) -> Option<&'static str> {
    match (d.month(), d.day()) {
        (1, 1) => Some("元旦"),
        (5, 1) => Some("劳动节"),
        (5, 2) if d.year() >= 2025 => Some("劳动节"),
        (10, 1..=3) => Some("国庆节"),
        _ => None,
    }
}

/// The note shown next to a deadline (or any date counted in working days)
/// that falls in a year whose official arrangement is not loaded: the date is
/// an estimate from weekends and the fixed-date statutory holidays.
pub fn estimated_deadline_note(cal: &Calendar, due: NaiveDate) -> Option<String> {
    (!cal.has_data_for_year(due.year()))
        .then(|| format!("{}年度放假安排尚未公布，期限按周末及法定节日推算。", due.year()))
}

/// Whether a listed date makes its year "covered" by the file. A year's notice
/// may start the next New Year holiday in late December of the previous year
/// (e.g. 2018-12-29 to 2018-12-31 in the 2019 notice); such days are merged
/// date by date but do not replace the previous year's arrangement.
fn covers_its_year(d: NaiveDate) -> bool {
    !(d.month() == 12 && d.day() >= 20)
}

impl Calendar {
    /// A calendar without any arrangement: plain weekends.
    pub fn weekends_only() -> Calendar {
        Calendar::default()
    }

    /// Parses the format of `data/cn_holidays.csv`: `#` comment lines, the
    /// header `date,kind,name`, then one `YYYY-MM-DD,holiday|workday,name` a line.
    pub fn from_csv(text: &str) -> Result<Calendar, CalendarError> {
        let mut cal = Calendar::default();
        let mut header_seen = false;
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let content = raw.trim_start_matches('\u{feff}').trim();
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            if !header_seen {
                let normalised: String = content.chars().filter(|c| !c.is_whitespace()).collect();
                if !normalised.eq_ignore_ascii_case(HEADER) {
                    return Err(CalendarError::BadHeader {
                        line,
                        found: content.to_string(),
                    });
                }
                header_seen = true;
                continue;
            }
            let mut fields = content.splitn(3, ',').map(str::trim);
            let (Some(date), Some(kind)) = (fields.next(), fields.next()) else {
                return Err(CalendarError::MissingField { line });
            };
            let name = fields.next().unwrap_or("");
            let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| CalendarError::BadDate {
                line,
                value: date.to_string(),
            })?;
            if cal.holidays.contains(&date) || cal.workdays.contains(&date) {
                return Err(CalendarError::Duplicate { line, date });
            }
            match kind.to_ascii_lowercase().as_str() {
                "holiday" => {
                    cal.holidays.insert(date);
                }
                "workday" => {
                    if !is_weekend(date) {
                        return Err(CalendarError::WorkdayOnWeekday {
                            line,
                            date,
                            weekday: weekday_zh(date.weekday()),
                        });
                    }
                    cal.workdays.insert(date);
                }
                _ => {
                    return Err(CalendarError::BadKind {
                        line,
                        value: kind.to_string(),
                    })
                }
            }
            if !name.is_empty() {
                cal.names.insert(date, name.to_string());
            }
            if covers_its_year(date) {
                cal.years.insert(date.year());
            }
        }
        if !header_seen {
            return Err(CalendarError::MissingHeader);
        }
        Ok(cal)
    }

    /// The calendar shipped in `data/cn_holidays.csv`.
    pub fn official() -> Calendar {
        Calendar::from_csv(OFFICIAL_CSV).expect("data/cn_holidays.csv is shipped and must parse")
    }

    /// Loads another calendar over this one. For every year `other` covers, this
    /// calendar's arrangement of that year is replaced entirely (a later-loaded
    /// year overrides); other listed dates of `other` override date by date.
    pub fn merge(&mut self, other: Calendar) {
        let replaced = |d: &NaiveDate| other.years.contains(&d.year());
        self.holidays.retain(|d| !replaced(d));
        self.workdays.retain(|d| !replaced(d));
        self.names.retain(|d, _| !replaced(d));
        for d in &other.holidays {
            self.workdays.remove(d);
            self.names.remove(d);
        }
        for d in &other.workdays {
            self.holidays.remove(d);
            self.names.remove(d);
        }
        self.holidays.extend(other.holidays.iter().copied());
        self.workdays.extend(other.workdays.iter().copied());
        self.names.extend(other.names.clone());
        self.years.extend(other.years.iter().copied());
    }

    /// A weekday that is not a holiday, or an adjusted working day. In a year
    /// without its official arrangement, the fixed-date statutory holidays
    /// ([`fixed_statutory_holiday`]) are off too.
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        if self.workdays.contains(&d) {
            return true;
        }
        if self.holidays.contains(&d) {
            return false;
        }
        if !self.has_data_for_year(d.year()) && fixed_statutory_holiday(d).is_some() {
            return false;
        }
        !is_weekend(d)
    }

    /// Whether the official arrangement of `year` is loaded; without it the
    /// calendar falls back to plain weekends for that year.
    pub fn has_data_for_year(&self, year: i32) -> bool {
        self.years.contains(&year)
    }

    /// The years with data, ascending.
    pub fn years(&self) -> Vec<i32> {
        self.years.iter().copied().collect()
    }

    /// The name of a listed day (春节, 国庆节调休上班, …).
    pub fn name_of(&self, d: NaiveDate) -> Option<&str> {
        self.names.get(&d).map(String::as_str)
    }

    /// The `n`-th working day strictly after `from`; `from` itself when `n` is 0.
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut d = from;
        let mut left = n;
        while left > 0 {
            match d.succ_opt() {
                Some(next) => d = next,
                None => return NaiveDate::MAX,
            }
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }

    /// The `n`-th working day strictly before `from`; `from` itself when `n` is 0.
    pub fn sub_working_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut d = from;
        let mut left = n;
        while left > 0 {
            match d.pred_opt() {
                Some(prev) => d = prev,
                None => return NaiveDate::MIN,
            }
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }

    /// The number of working days in `(from, to]`; when `to < from`, minus the
    /// number of working days in `(to, from]`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let (lo, hi, sign) = if to >= from { (from, to, 1) } else { (to, from, -1) };
        let count = lo
            .iter_days()
            .skip(1)
            .take_while(|d| *d <= hi)
            .filter(|d| self.is_working_day(*d))
            .count() as i64;
        sign * count
    }
}

/// Free-function form of [`Calendar::from_csv`].
pub fn from_csv(text: &str) -> Result<Calendar, CalendarError> {
    Calendar::from_csv(text)
}

/// Free-function form of [`Calendar::official`].
pub fn official() -> Calendar {
    Calendar::official()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn official_calendar_parses_and_covers_2024_to_2026() {
        let cal = official();
        assert_eq!(cal.years(), vec![2024, 2025, 2026]);
        assert!(cal.has_data_for_year(2025));
        assert!(!cal.has_data_for_year(2027));
        assert!(!cal.has_data_for_year(2023));
        assert_eq!(cal.name_of(d(2024, 10, 1)), Some("国庆节"));
    }

    #[test]
    fn holidays_and_adjusted_workdays() {
        let cal = official();
        // National Day 2024 is a Tuesday, and off.
        assert!(!cal.is_working_day(d(2024, 10, 1)));
        assert!(!cal.is_working_day(d(2024, 10, 7)));
        // Sunday 29 September 2024 and Saturday 12 October 2024 are worked.
        assert!(cal.is_working_day(d(2024, 9, 29)));
        assert!(cal.is_working_day(d(2024, 10, 12)));
        // An ordinary weekend and an ordinary weekday.
        assert!(!cal.is_working_day(d(2024, 10, 19)));
        assert!(cal.is_working_day(d(2024, 10, 8)));
        // Spring Festival 2026 and its Saturday workdays.
        assert!(!cal.is_working_day(d(2026, 2, 18)));
        assert!(cal.is_working_day(d(2026, 2, 14)));
        assert!(cal.is_working_day(d(2026, 2, 28)));
        // 2025 Dragon Boat Festival on Monday 2 June.
        assert!(!cal.is_working_day(d(2025, 6, 2)));
    }

    #[test]
    fn adding_working_days_across_national_day() {
        let cal = official();
        // Friday 27 Sept 2024: Sun 29 Sept, Mon 30 Sept, (1–7 Oct off), Tue 8,
        // Wed 9, Thu 10, Fri 11, Sat 12 (worked) → 7th is Sat 12 October.
        assert_eq!(cal.add_working_days(d(2024, 9, 27), 7), d(2024, 10, 12));
        assert_eq!(cal.add_working_days(d(2024, 9, 27), 1), d(2024, 9, 29));
        assert_eq!(cal.add_working_days(d(2024, 9, 30), 1), d(2024, 10, 8));
        assert_eq!(cal.add_working_days(d(2024, 9, 27), 0), d(2024, 9, 27));
        // From inside the holiday.
        assert_eq!(cal.add_working_days(d(2024, 10, 3), 1), d(2024, 10, 8));
        // Without the calendar the same span ends on Friday 11 October: only
        // weekends and the fixed 1–3 October are off, not the bridging days.
        let plain = Calendar::weekends_only();
        assert_eq!(plain.add_working_days(d(2024, 9, 27), 7), d(2024, 10, 11));
    }

    #[test]
    fn subtracting_working_days() {
        let cal = official();
        assert_eq!(cal.sub_working_days(d(2024, 10, 8), 1), d(2024, 9, 30));
        assert_eq!(cal.sub_working_days(d(2024, 10, 8), 2), d(2024, 9, 29));
        assert_eq!(cal.sub_working_days(d(2024, 10, 8), 0), d(2024, 10, 8));
        assert_eq!(
            cal.add_working_days(cal.sub_working_days(d(2024, 10, 12), 7), 7),
            d(2024, 10, 12)
        );
    }

    #[test]
    fn counting_working_days() {
        let cal = official();
        assert_eq!(cal.working_days_between(d(2024, 9, 27), d(2024, 10, 12)), 7);
        assert_eq!(cal.working_days_between(d(2024, 10, 12), d(2024, 9, 27)), -7);
        assert_eq!(cal.working_days_between(d(2024, 10, 1), d(2024, 10, 7)), 0);
        assert_eq!(cal.working_days_between(d(2024, 10, 8), d(2024, 10, 8)), 0);
        // (Mon 7 Oct 2024, Tue 8 Oct] → 1.
        assert_eq!(cal.working_days_between(d(2024, 10, 7), d(2024, 10, 8)), 1);
        // A whole ordinary week.
        assert_eq!(cal.working_days_between(d(2024, 11, 3), d(2024, 11, 10)), 5);
    }

    #[test]
    fn year_without_data_falls_back_to_weekends() {
        let cal = official();
        // Without the 2027 data, weekends and the fixed-date statutory days are
        // off: 1 October 2027 is a Friday, still 国庆节; Monday 4 October works.
        assert!(!cal.has_data_for_year(2027));
        assert!(!cal.is_working_day(d(2027, 10, 1)));
        assert!(!cal.is_working_day(d(2027, 10, 2)));
        assert!(cal.is_working_day(d(2027, 10, 4)));
        assert_eq!(cal.add_working_days(d(2027, 9, 30), 1), d(2027, 10, 4));
        // 元旦 (Friday 1 January 2027) and 劳动节 (Saturday 1 May, Monday 3 May
        // works: only 1–2 May are statutory).
        assert_eq!(cal.add_working_days(d(2026, 12, 31), 1), d(2027, 1, 4));
        assert!(!cal.is_working_day(d(2027, 1, 1)));
        assert!(cal.is_working_day(d(2027, 5, 3)));
        assert!(cal.is_working_day(d(2027, 5, 4)));
        assert!(!cal.is_working_day(d(2028, 5, 1)) && !cal.is_working_day(d(2028, 5, 2)));
        // Other days of a year without data follow the weekends.
        assert!(cal.is_working_day(d(2027, 2, 17)));
    }

    #[test]
    fn fixed_statutory_days() {
        assert_eq!(fixed_statutory_holiday(d(2027, 1, 1)), Some("元旦"));
        assert_eq!(fixed_statutory_holiday(d(2027, 5, 2)), Some("劳动节"));
        assert_eq!(fixed_statutory_holiday(d(2023, 5, 2)), None);
        assert_eq!(fixed_statutory_holiday(d(2027, 10, 3)), Some("国庆节"));
        assert_eq!(fixed_statutory_holiday(d(2027, 10, 4)), None);
        assert_eq!(fixed_statutory_holiday(d(2027, 12, 31)), None);
    }

    #[test]
    fn a_deadline_in_a_year_without_data_carries_a_note() {
        let cal = official();
        assert_eq!(estimated_deadline_note(&cal, d(2026, 12, 31)), None);
        assert_eq!(
            estimated_deadline_note(&cal, d(2027, 1, 4)).as_deref(),
            Some("2027年度放假安排尚未公布，期限按周末及法定节日推算。")
        );
    }

    #[test]
    fn merging_a_new_year_changes_results() {
        let mut cal = official();
        let next = from_csv(
            "# illustrative 2027 arrangement\n\
             date,kind,name\n\
             2027-10-01,holiday,国庆节\n\
             2027-10-04,holiday,国庆节\n\
             2027-10-09,workday,国庆节调休上班\n",
        )
        .unwrap();
        cal.merge(next);
        assert!(cal.has_data_for_year(2027));
        assert_eq!(cal.years(), vec![2024, 2025, 2026, 2027]);
        assert!(!cal.is_working_day(d(2027, 10, 1)));
        assert!(cal.is_working_day(d(2027, 10, 9)));
        // Thu 30 Sept → Tue 5 Oct (Fri 1 and Mon 4 off).
        assert_eq!(cal.add_working_days(d(2027, 9, 30), 1), d(2027, 10, 5));
        // Other years are untouched.
        assert!(!cal.is_working_day(d(2024, 10, 1)));
    }

    #[test]
    fn a_later_load_of_a_year_replaces_it() {
        let mut cal = official();
        let revised = from_csv("date,kind,name\n2026-10-01,holiday,国庆节\n").unwrap();
        cal.merge(revised);
        assert!(!cal.is_working_day(d(2026, 10, 1)));
        // The rest of the old 2026 arrangement is gone…
        assert!(cal.is_working_day(d(2026, 10, 2)));
        assert!(!cal.holidays.contains(&d(2026, 2, 18)));
        // …but 2025 is kept.
        assert!(!cal.is_working_day(d(2025, 10, 2)));
    }

    #[test]
    fn late_december_days_do_not_replace_the_previous_year() {
        let mut cal = official();
        // A 2027 notice whose New Year holiday starts on 31 December 2026.
        let next = from_csv("date,kind,name\n2026-12-31,holiday,元旦\n2027-01-01,holiday,元旦\n").unwrap();
        assert_eq!(next.years(), vec![2027]);
        cal.merge(next);
        assert!(!cal.is_working_day(d(2026, 12, 31)));
        assert!(!cal.is_working_day(d(2026, 10, 1)), "2026 data kept");
    }

    #[test]
    fn parse_errors_name_the_line() {
        assert_eq!(from_csv("# only a comment\n"), Err(CalendarError::MissingHeader));
        assert!(matches!(
            from_csv("day,type\n"),
            Err(CalendarError::BadHeader { line: 1, .. })
        ));
        let err = from_csv("# c\ndate,kind,name\n2024-01-01,holiday,元旦\n2024-13-01,holiday,x\n").unwrap_err();
        assert_eq!(
            err,
            CalendarError::BadDate {
                line: 4,
                value: "2024-13-01".into()
            }
        );
        assert!(err.to_string().starts_with("第4行"));
        assert_eq!(
            from_csv("date,kind,name\n2024-01-01,off,元旦\n"),
            Err(CalendarError::BadKind {
                line: 2,
                value: "off".into()
            })
        );
        assert_eq!(
            from_csv("date,kind,name\n2024-01-01\n"),
            Err(CalendarError::MissingField { line: 2 })
        );
        assert_eq!(
            from_csv("date,kind,name\n2024-01-01,holiday,a\n2024-01-01,workday,b\n"),
            Err(CalendarError::Duplicate {
                line: 3,
                date: d(2024, 1, 1)
            })
        );
        // Wednesday 2 October 2024 listed as an adjusted workday: a typo.
        assert!(matches!(
            from_csv("date,kind,name\n2024-10-02,workday,x\n"),
            Err(CalendarError::WorkdayOnWeekday { line: 2, .. })
        ));
    }

    #[test]
    fn blank_lines_bom_and_missing_names_are_tolerated() {
        let cal = from_csv("\u{feff}date,kind,name\n\n2024-06-10,holiday\n").unwrap();
        assert!(!cal.is_working_day(d(2024, 6, 10)));
        assert_eq!(cal.name_of(d(2024, 6, 10)), None);
    }
}
