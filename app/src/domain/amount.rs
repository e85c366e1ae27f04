//! Money. Files give amounts in 万元 with up to 6 decimals, which is exactly one
//! fen (0.000001 万元 = 0.01 元); the portal stores integer fen, never floats.

use thiserror::Error;

use super::script::fold_width;

/// Fen in one 万元 (10,000 元 × 100 fen).
pub const FEN_PER_WAN_YUAN: i64 = 1_000_000;
/// Decimals a 万元 amount may have.
pub const MAX_DECIMALS: usize = 6;

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum AmountError {
    #[error("金额为空")]
    Empty,
    #[error("金额“{value}”为负数：金额不能为负")]
    Negative { value: String },
    #[error("金额“{value}”不是数字：应为以万元为单位的小数，如 0.5 或 1,200.000001")]
    NotNumeric { value: String },
    #[error("金额“{value}”的千位分隔符位置不对：逗号只能每三位一个，小数点应为“.”")]
    BadGrouping { value: String },
    #[error("金额“{value}”有{decimals}位小数：万元金额最多6位小数（0.000001万元即1分）")]
    TooManyDecimals { value: String, decimals: usize },
    #[error("金额“{value}”过大")]
    Overflow { value: String },
}

/// Whether an integer part with commas is grouped as `d{1,3}(,ddd)*`.
fn well_grouped(int_part: &str) -> bool {
    let groups: Vec<&str> = int_part.split(',').collect();
    let first_ok = (1..=3).contains(&groups[0].len());
    first_ok && groups[1..].iter().all(|g| g.len() == 3)
}

/// Parses an amount in 万元 into fen: `"0.5"` → 500,000; `"1,200"` →
/// 1,200,000,000; `"0.000001"` → 1. Accepts surrounding spaces, full-width
/// digits and point, and thousands commas; rejects signs other than `+`,
/// exponents, more than 6 decimals and empty input.
pub fn parse_wan_yuan_to_fen(s: &str) -> Result<i64, AmountError> {
    let original = s.trim();
    let folded = fold_width(original);
    let text = folded.trim();
    if text.is_empty() {
        return Err(AmountError::Empty);
    }
    let value = || original.to_string();
    let text = match text.strip_prefix('-') {
        Some(_) => return Err(AmountError::Negative { value: value() }),
        None => text.strip_prefix('+').unwrap_or(text),
    };
    let (int_part, frac_part) = match text.split_once('.') {
        Some((i, f)) => (i, f),
        None => (text, ""),
    };
    let digits_only = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    let int_ok = int_part.bytes().all(|b| b.is_ascii_digit() || b == b',');
    if !int_ok || !digits_only(frac_part) || (int_part.is_empty() && frac_part.is_empty()) {
        return Err(AmountError::NotNumeric { value: value() });
    }
    if int_part.contains(',') && !well_grouped(int_part) {
        return Err(AmountError::BadGrouping { value: value() });
    }
    if frac_part.len() > MAX_DECIMALS {
        return Err(AmountError::TooManyDecimals {
            value: value(),
            decimals: frac_part.len(),
        });
    }
    let overflow = || AmountError::Overflow { value: value() };
    let mut whole: i64 = 0;
    for b in int_part.bytes().filter(u8::is_ascii_digit) {
        whole = whole
            .checked_mul(10)
            .and_then(|w| w.checked_add(i64::from(b - b'0')))
            .ok_or_else(overflow)?;
    }
    let mut frac: i64 = 0;
    for i in 0..MAX_DECIMALS {
        let digit = frac_part.as_bytes().get(i).map_or(0, |b| i64::from(b - b'0'));
        frac = frac * 10 + digit;
    }
    whole
        .checked_mul(FEN_PER_WAN_YUAN)
        .and_then(|w| w.checked_add(frac))
        .ok_or_else(overflow)
}

/// Formats fen as 万元 without trailing zeros: 1,000,000 → "1", 500,000 →
/// "0.5", 1 → "0.000001", 0 → "0".
pub fn format_fen_as_wan_yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    let per = FEN_PER_WAN_YUAN.unsigned_abs();
    let (whole, frac) = (abs / per, abs % per);
    if frac == 0 {
        return format!("{sign}{whole}");
    }
    let frac = format!("{frac:06}");
    format!("{sign}{whole}.{}", frac.trim_end_matches('0'))
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    // The first group has 1–3 digits, every later one exactly 3.
    let first = match digits.len() % 3 {
        0 => 3,
        r => r,
    };
    let (head, rest) = digits.split_at(first.min(digits.len()));
    let mut out = String::from(head);
    for group in rest.as_bytes().chunks(3) {
        out.push(',');
        out.push_str(std::str::from_utf8(group).expect("ASCII digits"));
    }
    out
}

/// Formats fen as 元 with thousands separators and two decimals: 500,000 →
/// "5,000.00".
pub fn format_fen_as_yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}{}.{:02}", group_thousands(abs / 100), abs % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_plain_decimals() {
        assert_eq!(parse_wan_yuan_to_fen("1"), Ok(1_000_000));
        assert_eq!(parse_wan_yuan_to_fen("0.5"), Ok(500_000));
        assert_eq!(parse_wan_yuan_to_fen("0.000001"), Ok(1));
        assert_eq!(parse_wan_yuan_to_fen("0"), Ok(0));
        assert_eq!(parse_wan_yuan_to_fen("0.00"), Ok(0));
        assert_eq!(parse_wan_yuan_to_fen("12.345678"), Ok(12_345_678));
        assert_eq!(parse_wan_yuan_to_fen(" 3.2 "), Ok(3_200_000));
        assert_eq!(parse_wan_yuan_to_fen(".5"), Ok(500_000));
        assert_eq!(parse_wan_yuan_to_fen("5."), Ok(5_000_000));
        assert_eq!(parse_wan_yuan_to_fen("+2"), Ok(2_000_000));
        assert_eq!(parse_wan_yuan_to_fen("007"), Ok(7_000_000));
    }

    #[test]
    fn no_float_rounding() {
        // 0.1 + 0.2 style values are exact.
        assert_eq!(parse_wan_yuan_to_fen("0.3"), Ok(300_000));
        assert_eq!(parse_wan_yuan_to_fen("1.15"), Ok(1_150_000));
        assert_eq!(parse_wan_yuan_to_fen("999999.999999"), Ok(999_999_999_999));
    }

    #[test]
    fn accepts_full_width_and_thousands_commas() {
        assert_eq!(parse_wan_yuan_to_fen("１２．５"), Ok(12_500_000));
        assert_eq!(parse_wan_yuan_to_fen("1,200"), Ok(1_200_000_000));
        assert_eq!(parse_wan_yuan_to_fen("1,234,567.000001"), Ok(1_234_567_000_001));
        assert_eq!(parse_wan_yuan_to_fen("１，２００"), Ok(1_200_000_000));
    }

    #[test]
    fn rejects_bad_input() {
        assert_eq!(parse_wan_yuan_to_fen(""), Err(AmountError::Empty));
        assert_eq!(parse_wan_yuan_to_fen("  "), Err(AmountError::Empty));
        assert_eq!(
            parse_wan_yuan_to_fen("-1"),
            Err(AmountError::Negative { value: "-1".into() })
        );
        assert_eq!(
            parse_wan_yuan_to_fen("0.0000001"),
            Err(AmountError::TooManyDecimals {
                value: "0.0000001".into(),
                decimals: 7
            })
        );
        for bad in [
            "abc", "1e3", "1.2.3", ".", "1 000", "五万", "1,2.5x", "NaN", "0x10", "+",
        ] {
            assert!(
                matches!(parse_wan_yuan_to_fen(bad), Err(AmountError::NotNumeric { .. })),
                "{bad}"
            );
        }
        // A decimal comma must not turn 0,5 万元 into 5 万元.
        assert_eq!(
            parse_wan_yuan_to_fen("0,5"),
            Err(AmountError::BadGrouping { value: "0,5".into() })
        );
        assert!(matches!(
            parse_wan_yuan_to_fen("12,34"),
            Err(AmountError::BadGrouping { .. })
        ));
        assert!(matches!(
            parse_wan_yuan_to_fen(",123"),
            Err(AmountError::BadGrouping { .. })
        ));
        assert!(matches!(
            parse_wan_yuan_to_fen("99999999999999999999"),
            Err(AmountError::Overflow { .. })
        ));
        assert!(matches!(
            parse_wan_yuan_to_fen("10000000000000"),
            Err(AmountError::Overflow { .. })
        ));
    }

    #[test]
    fn messages_are_chinese_and_name_the_value() {
        let e = parse_wan_yuan_to_fen("1.1234567").unwrap_err().to_string();
        assert!(e.contains("1.1234567") && e.contains("7位小数"), "{e}");
    }

    #[test]
    fn formats_wan_yuan_without_trailing_zeros() {
        assert_eq!(format_fen_as_wan_yuan(1_000_000), "1");
        assert_eq!(format_fen_as_wan_yuan(500_000), "0.5");
        assert_eq!(format_fen_as_wan_yuan(1), "0.000001");
        assert_eq!(format_fen_as_wan_yuan(0), "0");
        assert_eq!(format_fen_as_wan_yuan(12_345_678), "12.345678");
        assert_eq!(format_fen_as_wan_yuan(1_200_000_000), "1200");
        assert_eq!(format_fen_as_wan_yuan(-500_000), "-0.5");
    }

    #[test]
    fn formats_yuan_with_separators() {
        assert_eq!(format_fen_as_yuan(500_000), "5,000.00");
        assert_eq!(format_fen_as_yuan(0), "0.00");
        assert_eq!(format_fen_as_yuan(1), "0.01");
        assert_eq!(format_fen_as_yuan(99_999), "999.99");
        assert_eq!(format_fen_as_yuan(100_000), "1,000.00");
        assert_eq!(format_fen_as_yuan(123_456_789_012), "1,234,567,890.12");
        assert_eq!(format_fen_as_yuan(-150), "-1.50");
        assert_eq!(format_fen_as_yuan(i64::MIN), "-92,233,720,368,547,758.08");
    }

    #[test]
    fn round_trips() {
        for fen in [0, 1, 10, 99, 100, 500_000, 1_000_000, 1_234_567, 987_654_321_012] {
            let text = format_fen_as_wan_yuan(fen);
            assert_eq!(parse_wan_yuan_to_fen(&text), Ok(fen), "{text}");
        }
        for text in ["0.5", "1", "0.000001", "12.3", "100000"] {
            let fen = parse_wan_yuan_to_fen(text).unwrap();
            assert_eq!(format_fen_as_wan_yuan(fen), text);
        }
    }
}
