//! One row of a department's file, read through its [`HeaderMapping`] into the
//! national columns that validation takes: amounts in the header's unit
//! converted to 万元 exactly, Excel serial dates written out, values given once
//! for the whole file (`--set`) filled in, an authority or source named by a
//! department the portal knows given its code, and the file's own extra
//! columns kept aside (back-office only). Validation itself is
//! [`super::record_validation::validate_row`], the same for every path.

use std::collections::HashMap;

use super::amount::{format_fen_as_wan_yuan, parse_amount_to_fen};
use super::dates::excel_serial_date;
use super::header_mapping::{
    header_meaning, normalise_header, FileColumn, HeaderMapping, HeaderMeaning, KEPT_COLUMNS_HEADER,
};
use super::kinds::RecordKind;
use super::national_columns::{self as col, is_amount_column, is_date_column, joins_repeated_columns, key_columns};
use super::record_validation::{FieldProblem, RowCells};
use super::script::{fold_width, to_simplified};
use super::uscc::validate_uscc;

/// Values given once for every row of a file (`portal import --set 列名=值`, the
/// upload page's fields): they fill a column the file lacks or leaves empty.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileValues {
    values: Vec<(&'static str, String)>,
}

impl FileValues {
    /// Reads `列名=值` pairs. The name is read as a header is (aliases and
    /// Traditional characters too); it must name a national column of the kind.
    pub fn parse(kind: RecordKind, pairs: &[String]) -> Result<FileValues, String> {
        let mut out = FileValues::default();
        for pair in pairs {
            let Some((name, value)) = pair.split_once('=') else {
                return Err(format!("“{pair}”应写成 列名=值"));
            };
            out.set(kind, name, value)?;
        }
        Ok(out)
    }

    /// Adds one value; an empty value is no value.
    pub fn set(&mut self, kind: RecordKind, name: &str, value: &str) -> Result<(), String> {
        let value = value.trim();
        if value.is_empty() {
            return Ok(());
        }
        let column = match header_meaning(kind, name) {
            HeaderMeaning::Column { column, .. } => column,
            HeaderMeaning::Conflict(why) => return Err(format!("“{}”：{why}", name.trim())),
            _ => {
                return Err(format!(
                    "“{}”不是{}的国家标准列名，无法统一填写",
                    name.trim(),
                    kind.label()
                ))
            }
        };
        self.values.retain(|(c, _)| *c != column);
        self.values.push((column, value.to_string()));
        Ok(())
    }

    pub fn columns(&self) -> Vec<&'static str> {
        self.values.iter().map(|(c, _)| *c).collect()
    }

    pub fn get(&self, column: &str) -> Option<&str> {
        self.values.iter().find(|(c, _)| *c == column).map(|(_, v)| v.as_str())
    }

    pub fn pairs(&self) -> &[(&'static str, String)] {
        &self.values
    }
}

/// The departments the portal knows, by name, to give a row's authority or
/// source its unified social credit code when the file names it only.
#[derive(Clone, Debug, Default)]
pub struct DepartmentNames {
    by_name: HashMap<String, String>,
}

impl DepartmentNames {
    /// `(name, uscc)` pairs; names are compared as headers are (width, script, spaces).
    pub fn new(departments: impl IntoIterator<Item = (String, String)>) -> Self {
        DepartmentNames {
            by_name: departments
                .into_iter()
                .map(|(name, uscc)| (normalise_header(&name), uscc))
                .collect(),
        }
    }

    pub fn uscc_of(&self, name: &str) -> Option<&str> {
        self.by_name.get(&normalise_header(name)).map(String::as_str)
    }
}

/// A file row in the national columns, with what it could not take.
#[derive(Clone, Debug, Default)]
pub struct FileRow {
    pub cells: RowCells,
    /// The file's columns the portal does not use, `(header, value)`, non-empty values only.
    pub extras: Vec<(String, String)>,
    /// Values refused before validation (a unit, an unknown department).
    pub problems: Vec<FieldProblem>,
}

/// Whether every cell of a row is empty (such rows are skipped).
pub fn is_blank_row(raw: &[String]) -> bool {
    raw.iter().all(|c| c.trim().is_empty())
}

/// An organisation code as published lists write it: 8 characters, an optional `-`, a check character.
pub fn looks_like_organisation_code(value: &str) -> bool {
    let v: Vec<char> = fold_width(value).trim().chars().filter(|c| *c != '-').collect();
    v.len() == 9
        && v[..8].iter().all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
        && (v[8].is_ascii_digit() || v[8] == 'X')
}

/// Reads one row of a file through its mapping.
pub fn read_file_row(
    kind: RecordKind,
    mapping: &HeaderMapping,
    raw: &[String],
    values: &FileValues,
    departments: &DepartmentNames,
) -> FileRow {
    let mut row = FileRow::default();
    for (i, column) in mapping.columns.iter().enumerate() {
        let value = raw.get(i).map(|v| v.trim()).unwrap_or_default();
        match column {
            FileColumn::Ignored => {}
            FileColumn::Extra { header } => {
                if !value.is_empty() {
                    row.extras.push((header.clone(), value.to_string()));
                }
            }
            FileColumn::KeptColumns => {
                // Written by the back-office export; anything else there is kept as it stands.
                match serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(value) {
                    Ok(kept) => row.extras.extend(
                        kept.into_iter()
                            .map(|(k, v)| (k, v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string()))),
                    ),
                    Err(_) if value.is_empty() => {}
                    Err(_) => row.extras.push((KEPT_COLUMNS_HEADER.to_string(), value.to_string())),
                }
            }
            FileColumn::UsccOr(other) => {
                let target = if validate_uscc(value).is_ok() { col::USCC } else { other };
                put(&mut row.cells, target, value.to_string());
            }
            FileColumn::IdOrOrganisationCode => {
                let target = if looks_like_organisation_code(value) {
                    col::SUBJECT_CODES_OTHER[1]
                } else {
                    col::ID_NUMBER
                };
                put(&mut row.cells, target, value.to_string());
            }
            FileColumn::National { column, unit } => {
                let value = if value.is_empty() {
                    String::new()
                } else if is_amount_column(column) {
                    match parse_amount_to_fen(value, *unit) {
                        Ok(fen) => format_fen_as_wan_yuan(fen),
                        Err(e) => {
                            row.problems.push(FieldProblem {
                                column,
                                message: e.to_string(),
                            });
                            continue;
                        }
                    }
                } else if is_date_column(column) {
                    excel_serial_date(value)
                        .map(|d| d.format("%Y-%m-%d").to_string())
                        .unwrap_or_else(|| value.to_string())
                } else {
                    value.to_string()
                };
                put(&mut row.cells, column, value);
            }
        }
    }
    for (column, value) in values.pairs() {
        let empty = row.cells.get(column).is_none_or(|v| v.trim().is_empty());
        if empty {
            row.cells.insert(column, value.clone());
        }
    }
    resolve_departments(kind, &mut row, departments);
    row
}

/// Puts a cell, joining a column the file gives twice (处罚类别1 and 2).
fn put(cells: &mut RowCells, column: &'static str, value: String) {
    match cells.get_mut(column) {
        Some(existing) if joins_repeated_columns(column) && !value.is_empty() => {
            if existing.trim().is_empty() {
                *existing = value;
            } else {
                existing.push('、');
                existing.push_str(&value);
            }
        }
        Some(existing) if existing.trim().is_empty() => *existing = value,
        Some(_) => {}
        None => {
            cells.insert(column, value);
        }
    }
}

/// An authority or source named only by name gets the code the departments
/// table gives that name; a name the portal does not know is said so.
fn resolve_departments(kind: RecordKind, row: &mut FileRow, departments: &DepartmentNames) {
    let keys = key_columns(kind);
    for (name_column, code_column) in [(keys.authority, keys.authority_uscc), (col::SOURCE, col::SOURCE_USCC)] {
        let has_code = row.cells.get(code_column).is_some_and(|v| !v.trim().is_empty());
        let Some(name) = row
            .cells
            .get(name_column)
            .map(|v| v.trim().to_string())
            .filter(|n| !n.is_empty())
        else {
            continue;
        };
        if has_code {
            continue;
        }
        match departments.uscc_of(&name) {
            Some(uscc) => {
                row.cells.insert(code_column, uscc.to_string());
            }
            None => row.problems.push(FieldProblem {
                column: code_column,
                message: format!(
                    "未填写，且“{}”不是本平台已登记的部门：请在文件中填写，或导入时统一填写（--set {code_column}=代码）",
                    to_simplified(&name)
                ),
            }),
        }
    }
}

/// Merges the problems found reading the row with validation's, without
/// saying twice that a column is empty when reading already said why.
pub fn merge_problems(reading: &[FieldProblem], validation: Vec<FieldProblem>) -> Vec<FieldProblem> {
    let mut out = reading.to_vec();
    for p in validation {
        let said = reading.iter().any(|r| r.column == p.column);
        if !said {
            out.push(p);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::header_mapping::map_headers;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_fine_in_yuan_is_stored_in_wan_yuan_exactly() {
        let m = map_headers(RecordKind::Penalty, &strings(&["罚款金额(元)", "罚款金额(万元)"]), &[]);
        // Two columns for one national column are refused; take them one at a time.
        assert_eq!(m.conflicts.len(), 1);
        let m = map_headers(RecordKind::Penalty, &strings(&["罚款金额（元）"]), &[]);
        let row = read_file_row(
            RecordKind::Penalty,
            &m,
            &strings(&["1,150,000"]),
            &FileValues::default(),
            &DepartmentNames::default(),
        );
        assert_eq!(row.cells[col::FINE], "115");
        let m = map_headers(RecordKind::Penalty, &strings(&["罚款金额"]), &[]);
        let read = |v: &str| {
            read_file_row(
                RecordKind::Penalty,
                &m,
                &strings(&[v]),
                &FileValues::default(),
                &DepartmentNames::default(),
            )
        };
        assert_eq!(read("4.54万元").cells[col::FINE], "4.54");
        assert_eq!(read("5000元").cells[col::FINE], "0.5");
        // A bare number under a header without a unit is never guessed.
        let row = read("5000");
        assert!(!row.cells.contains_key(col::FINE));
        assert_eq!(row.problems[0].column, col::FINE);
    }

    #[test]
    fn serial_dates_values_given_once_and_departments_fill_in() {
        let m = map_headers(
            RecordKind::Penalty,
            &strings(&["处罚决定日期", "处罚机关", "数据来源单位", "处罚类别1", "处罚类别2"]),
            &[],
        );
        let values =
            FileValues::parse(RecordKind::Penalty, &strings(&["数据来源单位=嘉峪关市市场监督管理局"])).unwrap();
        let departments =
            DepartmentNames::new([("嘉峪关市市场监督管理局".to_string(), "11620200013926137A".to_string())]);
        let row = read_file_row(
            RecordKind::Penalty,
            &m,
            &strings(&["45000", "嘉峪关市市场监督管理局", "", "警告", "罚款"]),
            &values,
            &departments,
        );
        assert_eq!(row.cells[col::PENALTY_DATE], "2023-03-15");
        assert_eq!(row.cells[col::SOURCE], "嘉峪关市市场监督管理局");
        assert_eq!(row.cells[col::SOURCE_USCC], "11620200013926137A");
        assert_eq!(row.cells[col::PENALTY_AUTHORITY_USCC], "11620200013926137A");
        assert_eq!(row.cells[col::PENALTY_CATEGORY], "警告、罚款");
        let unknown = read_file_row(
            RecordKind::Penalty,
            &m,
            &strings(&["2023-03-15", "某不存在的局", "", "", ""]),
            &values,
            &DepartmentNames::default(),
        );
        assert!(unknown.problems.iter().any(|p| p.column == col::PENALTY_AUTHORITY_USCC));
        assert!(FileValues::parse(RecordKind::Penalty, &strings(&["不存在的列=1"])).is_err());
        assert!(FileValues::parse(RecordKind::Penalty, &strings(&["没有等号"])).is_err());
    }

    #[test]
    fn a_list_mixed_id_column_is_split_by_shape_and_extras_are_kept() {
        let m = map_headers(
            RecordKind::Blacklist,
            &strings(&["身份证号码/组织机构代码", "省份"]),
            &[],
        );
        let read = |v: &str| {
            read_file_row(
                RecordKind::Blacklist,
                &m,
                &strings(&[v, "甘肃"]),
                &FileValues::default(),
                &DepartmentNames::default(),
            )
        };
        assert_eq!(read("71092334-1").cells[col::SUBJECT_CODES_OTHER[1]], "71092334-1");
        let person = read("432930****0278215");
        assert_eq!(person.cells[col::ID_NUMBER], "432930****0278215");
        assert_eq!(person.extras, vec![("省份".to_string(), "甘肃".to_string())]);
    }

    #[test]
    fn a_code_or_registration_number_column_is_split_by_shape() {
        let m = map_headers(
            RecordKind::Blacklist,
            &strings(&["统一社会信用代码/注册号", "企業名稱"]),
            &[],
        );
        assert_eq!(m.columns[0], FileColumn::UsccOr(col::SUBJECT_CODES_OTHER[0]));
        let read = |v: &str| {
            read_file_row(
                RecordKind::Blacklist,
                &m,
                &strings(&[v, "某公司"]),
                &FileValues::default(),
                &DepartmentNames::default(),
            )
        };
        assert_eq!(read("91330000755918469E").cells[col::USCC], "91330000755918469E");
        assert_eq!(
            read("620200000012345").cells[col::SUBJECT_CODES_OTHER[0]],
            "620200000012345"
        );
        assert_eq!(
            read("620200000012345").cells[col::SUBJECT_NAME],
            "某公司",
            "Traditional header"
        );
    }
}
