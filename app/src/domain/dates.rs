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

const ACCEPTED: &str =
    "可用格式为 YYYY-MM-DD、YYYY/MM/DD、YYYY.MM.DD、YYYYMMDD、YYYY年M月D日、MM/DD/YYYY（月/日/年，信用中国格式），或“长期”";

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum DateError {
    #[error("日期为空")]
    Empty,
    #[error("无法识别的日期“{value}”：{ACCEPTED}")]
    Unrecognised { value: String },
    #[error("日期“{value}”不存在：月份或日超出范围")]
    NoSuchDay { value: String },
    #[error("日期“{value}”像是“日/月/年”顺序：第一段 {first} 大于12，不能是月份，而斜杠日期只按信用中国的“月/日/年”（MM/DD/YYYY）读取；请改写为 YYYY-MM-DD，不作猜测")]
    DayMonthOrder { value: String, first: u32 },
    #[error("日期“{value}”的年份只有两位，无法确定是哪个世纪；请写四位年份，如 YYYY-MM-DD 或 MM/DD/YYYY")]
    TwoDigitYear { value: String },
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

/// 信用中国's `MM/DD/YYYY` and `M/D/YYYY`: `None` when `date` does not have
/// that shape (1–2 digits / 1–2 digits / 2 or 4 digits), else the date or why
/// it is refused: a first part above 12 with a second part of 12 or less is a
/// day/month order, and a two-digit year is ambiguous. Neither is guessed.
fn month_first(date: &str, value: &str) -> Option<Result<NaiveDate, DateError>> {
    let mut it = date.split('/');
    let (m, d, y) = (it.next()?, it.next()?, it.next()?);
    let short = |p: &str| (1..=2).contains(&p.len()) && all_digits(p);
    if it.next().is_some() || !short(m) || !short(d) || !all_digits(y) || ![2, 4].contains(&y.len()) {
        return None;
    }
    let value = || value.to_string();
    let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    if y.len() == 2 {
        return Some(Err(DateError::TwoDigitYear { value: value() }));
    }
    if m > 12 && (1..=12).contains(&d) {
        return Some(Err(DateError::DayMonthOrder {
            value: value(),
            first: m,
        }));
    }
    let y: i32 = y.parse().ok()?;
    Some(NaiveDate::from_ymd_opt(y, m, d).ok_or(DateError::NoSuchDay { value: value() }))
}

/// Whether the part after the date looks like a time of day (00:00:00, 0:00, 00:00:00.000).
fn is_time(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty() && s.contains(':') && s.bytes().all(|b| b.is_ascii_digit() || b == b':' || b == b'.')
}

/// Parses a date in the formats import files use: `YYYY-MM-DD`, `YYYY/MM/DD`,
/// `YYYY.MM.DD`, `YYYYMMDD`, `YYYY年M月D日` (日 optional), 信用中国's
/// `MM/DD/YYYY` and `M/D/YYYY`, single-digit month and day, an optional trailing
/// time (`" 00:00:00"`, `"T00:00:00"`), full-width digits; 长期 / 長期 / 永久 give
/// [`LONG_TERM`]. A slash date that reads as day/month/year (`29/03/2018`) or has
/// a two-digit year (`03/29/18`) is refused, not guessed.
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
    if let Some(parsed) = month_first(date, s.trim()) {
        return parsed;
    }
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

/// Day 0 of the Excel 1900 date system for serials after its fake 1900-02-29 (serial 60).
const EXCEL_EPOCH: NaiveDate = match NaiveDate::from_ymd_opt(1899, 12, 30) {
    Some(d) => d,
    None => panic!("1899-12-30 is a valid date"),
};

/// An Excel (1900 system) serial day number written as text, as files saved
/// from spreadsheets carry dates: `43188` → 2018-03-29; `43188.0` and `43188.5`
/// (a time fraction) give the same day. Only 5 integer digits, 10000
/// (1927-05-18) to 99999: a `YYYYMMDD` date is never read as a serial, nor a
/// bare year such as `2018` (which is no date at all and is refused as
/// written). Anything else is `None`: the caller then reads the text as a
/// written date.
pub fn excel_serial_date(text: &str) -> Option<NaiveDate> {
    let folded = fold_width(text);
    let text = folded.trim();
    // A time-of-day fraction does not change the day.
    let int_part = match text.split_once('.') {
        Some((i, f)) if all_digits(f) => i,
        Some(_) => return None,
        None => text,
    };
    if int_part.len() != 5 || !all_digits(int_part) {
        return None;
    }
    let serial: u32 = int_part.parse().ok()?;
    EXCEL_EPOCH.checked_add_days(chrono::Days::new(u64::from(serial)))
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
        let msg = parse_national_date("05-03-2024").unwrap_err().to_string();
        assert!(msg.contains("05-03-2024") && msg.contains("YYYY-MM-DD"), "{msg}");
        assert!(msg.contains("MM/DD/YYYY"), "{msg}");
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

    #[test]
    fn credit_china_month_day_year() {
        for text in [
            "03/29/2018",
            "3/29/2018",
            "03/29/2018 00:00:00",
            "3/29/2018 14:05",
            "０３/２９/２０１８",
        ] {
            assert_eq!(parse_national_date(text), Ok(d(2018, 3, 29)), "{text}");
        }
        // Month first, as 信用中国 writes it, also when both parts are ≤ 12.
        assert_eq!(parse_national_date("05/03/2024"), Ok(d(2024, 5, 3)));
        assert_eq!(parse_national_date("1/2/2024"), Ok(d(2024, 1, 2)));
        assert_eq!(parse_national_date("12/31/2099"), Ok(LONG_TERM));
        assert_eq!(
            parse_national_date("02/30/2024"),
            Err(DateError::NoSuchDay {
                value: "02/30/2024".into()
            })
        );
        assert_eq!(
            parse_national_date("13/13/2024"),
            Err(DateError::NoSuchDay {
                value: "13/13/2024".into()
            })
        );
        // Other separators are not read month-first.
        assert!(matches!(
            parse_national_date("03-29-2018"),
            Err(DateError::Unrecognised { .. })
        ));
        assert!(matches!(
            parse_national_date("03/29/2018/1"),
            Err(DateError::Unrecognised { .. })
        ));
    }

    #[test]
    fn day_month_order_and_two_digit_years_are_refused_not_guessed() {
        let e = parse_national_date("29/03/2018").unwrap_err();
        assert_eq!(
            e,
            DateError::DayMonthOrder {
                value: "29/03/2018".into(),
                first: 29
            }
        );
        let msg = e.to_string();
        assert!(
            msg.contains("29/03/2018") && msg.contains("日/月/年") && msg.contains("29 大于12"),
            "{msg}"
        );
        assert!(matches!(
            parse_national_date("13/1/2024 00:00"),
            Err(DateError::DayMonthOrder { first: 13, .. })
        ));
        for text in ["03/29/18", "3/5/24", "29/03/18"] {
            assert_eq!(
                parse_national_date(text),
                Err(DateError::TwoDigitYear { value: text.into() }),
                "{text}"
            );
        }
        let msg = parse_national_date("03/29/18").unwrap_err().to_string();
        assert!(msg.contains("03/29/18") && msg.contains("两位"), "{msg}");
    }

    #[test]
    fn excel_serial_days() {
        assert_eq!(excel_serial_date("43188"), Some(d(2018, 3, 29)));
        assert_eq!(excel_serial_date("43188.0"), Some(d(2018, 3, 29)));
        assert_eq!(excel_serial_date(" 43188.5 "), Some(d(2018, 3, 29)));
        assert_eq!(excel_serial_date("４３１８８"), Some(d(2018, 3, 29)));
        assert_eq!(excel_serial_date("45658"), Some(d(2025, 1, 1)));
        assert_eq!(excel_serial_date("10000"), Some(d(1927, 5, 18)));
        assert_eq!(excel_serial_date("73050"), Some(LONG_TERM));
        // A bare year, or a small number, is no serial: it is refused as a written date.
        for text in [
            "2018",
            "60",
            "1",
            "0",
            "0.5",
            "",
            "  ",
            "20180329",
            "100000",
            "-1",
            "43188.",
            "43188.5.1",
            "4318 8",
            "1e4",
            "2018-03-29",
            "43188天",
        ] {
            assert_eq!(excel_serial_date(text), None, "{text}");
        }
    }
}
