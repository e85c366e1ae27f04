//! Understanding what a user typed in the search box: a decision document
//! number (文号), a full unified social credit code, a fragment of a code or of
//! an identity number (never searched as a code, for privacy), or words; and
//! the other script form of a query, for "did you mean" and the benchmark.

use std::collections::HashMap;
use std::sync::OnceLock;

use app::domain::script::{fold_width, simplified_char};
use app::domain::uscc::{CHARSET, LENGTH};

use super::analysis::{is_cjk, normalise};

/// Brackets dropped from document numbers (after NFKC, which already turns
/// full-width and small forms such as `（` `［` `﹝` into these).
const BRACKETS: &str = "()[]{}<>〔〕【】〖〗〘〙〚〛「」『』《》〈〉（）［］｛｝﹝﹞⦅⦆";

fn is_bracket(c: char) -> bool {
    BRACKETS.contains(c)
}

/// Canonical form of a decision document number, used for the exact-match
/// field at index time and for the query: [`normalise`] (NFKC, Traditional →
/// Simplified, lower case), then brackets of any kind and white space dropped,
/// then a trailing `号` dropped, and a `第` directly before the final number
/// (`字〔2023〕第12号` = `字〔2023〕12号`). Everything else is kept, so
/// `嘉市监罚〔2023〕12号`, `嘉市监罚[2023]12号`, `嘉市監罰（2023）12號` and
/// `嘉市监罚〔2023〕12` are all `嘉市监罚202312`.
pub fn normalise_doc_no(s: &str) -> String {
    let mut out: String = normalise(s)
        .chars()
        .filter(|&c| !is_bracket(c) && !c.is_whitespace())
        .collect();
    if out.ends_with('号') {
        out.pop();
    }
    let digits = out.len() - out.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let head = &out[..out.len() - digits];
    if digits > 0 && head.ends_with('第') {
        let cut = head.len() - '第'.len_utf8();
        out.replace_range(cut..head.len(), "");
    }
    out
}

/// `Some(code)` when `s` (trimmed, full-width folded, upper-cased) has the shape
/// of a unified social credit code: 18 characters of [`CHARSET`]. The check
/// character is not verified: a mistyped or pilot code is still looked up.
pub fn looks_like_uscc(s: &str) -> Option<String> {
    let code = fold_width(s.trim()).trim().to_uppercase();
    (code.chars().count() == LENGTH && code.chars().all(|c| CHARSET.contains(c))).then_some(code)
}

/// Heuristic: does `s` look like a decision document number (文号)? True when,
/// after [`normalise`] and without white space, it
/// * contains a 4-digit year (19xx, 20xx) between brackets of any kind
///   (`嘉市监罚〔2023〕12号`, `XX罚[2024]3`), or
/// * is CJK characters ending in 罚, 许, 字, 决 or 号, then a number (digits,
///   possibly split by `第` or `-`), and an optional `号`
///   (`嘉市监罚202312号`, `浙食药监许字2023第001号`), or
/// * is CJK characters, then a number of at least 5 digits starting with a
///   year, then `号` (`嘉市监处202312号`).
///
/// Names, addresses (`解放路2号`) and violation words (`罚款5000`) are not.
pub fn looks_like_doc_no(s: &str) -> bool {
    let text: Vec<char> = normalise(s).chars().filter(|c| !c.is_whitespace()).collect();
    if text.is_empty() || text.len() > 60 || !text.iter().any(|c| c.is_ascii_digit()) {
        return false;
    }
    if has_bracketed_year(&text) {
        return true;
    }
    let prefix = text.iter().take_while(|&&c| is_cjk(c)).count();
    if prefix == 0 {
        return false;
    }
    let rest = &text[prefix..];
    let number = rest.strip_suffix(&['号']).unwrap_or(rest);
    let number_ok = number.first().is_some_and(|c| c.is_ascii_digit())
        && number.last().is_some_and(|c| c.is_ascii_digit())
        && number.iter().all(|&c| c.is_ascii_digit() || c == '第' || c == '-');
    if !number_ok {
        return false;
    }
    if matches!(text[prefix - 1], '罚' | '许' | '字' | '决' | '号') {
        return true;
    }
    rest.last() == Some(&'号')
        && number.len() >= 5
        && number.iter().all(|c| c.is_ascii_digit())
        && is_year_start(number)
}

/// Whether `digits` starts with 19 or 20.
fn is_year_start(digits: &[char]) -> bool {
    matches!(digits, ['1', '9', ..] | ['2', '0', ..])
}

/// Something (the issuer's abbreviation), then an opening bracket, four digits
/// forming a year, a closing bracket.
fn has_bracketed_year(text: &[char]) -> bool {
    text.windows(6).skip(1).any(|w| {
        is_bracket(w[0]) && is_bracket(w[5]) && w[1..5].iter().all(|c| c.is_ascii_digit()) && is_year_start(&w[1..5])
    })
}

/// True when `s` is a fragment of an identity number or of a unified social
/// credit code: 6 to 17 characters (white space and `-` ignored, full-width
/// folded, upper-cased) that are all digits or code characters ([`CHARSET`],
/// which includes the `X` of identity numbers) with at least one digit. Such a
/// query must not be run against code fields: codes are found only whole (see
/// [`looks_like_uscc`]); fragments would let anyone enumerate them.
pub fn is_private_fragment(s: &str) -> bool {
    let t: String = fold_width(s)
        .chars()
        .filter(|&c| !c.is_whitespace() && c != '-')
        .flat_map(char::to_uppercase)
        .collect();
    let n = t.chars().count();
    (6..LENGTH).contains(&n) && t.chars().any(|c| c.is_ascii_digit()) && t.chars().all(|c| CHARSET.contains(c))
}

/// Simplified characters whose usual Traditional form is the same character:
/// the table's Traditional counterparts are variants or are used only in some
/// words (麵 noodles, 係/繫, 臺/檯/颱, 佈, 傢, 裡, 製, 註 …), so they are left as
/// they are.
const KEEP: &str = "面系台蒙谷布占局幸家佣雇恤念吃咽向娘吊雕佛栗戚欲卷拐杆栖杠梁泛污泄涌熏抵酸愈痴症杯困朱棱\
蓑扎弦捆彩致唇席核噪踊挽沾秋千凶奸昆岳岩舍淀沈御才卜姜里制托注志狸回周扣巨表合板只刮喂松胡哄霉冬出";

/// The chosen Traditional form of Simplified characters that several
/// Traditional characters fold to (the more common one in names and
/// administrative text).
const PREFER: &[(char, char)] = &[
    ('并', '並'),
    ('仑', '侖'),
    ('个', '個'),
    ('尽', '盡'),
    ('别', '別'),
    ('铲', '鏟'),
    ('勋', '勳'),
    ('汇', '匯'),
    ('叹', '嘆'),
    ('尝', '嘗'),
    ('哗', '嘩'),
    ('当', '當'),
    ('苏', '蘇'),
    ('团', '團'),
    ('坛', '壇'),
    ('干', '幹'),
    ('弥', '彌'),
    ('录', '錄'),
    ('径', '徑'),
    ('复', '復'),
    ('凄', '淒'),
    ('摆', '擺'),
    ('历', '歷'),
    ('术', '術'),
    ('毁', '毀'),
    ('冲', '衝'),
    ('湿', '濕'),
    ('卤', '鹵'),
    ('为', '為'),
    ('炼', '煉'),
    ('获', '獲'),
    ('产', '產'),
    ('发', '發'),
    ('荡', '蕩'),
    ('签', '簽'),
    ('纤', '纖'),
    ('脏', '髒'),
    ('艳', '艷'),
    ('证', '證'),
    ('赞', '贊'),
    ('迹', '跡'),
    ('锤', '錘'),
    ('钟', '鐘'),
    ('鉴', '鑑'),
    ('闲', '閒'),
    ('须', '須'),
    ('饥', '飢'),
];

/// Every Traditional character of the table, grouped by its Simplified form.
/// The table (a subset of Big5) is in the Basic Multilingual Plane.
fn candidates() -> HashMap<char, Vec<char>> {
    let mut map: HashMap<char, Vec<char>> = HashMap::new();
    for t in '\u{3400}'..='\u{FFFF}' {
        if let Some(s) = simplified_char(t) {
            map.entry(s).or_default().push(t);
        }
    }
    map
}

/// Simplified → Traditional, built once from the Traditional → Simplified table.
fn traditional_table() -> &'static HashMap<char, char> {
    static TABLE: OnceLock<HashMap<char, char>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = HashMap::new();
        for (s, ts) in candidates() {
            if KEEP.contains(s) {
                continue;
            }
            let t = PREFER.iter().find(|&&(p, _)| p == s).map_or(ts[0], |&(_, t)| t);
            table.insert(s, t);
        }
        table
    })
}

/// Simplified → Traditional, character by character, for the characters of
/// [`app::domain::script`]'s table; every other character is kept. Always
/// `to_simplified(to_traditional(x)) == to_simplified(x)`. Used to type queries
/// in Traditional (benchmark) and for the "did you mean" hint.
pub fn to_traditional(s: &str) -> String {
    let table = traditional_table();
    s.chars().map(|c| table.get(&c).copied().unwrap_or(c)).collect()
}

#[cfg(test)]
mod tests {
    use app::domain::script::to_simplified;

    use super::*;

    #[test]
    fn doc_no_variants_share_one_form() {
        let forms = [
            "嘉市监罚〔2023〕12号",
            "嘉市监罚[2023]12号",
            "嘉市监罚(2023)12号",
            "嘉市监罚（2023）12号",
            "嘉市监罚【2023】12号",
            "嘉市監罰〔2023〕12号",
            "嘉市監罰〔２０２３〕１２號",
            "嘉市监罚〔2023〕12",
            "嘉市监罚﹝2023﹞12号",
            "嘉市监罚〖2023〗12号",
            " 嘉市监罚 〔2023〕 12 号 ",
            "嘉市监罚〔2023〕第12号",
        ];
        for form in forms {
            assert_eq!(normalise_doc_no(form), "嘉市监罚202312", "{form}");
        }
        assert_eq!(normalise_doc_no("XX罚字[2024]第001号"), "xx罚字2024001");
        assert_eq!(
            normalise_doc_no("浙食药监许字〔2023〕第12号"),
            normalise_doc_no("浙食药监许字(2023)12号")
        );
        // Other numbers stay apart.
        assert_ne!(
            normalise_doc_no("嘉市监罚〔2023〕12号"),
            normalise_doc_no("嘉市监罚〔2023〕13号")
        );
        assert_ne!(
            normalise_doc_no("嘉市监罚〔2023〕12号"),
            normalise_doc_no("嘉市监罚〔2024〕12号")
        );
        // 第 elsewhere, and a 号 not at the end, are kept.
        assert_eq!(normalise_doc_no("第一号文件"), "第一号文件");
        assert_eq!(normalise_doc_no(""), "");
    }

    #[test]
    fn uscc_shape() {
        assert_eq!(
            looks_like_uscc("91330402MA2JH0XX1X").as_deref(),
            Some("91330402MA2JH0XX1X")
        );
        assert_eq!(
            looks_like_uscc(" 91330402ma2jh0xx1x ").as_deref(),
            Some("91330402MA2JH0XX1X")
        );
        assert_eq!(
            looks_like_uscc("９１３３０４０２ＭＡ２ＪＨ０ＸＸ１Ｘ").as_deref(),
            Some("91330402MA2JH0XX1X")
        );
        // The check character is not verified.
        assert_eq!(
            looks_like_uscc("913304020000000000").as_deref(),
            Some("913304020000000000")
        );
        assert_eq!(looks_like_uscc("91330402MA2JH0XX1"), None); // 17
        assert_eq!(looks_like_uscc("91330402MA2JH0XX1X1"), None); // 19
        assert_eq!(looks_like_uscc("91330402MA2JH0XX1I"), None); // I is not in the charset
        assert_eq!(looks_like_uscc("9133 0402MA2JH0XX1X"), None);
        assert_eq!(looks_like_uscc("嘉峪关市雄关建设有限公司"), None);
        assert_eq!(looks_like_uscc(""), None);
    }

    #[test]
    fn doc_no_heuristics() {
        for yes in [
            "嘉市监罚〔2023〕12号",
            "嘉市监罚[2023]12号",
            "嘉市监罚(2023)12",
            "嘉市監罰【2023】12號",
            "嘉市监罚〔2023〕",
            "XX罚[2024]3",
            "嘉市监罚202312号",
            "嘉市监罚2023 12号",
            "浙食药监许字2023第001号",
            "嘉市监处202312号",
            "南环罚决2023-15",
        ] {
            assert!(looks_like_doc_no(yes), "{yes}");
        }
        for no in [
            "",
            "嘉峪关市雄关建设有限公司",
            "南湖区ABC餐饮店2号",
            "解放路2号",
            "人民路2001号",
            "罚款5000",
            "罚款5000元",
            "未取得食品经营许可",
            "行政处罚",
            "2023",
            "(2023)",
            "91330402MA2JH0XX1X",
            "330102199001011234",
            "abc 123",
        ] {
            assert!(!looks_like_doc_no(no), "{no}");
        }
    }

    #[test]
    fn private_fragments() {
        for yes in [
            "330102",
            "3301021990",
            "33010219900101123",
            "913304",
            "91330402MA2JH0",
            "91330402ma2jh0xx1",
            "ma2jh0",
            "３３０１０２１９９０",
            "330102 1990",
            "330102-1990-0101",
        ] {
            assert!(is_private_fragment(yes), "{yes}");
        }
        for no in [
            "",
            "12345",              // too short
            "91330402MA2JH0XX1X", // a whole code: looked up exactly
            "330102199001011234", // 18 characters
            "33010219900101123x",
            "嘉峪关市雄关建设有限公司",
            "嘉市监罚〔2023〕12号",
            "ABCDEF",              // no digit
            "南湖区123456",        // not only code characters
            "hello1",              // o, l, e are not code characters
            "1234567890123456789", // 19
        ] {
            assert!(!is_private_fragment(no), "{no}");
        }
    }

    #[test]
    fn traditional_forms() {
        assert_eq!(to_traditional("嘉峪关"), "嘉峪關");
        assert_eq!(to_traditional("嘉峪关市雄关建设有限公司"), "嘉峪關市雄關建設有限公司");
        assert_eq!(to_traditional("发"), "發");
        assert_eq!(to_traditional("后"), "後");
        assert_eq!(to_traditional("面"), "面");
        assert_eq!(to_traditional("干"), "幹");
        assert_eq!(to_traditional("台州市"), "台州市");
        assert_eq!(to_traditional("ABC 123，。"), "ABC 123，。");
        assert_eq!(to_traditional("嘉峪關"), "嘉峪關");
        for name in [
            "嘉峪关市雄关建设有限公司",
            "南湖区小明餐饮店",
            "浙江省嘉兴市市场监督管理局",
            "杭州发达电器设备有限责任公司",
            "广东万家乐燃气具有限公司",
            "北京后面干洗店",
            "东莞市长安镇乌沙华丰五金制品厂",
            "个体工商户张三（面馆）",
            "台州市黄岩区卫生健康局",
            "苏州工业园区历史文化研究会",
            "湖南钟表维修服务部",
            "ABC餐饮管理有限公司第2分店",
        ] {
            let traditional = to_traditional(name);
            assert_eq!(to_simplified(&traditional), name, "{name} → {traditional}");
        }
        assert_ne!(
            to_traditional("浙江省嘉兴市市场监督管理局"),
            "浙江省嘉兴市市场监督管理局"
        );
    }

    #[test]
    fn every_simplified_character_round_trips() {
        let all = candidates();
        for (&s, ts) in &all {
            let t = to_traditional(&s.to_string());
            assert_eq!(to_simplified(&t), s.to_string(), "{s} → {t}");
            // A character with several Traditional forms has a deliberate choice.
            if ts.len() > 1 {
                assert!(
                    KEEP.contains(s) || PREFER.iter().any(|&(p, _)| p == s),
                    "{s}: choose among {ts:?}"
                );
            }
        }
        for &(s, t) in PREFER {
            assert_eq!(simplified_char(t), Some(s), "{s} → {t}");
        }
        for s in KEEP.chars() {
            assert!(all.contains_key(&s), "{s} is not a Simplified form in the table");
        }
    }
}
