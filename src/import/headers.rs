//! Matching a file's header row to the national column names. Real files vary:
//! Traditional characters, full-width brackets, a `*` on mandatory columns,
//! spaces, "(必填)" notes, or a code column without its bracketed explanation.

use app::domain::kinds::RecordKind;
use app::domain::national_columns::{columns_for, Column};
use app::domain::script::{fold_width, to_simplified};

/// How the header row maps onto the kind's columns.
#[derive(Debug)]
pub struct HeaderMap {
    /// For each file column, the canonical column it holds (None = ignored).
    pub columns: Vec<Option<&'static str>>,
    /// File headers that match no column of this kind.
    pub unknown: Vec<String>,
    /// Mandatory columns the file lacks.
    pub missing: Vec<&'static str>,
}

/// Folds width and script, drops spaces, `*` marks and a trailing note such as (必填).
pub fn normalise_header(raw: &str) -> String {
    let folded = to_simplified(&fold_width(raw));
    let mut s: String = folded
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*' && *c != '\u{feff}')
        .collect();
    for note in ["(必填)", "(选填)", "(必填项)", "(可选)"] {
        if let Some(stripped) = s.strip_suffix(note) {
            s = stripped.to_string();
        }
    }
    s
}

/// The name without any bracketed part: `罚款金额(万元)` → `罚款金额`.
fn without_brackets(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in s.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

fn matches(column: &Column, header: &str) -> bool {
    let canonical = normalise_header(column.name);
    if canonical == header {
        return true;
    }
    let bare_header = without_brackets(header);
    let bare_column = without_brackets(&canonical);
    if bare_header == bare_column {
        return true;
    }
    // "统一社会信用代码" alone for the first subject code column.
    canonical.starts_with("行政相对人代码_1") && header == "统一社会信用代码"
}

pub fn map_headers(kind: RecordKind, headers: &[String]) -> HeaderMap {
    let spec = columns_for(kind);
    let mut columns = Vec::with_capacity(headers.len());
    let mut unknown = Vec::new();
    for raw in headers {
        let header = normalise_header(raw);
        if header.is_empty() {
            columns.push(None);
            continue;
        }
        let found = spec.iter().find(|c| matches(c, &header)).map(|c| c.name);
        let found = found.filter(|name| !columns.contains(&Some(*name)));
        if found.is_none() {
            unknown.push(raw.trim().to_string());
        }
        columns.push(found);
    }
    let missing = spec
        .iter()
        .filter(|c| c.required && !columns.contains(&Some(c.name)))
        .map(|c| c.name)
        .collect();
    HeaderMap {
        columns,
        unknown,
        missing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::domain::national_columns as col;

    #[test]
    fn traditional_full_width_and_starred_headers_match() {
        let headers: Vec<String> = [
            "*行政相對人名稱",
            "行政相对人类别",
            "行政相对人代码_1（统一社会信用代码）",
            "罰款金額（萬元）",
            "备 注",
            "多余列",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let map = map_headers(RecordKind::Penalty, &headers);
        assert_eq!(map.columns[0], Some(col::SUBJECT_NAME));
        assert_eq!(map.columns[1], Some(col::SUBJECT_KIND));
        assert_eq!(map.columns[2], Some(col::USCC));
        assert_eq!(map.columns[3], Some(col::FINE));
        assert_eq!(map.columns[4], Some(col::REMARK));
        assert_eq!(map.columns[5], None);
        assert_eq!(map.unknown, vec!["多余列".to_string()]);
        assert!(map.missing.contains(&col::PENALTY_BASIS));
    }

    #[test]
    fn bare_code_column_names_match() {
        let headers = vec!["行政相对人代码_1".to_string(), "罚款金额".to_string()];
        let map = map_headers(RecordKind::Penalty, &headers);
        assert_eq!(map.columns, vec![Some(col::USCC), Some(col::FINE)]);
    }
}
