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

#[cfg(test)]
mod tests {
    use super::*;

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
