//! 政务诚信评价: a department's government-integrity evaluation result for a
//! year, published with the document it comes from. Seed 1 and 2: the credit
//! system's leading group 联合开展政务诚信状况评价 (考核评价), and third-party
//! bodies (信用服务机构、高校及科研院所) 开展政务诚信评价评级，并及时公布结果.
//! The portal publishes the result as given; it does not compute it (its own
//! composite score is `statistics::composite_score`, shown beside it).

use chrono::{Datelike, NaiveDate};

use super::applicant::err;
use super::field_error::FieldError;

/// The first year a result may be for.
pub const FIRST_YEAR: i32 = 2000;
pub const MAX_EVALUATOR_CHARS: usize = 100;
/// A grade (优秀, 良好, A, AA …) or a short phrase.
pub const MAX_RESULT_CHARS: usize = 20;
pub const MAX_SOURCE_CHARS: usize = 200;
pub const MAX_URL_CHARS: usize = 500;

/// Who evaluated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Evaluator {
    /// 考核评价 by the city's credit system leading group or its members.
    Official,
    /// 第三方机构评价: a credit agency, university or research institute.
    ThirdParty,
}

impl Evaluator {
    pub const ALL: [Evaluator; 2] = [Evaluator::Official, Evaluator::ThirdParty];

    pub fn code(self) -> &'static str {
        match self {
            Evaluator::Official => "official",
            Evaluator::ThirdParty => "third_party",
        }
    }

    pub fn from_code(code: &str) -> Option<Evaluator> {
        Evaluator::ALL.into_iter().find(|e| e.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Evaluator::Official => "考核评价",
            Evaluator::ThirdParty => "第三方机构评价",
        }
    }
}

/// The publishing form as typed.
#[derive(Clone, Debug, Default)]
pub struct EvaluationForm {
    pub department_id: String,
    pub year: String,
    pub evaluator_kind: String,
    pub evaluator: String,
    pub result: String,
    /// Optional score out of 100, up to one decimal.
    pub score: String,
    pub source_document: String,
    pub source_url: String,
}

/// A checked result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evaluation {
    pub department_id: i64,
    pub year: i32,
    pub evaluator_kind: Evaluator,
    pub evaluator: String,
    pub result: String,
    /// Tenths of a point (87.5 → 875), so no float is stored.
    pub score_tenths: Option<i64>,
    pub source_document: String,
    pub source_url: Option<String>,
}

/// "87.5" from 875.
pub fn format_score(tenths: i64) -> String {
    format!("{}.{}", tenths / 10, tenths % 10)
}

fn parse_score(text: &str) -> Result<i64, String> {
    let bad = || format!("得分“{text}”应为 0 到 100 之间的数，最多一位小数");
    let (whole, tenth) = match text.split_once('.') {
        Some((w, t)) if t.len() == 1 => (w, t),
        Some(_) => return Err(bad()),
        None => (text, "0"),
    };
    if whole.is_empty() || !whole.chars().all(|c| c.is_ascii_digit()) || !tenth.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let tenths = whole.parse::<i64>().map_err(|_| bad())? * 10 + tenth.parse::<i64>().map_err(|_| bad())?;
    if tenths > 1000 {
        return Err(bad());
    }
    Ok(tenths)
}

fn line(field: &'static str, value: &str, max: usize, what: &str, errors: &mut Vec<FieldError>) -> String {
    let v = value.trim();
    if v.is_empty() {
        errors.push(err(field, format!("请填写{what}")));
    } else if v.chars().count() > max {
        errors.push(err(field, format!("{what}最多 {max} 个字")));
    }
    v.to_string()
}

/// Checks a result published on `today` for one of `departments`: a year
/// from [`FIRST_YEAR`] to this year, who evaluated, the result, an optional
/// score, and the source document (an optional link must be http(s)).
pub fn validate_evaluation(
    form: &EvaluationForm,
    departments: &[i64],
    today: NaiveDate,
) -> Result<Evaluation, Vec<FieldError>> {
    let mut errors = Vec::new();
    let department_id = form
        .department_id
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|id| departments.contains(id));
    if department_id.is_none() {
        errors.push(err("department_id", "请选择被评价的部门"));
    }
    let year = form.year.trim().parse::<i32>().ok();
    match year {
        None => errors.push(err("year", "请填写评价年度（如 2026）")),
        Some(y) if !(FIRST_YEAR..=today.year()).contains(&y) => errors.push(err(
            "year",
            format!("评价年度应在 {FIRST_YEAR} 年到 {} 年之间", today.year()),
        )),
        Some(_) => {}
    }
    let evaluator_kind = Evaluator::from_code(form.evaluator_kind.trim());
    if evaluator_kind.is_none() {
        errors.push(err("evaluator_kind", "请选择考核评价或第三方机构评价"));
    }
    let evaluator = line(
        "evaluator",
        &form.evaluator,
        MAX_EVALUATOR_CHARS,
        "评价机构",
        &mut errors,
    );
    let result = line(
        "result",
        &form.result,
        MAX_RESULT_CHARS,
        "评价结果（等次）",
        &mut errors,
    );
    let score = form.score.trim();
    let score_tenths = if score.is_empty() {
        None
    } else {
        match parse_score(score) {
            Ok(t) => Some(t),
            Err(message) => {
                errors.push(err("score", message));
                None
            }
        }
    };
    let source_document = line(
        "source_document",
        &form.source_document,
        MAX_SOURCE_CHARS,
        "发布依据（评价文件名称及文号）",
        &mut errors,
    );
    let url = form.source_url.trim();
    let source_url = if url.is_empty() {
        None
    } else if !(url.starts_with("https://") || url.starts_with("http://"))
        || url.chars().count() > MAX_URL_CHARS
        || url.chars().any(char::is_whitespace)
    {
        errors.push(err("source_url", "原文链接应为 http:// 或 https:// 开头的网址"));
        None
    } else {
        Some(url.to_string())
    };
    match (department_id, year, evaluator_kind) {
        (Some(department_id), Some(year), Some(evaluator_kind)) if errors.is_empty() => Ok(Evaluation {
            department_id,
            year,
            evaluator_kind,
            evaluator,
            result,
            score_tenths,
            source_document,
            source_url,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> EvaluationForm {
        EvaluationForm {
            department_id: "3".into(),
            year: "2025".into(),
            evaluator_kind: "third_party".into(),
            evaluator: "甘肃省信用研究院".into(),
            result: "良好".into(),
            score: "87.5".into(),
            source_document: "关于2025年度政务诚信评价结果的通报（嘉信用办〔2026〕3号）".into(),
            source_url: "https://credit.example.cn/2026/3.html".into(),
        }
    }

    #[test]
    fn a_result_names_the_department_year_evaluator_and_source() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let e = validate_evaluation(&good(), &[1, 3], today).unwrap();
        assert_eq!(e.score_tenths, Some(875));
        assert_eq!(format_score(875), "87.5");
        assert_eq!(e.evaluator_kind, Evaluator::ThirdParty);

        let errs = validate_evaluation(&EvaluationForm::default(), &[1, 3], today).unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "department_id",
                "year",
                "evaluator_kind",
                "evaluator",
                "result",
                "source_document"
            ]
        );
        for (field, value) in [
            ("department_id", "9"),
            ("year", "2027"),
            ("year", "1999"),
            ("score", "100.5"),
            ("score", "87.55"),
            ("score", "-1"),
            ("source_url", "javascript:alert(1)"),
        ] {
            let mut f = good();
            match field {
                "department_id" => f.department_id = value.into(),
                "year" => f.year = value.into(),
                "score" => f.score = value.into(),
                _ => f.source_url = value.into(),
            }
            let errs = validate_evaluation(&f, &[1, 3], today).unwrap_err();
            assert_eq!(errs[0].field, field, "{value}");
        }
        let mut no_score = good();
        no_score.score = String::new();
        no_score.source_url = String::new();
        let e = validate_evaluation(&no_score, &[3], today).unwrap();
        assert_eq!((e.score_tenths, e.source_url), (None, None));
    }
}
