//! Money. Files give amounts in 万元 with up to 6 decimals, which is exactly one
//! fen (0.000001 万元 = 0.01 元); the portal stores integer fen, never floats.
//! Real files also write 元 (`罚款金额(元)`, `5000元`, `￥5,000.00`): the unit
//! comes from the header or the cell, and an amount with neither is refused,
//! never guessed.

use std::fmt;

use thiserror::Error;

use super::script::{fold_width, to_simplified};

/// Fen in one 万元 (10,000 元 × 100 fen).
pub const FEN_PER_WAN_YUAN: i64 = 1_000_000;
/// Decimals a 万元 amount may have.
pub const MAX_DECIMALS: usize = 6;
/// Fen in one 元.
pub const FEN_PER_YUAN: i64 = 100;
/// Decimals a 元 amount may have (0.01 元 is 1 fen).
pub const MAX_YUAN_DECIMALS: usize = 2;

/// The unit an amount is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AmountUnit {
    Yuan,
    WanYuan,
}

impl AmountUnit {
    /// Reads a unit as headers and cells write it: `元`, `人民币元`, `万元`,
    /// `萬元`, `万` (full-width, Traditional and surrounding brackets folded).
    pub fn from_label(text: &str) -> Option<AmountUnit> {
        let text = to_simplified(&fold_width(text));
        let text = text.trim();
        let text = text
            .strip_prefix('(')
            .and_then(|t| t.strip_suffix(')'))
            .unwrap_or(text)
            .trim();
        match text {
            "元" | "人民币元" | "人民币(元)" => Some(AmountUnit::Yuan),
            "万元" | "万" | "人民币万元" | "人民币(万元)" => Some(AmountUnit::WanYuan),
            _ => None,
        }
    }

    /// `元` or `万元`.
    pub fn label(self) -> &'static str {
        match self {
            AmountUnit::Yuan => "元",
            AmountUnit::WanYuan => "万元",
        }
    }

    /// Fen in one of this unit.
    pub fn fen_per_unit(self) -> i64 {
        match self {
            AmountUnit::Yuan => FEN_PER_YUAN,
            AmountUnit::WanYuan => FEN_PER_WAN_YUAN,
        }
    }

    /// Decimals an amount in this unit may have (both give exactly 1 fen).
    pub fn max_decimals(self) -> usize {
        match self {
            AmountUnit::Yuan => MAX_YUAN_DECIMALS,
            AmountUnit::WanYuan => MAX_DECIMALS,
        }
    }
}

impl fmt::Display for AmountUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum AmountError {
    #[error("金额为空")]
    Empty,
    #[error("金额“{value}”为负数：金额不能为负")]
    Negative { value: String },
    #[error("金额“{value}”不是数字：应为小数，可带千位分隔符和单位，如 0.5、1,200.000001、5000元 或 4.54万元")]
    NotNumeric { value: String },
    #[error("金额“{value}”的千位分隔符位置不对：逗号只能每三位一个，小数点应为“.”")]
    BadGrouping { value: String },
    #[error("金额“{value}”有{decimals}位小数：万元金额最多6位小数（0.000001万元即1分）")]
    TooManyDecimals { value: String, decimals: usize },
    #[error("金额“{value}”有{decimals}位小数：元金额最多2位小数（0.01元即1分）")]
    TooManyYuanDecimals { value: String, decimals: usize },
    #[error("金额“{value}”过大")]
    Overflow { value: String },
    #[error("金额“{value}”的单位与表头不符：表头单位为{header}，金额后写的是{cell}，无法确定按哪个单位")]
    UnitConflict {
        value: String,
        header: AmountUnit,
        cell: AmountUnit,
    },
    #[error("金额“{value}”未注明单位：表头未写（元）或（万元），金额后也没有单位")]
    NoUnit { value: String },
}

/// Whether an integer part with commas is grouped as `d{1,3}(,ddd)*`.
fn well_grouped(int_part: &str) -> bool {
    let groups: Vec<&str> = int_part.split(',').collect();
    let first_ok = (1..=3).contains(&groups[0].len());
    first_ok && groups[1..].iter().all(|g| g.len() == 3)
}

/// Parses an unsigned decimal (already folded and trimmed, sign handled by the
/// caller) into `unit`'s fen with exact integer arithmetic. `original` is the
/// text named in errors.
fn decimal_to_fen(text: &str, unit: AmountUnit, original: &str) -> Result<i64, AmountError> {
    let value = || original.to_string();
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
    let max_decimals = unit.max_decimals();
    if frac_part.len() > max_decimals {
        let decimals = frac_part.len();
        return Err(match unit {
            AmountUnit::WanYuan => AmountError::TooManyDecimals {
                value: value(),
                decimals,
            },
            AmountUnit::Yuan => AmountError::TooManyYuanDecimals {
                value: value(),
                decimals,
            },
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
    for i in 0..max_decimals {
        let digit = frac_part.as_bytes().get(i).map_or(0, |b| i64::from(b - b'0'));
        frac = frac * 10 + digit;
    }
    whole
        .checked_mul(unit.fen_per_unit())
        .and_then(|w| w.checked_add(frac))
        .ok_or_else(overflow)
}

/// Parses an amount in 万元 into fen: `"0.5"` → 500,000; `"1,200"` →
/// 1,200,000,000; `"0.000001"` → 1. Accepts surrounding spaces, full-width
/// digits and point, and thousands commas; rejects signs other than `+`,
/// exponents, more than 6 decimals, units and empty input.
pub fn parse_wan_yuan_to_fen(s: &str) -> Result<i64, AmountError> {
    let original = s.trim();
    let folded = fold_width(original);
    let text = folded.trim();
    if text.is_empty() {
        return Err(AmountError::Empty);
    }
    let text = match text.strip_prefix('-') {
        Some(_) => {
            return Err(AmountError::Negative {
                value: original.to_string(),
            })
        }
        None => text.strip_prefix('+').unwrap_or(text),
    };
    decimal_to_fen(text, AmountUnit::WanYuan, original)
}

/// Strips one leading `+` (returning whether it did); a `-` is refused.
fn strip_sign<'t>(text: &'t str, original: &str) -> Result<(&'t str, bool), AmountError> {
    if text.starts_with('-') {
        return Err(AmountError::Negative {
            value: original.to_string(),
        });
    }
    Ok(match text.strip_prefix('+') {
        Some(rest) => (rest.trim_start(), true),
        None => (text, false),
    })
}

/// Currency signs a cell may start with; they say 元 unless the cell ends in 万元.
const CURRENCY_PREFIXES: [&str; 4] = ["￥", "¥", "人民币", "RMB"];
/// Units a cell may end with, longest first.
const CELL_UNITS: [(&str, AmountUnit); 5] = [
    ("人民币万元", AmountUnit::WanYuan),
    ("人民币元", AmountUnit::Yuan),
    ("万元", AmountUnit::WanYuan),
    ("万", AmountUnit::WanYuan),
    ("元", AmountUnit::Yuan),
];

/// Parses an amount as real files write it into fen, in the unit the header
/// names (`header_unit`) or the cell writes: `4.54万元` → 4,540,000;
/// `5000元`, `5000.00 元`, `￥5,000.00` → 500,000; `3,000.00` under a 元 header
/// → 300,000; full-width digits. A leading ￥/¥ means 元 unless the cell ends in
/// 万元. A cell unit that disagrees with the header's is [`AmountError::UnitConflict`];
/// an amount with no unit anywhere is [`AmountError::NoUnit`], never a guess.
/// 元 allows 2 decimals and 万元 6 (both exactly 1 fen); no floats are involved.
pub fn parse_amount_to_fen(raw: &str, header_unit: Option<AmountUnit>) -> Result<i64, AmountError> {
    let original = raw.trim();
    let folded = to_simplified(&fold_width(original));
    let text = folded.trim();
    if text.is_empty() {
        return Err(AmountError::Empty);
    }
    // A sign may stand before or after a currency sign (`-￥5`, `￥-5`), once.
    let (text, signed) = strip_sign(text, original)?;
    let (text, currency_sign) = match CURRENCY_PREFIXES.iter().find_map(|p| text.strip_prefix(p)) {
        Some(rest) if signed => (rest.trim_start(), true),
        Some(rest) => (strip_sign(rest.trim_start(), original)?.0, true),
        None => (text, false),
    };
    let mut text = text.trim();
    let mut cell_unit = None;
    if let Some((rest, unit)) = CELL_UNITS
        .iter()
        .find_map(|(suffix, unit)| text.strip_suffix(suffix).map(|rest| (rest, *unit)))
    {
        cell_unit = Some(unit);
        text = rest.trim_end();
    }
    if currency_sign && cell_unit.is_none() {
        cell_unit = Some(AmountUnit::Yuan);
    }
    if text.is_empty() {
        return Err(AmountError::NotNumeric {
            value: original.to_string(),
        });
    }
    let unit = match (header_unit, cell_unit) {
        (Some(header), Some(cell)) if header != cell => {
            return Err(AmountError::UnitConflict {
                value: original.to_string(),
                header,
                cell,
            })
        }
        (Some(unit), _) | (None, Some(unit)) => unit,
        (None, None) => {
            // Say the value is not a number before saying it has no unit.
            return match decimal_to_fen(text, AmountUnit::WanYuan, original) {
                Err(e @ (AmountError::NotNumeric { .. } | AmountError::BadGrouping { .. })) => Err(e),
                _ => Err(AmountError::NoUnit {
                    value: original.to_string(),
                }),
            };
        }
    };
    decimal_to_fen(text, unit, original)
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

    #[test]
    fn unit_labels() {
        assert_eq!(AmountUnit::from_label("元"), Some(AmountUnit::Yuan));
        assert_eq!(AmountUnit::from_label("人民币元"), Some(AmountUnit::Yuan));
        assert_eq!(AmountUnit::from_label("（元）"), Some(AmountUnit::Yuan));
        assert_eq!(AmountUnit::from_label("万元"), Some(AmountUnit::WanYuan));
        assert_eq!(AmountUnit::from_label("萬元"), Some(AmountUnit::WanYuan));
        assert_eq!(AmountUnit::from_label(" 万 "), Some(AmountUnit::WanYuan));
        assert_eq!(AmountUnit::from_label("(万元)"), Some(AmountUnit::WanYuan));
        assert_eq!(AmountUnit::from_label("美元"), None);
        assert_eq!(AmountUnit::from_label("统一社会信用代码"), None);
        assert_eq!(AmountUnit::from_label(""), None);
        assert_eq!(AmountUnit::WanYuan.to_string(), "万元");
    }

    #[test]
    fn amounts_as_real_files_write_them() {
        let yuan = Some(AmountUnit::Yuan);
        let wan = Some(AmountUnit::WanYuan);
        assert_eq!(parse_amount_to_fen("4.54万元", None), Ok(4_540_000));
        assert_eq!(parse_amount_to_fen("4.54萬元", None), Ok(4_540_000));
        assert_eq!(parse_amount_to_fen("4.54万", None), Ok(4_540_000));
        assert_eq!(parse_amount_to_fen("5000元", None), Ok(500_000));
        assert_eq!(parse_amount_to_fen("5000.00 元", None), Ok(500_000));
        assert_eq!(parse_amount_to_fen("￥5,000.00", None), Ok(500_000));
        assert_eq!(parse_amount_to_fen("¥5,000.00", yuan), Ok(500_000));
        assert_eq!(parse_amount_to_fen("人民币5000元", None), Ok(500_000));
        assert_eq!(parse_amount_to_fen("￥4.5万元", None), Ok(4_500_000));
        assert_eq!(parse_amount_to_fen("3,000.00", yuan), Ok(300_000));
        assert_eq!(parse_amount_to_fen("3,000.00", wan), Ok(3_000_000_000));
        assert_eq!(parse_amount_to_fen("５０００元", None), Ok(500_000));
        assert_eq!(parse_amount_to_fen("１，０００．５０", yuan), Ok(100_050));
        assert_eq!(parse_amount_to_fen(" +200 元 ", None), Ok(20_000));
        // A unit in the cell that agrees with the header is fine.
        assert_eq!(parse_amount_to_fen("5000元", yuan), Ok(500_000));
        assert_eq!(parse_amount_to_fen("0.5万元", wan), Ok(500_000));
        assert_eq!(parse_amount_to_fen("0.000001", wan), Ok(1));
        assert_eq!(parse_amount_to_fen("0.01", yuan), Ok(1));
    }

    #[test]
    fn yuan_and_wan_yuan_are_the_same_fen_exactly() {
        // 1,150,000 元 is 115 万元.
        let from_yuan = parse_amount_to_fen("1,150,000 元", None).unwrap();
        let from_wan = parse_amount_to_fen("115", Some(AmountUnit::WanYuan)).unwrap();
        assert_eq!(from_yuan, 115_000_000);
        assert_eq!(from_yuan, from_wan);
        assert_eq!(format_fen_as_wan_yuan(from_yuan), "115");
        // No float rounding: 0.07 元 and 1.15 万元.
        assert_eq!(parse_amount_to_fen("0.07元", None), Ok(7));
        assert_eq!(parse_amount_to_fen("1.15万元", None), Ok(1_150_000));
        assert_eq!(
            parse_amount_to_fen("45400元", None),
            parse_amount_to_fen("4.54万元", None)
        );
    }

    #[test]
    fn units_that_disagree_are_refused_naming_both() {
        let e = parse_amount_to_fen("5000元", Some(AmountUnit::WanYuan)).unwrap_err();
        assert_eq!(
            e,
            AmountError::UnitConflict {
                value: "5000元".into(),
                header: AmountUnit::WanYuan,
                cell: AmountUnit::Yuan
            }
        );
        let msg = e.to_string();
        assert!(
            msg.contains("5000元") && msg.contains("表头单位为万元") && msg.contains("写的是元"),
            "{msg}"
        );
        assert!(matches!(
            parse_amount_to_fen("4.54万元", Some(AmountUnit::Yuan)),
            Err(AmountError::UnitConflict {
                header: AmountUnit::Yuan,
                cell: AmountUnit::WanYuan,
                ..
            })
        ));
        // A currency sign says 元.
        assert!(matches!(
            parse_amount_to_fen("￥5,000.00", Some(AmountUnit::WanYuan)),
            Err(AmountError::UnitConflict { .. })
        ));
    }

    #[test]
    fn an_amount_without_any_unit_is_never_guessed() {
        let e = parse_amount_to_fen("3,000.00", None).unwrap_err();
        assert_eq!(
            e,
            AmountError::NoUnit {
                value: "3,000.00".into()
            }
        );
        assert!(e
            .to_string()
            .contains("未注明单位：表头未写（元）或（万元），金额后也没有单位"));
        assert!(e.to_string().contains("3,000.00"));
        assert!(matches!(
            parse_amount_to_fen("0", None),
            Err(AmountError::NoUnit { .. })
        ));
        // Something that is not a number says so first.
        assert!(matches!(
            parse_amount_to_fen("五千", None),
            Err(AmountError::NotNumeric { .. })
        ));
        assert!(matches!(
            parse_amount_to_fen("0,5", None),
            Err(AmountError::BadGrouping { .. })
        ));
    }

    #[test]
    fn decimals_are_limited_by_the_unit() {
        let e = parse_amount_to_fen("5000.005元", None).unwrap_err();
        assert_eq!(
            e,
            AmountError::TooManyYuanDecimals {
                value: "5000.005元".into(),
                decimals: 3
            }
        );
        assert!(e.to_string().contains("元金额最多2位小数"), "{e}");
        assert!(matches!(
            parse_amount_to_fen("1.123", Some(AmountUnit::Yuan)),
            Err(AmountError::TooManyYuanDecimals { decimals: 3, .. })
        ));
        assert_eq!(parse_amount_to_fen("1.123456万元", None), Ok(1_123_456));
        assert!(matches!(
            parse_amount_to_fen("1.1234567万元", None),
            Err(AmountError::TooManyDecimals { decimals: 7, .. })
        ));
    }

    #[test]
    fn bad_amounts_with_units_are_refused() {
        assert_eq!(parse_amount_to_fen("  ", None), Err(AmountError::Empty));
        for bad in ["-5000元", "￥-5", "-￥5"] {
            assert!(
                matches!(parse_amount_to_fen(bad, None), Err(AmountError::Negative { .. })),
                "{bad}"
            );
        }
        for bad in [
            "元",
            "万元",
            "￥",
            "5000元元",
            "5000美元",
            "1e3元",
            "5 000元",
            "++5元",
            "5000元整",
        ] {
            assert!(
                matches!(parse_amount_to_fen(bad, None), Err(AmountError::NotNumeric { .. })),
                "{bad}: {:?}",
                parse_amount_to_fen(bad, None)
            );
        }
        assert!(matches!(
            parse_amount_to_fen("99999999999999万元", None),
            Err(AmountError::Overflow { .. })
        ));
        // The old parser still refuses units: its callers have 万元 columns only.
        assert!(matches!(
            parse_wan_yuan_to_fen("5000元"),
            Err(AmountError::NotNumeric { .. })
        ));
    }
}
