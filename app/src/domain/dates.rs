//! Dates as import files write them, and as the portal shows them.
//! `2099-12-31` means "long-term" (长期) in the national standard.

use chrono::{Datelike, NaiveDate};
use thiserror::Error;

use super::script::fold_width;

/// The date that stands for 长期 (long-term).
pub const LONG_TERM: NaiveDate = match NaiveDate::from_ymd_opt(2099, 12, 31) {
    Some(d) => d,
    None => panic!("2099-12-31 is a valid date"),
};

/// Words that mean "long-term" in a date column.
const LONG_TERM_WORDS: [&str; 6] = ["长期", "長期", "永久", "长期有效", "長期有效", "永久有效"];

const ACCEPTED: &str = "可用格式为 YYYY-MM-DD、YYYY/MM/DD、YYYY.MM.DD、YYYYMMDD、YYYY年M月D日，或“长期”";

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum DateError {
    #[error("日期为空")]
    Empty,
    #[error("无法识别的日期“{value}”：{ACCEPTED}")]
    Unrecognised { value: String },
    #[error("日期“{value}”不存在：月份或日超出范围")]
    NoSuchDay { value: String },
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Splits the date part into (year, month, day) texts, by format.
fn split_parts(date: &str) -> Option<(&str, &str, &str)> {
    if let Some((y, rest)) = date.split_once('年') {
        let rest = rest
            .strip_suffix('日')
            .or_else(|| rest.strip_suffix('号'))
            .unwrap_or(rest);
        let (m, d) = rest.split_once('月')?;
        return Some((y.trim(), m.trim(), d.trim()));
    }
    for sep in ['-', '/', '.'] {
        if date.contains(sep) {
            let mut it = date.split(sep);
            let (y, m, d) = (it.next()?, it.next()?, it.next()?);
            return if it.next().is_none() { Some((y, m, d)) } else { None };
        }
    }
    if date.len() == 8 && all_digits(date) {
        return Some((&date[..4], &date[4..6], &date[6..]));
    }
    None
}

/// Whether the part after the date looks like a time of day (00:00:00, 0:00, 00:00:00.000).
fn is_time(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty() && s.contains(':') && s.bytes().all(|b| b.is_ascii_digit() || b == b':' || b == b'.')
}

/// Parses a date in the formats import files use: `YYYY-MM-DD`, `YYYY/MM/DD`,
/// `YYYY.MM.DD`, `YYYYMMDD`, `YYYY年M月D日` (日 optional), single-digit month and
/// day, an optional trailing time (`" 00:00:00"`, `"T00:00:00"`), full-width
/// digits; 长期 / 長期 / 永久 give [`LONG_TERM`].
pub fn parse_national_date(s: &str) -> Result<NaiveDate, DateError> {
    let folded = fold_width(s);
    let text = folded.trim();
    if text.is_empty() {
        return Err(DateError::Empty);
    }
    if LONG_TERM_WORDS.contains(&text) {
        return Ok(LONG_TERM);
    }
    let unrecognised = || DateError::Unrecognised {
        value: s.trim().to_string(),
    };
    let date = match text.find([' ', 'T']) {
        Some(i) if is_time(&text[i + 1..]) => text[..i].trim_end(),
        Some(_) => return Err(unrecognised()),
        None => text,
    };
    let (y, m, d) = split_parts(date).ok_or_else(unrecognised)?;
    let shapes_ok = y.len() == 4
        && all_digits(y)
        && (1..=2).contains(&m.len())
        && all_digits(m)
        && (1..=2).contains(&d.len())
        && all_digits(d);
    if !shapes_ok {
        return Err(unrecognised());
    }
    let (y, m, d): (i32, u32, u32) = (
        y.parse().map_err(|_| unrecognised())?,
        m.parse().map_err(|_| unrecognised())?,
        d.parse().map_err(|_| unrecognised())?,
    );
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| DateError::NoSuchDay {
        value: s.trim().to_string(),
    })
}

/// Whether a date means long-term (2099-12-31, or any later date some files use,
/// such as 9999-12-31).
pub fn is_long_term(d: NaiveDate) -> bool {
    d >= LONG_TERM
}

/// `YYYY-MM-DD`.
pub fn format_date(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// `2024年3月5日`, or 长期 for a long-term date.
pub fn format_date_zh(d: NaiveDate) -> String {
    if is_long_term(d) {
        return "长期".to_string();
    }
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn accepts_every_national_format() {
        let want = d(2024, 3, 5);
        for text in [
            "2024-03-05",
            "2024/03/05",
            "2024.03.05",
            "20240305",
            "2024年3月5日",
            "2024年03月05日",
            "2024年3月5",
            "2024-3-5",
            "2024/3/5",
            " 2024/03/05 ",
            "2024-03-05 00:00:00",
            "2024/3/5 0:00",
            "2024-03-05T00:00:00",
            "2024-03-05 00:00:00.000",
            "２０２４－０３－０５",
            "２０２４年３月５日",
        ] {
            assert_eq!(parse_national_date(text), Ok(want), "{text}");
        }
    }

    #[test]
    fn long_term_words() {
        for text in ["长期", "長期", "永久", " 长期 ", "2099/12/31", "2099-12-31"] {
            assert_eq!(parse_national_date(text), Ok(LONG_TERM), "{text}");
        }
        assert!(is_long_term(LONG_TERM));
        assert!(is_long_term(d(9999, 12, 31)));
        assert!(!is_long_term(d(2099, 12, 30)));
    }

    #[test]
    fn rejects_unknown_formats_with_a_helpful_message() {
        for text in [
            "05/03/2024",
            "2024-03",
            "24-3-5",
            "2024-03-05-01",
            "2024-003-05",
            "March 5, 2024",
            "2024030",
            "2024-03-05 noon",
            "2024/03-05",
            "明天",
        ] {
            assert!(
                matches!(parse_national_date(text), Err(DateError::Unrecognised { .. })),
                "{text}"
            );
        }
        let msg = parse_national_date("05/03/2024").unwrap_err().to_string();
        assert!(msg.contains("05/03/2024") && msg.contains("YYYY-MM-DD"), "{msg}");
        assert_eq!(parse_national_date("  "), Err(DateError::Empty));
    }

    #[test]
    fn rejects_days_that_do_not_exist() {
        for text in ["2024-02-30", "2023-02-29", "2024-13-01", "2024/00/10", "20240431"] {
            assert_eq!(
                parse_national_date(text),
                Err(DateError::NoSuchDay { value: text.into() }),
                "{text}"
            );
        }
        assert_eq!(parse_national_date("2024-02-29"), Ok(d(2024, 2, 29)));
    }

    #[test]
    fn formatting() {
        assert_eq!(format_date(d(2024, 3, 5)), "2024-03-05");
        assert_eq!(format_date(LONG_TERM), "2099-12-31");
        assert_eq!(format_date_zh(d(2024, 3, 5)), "2024年3月5日");
        assert_eq!(format_date_zh(d(2024, 12, 25)), "2024年12月25日");
        assert_eq!(format_date_zh(LONG_TERM), "长期");
        let back = parse_national_date(&format_date_zh(d(2026, 10, 1))).unwrap();
        assert_eq!(back, d(2026, 10, 1));
    }
}
