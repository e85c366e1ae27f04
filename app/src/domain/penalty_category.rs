//! 处罚类别 as departments write it: the national codes 01–14 and their names,
//! the 2015 template's 其他, the names of the old Administrative Penalty Law
//! (kept as they stand, never mapped to a current code), and the measures that
//! are not penalties at all (责令改正 …), which are collected apart.

use std::sync::OnceLock;

use thiserror::Error;

use super::national_columns::PENALTY_CATEGORIES;
use super::script::{fold_width, to_simplified};

/// The code of 罚款.
pub const FINE_CODE: &str = "02";

/// Categories of the old Administrative Penalty Law (before 2021) that have no
/// single current code: 暂扣 is 11, 吊销 is 05, and the old wording does not say
/// which was meant, so the name is kept and no code is given.
pub const LEGACY_CATEGORIES: [&str; 3] = [
    "暂扣或者吊销许可证",
    "暂扣或者吊销执照",
    "暂扣或者吊销许可证、暂扣或者吊销执照",
];

/// Measures departments write in 处罚类别 that are not administrative
/// penalties (行政处罚法 第二十八条: 责令改正 accompanies a penalty).
pub const NON_PENALTY_MEASURES: [&str; 14] = [
    "责令改正",
    "责令限期改正",
    "责令立即改正",
    "责令改正违法行为",
    "限期改正",
    "责令整改",
    "责令限期整改",
    "限期整改",
    "责令停止违法行为",
    "责令立即停止违法行为",
    "责令退还",
    "批评教育",
    "约谈",
    "告诫",
];

/// What one part of a 处罚类别 cell means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Term {
    /// A national category, by code.
    Code(&'static str),
    /// An old-law category: its name, no code.
    Legacy(&'static str),
    /// Not a penalty.
    Measure,
}

/// The categories a 处罚类别 cell names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PenaltyCategories {
    /// National codes (01–14), in the cell's order, without repeats.
    pub codes: Vec<&'static str>,
    /// The names to show: the national name of each code and each old-law
    /// name, in the cell's order, without repeats.
    pub names: Vec<&'static str>,
    /// Measures that are not penalties (责令改正 …), as the cell wrote them.
    pub other_measures: Vec<String>,
}

impl PenaltyCategories {
    /// Names of the old Administrative Penalty Law, which carry no code.
    pub fn legacy_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.names.iter().copied().filter(|n| LEGACY_CATEGORIES.contains(n))
    }

    /// Whether the cell names 罚款 (02).
    pub fn has_fine(&self) -> bool {
        self.codes.contains(&FINE_CODE)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum CategoryError {
    #[error("处罚类别为空")]
    Empty,
    #[error(
        "“{part}”不是有效的处罚类别：应为代码 01–14 或其名称（如 警告、罚款、没收违法所得），多个类别用“,”或“、”分隔"
    )]
    Unknown { part: String },
    #[error("“{measures}”不是行政处罚类别，而是责令改正一类的行政措施：请填写处罚类别（代码 01–14 或其名称），措施可写在处罚内容中")]
    OnlyMeasures { measures: String },
}

fn is_separator(c: char) -> bool {
    matches!(c, ',' | '，' | '、' | ';' | '；' | '/' | '／') || c.is_whitespace()
}

/// Every word the parser knows, longest first, so that names containing a
/// separator (法律、行政法规规定的其他行政处罚) are matched whole.
fn vocabulary() -> &'static [(&'static str, Term)] {
    static WORDS: OnceLock<Vec<(&'static str, Term)>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut words: Vec<(&'static str, Term)> = PENALTY_CATEGORIES
            .iter()
            .map(|&(code, name)| (name, Term::Code(code)))
            .collect();
        words.extend([
            // The 2015 template's value for "other penalties".
            ("其他", Term::Code("07")),
            ("其它", Term::Code("07")),
            ("其他行政处罚", Term::Code("07")),
            ("法律、行政法规规定的其它行政处罚", Term::Code("07")),
            // The wording of the 2021 law itself.
            ("吊销许可证件", Term::Code("05")),
            ("暂扣许可证件", Term::Code("11")),
            ("限制开展生产经营活动", Term::Code("12")),
        ]);
        words.extend(LEGACY_CATEGORIES.iter().map(|&name| (name, Term::Legacy(name))));
        words.extend([
            ("暂扣或吊销许可证", Term::Legacy(LEGACY_CATEGORIES[0])),
            ("暂扣或吊销执照", Term::Legacy(LEGACY_CATEGORIES[1])),
        ]);
        words.extend(NON_PENALTY_MEASURES.iter().map(|&m| (m, Term::Measure)));
        words.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        words
    })
}

/// A national code written as a number: `02`, `2`, `１４`.
fn code_of_number(part: &str) -> Option<&'static str> {
    if !(1..=2).contains(&part.len()) || !part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u32 = part.parse().ok()?;
    PENALTY_CATEGORIES
        .iter()
        .find(|(code, _)| code.parse::<u32>().ok() == Some(n))
        .map(|(code, _)| *code)
}

/// Reads the next part of `rest` (which starts at a non-separator): a known
/// word that ends at a separator or the end, else the text up to the next separator.
fn next_part(rest: &str) -> (&str, Option<Term>) {
    for &(word, term) in vocabulary() {
        if let Some(after) = rest.strip_prefix(word) {
            if after.chars().next().is_none_or(is_separator) {
                return (word, Some(term));
            }
        }
    }
    let end = rest.find(is_separator).unwrap_or(rest.len());
    let part = &rest[..end];
    (part, code_of_number(part).map(Term::Code))
}

/// Splits a 处罚类别 cell (`02`, `01,02`, `警告、罚款`, `2`, `其他`,
/// `罚款；责令改正`, `暂扣或者吊销许可证`) into national codes, the names to
/// show and the non-penalty measures. Parts are separated by `,`, `，`, `、`,
/// `;`, `；`, `/` or spaces; full-width and Traditional characters are folded.
/// An unknown part, or a cell with only non-penalty measures, is an error
/// naming it: nothing is guessed.
pub fn parse_penalty_categories(cell: &str) -> Result<PenaltyCategories, CategoryError> {
    let text = to_simplified(&fold_width(cell));
    let mut out = PenaltyCategories::default();
    let mut rest = text.as_str();
    loop {
        rest = rest.trim_start_matches(is_separator);
        if rest.is_empty() {
            break;
        }
        let (part, term) = next_part(rest);
        rest = &rest[part.len()..];
        match term {
            Some(Term::Code(code)) => {
                if !out.codes.contains(&code) {
                    out.codes.push(code);
                    out.names.push(penalty_category_name(code));
                }
            }
            Some(Term::Legacy(name)) => {
                if !out.names.contains(&name) {
                    out.names.push(name);
                }
            }
            Some(Term::Measure) => {
                if !out.other_measures.iter().any(|m| m == part) {
                    out.other_measures.push(part.to_string());
                }
            }
            None => return Err(CategoryError::Unknown { part: part.to_string() }),
        }
    }
    if out.names.is_empty() {
        return Err(if out.other_measures.is_empty() {
            CategoryError::Empty
        } else {
            CategoryError::OnlyMeasures {
                measures: out.other_measures.join("、"),
            }
        });
    }
    Ok(out)
}

/// The national name of a code (`02` → 罚款); an unknown code gives 其他.
pub fn penalty_category_name(code: &str) -> &'static str {
    PENALTY_CATEGORIES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, n)| *n)
        .unwrap_or("其他")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(cell: &str) -> Vec<&'static str> {
        parse_penalty_categories(cell)
            .unwrap_or_else(|e| panic!("{cell}: {e}"))
            .codes
    }

    #[test]
    fn codes_and_names() {
        assert_eq!(codes("01,02"), ["01", "02"]);
        assert_eq!(codes("警告、罚款"), ["01", "02"]);
        assert_eq!(codes("2"), ["02"]);
        assert_eq!(codes("１４"), ["14"]);
        assert_eq!(codes("02；03"), ["02", "03"]);
        assert_eq!(codes("罚款 / 没收违法所得"), ["02", "03"]);
        assert_eq!(codes("罰款"), ["02"]);
        assert_eq!(codes("02,罚款,2"), ["02"]);
        assert_eq!(codes("没收违法所得、没收非法财物"), ["03", "09"]);
        for (code, name) in PENALTY_CATEGORIES {
            assert_eq!(codes(name), [code], "{name}");
            assert_eq!(codes(code), [code], "{code}");
        }
        let c = parse_penalty_categories("01,02").unwrap();
        assert_eq!(c.names, ["警告", "罚款"]);
        assert!(c.has_fine() && c.other_measures.is_empty());
        assert_eq!(penalty_category_name("02"), "罚款");
        assert_eq!(penalty_category_name("99"), "其他");
    }

    #[test]
    fn names_containing_a_separator_are_read_whole() {
        let c = parse_penalty_categories("法律、行政法规规定的其他行政处罚").unwrap();
        assert_eq!(c.codes, ["07"]);
        assert_eq!(c.names, ["法律、行政法规规定的其他行政处罚"]);
        assert_eq!(
            codes("罚款、法律、行政法规规定的其他行政处罚、警告"),
            ["02", "07", "01"]
        );
        // The 2015 template's 其他 is 07.
        assert_eq!(codes("其他"), ["07"]);
        assert_eq!(codes("罚款,其他"), ["02", "07"]);
        // A known word only counts when the part ends there.
        assert_eq!(
            parse_penalty_categories("罚款金额"),
            Err(CategoryError::Unknown {
                part: "罚款金额".into()
            })
        );
    }

    #[test]
    fn old_law_names_are_kept_without_a_code() {
        for name in LEGACY_CATEGORIES {
            let c = parse_penalty_categories(name).unwrap();
            assert!(c.codes.is_empty(), "{name}: never guessed as 05 or 11");
            assert_eq!(c.names, [name]);
            assert_eq!(c.legacy_names().collect::<Vec<_>>(), [name]);
        }
        let c = parse_penalty_categories("罚款、暂扣或者吊销许可证、暂扣或者吊销执照").unwrap();
        assert_eq!(c.codes, ["02"]);
        assert_eq!(c.names, ["罚款", "暂扣或者吊销许可证、暂扣或者吊销执照"]);
        let c = parse_penalty_categories("暂扣或吊销许可证").unwrap();
        assert_eq!(c.names, ["暂扣或者吊销许可证"]);
        assert!(c.codes.is_empty());
    }

    #[test]
    fn measures_that_are_not_penalties_are_collected_apart() {
        let c = parse_penalty_categories("罚款；责令改正").unwrap();
        assert_eq!(c.codes, ["02"]);
        assert_eq!(c.names, ["罚款"]);
        assert_eq!(c.other_measures, ["责令改正"]);
        let c = parse_penalty_categories("责令限期改正,警告,限期整改,责令停止违法行为,约谈,批评教育").unwrap();
        assert_eq!(c.codes, ["01"]);
        assert_eq!(
            c.other_measures,
            ["责令限期改正", "限期整改", "责令停止违法行为", "约谈", "批评教育"]
        );
        let e = parse_penalty_categories("责令改正、责令整改").unwrap_err();
        assert_eq!(
            e,
            CategoryError::OnlyMeasures {
                measures: "责令改正、责令整改".into()
            }
        );
        assert!(e.to_string().contains("责令改正、责令整改") && e.to_string().contains("不是行政处罚类别"));
    }

    #[test]
    fn unknown_parts_are_named() {
        for (cell, part) in [
            ("99", "99"),
            ("0", "0"),
            ("001", "001"),
            ("罚款、拘役", "拘役"),
            ("01,15", "15"),
            ("吊销", "吊销"),
            ("暂扣或者吊销", "暂扣或者吊销"),
        ] {
            let e = parse_penalty_categories(cell).unwrap_err();
            assert_eq!(e, CategoryError::Unknown { part: part.into() }, "{cell}");
            assert!(e.to_string().contains(&format!("“{part}”")), "{e}");
        }
        assert_eq!(parse_penalty_categories(""), Err(CategoryError::Empty));
        assert_eq!(parse_penalty_categories(" 、,；"), Err(CategoryError::Empty));
    }
}
