//! Unified social credit code (统一社会信用代码, GB 32100-2015).
//!
//! 18 characters from [`CHARSET`]: position 1 is the registration authority,
//! 2 the organisation type, 3–8 the region code, 9–17 the organisation code
//! and 18 the check character.

use thiserror::Error;

use super::script::fold_width;

/// The 31 characters a code may use (no I, O, S, V, Z).
pub const CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Weights of positions 1–17.
const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// Length of a code in characters.
pub const LENGTH: usize = 18;

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum UsccError {
    #[error("统一社会信用代码为空")]
    Empty,
    #[error("统一社会信用代码应为18位，实为{len}位")]
    WrongLength { len: usize },
    #[error("统一社会信用代码第{position}位字符“{ch}”无效：只能使用数字和除 I、O、S、V、Z 以外的大写字母")]
    InvalidChar { ch: char, position: usize },
    #[error("校验位错误：应为 {expected}，实为 {found}")]
    CheckCharMismatch { expected: char, found: char },
}

/// A code that passed validation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidUscc {
    /// Upper-cased, trimmed, half-width.
    pub code: String,
    /// The check character is wrong, but the code has the shape of an early
    /// pilot code (which are real): accepted, and the import report must say so.
    pub pilot_warning: bool,
}

fn value_of(c: char) -> Option<u32> {
    CHARSET.chars().position(|x| x == c).map(|p| p as u32)
}

fn char_of(v: u32) -> char {
    CHARSET.chars().nth(v as usize).expect("value below 31")
}

/// The check character for the first 17 characters of a code, or `None` when
/// the input is not exactly 17 characters of [`CHARSET`] (upper case).
pub fn check_char(first17: &str) -> Option<char> {
    let mut sum = 0u32;
    let mut count = 0usize;
    for (i, c) in first17.chars().enumerate() {
        if i >= WEIGHTS.len() {
            return None;
        }
        sum += value_of(c)? * WEIGHTS[i];
        count += 1;
    }
    if count != WEIGHTS.len() {
        return None;
    }
    Some(char_of((31 - sum % 31) % 31))
}

/// Whether a code that fails the check has the shape of an early pilot code
/// (position 9 is `M` and position 10 a digit, e.g. `91350100M0001TGQXM`).
pub fn is_probable_pilot_code(code: &str) -> bool {
    let chars: Vec<char> = code.chars().collect();
    chars.len() == LENGTH && chars[8] == 'M' && chars[9].is_ascii_digit()
}

/// Whether a character is stray spacing that files carry inside codes: any
/// Unicode white space (ASCII space, tab, NBSP, the ideographic space U+3000 …)
/// and the invisible zero-width space and byte-order mark.
fn is_stray_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}')
}

/// Normalises (full-width → half-width, stray spaces removed anywhere — ASCII
/// spaces, tabs, NBSP, U+3000 —, upper case) and validates a code.
pub fn validate_uscc(input: &str) -> Result<ValidUscc, UsccError> {
    let code: String = fold_width(input)
        .chars()
        .filter(|c| !is_stray_space(*c))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if code.is_empty() {
        return Err(UsccError::Empty);
    }
    let len = code.chars().count();
    if len != LENGTH {
        return Err(UsccError::WrongLength { len });
    }
    if let Some((i, ch)) = code.chars().enumerate().find(|(_, c)| value_of(*c).is_none()) {
        return Err(UsccError::InvalidChar { ch, position: i + 1 });
    }
    let split = code.char_indices().nth(17).map(|(i, _)| i).unwrap_or(code.len());
    let expected = check_char(&code[..split]).expect("17 characters of the charset");
    let found = code[split..].chars().next().expect("18th character");
    if expected == found {
        return Ok(ValidUscc {
            code,
            pilot_warning: false,
        });
    }
    if is_probable_pilot_code(&code) {
        return Ok(ValidUscc {
            code,
            pilot_warning: true,
        });
    }
    Err(UsccError::CheckCharMismatch { expected, found })
}

/// The organisation type named by positions 1–2 (registration authority and type).
pub fn organisation_type(code: &str) -> Option<&'static str> {
    let mut it = code.trim().chars().map(|c| c.to_ascii_uppercase());
    let pair = (it.next()?, it.next()?);
    let label = match pair {
        ('1', '1') => "机关",
        ('1', '2') => "事业单位",
        ('1', '3') => "中央编办直接管理机构编制的群众团体",
        ('1', '9') => "其他机构编制",
        ('2', '1') => "外国常驻新闻机构",
        ('2', '9') => "其他外交",
        ('3', '1') => "律师执业机构",
        ('3', '2') => "公证处",
        ('3', '3') => "基层法律服务所",
        ('3', '4') => "司法鉴定机构",
        ('3', '5') => "仲裁委员会",
        ('3', '9') => "其他司法行政",
        ('4', '1') => "外国旅游部门常驻代表机构",
        ('4', '9') => "其他旅游",
        ('5', '1') => "社会团体",
        ('5', '2') => "民办非企业单位",
        ('5', '3') => "基金会",
        ('5', '9') => "其他民政",
        ('6', '1') => "外国企业常驻代表机构",
        ('6', '2') => "外国企业在中国境内从事生产经营活动",
        ('6', '9') => "其他",
        ('7', '1') => "宗教活动场所",
        ('7', '2') => "宗教院校",
        ('7', '9') => "其他宗教",
        ('8', '1') => "工会",
        ('8', '9') => "其他",
        ('9', '1') => "企业",
        ('9', '2') => "个体工商户",
        ('9', '3') => "农民专业合作社",
        ('A', '1') => "军队事业单位",
        ('A', '9') => "其他军队",
        ('N', '1') => "工会",
        ('N', '2') => "其他",
        _ => return None,
    };
    Some(label)
}

/// Government bodies (机关) hold codes starting with `11`.
pub fn is_government_body(code: &str) -> bool {
    code.trim().starts_with("11")
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALID: [&str; 5] = [
        "91320322MABLP2X24R",
        "913101151324074865",
        "91330000755918469E",
        "91330000717613656P",
        "914101086905876455",
    ];

    #[test]
    fn real_codes_pass_without_warning() {
        for code in VALID {
            let v = validate_uscc(code).unwrap_or_else(|e| panic!("{code}: {e}"));
            assert_eq!(v.code, code);
            assert!(!v.pilot_warning, "{code}");
            let last = code.chars().last().unwrap();
            assert_eq!(check_char(&code[..17]), Some(last));
        }
    }

    #[test]
    fn input_is_normalised() {
        let v = validate_uscc("  91320322mablp2x24r \t").unwrap();
        assert_eq!(v.code, "91320322MABLP2X24R");
        // Full-width characters as pasted from office documents.
        let v = validate_uscc("９１３３００００７５５９１８４６９Ｅ").unwrap();
        assert_eq!(v.code, "91330000755918469E");
        // An ideographic space around it.
        let v = validate_uscc("\u{3000}913101151324074865\u{3000}").unwrap();
        assert_eq!(v.code, "913101151324074865");
    }

    #[test]
    fn pilot_code_is_accepted_with_a_warning() {
        let v = validate_uscc("91350100M0001TGQXM").unwrap();
        assert!(v.pilot_warning);
        assert_eq!(v.code, "91350100M0001TGQXM");
        assert!(is_probable_pilot_code("91350100M0001TGQXM"));
        // The pilot code really fails the check.
        assert_ne!(check_char("91350100M0001TGQX"), Some('M'));
    }

    #[test]
    fn changed_check_char_is_rejected() {
        let err = validate_uscc("913101151324074866").unwrap_err();
        assert_eq!(
            err,
            UsccError::CheckCharMismatch {
                expected: '5',
                found: '6'
            }
        );
        assert_eq!(err.to_string(), "校验位错误：应为 5，实为 6");
        // A changed body character also breaks the check.
        assert!(matches!(
            validate_uscc("91320322MABLP2X25R"),
            Err(UsccError::CheckCharMismatch { .. })
        ));
        // M at position 9 but a letter at 10 is not a pilot shape.
        assert!(matches!(
            validate_uscc("91320322MABLP2X24A"),
            Err(UsccError::CheckCharMismatch { .. })
        ));
    }

    #[test]
    fn wrong_length_is_rejected() {
        assert_eq!(
            validate_uscc("91320322MABLP2X24"),
            Err(UsccError::WrongLength { len: 17 })
        );
        assert_eq!(
            validate_uscc("91320322MABLP2X24RR"),
            Err(UsccError::WrongLength { len: 19 })
        );
        assert_eq!(validate_uscc("   "), Err(UsccError::Empty));
        assert_eq!(validate_uscc("913101151324074865").map(|v| v.code.len()), Ok(18));
        // Spaces inside are stray, not part of the code.
        assert_eq!(
            validate_uscc("9132 0322MABLP2X24R").map(|v| v.code),
            Ok("91320322MABLP2X24R".into())
        );
    }

    #[test]
    fn forbidden_letters_are_named_with_position() {
        for (i, bad) in ['I', 'O', 'S', 'V', 'Z'].into_iter().enumerate() {
            let mut code: Vec<char> = "91320322MABLP2X24R".chars().collect();
            code[10 + i] = bad;
            let code: String = code.into_iter().collect();
            let err = validate_uscc(&code).unwrap_err();
            assert_eq!(
                err,
                UsccError::InvalidChar {
                    ch: bad,
                    position: 11 + i
                }
            );
            assert!(err.to_string().contains(&format!("第{}位", 11 + i)));
        }
        assert_eq!(
            validate_uscc("9132032２MABLP2X24中"),
            Err(UsccError::InvalidChar {
                ch: '中', position: 18
            })
        );
    }

    #[test]
    fn check_char_needs_17_charset_characters() {
        assert_eq!(check_char("91310115132407486"), Some('5'));
        assert_eq!(check_char("9131011513240748"), None);
        assert_eq!(check_char("913101151324074865"), None);
        assert_eq!(check_char("9131011513240748I"), None);
        assert_eq!(check_char("91320322mablp2x24"), None);
    }

    #[test]
    fn organisation_types() {
        assert_eq!(organisation_type("91320322MABLP2X24R"), Some("企业"));
        assert_eq!(organisation_type("11330000002482060X"), Some("机关"));
        assert_eq!(organisation_type("92330100MA2CCCCC1X"), Some("个体工商户"));
        assert_eq!(organisation_type("52330000"), Some("民办非企业单位"));
        assert_eq!(organisation_type("a1"), Some("军队事业单位"));
        assert_eq!(organisation_type("N2"), Some("其他"));
        assert_eq!(organisation_type("99"), None);
        assert_eq!(organisation_type("9"), None);
        assert!(is_government_body("11330000002482060X"));
        assert!(!is_government_body("12330000002482060X"));
        assert!(!is_government_body("91320322MABLP2X24R"));
    }

    #[test]
    fn stray_spaces_inside_are_removed() {
        for input in [
            "9132 0322 MABL P2X2 4R",
            "91320322\u{3000}MABLP2X24R",
            "91320322\u{00A0}MABLP2X24R",
            "91320322\tMABLP2X24R",
            "\u{FEFF}91320322MABLP2X24R\u{200B}",
            " ９１３２０３２２ＭＡＢＬＰ２Ｘ２４Ｒ\r\n",
        ] {
            assert_eq!(
                validate_uscc(input).map(|v| v.code),
                Ok("91320322MABLP2X24R".to_string()),
                "{input:?}"
            );
        }
        // Removing spaces does not make a short code long enough.
        assert_eq!(
            validate_uscc("9132 0322 MABL P2X2 4"),
            Err(UsccError::WrongLength { len: 17 })
        );
        // Other punctuation is still an error, named by position.
        assert!(matches!(
            validate_uscc("91320322-MABLP2X24"),
            Err(UsccError::InvalidChar { ch: '-', position: 9 })
        ));
        assert_eq!(validate_uscc("\u{3000} \t"), Err(UsccError::Empty));
    }
}
