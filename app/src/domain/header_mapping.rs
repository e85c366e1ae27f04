//! Which national column a file's header names — by meaning, never by accident
//! (DOMAIN.md, "Files as departments really keep them").
//!
//! Real files use the 2015 template, the exchange format's field codes, list
//! layouts and their own words; `column_aliases.csv` maps those headers to the
//! national columns. Two things are read from a header's bracket and never
//! dropped: a **unit** (`罚款金额(元)` is in 元, not 万元) and an **identifier
//! type** (`行政相对人代码_5(居民身份证号)` is an ID number, whatever its number
//! means in the 2021 template). A bracket that contradicts its column, a bare
//! numbered code column whose meaning changed between templates, two columns
//! for one national column, or a personal-ID header that would land in a public
//! column refuse the file with a message; nothing is mapped by guesswork.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::amount::AmountUnit;
use super::kinds::RecordKind;
use super::national_columns::{
    self as col, columns_for, is_amount_column, joins_repeated_columns, key_columns, Visibility,
};
use super::script::{fold_width, to_simplified};

/// The column in which the back-office export writes the file's own columns
/// kept with each record (a JSON object); an import reads them back from it.
pub const KEPT_COLUMNS_HEADER: &str = "原文件其他列";

/// The alias table, as a reviewer reads it.
pub const ALIAS_TABLE: &str = include_str!("column_aliases.csv");

/// What one column of a file holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileColumn {
    /// A national column. `unit` is the unit an amount header names (None: the
    /// header names none, so each value must carry its own).
    National {
        column: &'static str,
        unit: Option<AmountUnit>,
    },
    /// A column the portal does not use: kept with the record for the
    /// back-office and exported back, never published.
    Extra { header: String },
    /// `身份证号码/组织机构代码` of published lists: an organisation code (by its
    /// shape) goes to 组织机构代码, anything else to 证件号码 (never public unmasked).
    IdOrOrganisationCode,
    /// `统一社会信用代码/注册号`, `纳税人识别号`: a value that is a valid unified
    /// social credit code goes to the USCC column, anything else to the named one.
    UsccOr(&'static str),
    /// [`KEPT_COLUMNS_HEADER`]: a JSON object of kept columns, as exported.
    KeptColumns,
    /// Not data (a row number, an empty header).
    Ignored,
}

/// A header the portal did not recognise, with the nearest national column.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct UnknownHeader {
    pub header: String,
    pub nearest: Option<&'static str>,
    /// The header names a personal ID: the column is kept private.
    pub personal_id: bool,
}

/// A header that cannot be taken as it stands; the file is refused.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct HeaderConflict {
    pub header: String,
    pub message: String,
}

/// How the file's header row maps onto a kind's columns.
#[derive(Clone, Debug)]
pub struct HeaderMapping {
    /// Index of the header row among the file's rows (0 = first row).
    pub header_row: usize,
    /// For each column of the file, what it holds.
    pub columns: Vec<FileColumn>,
    /// The file's own headers, as written.
    pub headers: Vec<String>,
    pub unknown: Vec<UnknownHeader>,
    pub conflicts: Vec<HeaderConflict>,
    /// Mandatory columns neither the file nor the file-level values carry.
    pub missing: Vec<&'static str>,
}

impl HeaderMapping {
    /// Whether the file can be read with this mapping.
    pub fn is_usable(&self) -> bool {
        self.conflicts.is_empty() && self.missing.is_empty()
    }

    /// The national columns the file carries.
    pub fn national_columns(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.columns.iter().filter_map(|c| match c {
            FileColumn::National { column, .. } => Some(*column),
            FileColumn::IdOrOrganisationCode => Some(col::ID_NUMBER),
            FileColumn::UsccOr(other) => Some(*other),
            _ => None,
        })
    }

    /// `(file header, what it was read as)` for every column, for the report.
    pub fn readings(&self) -> Vec<(String, String)> {
        self.headers
            .iter()
            .zip(&self.columns)
            .map(|(header, column)| {
                let reading = match column {
                    FileColumn::National { column, unit } => match unit {
                        Some(AmountUnit::Yuan) => format!("{column}（按元换算为万元）"),
                        None if is_amount_column(column) => format!("{column}（表头未注明单位，金额须自带单位）"),
                        _ => column.to_string(),
                    },
                    FileColumn::UsccOr(other) => format!("{}或{other}（按号码形式区分）", col::USCC),
                    FileColumn::IdOrOrganisationCode => {
                        format!("{}或{}（按号码形式区分）", col::ID_NUMBER, col::SUBJECT_CODES_OTHER[1])
                    }
                    FileColumn::Extra { .. } => "保留原列（仅后台可见）".to_string(),
                    FileColumn::KeptColumns => "原文件其他列（仅后台可见）".to_string(),
                    FileColumn::Ignored => "忽略".to_string(),
                };
                (header.trim().to_string(), reading)
            })
            .collect()
    }

    /// The refusal when the mapping is not usable: which row was read as the
    /// header, what was not recognised (with "did you mean"), what conflicts and
    /// which mandatory columns are still missing.
    pub fn refusal(&self) -> String {
        let mut parts = vec![format!("第 {} 行被读作表头", self.header_row + 1)];
        for c in &self.conflicts {
            parts.push(format!("表头“{}”：{}", c.header, c.message));
        }
        if !self.missing.is_empty() {
            parts.push(format!(
                "缺少必填列：{}（文件中没有的列可在导入时统一填写：portal import --set 列名=值，或上传页面的“全文件统一值”）",
                self.missing.join("、")
            ));
        }
        if !self.unknown.is_empty() {
            let unknown: Vec<String> = self
                .unknown
                .iter()
                .map(|u| match u.nearest {
                    Some(n) => format!("“{}”（是否为“{n}”？）", u.header),
                    None => format!("“{}”", u.header),
                })
                .collect();
            parts.push(format!("未识别的表头：{}", unknown.join("、")));
        }
        parts.join("；")
    }
}

/// Folds width and script, drops spaces and line breaks, `*` marks, a BOM and
/// a trailing note such as (必填); brackets of any style become `(` `)`.
pub fn normalise_header(raw: &str) -> String {
    let folded = to_simplified(&fold_width(raw));
    let mut s: String = folded
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '\u{feff}' | '＊' | ':' | '：'))
        .map(|c| match c {
            '[' | '【' | '〔' | '［' | '﹝' => '(',
            ']' | '】' | '〕' | '］' | '﹞' => ')',
            c => c,
        })
        .collect();
    for note in NOTES {
        let note = format!("({note})");
        while let Some(stripped) = s.strip_suffix(&note) {
            s = stripped.to_string();
        }
    }
    s
}

/// Bracketed notes that say nothing about a column's content.
const NOTES: [&str; 7] = ["必填", "选填", "必填项", "可选", "非必填", "选填项", "可为空"];

/// The header without its bracketed parts, and the parts.
fn split_brackets(header: &str) -> (String, Vec<String>) {
    let mut base = String::new();
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut depth = 0;
    for c in header.chars() {
        match c {
            '(' => {
                if depth > 0 {
                    current.push(c);
                }
                depth += 1;
            }
            ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    parts.push(std::mem::take(&mut current));
                } else {
                    current.push(c);
                }
            }
            _ if depth == 0 => base.push(c),
            _ => current.push(c),
        }
    }
    (base, parts)
}

/// What a bracket says about its column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Bracket {
    Unit(AmountUnit),
    /// An identifier type, as the column it belongs in.
    Identifier(&'static str),
    Note,
}

/// Identifier types named in brackets, and the column each belongs in.
const IDENTIFIERS: [(&str, &str); 15] = [
    ("统一社会信用代码", col::USCC),
    ("统一信用代码", col::USCC),
    ("工商注册号", col::SUBJECT_CODES_OTHER[0]),
    ("工商登记码", col::SUBJECT_CODES_OTHER[0]),
    ("注册号", col::SUBJECT_CODES_OTHER[0]),
    ("组织机构代码", col::SUBJECT_CODES_OTHER[1]),
    ("组织结构代码", col::SUBJECT_CODES_OTHER[1]),
    ("税务登记号", col::SUBJECT_CODES_OTHER[2]),
    ("事业单位证书号", col::SUBJECT_CODES_OTHER[3]),
    ("社会组织登记证号", col::SUBJECT_CODES_OTHER[4]),
    ("居民身份证号", col::ID_NUMBER),
    ("居民身份证号码", col::ID_NUMBER),
    ("身份证号", col::ID_NUMBER),
    ("身份证号码", col::ID_NUMBER),
    ("公民身份号码", col::ID_NUMBER),
];

fn classify_bracket(text: &str) -> Bracket {
    if let Some(unit) = AmountUnit::from_label(text) {
        return Bracket::Unit(unit);
    }
    match IDENTIFIERS.iter().find(|(name, _)| *name == text) {
        Some((_, column)) => Bracket::Identifier(column),
        None => Bracket::Note,
    }
}

/// Whether a header names a personal identity number: such a column is never
/// public, wherever it comes from.
pub fn names_personal_id(normalised: &str) -> bool {
    ["身份证", "证件号", "身份号码", "公民身份"]
        .iter()
        .any(|w| normalised.contains(w))
}

/// A target of the alias table.
#[derive(Clone, Debug)]
enum AliasTarget {
    Column(&'static str),
    DocNo,
    Authority,
    AuthorityUscc,
    Date,
    IdOrOrganisationCode,
    UsccOr(&'static str),
    Ignore,
}

#[derive(Clone, Debug)]
struct Alias {
    target: AliasTarget,
    kinds: Vec<RecordKind>,
    unit: Option<AmountUnit>,
}

/// Every column name of every kind, to give `&'static` names to the table's text.
fn known_column(name: &str) -> Option<&'static str> {
    let wanted = normalise_header(name);
    RecordKind::ALL
        .iter()
        .flat_map(|k| columns_for(*k).iter())
        .find(|c| normalise_header(c.name) == wanted)
        .map(|c| c.name)
}

/// Parses the alias table. A line the table cannot mean is a bug in the table:
/// the unit test `the_alias_table_parses` reads every line.
fn parse_alias_table(text: &str) -> Result<HashMap<String, Vec<Alias>>, String> {
    let mut out: HashMap<String, Vec<Alias>> = HashMap::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        let [header, column, kinds, unit, _source] = fields[..] else {
            return Err(format!("line {}: expected 5 fields: {line}", i + 1));
        };
        let target = match column {
            "@文书号" => AliasTarget::DocNo,
            "@机关" => AliasTarget::Authority,
            "@机关代码" => AliasTarget::AuthorityUscc,
            "@决定日期" => AliasTarget::Date,
            "@忽略" => AliasTarget::Ignore,
            "@证件号码或组织机构代码" => AliasTarget::IdOrOrganisationCode,
            name if name.starts_with("@统一社会信用代码或") => {
                let other = &name["@统一社会信用代码或".len()..];
                AliasTarget::UsccOr(known_column(other).ok_or_else(|| format!("line {}: no column {other}", i + 1))?)
            }
            name => AliasTarget::Column(known_column(name).ok_or_else(|| format!("line {}: no column {name}", i + 1))?),
        };
        let kinds = kinds
            .split_whitespace()
            .map(|k| RecordKind::from_code(k).ok_or_else(|| format!("line {}: no kind {k}", i + 1)))
            .collect::<Result<Vec<_>, _>>()?;
        let unit = match unit {
            "" => None,
            u => Some(AmountUnit::from_label(u).ok_or_else(|| format!("line {}: no unit {u}", i + 1))?),
        };
        out.entry(normalise_header(header))
            .or_default()
            .push(Alias { target, kinds, unit });
    }
    Ok(out)
}

fn aliases() -> &'static HashMap<String, Vec<Alias>> {
    static TABLE: OnceLock<HashMap<String, Vec<Alias>>> = OnceLock::new();
    // The table is compiled in and tested; an unreadable table cannot ship.
    TABLE.get_or_init(|| parse_alias_table(ALIAS_TABLE).unwrap_or_default())
}

/// What a header means for one kind, before the file-level checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeaderMeaning {
    Column {
        column: &'static str,
        unit: Option<AmountUnit>,
    },
    /// Published lists' `身份证号码/组织机构代码`: each value is read by its shape.
    IdOrOrganisationCode,
    UsccOr(&'static str),
    Ignore,
    Unknown,
    Conflict(String),
}

/// What an alias names, once resolved for a kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AliasColumn {
    Column(&'static str),
    IdOrOrganisationCode,
    UsccOr(&'static str),
    Ignore,
}

fn alias_for(kind: RecordKind, header: &str) -> Option<(AliasColumn, Option<AmountUnit>)> {
    let keys = key_columns(kind);
    aliases()
        .get(header)?
        .iter()
        .find(|a| a.kinds.is_empty() || a.kinds.contains(&kind))
        .map(|a| {
            let column = match a.target {
                AliasTarget::Column(c) => AliasColumn::Column(c),
                AliasTarget::DocNo => AliasColumn::Column(keys.doc_no),
                AliasTarget::Authority => AliasColumn::Column(keys.authority),
                AliasTarget::AuthorityUscc => AliasColumn::Column(keys.authority_uscc),
                AliasTarget::Date => AliasColumn::Column(keys.date),
                AliasTarget::IdOrOrganisationCode => AliasColumn::IdOrOrganisationCode,
                AliasTarget::UsccOr(c) => AliasColumn::UsccOr(c),
                AliasTarget::Ignore => AliasColumn::Ignore,
            };
            (column, a.unit)
        })
        .filter(|(c, _)| match c {
            AliasColumn::Column(c) => columns_for(kind).iter().any(|k| k.name == *c),
            _ => true,
        })
}

/// The kind's column a bare name (no bracket) names: the canonical name without its bracket.
fn canonical_bare(kind: RecordKind, base: &str) -> Option<&'static str> {
    columns_for(kind)
        .iter()
        .find(|c| split_brackets(&normalise_header(c.name)).0 == base)
        .map(|c| c.name)
}

/// The unit a canonical amount column is defined in.
fn canonical_unit(column: &str) -> Option<AmountUnit> {
    is_amount_column(column).then_some(AmountUnit::WanYuan)
}

/// The numbered subject-code columns (`行政相对人代码_3`): their numbers mean
/// different codes in the 2015 and 2021 templates.
fn code_column_number(base: &str) -> Option<u32> {
    let rest = base.strip_prefix("行政相对人代码")?;
    let rest = rest.strip_prefix('_').unwrap_or(rest);
    rest.parse().ok()
}

/// Reads one header for one kind. See the module's comment for the rules.
pub fn header_meaning(kind: RecordKind, raw: &str) -> HeaderMeaning {
    let header = normalise_header(raw);
    if header.is_empty() {
        return HeaderMeaning::Ignore;
    }
    let meaning = read_header(kind, &header);
    // A personal-ID header never lands in a column shown unmasked.
    if let HeaderMeaning::Column { column, .. } = &meaning {
        if names_personal_id(&header) && visibility_of(kind, column) != Some(Visibility::PersonalId) {
            return HeaderMeaning::Conflict(format!(
                "表头写明是身份证件号码，但对应的“{column}”会公开显示；请改为“证件号码”或“法定代表人证件号码”"
            ));
        }
    }
    meaning
}

fn visibility_of(kind: RecordKind, column: &str) -> Option<Visibility> {
    columns_for(kind)
        .iter()
        .find(|c| c.name == column)
        .map(|c| c.visibility)
}

fn read_header(kind: RecordKind, header: &str) -> HeaderMeaning {
    // The canonical name as the standard spells it, bracket included.
    if let Some(c) = columns_for(kind).iter().find(|c| normalise_header(c.name) == header) {
        return HeaderMeaning::Column {
            column: c.name,
            unit: canonical_unit(c.name),
        };
    }
    if let Some((column, unit)) = alias_for(kind, header) {
        return match column {
            AliasColumn::Column(column) => HeaderMeaning::Column { column, unit },
            AliasColumn::IdOrOrganisationCode => HeaderMeaning::IdOrOrganisationCode,
            AliasColumn::UsccOr(c) => HeaderMeaning::UsccOr(c),
            AliasColumn::Ignore => HeaderMeaning::Ignore,
        };
    }
    let (base, brackets) = split_brackets(header);
    let brackets: Vec<Bracket> = brackets.iter().map(|b| classify_bracket(b)).collect();
    let identifier = brackets.iter().find_map(|b| match b {
        Bracket::Identifier(c) => Some(*c),
        _ => None,
    });
    let unit = brackets.iter().find_map(|b| match b {
        Bracket::Unit(u) => Some(*u),
        _ => None,
    });
    if let Some(n) = code_column_number(&base) {
        return match (identifier, n) {
            (Some(column), _) => HeaderMeaning::Column { column, unit: None },
            (None, 1) => HeaderMeaning::Column {
                column: col::USCC,
                unit: None,
            },
            (None, _) => HeaderMeaning::Conflict(format!(
                "行政相对人代码_{n} 在 2015 版模板和 2021 版标准中代表不同的代码（2015 版 _5 是居民身份证号），\
                 请在括号中写明代码类型，如“行政相对人代码_{n}(组织机构代码)”"
            )),
        };
    }
    let base_column = canonical_bare(kind, &base).or_else(|| match alias_for(kind, &base) {
        Some((AliasColumn::Column(c), _)) => Some(c),
        _ => None,
    });
    let Some(column) = base_column else {
        return HeaderMeaning::Unknown;
    };
    if let Some(named) = identifier {
        let same_meaning =
            named == column || (named == col::ID_NUMBER && visibility_of(kind, column) == Some(Visibility::PersonalId));
        if !same_meaning {
            return HeaderMeaning::Conflict(format!(
                "括号中写的是“{}”，与列名对应的“{column}”不一致",
                identifier_label(named)
            ));
        }
        return HeaderMeaning::Column { column, unit: None };
    }
    match unit {
        Some(unit) if is_amount_column(column) => HeaderMeaning::Column {
            column,
            unit: Some(unit),
        },
        Some(_) => HeaderMeaning::Conflict(format!("括号中写的是金额单位，但“{column}”不是金额列")),
        None => HeaderMeaning::Column {
            column,
            unit: alias_for(kind, &base).and_then(|(_, u)| u),
        },
    }
}

fn identifier_label(column: &str) -> &'static str {
    IDENTIFIERS
        .iter()
        .find(|(_, c)| *c == column)
        .map(|(name, _)| *name)
        .unwrap_or("代码")
}

/// Maps a header row. `supplied` are the columns given once for the whole file
/// (`--set`), which satisfy a mandatory column the file lacks.
pub fn map_headers(kind: RecordKind, headers: &[String], supplied: &[&'static str]) -> HeaderMapping {
    let mut columns = Vec::with_capacity(headers.len());
    let mut unknown = Vec::new();
    let mut conflicts = Vec::new();
    let mut first_header: HashMap<&'static str, String> = HashMap::new();
    for raw in headers {
        let normalised = normalise_header(raw);
        let shown = raw.trim().replace(['\r', '\n'], "");
        if normalised == KEPT_COLUMNS_HEADER {
            columns.push(FileColumn::KeptColumns);
            continue;
        }
        match header_meaning(kind, raw) {
            HeaderMeaning::Ignore => columns.push(FileColumn::Ignored),
            HeaderMeaning::IdOrOrganisationCode => columns.push(FileColumn::IdOrOrganisationCode),
            HeaderMeaning::UsccOr(c) => columns.push(FileColumn::UsccOr(c)),
            HeaderMeaning::Unknown => {
                unknown.push(UnknownHeader {
                    header: shown.clone(),
                    nearest: nearest_column(kind, &normalised),
                    personal_id: names_personal_id(&normalised),
                });
                columns.push(FileColumn::Extra { header: shown });
            }
            HeaderMeaning::Conflict(message) => {
                conflicts.push(HeaderConflict { header: shown, message });
                columns.push(FileColumn::Ignored);
            }
            HeaderMeaning::Column { column, unit } => {
                if let Some(first) = first_header.get(column) {
                    if !joins_repeated_columns(column) {
                        conflicts.push(HeaderConflict {
                            header: shown,
                            message: format!("与表头“{first}”都对应“{column}”，无法确定用哪一列"),
                        });
                        columns.push(FileColumn::Ignored);
                        continue;
                    }
                } else {
                    first_header.insert(column, shown);
                }
                columns.push(FileColumn::National { column, unit });
            }
        }
    }
    let present: Vec<&'static str> = first_header.keys().copied().chain(supplied.iter().copied()).collect();
    let missing = missing_columns(kind, &present);
    HeaderMapping {
        header_row: 0,
        columns,
        headers: headers.to_vec(),
        unknown,
        conflicts,
        missing,
    }
}

/// Mandatory columns not among `present`. Some can be made good row by row and
/// are not demanded of the file: 行政相对人类别 (inferred from the codes), an
/// authority's or source's code when its name is there (resolved from the
/// departments table), and the columns the 2015 template never had.
pub fn missing_columns(kind: RecordKind, present: &[&'static str]) -> Vec<&'static str> {
    let keys = key_columns(kind);
    let resolvable = |c: &str| {
        (c == keys.authority_uscc && present.contains(&keys.authority))
            || (c == col::SOURCE_USCC && present.contains(&col::SOURCE))
    };
    columns_for(kind)
        .iter()
        .filter(|c| c.required && !present.contains(&c.name))
        .map(|c| c.name)
        .filter(|c| *c != col::SUBJECT_KIND && !col::ABSENT_FROM_2015_TEMPLATE.contains(c) && !resolvable(c))
        .collect()
}

/// The rows searched for the header: title and note rows come first in real files.
pub const HEADER_SEARCH_ROWS: usize = 20;
/// A row is the header when it names at least this many national columns.
pub const HEADER_MIN_COLUMNS: usize = 3;

/// Finds the header row (the first of the first rows that names enough
/// national columns) and maps it. When no row does, the row naming the most is
/// returned, so the refusal can say what was read.
pub fn locate_header(kind: RecordKind, rows: &[Vec<String>], supplied: &[&'static str]) -> HeaderMapping {
    let mut best: Option<(usize, HeaderMapping)> = None;
    for (i, row) in rows.iter().enumerate().take(HEADER_SEARCH_ROWS) {
        let mut mapping = map_headers(kind, row, supplied);
        mapping.header_row = i;
        let named = mapping
            .national_columns()
            .collect::<std::collections::HashSet<_>>()
            .len();
        if named >= HEADER_MIN_COLUMNS {
            return mapping;
        }
        if best.as_ref().is_none_or(|(n, _)| named > *n) {
            best = Some((named, mapping));
        }
    }
    best.map(|(_, m)| m).unwrap_or_else(|| map_headers(kind, &[], supplied))
}

/// The national column nearest to an unrecognised header, for "did you mean".
pub fn nearest_column(kind: RecordKind, header: &str) -> Option<&'static str> {
    if header.chars().count() < 2 {
        return None;
    }
    let mut candidates: Vec<(String, &'static str)> = columns_for(kind)
        .iter()
        .map(|c| (split_brackets(&normalise_header(c.name)).0, c.name))
        .collect();
    for alias in aliases().keys() {
        if let Some((AliasColumn::Column(column), _)) = alias_for(kind, alias) {
            candidates.push((alias.clone(), column));
        }
    }
    let (base, _) = split_brackets(header);
    candidates
        .iter()
        .map(|(name, column)| {
            let mut score = strsim::normalized_levenshtein(&base, name);
            if name.chars().count() >= 2 && (base.contains(name.as_str()) || name.contains(base.as_str())) {
                score = score.max(0.6);
            }
            (score, *column)
        })
        .filter(|(score, _)| *score >= 0.4)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, column)| column)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn meaning(kind: RecordKind, h: &str) -> HeaderMeaning {
        header_meaning(kind, h)
    }

    fn column(c: &'static str) -> HeaderMeaning {
        HeaderMeaning::Column { column: c, unit: None }
    }

    #[test]
    fn the_alias_table_parses() {
        let table = parse_alias_table(ALIAS_TABLE).unwrap();
        assert!(table.len() > 100, "{}", table.len());
        for line in ALIAS_TABLE
            .lines()
            .skip(1)
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            assert_eq!(line.split(',').count(), 5, "{line}");
        }
    }

    #[test]
    fn a_unit_in_brackets_is_read_never_dropped() {
        let p = RecordKind::Penalty;
        assert_eq!(
            meaning(p, "罚款金额(元)"),
            HeaderMeaning::Column {
                column: col::FINE,
                unit: Some(AmountUnit::Yuan)
            }
        );
        assert_eq!(
            meaning(p, "罰款金額（萬元）"),
            HeaderMeaning::Column {
                column: col::FINE,
                unit: Some(AmountUnit::WanYuan)
            }
        );
        assert_eq!(meaning(p, "罚款金额"), column(col::FINE));
        assert_eq!(
            meaning(p, "CF_NR_FK"),
            HeaderMeaning::Column {
                column: col::FINE,
                unit: Some(AmountUnit::WanYuan)
            }
        );
        assert!(matches!(meaning(p, "处罚内容(元)"), HeaderMeaning::Conflict(_)));
    }

    #[test]
    fn numbered_code_columns_are_read_by_their_bracket() {
        let p = RecordKind::Penalty;
        assert_eq!(meaning(p, "行政相对人代码_5（居民身份证号）"), column(col::ID_NUMBER));
        assert_eq!(
            meaning(p, "行政相对人代码_2(组织机构代码)"),
            column(col::SUBJECT_CODES_OTHER[1])
        );
        assert_eq!(
            meaning(p, "行政相对人代码_3(工商登记码)"),
            column(col::SUBJECT_CODES_OTHER[0])
        );
        assert_eq!(meaning(p, "行政相对人代码_1"), column(col::USCC));
        assert!(matches!(meaning(p, "行政相对人代码_5"), HeaderMeaning::Conflict(_)));
        assert!(matches!(
            meaning(p, "统一社会信用代码(居民身份证号)"),
            HeaderMeaning::Conflict(_)
        ));
    }

    #[test]
    fn a_personal_id_header_never_lands_in_a_public_column() {
        for kind in RecordKind::ALL {
            for h in [
                "身份证号",
                "居民身份证号码",
                "法定代表人身份证号",
                "证件号码",
                "行政相对人代码_5(居民身份证号)",
            ] {
                match meaning(kind, h) {
                    HeaderMeaning::Column { column, .. } => {
                        assert_eq!(
                            visibility_of(kind, column),
                            Some(Visibility::PersonalId),
                            "{h} {kind:?}"
                        )
                    }
                    other => panic!("{h}: {other:?}"),
                }
            }
        }
        // An unknown header naming an ID is kept private, and said so.
        let m = map_headers(RecordKind::Penalty, &strings(&["经营者身份证号"]), &[]);
        assert_eq!(
            m.columns[0],
            FileColumn::Extra {
                header: "经营者身份证号".into()
            }
        );
        assert!(m.unknown[0].personal_id);
    }

    #[test]
    fn the_2015_penalty_template_maps_with_values_given_once() {
        let headers = strings(&[
            "序号",
            "行政处罚决定书文号",
            "处罚名称",
            "处罚类别1",
            "处罚类别2",
            "处罚事由",
            "处罚依据",
            "行政相对人名称",
            "行政相对人代码_1(统一社会信用代码)",
            "行政相对人代码_2(组织机构代码)",
            "行政相对人代码_3(工商登记码)",
            "行政相对人代码_4(税务登记号)",
            "行政相对人代码_5(居民身份证号)",
            "法定代表人姓名",
            "处罚结果",
            "处罚决定日期",
            "处罚机关",
            "当前状态",
            "地方编码",
            "数据更新时间戳",
            "备注",
        ]);
        let m = map_headers(RecordKind::Penalty, &headers, &[]);
        assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
        assert_eq!(m.columns[0], FileColumn::Ignored);
        assert_eq!(m.columns[4], column_of(col::PENALTY_CATEGORY));
        assert_eq!(m.columns[12], column_of(col::ID_NUMBER));
        assert_eq!(m.missing, vec![col::SOURCE, col::SOURCE_USCC]);
        let m = map_headers(RecordKind::Penalty, &headers, &[col::SOURCE]);
        assert!(m.is_usable(), "{}", m.refusal());
        let kept: Vec<_> = m.unknown.iter().map(|u| u.header.as_str()).collect();
        assert_eq!(kept, vec!["当前状态", "地方编码", "数据更新时间戳"]);
    }

    fn column_of(c: &'static str) -> FileColumn {
        FileColumn::National { column: c, unit: None }
    }

    #[test]
    fn field_codes_and_list_layouts_map() {
        let m = map_headers(
            RecordKind::Permit,
            &strings(&["XK_XDR_MC", "XK_XDR_SHXYM", "XK_WSH", "XK_XKJG", "XK_JDRQ", "XK_YXQJ"]),
            &[],
        );
        assert!(m.conflicts.is_empty() && m.unknown.is_empty(), "{}", m.refusal());
        assert_eq!(m.columns[2], column_of(col::PERMIT_DOC_NO));
        let list = strings(&[
            "失信被执行人名称",
            "身份证号码/组织机构代码",
            "执行法院",
            "案号",
            "发布时间",
            "失信被执行人行为具体情形",
        ]);
        let m = map_headers(
            RecordKind::Blacklist,
            &list,
            &[col::LIST_NAME, col::LIST_BASIS, col::SOURCE],
        );
        assert!(m.conflicts.is_empty(), "{}", m.refusal());
        assert_eq!(m.columns[1], FileColumn::IdOrOrganisationCode);
        assert_eq!(m.columns[2], column_of(col::LIST_AUTHORITY));
        assert_eq!(m.columns[3], column_of(col::LIST_DOC_NO));
        assert_eq!(m.columns[4], column_of(col::LIST_START));
        assert_eq!(m.missing, Vec::<&str>::new());
    }

    #[test]
    fn two_columns_for_one_national_column_are_refused_except_categories() {
        let m = map_headers(RecordKind::Penalty, &strings(&["企业名称", "当事人名称"]), &[]);
        assert_eq!(m.conflicts.len(), 1);
        let m = map_headers(RecordKind::Penalty, &strings(&["处罚类别1", "处罚类别2"]), &[]);
        assert!(m.conflicts.is_empty());
    }

    #[test]
    fn the_header_is_found_below_a_title_and_a_note() {
        let rows = vec![
            strings(&["2024年行政处罚信息公示"]),
            strings(&["注意：带*为必填项"]),
            strings(&["*行政相对人名称", "统一社会信用代码", "*处罚决定书文号"]),
            strings(&["某公司", "91330000755918469E", "嘉市监罚〔2024〕1号"]),
        ];
        let m = locate_header(RecordKind::Penalty, &rows, &[]);
        assert_eq!(m.header_row, 2);
        assert_eq!(m.columns[2], column_of(col::PENALTY_DOC_NO));
    }

    #[test]
    fn a_refusal_says_what_was_read_and_suggests() {
        let rows = vec![strings(&["行政相对人名", "处罚决定书号", "罚款"])];
        let m = locate_header(RecordKind::Penalty, &rows, &[]);
        let refusal = m.refusal();
        assert!(refusal.contains("第 1 行被读作表头"), "{refusal}");
        assert!(refusal.contains("是否为“行政相对人名称”"), "{refusal}");
        assert!(refusal.contains("缺少必填列"), "{refusal}");
        assert!(refusal.contains("--set"), "{refusal}");
    }

    #[test]
    fn headers_fold_width_script_spaces_and_notes() {
        assert_eq!(normalise_header(" *行政相對人\n名稱（必填）"), "行政相对人名称");
        assert_eq!(normalise_header("罚款金额【元】"), "罚款金额(元)");
    }
}
