//! Masking of personal data before it is shown (DOMAIN.md, "Privacy").

use super::script::fold_width;

/// Masks an identity document number, counting characters (not bytes):
/// 11 characters or more keep the first 6 and the last 4 (`110105********002X`);
/// 5–10 characters keep the first 2 and the last 2; shorter ones are all `*`.
/// The number is first trimmed, folded to half-width and upper-cased (ASCII), so
/// `…002x` and `…002X` are shown alike. Masking is by position, so a number a
/// list already masked differently (`432930****0278215`) is re-masked to the
/// same rule (`432930*******8215`) and never shows more than 6 + 4 characters.
pub fn mask_id_number(s: &str) -> String {
    let chars: Vec<char> = fold_width(s).trim().chars().map(|c| c.to_ascii_uppercase()).collect();
    let n = chars.len();
    let (head, tail) = match n {
        11.. => (6, 4),
        5..=10 => (2, 2),
        _ => (0, 0),
    };
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| if i < head || i >= n - tail { c } else { '*' })
        .collect()
}

/// Whether `s` is an identity number as published lists give it, already
/// masked (`432930****0278215`, `110105********002X`, `4329**********1234`):
/// 15–18 characters (after trimming and folding full-width), only digits, `X`/`x`
/// and `*`, at least one `*` and at least 4 visible characters.
pub fn is_masked_id(s: &str) -> bool {
    let folded = fold_width(s);
    let text = folded.trim();
    let n = text.chars().count();
    let stars = text.chars().filter(|&c| c == '*').count();
    (15..=18).contains(&n)
        && text.chars().all(|c| c.is_ascii_digit() || matches!(c, 'X' | 'x' | '*'))
        && stars >= 1
        && n - stars >= 4
}

/// Masks a phone number, counting its digits only (separators are dropped).
/// An 11-digit mobile number (starting with 1, optionally preceded by +86/86)
/// keeps its first 3 and last 4 digits (`138****5678`); any other number keeps
/// only its last 2 digits; a number of 2 digits or fewer is all `*`.
pub fn mask_phone(s: &str) -> String {
    let mut digits: Vec<char> = s.chars().filter(char::is_ascii_digit).collect();
    if digits.len() == 13 && digits.starts_with(&['8', '6', '1']) {
        digits.drain(..2);
    }
    let n = digits.len();
    let (head, tail) = if n == 11 && digits[0] == '1' {
        (3, 4)
    } else if n > 2 {
        (0, 2)
    } else {
        (0, 0)
    };
    digits
        .iter()
        .enumerate()
        .map(|(i, &c)| if i < head || i >= n - tail { c } else { '*' })
        .collect()
}

/// Masks an e-mail address: the first character of the local part and the
/// whole domain stay (`l***@example.com`); anything without `@` is all `*`.
pub fn mask_email(s: &str) -> String {
    match s.trim().split_once('@') {
        Some((local, domain)) if !local.is_empty() => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        _ => "*".repeat(s.trim().chars().count().min(8)),
    }
}

/// Masks a person's name: the first character stays (`李*`, `欧**`).
pub fn mask_name(s: &str) -> String {
    s.trim()
        .chars()
        .enumerate()
        .map(|(i, c)| if i == 0 { c } else { '*' })
        .collect()
}

/// What [`mask_free_text`] did to a text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MaskedText {
    pub text: String,
    /// Resident ID numbers (18-digit, or 15-digit first-generation) masked.
    pub id_numbers: usize,
    /// Mobile numbers masked.
    pub mobiles: usize,
}

impl MaskedText {
    pub fn changed(&self) -> bool {
        self.id_numbers + self.mobiles > 0
    }
}

/// The value of an ASCII or full-width digit.
fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

fn is_digit(c: Option<&char>) -> bool {
    c.is_some_and(|&c| digit_value(c).is_some())
}

fn is_letter(c: Option<&char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, 'Ａ'..='Ｚ' | 'ａ'..='ｚ'))
}

/// A date written as digits (`YYYYMMDD`), plausible as a birth date.
fn birth_date_digits(digits: &[u32]) -> bool {
    let n = digits.iter().fold(0u32, |n, d| n * 10 + d);
    let (y, m, d) = (n / 10_000, n / 100 % 100, n % 100);
    (1880..=2099).contains(&y) && chrono::NaiveDate::from_ymd_opt(y as i32, m, d).is_some()
}

/// Screens free text (违法事实, 处罚内容, 备注, 许可内容 …) before it is
/// published: a resident ID number in it keeps its first 6 and last 4
/// characters (`110105********0029`), a mobile number its first 3 and last 4
/// digits (`138****5678`), as the national standard asks of personal data.
///
/// Only whole numbers are touched, so document numbers, amounts and codes are
/// not mangled: a run of digits counts only when no digit (nor a decimal point
/// or thousands comma between digits) continues it on either side. An ID is
/// 18 characters (17 digits and a digit or `X`) or 15 digits, with a real
/// birth date where GB 11643 puts it (which all-digit USCCs and 15-digit
/// business registration numbers lack); a mobile is `1[3-9]` and 9 more digits,
/// written whole, as `138-1234-5678` / `138 1234 5678`, or after `+86`.
/// Full-width digits count as digits.
pub fn mask_free_text(text: &str) -> MaskedText {
    // Most cells hold fewer digits than the shortest number masked (11): no
    // copy of their characters is made.
    if text.chars().filter(|&c| digit_value(c).is_some()).nth(10).is_none() {
        return MaskedText {
            text: text.to_string(),
            ..MaskedText::default()
        };
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = chars.clone();
    let mut result = MaskedText::default();
    let number_sep = |c: Option<&char>| c.is_some_and(|c| matches!(c, '.' | ',' | '，' | '．'));
    let mut i = 0;
    while i < chars.len() {
        if digit_value(chars[i]).is_none() || (i > 0 && is_digit(chars.get(i - 1))) {
            i += 1;
            continue;
        }
        let mut j = i;
        while is_digit(chars.get(j)) {
            j += 1;
        }
        let before = i.checked_sub(1).and_then(|k| chars.get(k));
        let before2 = i.checked_sub(2).and_then(|k| chars.get(k));
        let continues_before = number_sep(before) && is_digit(before2);
        let continues_after = |end: usize| number_sep(chars.get(end)) && is_digit(chars.get(end + 1));
        let digits: Vec<u32> = chars[i..j].iter().filter_map(|&c| digit_value(c)).collect();
        let len = j - i;
        if continues_before {
            i = j;
            continue;
        }
        // 17 digits and an X: the check character of an ID.
        let x_end = (len == 17 && matches!(chars.get(j), Some('X' | 'x' | 'Ｘ' | 'ｘ'))).then_some(j + 1);
        let id_end = match (len, x_end) {
            (17, Some(end)) if birth_date_digits(&digits[6..14]) => Some(end),
            (18, _) if birth_date_digits(&digits[6..14]) => Some(j),
            (15, _) => {
                let mut date = vec![1, 9];
                date.extend_from_slice(&digits[6..12]);
                birth_date_digits(&date).then_some(j)
            }
            _ => None,
        };
        if let Some(end) = id_end.filter(|&end| {
            !is_letter(chars.get(end)) && !is_digit(chars.get(end)) && !continues_after(end) && !is_letter(before)
        }) {
            let n = end - i;
            for c in &mut out[i + 6..i + n - 4] {
                *c = '*';
            }
            result.id_numbers += 1;
            i = end;
            continue;
        }
        // A mobile number: its 11 digits' positions in the text.
        let mobile: Option<Vec<usize>> = if len == 11 && !continues_after(j) {
            Some((i..j).collect())
        } else if len == 13 && digits[..2] == [8, 6] && before == Some(&'+') && !continues_after(j) {
            Some((i + 2..j).collect())
        } else if len == 3 {
            // 138-1234-5678 or 138 1234 5678 (one separator, used twice).
            let sep = chars.get(j).copied().filter(|c| matches!(c, '-' | ' '));
            let group = |from: usize| (from..from + 4).all(|k| is_digit(chars.get(k)));
            match sep {
                Some(sep)
                    if group(j + 1)
                        && chars.get(j + 5) == Some(&sep)
                        && group(j + 6)
                        && !is_digit(chars.get(j + 10))
                        && !continues_after(j + 10) =>
                {
                    Some((i..j).chain(j + 1..j + 5).chain(j + 6..j + 10).collect())
                }
                _ => None,
            }
        } else {
            None
        };
        if let Some(positions) = mobile {
            let first = digit_value(chars[positions[0]]);
            let second = digit_value(chars[positions[1]]);
            if first == Some(1) && second.is_some_and(|d| (3..=9).contains(&d)) {
                for &k in &positions[3..7] {
                    out[k] = '*';
                }
                result.mobiles += 1;
                i = positions[10] + 1;
                continue;
            }
        }
        i = j;
    }
    result.text = out.into_iter().collect();
    result
}

/// [`mask_free_text`] over a record's stored national columns (name, value):
/// the columns with the free-text ones masked, or `None` when nothing was
/// masked. For records stored before free text was screened at validation.
pub fn mask_free_text_columns(columns: &[(String, String)]) -> Option<Vec<(String, String)>> {
    let mut changed = false;
    let masked = columns
        .iter()
        .map(|(name, value)| {
            if super::national_columns::FREE_TEXT_COLUMNS.contains(&name.as_str()) {
                let m = mask_free_text(value);
                changed |= m.changed();
                (name.clone(), m.text)
            } else {
                (name.clone(), value.clone())
            }
        })
        .collect();
    changed.then_some(masked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_text_ids_and_mobiles_are_masked() {
        let m = mask_free_text("当事人张某（身份证号110105194912310029，电话13812345678）无证经营。");
        assert_eq!(
            m.text,
            "当事人张某（身份证号110105********0029，电话138****5678）无证经营。"
        );
        assert_eq!((m.id_numbers, m.mobiles), (1, 1));
        assert!(m.changed());
        // X check character, either case; a first-generation 15-digit number.
        assert_eq!(
            mask_free_text("号码11010519491231002X。").text,
            "号码110105********002X。"
        );
        assert_eq!(mask_free_text("号码11010519491231002x").text, "号码110105********002x");
        assert_eq!(mask_free_text("旧证110105491231002").text, "旧证110105*****1002");
        // Written with separators, after +86, in full-width digits.
        assert_eq!(mask_free_text("联系138-1234-5678").text, "联系138-****-5678");
        assert_eq!(mask_free_text("联系138 1234 5678。").text, "联系138 **** 5678。");
        assert_eq!(mask_free_text("联系电话 139-1234-5678").text, "联系电话 139-****-5678");
        assert_eq!(mask_free_text("+8613812345678").text, "+86138****5678");
        assert_eq!(
            mask_free_text("电话：１３８１２３４５６７８").text,
            "电话：１３８****５６７８"
        );
        // Several in one text; masking twice changes nothing.
        let twice = mask_free_text("13912345678、15012345678");
        assert_eq!(twice.text, "139****5678、150****5678");
        assert_eq!(twice.mobiles, 2);
        assert_eq!(mask_free_text(&twice.text).text, twice.text);
        assert!(!mask_free_text(&twice.text).changed());
    }

    #[test]
    fn stored_columns_are_screened_only_in_free_text() {
        let cols = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
        };
        let stored = cols(&[
            ("证件号码", "110105********0029"),
            ("违法事实", "电话13812345678"),
            ("行政处罚决定书文号", "13812345678"),
        ]);
        assert_eq!(
            mask_free_text_columns(&stored),
            Some(cols(&[
                ("证件号码", "110105********0029"),
                ("违法事实", "电话138****5678"),
                ("行政处罚决定书文号", "13812345678")
            ]))
        );
        assert_eq!(mask_free_text_columns(&cols(&[("违法事实", "无")])), None);
    }

    #[test]
    fn numbers_that_are_not_ids_or_mobiles_are_left_alone() {
        for text in [
            // Document numbers, dates, amounts.
            "嘉市监罚〔2026〕12号，2026年3月2日",
            "罚款13812345678.00元",
            "金额1,381,234,567元",
            "共计0.13812345678万元",
            // An all-digit USCC (no birth date where an ID has one).
            "统一社会信用代码913101151324074865",
            // A 15-digit business registration number, a 20-digit account,
            // 12 or 10 digits, a landline, a number starting 12.
            "注册号620200000012345",
            "账号62220212345678901234",
            "编号138123456789",
            "编号1381234567",
            "电话0937-6221234",
            "编号12812345678",
            // Digits continuing an ID-shaped run: part of a longer code.
            "1101051949123100291",
            "11010519491231002X9",
            "ABC110105194912310029",
            "",
        ] {
            let m = mask_free_text(text);
            assert_eq!(m.text, text, "{text}");
            assert!(!m.changed(), "{text}");
        }
    }

    #[test]
    fn resident_id_keeps_first_6_and_last_4() {
        assert_eq!(mask_id_number("11010519491231002X"), "110105********002X");
        assert_eq!(mask_id_number(" 440524188001010014 "), "440524********0014");
        // Shown alike however the file wrote the check character.
        assert_eq!(mask_id_number("11010519491231002x"), "110105********002X");
        // 15-digit first-generation number.
        assert_eq!(mask_id_number("110105491231002"), "110105*****1002");
        // Exactly 11 characters: one masked.
        assert_eq!(mask_id_number("ABCDEFGHIJK"), "ABCDEF*HIJK");
    }

    #[test]
    fn medium_numbers_keep_2_and_2() {
        // A passport number.
        assert_eq!(mask_id_number("E12345678"), "E1*****78");
        assert_eq!(mask_id_number("1234567890"), "12******90");
        assert_eq!(mask_id_number("12345"), "12*45");
    }

    #[test]
    fn short_numbers_are_fully_masked() {
        assert_eq!(mask_id_number("1234"), "****");
        assert_eq!(mask_id_number(""), "");
    }

    #[test]
    fn counts_characters_not_bytes() {
        assert_eq!(mask_id_number("港澳通行证号码一二三"), "港澳******二三");
        assert_eq!(
            mask_id_number("１１０１０５１９４９１２３１００２Ｘ").chars().count(),
            18
        );
    }

    #[test]
    fn mobile_numbers() {
        assert_eq!(mask_phone("13812345678"), "138****5678");
        assert_eq!(mask_phone("138-1234-5678"), "138****5678");
        assert_eq!(mask_phone("+86 138 1234 5678"), "138****5678");
    }

    #[test]
    fn other_numbers_keep_last_2() {
        assert_eq!(mask_phone("0571-87654321"), "**********21");
        assert_eq!(mask_phone("87654321"), "******21");
        // 11 digits not starting with 1 is a landline with area code.
        assert_eq!(mask_phone("02112345678"), "*********78");
        assert_eq!(mask_phone("12"), "**");
        assert_eq!(mask_phone("无"), "");
    }

    #[test]
    fn emails_and_names_keep_only_a_hint() {
        assert_eq!(mask_email("lisi@example.com"), "l***@example.com");
        assert_eq!(mask_email("nonsense"), "********");
        assert_eq!(mask_name("李四"), "李*");
        assert_eq!(mask_name("欧阳娜娜"), "欧***");
    }

    #[test]
    fn masked_ids_of_published_lists_are_recognised() {
        for s in [
            "432930****0278215",
            "110105********002X",
            "110105********002x",
            "4329**********1234",
            "43293019********",
            " 110105********002X ",
            "１１０１０５＊＊＊＊＊＊＊＊００２Ｘ",
            "110105*****1002",
        ] {
            assert!(is_masked_id(s), "{s}");
        }
        for s in [
            // No mask at all: a full number.
            "11010519491231002X",
            // Too few visible characters.
            "***************123",
            "******************",
            // Wrong lengths.
            "1101****002X",
            "110105********002X1",
            // Other characters.
            "110105####****002X",
            "110105 *******002X",
            "E1*****78",
            "",
        ] {
            assert!(!is_masked_id(s), "{s}");
        }
    }

    #[test]
    fn re_masking_never_reveals_more_than_6_and_4() {
        assert_eq!(mask_id_number("432930****0278215"), "432930*******8215");
        assert_eq!(mask_id_number("110105********002X"), "110105********002X");
        assert_eq!(mask_id_number("4329**********1234"), "4329**********1234");
        assert_eq!(mask_id_number("110105********002x"), "110105********002X");
        for s in ["432930****0278215", "1101051949123*****", "43293019********"] {
            let masked = mask_id_number(s);
            let n = masked.chars().count();
            let shown: Vec<(usize, char)> = masked.chars().enumerate().filter(|(_, c)| *c != '*').collect();
            assert!(shown.iter().all(|(i, _)| *i < 6 || *i >= n - 4), "{s} → {masked}");
            // Masking twice changes nothing.
            assert_eq!(mask_id_number(&masked), masked);
        }
    }
}
