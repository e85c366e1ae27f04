//! Reading CSV, XLSX and XLS files into rows of text cells. CSV files from
//! Chinese offices are often saved by Excel in GB18030 (GBK); UTF-8, with or
//! without a byte-order mark, is read as is. Every row is kept, title and note
//! rows included: finding the header is the mapping's job.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader};

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("无法读取文件：{0}")]
    Io(#[from] std::io::Error),
    #[error("CSV 格式错误：{0}")]
    Csv(#[from] csv::Error),
    #[error("无法读取 Excel 文件：{0}")]
    Xlsx(String),
    #[error("文件为空：没有表头行")]
    Empty,
    #[error("不支持的文件类型“{0}”：请使用 .csv、.xlsx 或 .xls")]
    UnsupportedType(String),
}

/// A file as rows of cells, every row as the file has it (the header among them).
pub struct Sheet {
    pub rows: Vec<Vec<String>>,
    /// A workbook's other non-empty worksheets, in order: the data is not
    /// always on the first (a 填表说明 sheet often comes first).
    pub other_sheets: Vec<Vec<Vec<String>>>,
}

pub fn read_path(path: &Path) -> Result<Sheet, ReadError> {
    let bytes = std::fs::read(path)?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    read_bytes(&bytes, &ext)
}

/// Reads a file's content; `ext` is its extension (csv, xlsx, xls), lower-case.
pub fn read_bytes(bytes: &[u8], ext: &str) -> Result<Sheet, ReadError> {
    match ext {
        "csv" | "txt" => read_csv(bytes),
        "xlsx" | "xlsm" | "xls" => read_spreadsheet(bytes),
        // Sniff: XLSX files are ZIP archives.
        _ if bytes.starts_with(b"PK\x03\x04") => read_spreadsheet(bytes),
        "" => read_csv(bytes),
        other => Err(ReadError::UnsupportedType(other.to_string())),
    }
}

fn decode_text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

/// Tab-separated text (some systems' "CSV" export) when the first line has
/// tabs and no commas; otherwise commas.
fn delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or_default();
    if first.contains('\t') && !first.contains(',') {
        b'\t'
    } else {
        b','
    }
}

fn read_csv(bytes: &[u8]) -> Result<Sheet, ReadError> {
    let text = decode_text(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(&text))
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for r in reader.records() {
        rows.push(r?.iter().map(|s| s.to_string()).collect());
    }
    if rows.is_empty() {
        return Err(ReadError::Empty);
    }
    Ok(Sheet {
        rows,
        other_sheets: Vec::new(),
    })
}

fn read_spreadsheet(bytes: &[u8]) -> Result<Sheet, ReadError> {
    let mut book =
        calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| ReadError::Xlsx(e.to_string()))?;
    if book.sheet_names().is_empty() {
        return Err(ReadError::Xlsx("工作簿中没有工作表".into()));
    }
    let mut sheets = Vec::new();
    for range in book.worksheets() {
        let rows: Vec<Vec<String>> = range.1.rows().map(|r| r.iter().map(cell_text).collect()).collect();
        if !rows.is_empty() {
            sheets.push(rows);
        }
    }
    let mut sheets = sheets.into_iter();
    let rows = sheets.next().ok_or(ReadError::Empty)?;
    Ok(Sheet {
        rows,
        other_sheets: sheets.collect(),
    })
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => format!("{f}"),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) => t.date().format("%Y-%m-%d").to_string(),
            None => dt.to_string(),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gb18030_and_bom_csv_decode() {
        let (gbk, _, _) = encoding_rs::GB18030.encode("名称,类别\n张三,自然人\n");
        let sheet = read_bytes(&gbk, "csv").unwrap();
        assert_eq!(sheet.rows[0], vec!["名称", "类别"]);
        assert_eq!(sheet.rows[1], vec!["张三", "自然人"]);
        let bom = "\u{feff}名称\n甲\n".as_bytes().to_vec();
        let sheet = read_bytes(&bom, "csv").unwrap();
        assert_eq!(sheet.rows[0], vec!["名称"]);
        let tabs = read_bytes("名称\t类别\n甲\t企业\n".as_bytes(), "txt").unwrap();
        assert_eq!(tabs.rows[1], vec!["甲", "企业"]);
    }

    #[test]
    fn unknown_types_are_refused() {
        assert!(matches!(read_bytes(b"x", "pdf"), Err(ReadError::UnsupportedType(_))));
        assert!(matches!(read_bytes(b"", "csv"), Err(ReadError::Empty)));
    }
}
