//! Resident identity card number (公民身份号码, GB 11643-1999): 6-digit region,
//! 8-digit birth date, 3-digit sequence and a check character (0–9 or X).

use chrono::NaiveDate;
use thiserror::Error;

use super::script::fold_width;

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: &[u8; 11] = b"10X98765432";

/// The earliest birth year accepted.
pub const MIN_BIRTH_YEAR: i32 = 1880;

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ResidentIdError {
    #[error("身份证号码为空")]
    Empty,
    #[error("身份证号码应为18位，实为{len}位")]
    WrongLength { len: usize },
    #[error("身份证号码第{position}位字符“{ch}”无效：前17位应为数字")]
    NotDigit { ch: char, position: usize },
    #[error("身份证号码中的出生日期“{text}”不是有效日期")]
    InvalidBirthDate { text: String },
    #[error("身份证号码中的出生年份{year}早于{MIN_BIRTH_YEAR}年")]
    BirthYearTooEarly { year: i32 },
    #[error("身份证号码中的出生日期 {date} 晚于今天 {today}")]
    BirthDateInFuture { date: NaiveDate, today: NaiveDate },
    #[error("校验位错误：应为 {expected}，实为 {found}")]
    CheckCharMismatch { expected: char, found: char },
}

/// The check character for the first 17 digits, or `None` when the input is
/// not exactly 17 ASCII digits.
pub fn check_char(first17: &str) -> Option<char> {
    let bytes = first17.as_bytes();
    if bytes.len() != WEIGHTS.len() || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = bytes.iter().zip(WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
    Some(char::from(CHECK_CHARS[(sum % 11) as usize]))
}

/// The birth date held in digits 7–14 of a validated number.
pub fn birth_date(valid: &str) -> Option<NaiveDate> {
    let text = valid.get(6..14)?;
    NaiveDate::parse_from_str(text, "%Y%m%d").ok()
}

/// Normalises (trim, full-width → half-width, upper-case `x`) and validates a
/// number; returns the normalised number. `today` (China Standard Time, from
/// the injected clock) bounds the birth date: nobody is born tomorrow.
pub fn validate_resident_id(input: &str, today: NaiveDate) -> Result<String, ResidentIdError> {
    let id: String = fold_width(input.trim())
        .trim()
        .chars()
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if id.is_empty() {
        return Err(ResidentIdError::Empty);
    }
    let len = id.chars().count();
    if len != 18 {
        return Err(ResidentIdError::WrongLength { len });
    }
    if let Some((i, ch)) = id.chars().take(17).enumerate().find(|(_, c)| !c.is_ascii_digit()) {
        return Err(ResidentIdError::NotDigit { ch, position: i + 1 });
    }
    // The first 17 characters are ASCII digits, so byte offsets are safe.
    let text = &id[6..14];
    let year: i32 = text[..4].parse().expect("digits");
    let Ok(date) = NaiveDate::parse_from_str(text, "%Y%m%d") else {
        return Err(ResidentIdError::InvalidBirthDate { text: text.to_string() });
    };
    if year < MIN_BIRTH_YEAR {
        return Err(ResidentIdError::BirthYearTooEarly { year });
    }
    if date > today {
        return Err(ResidentIdError::BirthDateInFuture { date, today });
    }
    let expected = check_char(&id[..17]).expect("17 digits");
    let found = id[17..].chars().next().expect("18th character");
    if expected != found {
        return Err(ResidentIdError::CheckCharMismatch { expected, found });
    }
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    #[test]
    fn birth_dates_after_today_are_rejected() {
        // The example: born 2099-12-31, a valid check character.
        assert_eq!(
            validate_resident_id("110105209912310029", today()),
            Err(ResidentIdError::BirthDateInFuture {
                date: NaiveDate::from_ymd_opt(2099, 12, 31).unwrap(),
                today: today(),
            })
        );
        assert_eq!(
            validate_resident_id("110105209912310029", today())
                .unwrap_err()
                .to_string(),
            "身份证号码中的出生日期 2099-12-31 晚于今天 2026-11-27"
        );
        // Born tomorrow: refused; born today: accepted.
        assert!(matches!(
            validate_resident_id("110105202611280020", today()),
            Err(ResidentIdError::BirthDateInFuture { .. })
        ));
        assert_eq!(
            validate_resident_id("110105202611270025", today()).as_deref(),
            Ok("110105202611270025")
        );
    }

    #[test]
    fn real_examples_are_valid() {
        assert_eq!(
            validate_resident_id("11010519491231002X", today()).as_deref(),
            Ok("11010519491231002X")
        );
        assert_eq!(
            validate_resident_id("440524188001010014", today()).as_deref(),
            Ok("440524188001010014")
        );
        assert_eq!(check_char("11010519491231002"), Some('X'));
        assert_eq!(check_char("44052418800101001"), Some('4'));
        assert_eq!(birth_date("11010519491231002X"), NaiveDate::from_ymd_opt(1949, 12, 31));
    }

    #[test]
    fn lower_case_x_and_full_width_are_accepted() {
        assert_eq!(
            validate_resident_id(" 11010519491231002x ", today()).as_deref(),
            Ok("11010519491231002X")
        );
        assert_eq!(
            validate_resident_id("１１０１０５１９４９１２３１００２ｘ", today()).as_deref(),
            Ok("11010519491231002X")
        );
    }

    #[test]
    fn bad_check_character_is_rejected() {
        let err = validate_resident_id("110105194912310021", today()).unwrap_err();
        assert_eq!(
            err,
            ResidentIdError::CheckCharMismatch {
                expected: 'X',
                found: '1'
            }
        );
        assert_eq!(err.to_string(), "校验位错误：应为 X，实为 1");
        assert!(matches!(
            validate_resident_id("440524188001010015", today()),
            Err(ResidentIdError::CheckCharMismatch { expected: '4', .. })
        ));
    }

    #[test]
    fn bad_dates_are_rejected() {
        // 31 November does not exist.
        assert_eq!(
            validate_resident_id("110105194911310020", today()),
            Err(ResidentIdError::InvalidBirthDate {
                text: "19491131".into()
            })
        );
        // 29 February 1949 does not exist (not a leap year).
        assert!(matches!(
            validate_resident_id("110105194902290020", today()),
            Err(ResidentIdError::InvalidBirthDate { .. })
        ));
        // Month 13.
        assert!(matches!(
            validate_resident_id("110105194913010020", today()),
            Err(ResidentIdError::InvalidBirthDate { .. })
        ));
        assert_eq!(
            validate_resident_id("110105187912310020", today()),
            Err(ResidentIdError::BirthYearTooEarly { year: 1879 })
        );
    }

    #[test]
    fn shape_errors() {
        assert_eq!(validate_resident_id("", today()), Err(ResidentIdError::Empty));
        assert_eq!(
            validate_resident_id("11010519491231002", today()),
            Err(ResidentIdError::WrongLength { len: 17 })
        );
        assert_eq!(
            validate_resident_id("110105194912310", today()),
            Err(ResidentIdError::WrongLength { len: 15 })
        );
        assert_eq!(
            validate_resident_id("1101051949123100XX", today()),
            Err(ResidentIdError::NotDigit { ch: 'X', position: 17 })
        );
        assert_eq!(check_char("1101051949123100"), None);
        assert_eq!(check_char("1101051949123100A"), None);
    }
}
