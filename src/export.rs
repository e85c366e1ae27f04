//! `portal export`: writes a kind's records back in the national columns, so
//! import → export → import round-trips. Streams in id order, a chunk at a time.
//! Full identity numbers are included (this is a back-office tool) unless
//! `public` is set, which masks them and leaves out records not publicly visible.

use std::collections::HashMap;
use std::io::Write;

use app::domain::header_mapping::KEPT_COLUMNS_HEADER;
use app::domain::kinds::{RecordKind, RecordState};
use app::domain::national_columns::columns_for;
use app::domain::record_entry::file_columns;
use app::domain::visibility::{is_publicly_visible, VisibilityFacts};
use chrono::NaiveDate;

use crate::store::{ExportRow, Store};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Csv,
    Ndjson,
}

const CHUNK: i64 = 2000;

fn row_values(kind: RecordKind, row: &ExportRow, public: bool) -> HashMap<String, String> {
    let mut values: HashMap<String, String> = serde_json::from_str::<Vec<(String, String)>>(&row.public_columns)
        .unwrap_or_default()
        .into_iter()
        .collect();
    if !public {
        let private: Vec<(String, String)> = serde_json::from_str(&row.private_columns).unwrap_or_default();
        // The file's own columns go back out in one column, which an import reads back.
        let kept: serde_json::Map<String, serde_json::Value> = file_columns(kind, &private)
            .into_iter()
            .map(|(k, v)| (k, serde_json::Value::String(v)))
            .collect();
        if !kept.is_empty() {
            values.insert(
                KEPT_COLUMNS_HEADER.to_string(),
                serde_json::Value::Object(kept).to_string(),
            );
        }
        values.extend(private);
    }
    values
}

/// What to export: a kind, in a format, for the public (masked, visible
/// records only) or the back-office (full IDs, withdrawn left out), as of a day.
#[derive(Clone, Copy, Debug)]
pub struct ExportSpec {
    pub kind: RecordKind,
    pub format: ExportFormat,
    pub public: bool,
    pub today: NaiveDate,
}

impl ExportSpec {
    /// The national columns; the back-office export adds the file's own columns kept with each record.
    fn columns(&self) -> Vec<&'static str> {
        let national = columns_for(self.kind).iter().map(|c| c.name);
        let kept = (!self.public).then_some(KEPT_COLUMNS_HEADER);
        national.chain(kept).collect()
    }

    /// The first bytes: the CSV header row (with a UTF-8 BOM when `bom`, so
    /// Excel reads the Chinese correctly); nothing for NDJSON.
    pub fn header(&self, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if self.format == ExportFormat::Csv {
            if bom {
                out.extend_from_slice("\u{feff}".as_bytes());
            }
            let mut w = csv::Writer::from_writer(&mut out);
            let _ = w.write_record(self.columns());
            let _ = w.flush();
        }
        out
    }

    fn wanted(&self, row: &ExportRow) -> bool {
        if !self.public {
            // Withdrawn decisions are not re-exported as if current, drafts not before they are published.
            return ![RecordState::Withdrawn.code(), RecordState::Draft.code()].contains(&row.state.as_str());
        }
        let facts = VisibilityFacts {
            kind: self.kind,
            state: RecordState::from_code(&row.state).unwrap_or(RecordState::Withdrawn),
            sensitive: row.sensitive,
            simple_procedure: row.simple_procedure,
            start: row.start_date,
            end: row.end_date,
        };
        is_publicly_visible(&facts, self.today)
    }

    /// One chunk of rows encoded; returns the bytes and how many rows they hold.
    pub fn encode(&self, rows: &[ExportRow]) -> (Vec<u8>, u64) {
        let columns = self.columns();
        let wanted: Vec<&ExportRow> = rows.iter().filter(|r| self.wanted(r)).collect();
        let mut out = Vec::new();
        match self.format {
            ExportFormat::Csv => {
                let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(&mut out);
                for row in &wanted {
                    let values = row_values(self.kind, row, self.public);
                    w.write_record(columns.iter().map(|c| values.get(*c).map(String::as_str).unwrap_or("")))
                        .expect("writing CSV to memory");
                }
                w.flush().expect("writing CSV to memory");
            }
            ExportFormat::Ndjson => {
                for row in &wanted {
                    let values = row_values(self.kind, row, self.public);
                    let object: serde_json::Map<String, serde_json::Value> = columns
                        .iter()
                        .filter_map(|c| {
                            values
                                .get(*c)
                                .map(|v| (c.to_string(), serde_json::Value::String(v.clone())))
                        })
                        .collect();
                    serde_json::to_writer(&mut out, &object).expect("writing JSON to memory");
                    out.push(b'\n');
                }
            }
        }
        (out, wanted.len() as u64)
    }
}

/// Writes every record of `spec.kind` to `out` (the `portal export` command);
/// returns how many were written.
pub async fn export<W: Write>(store: &Store, spec: ExportSpec, mut out: W) -> anyhow::Result<u64> {
    out.write_all(&spec.header(false))?;
    let mut after = 0;
    let mut written = 0;
    loop {
        let chunk = store.export_chunk(spec.kind.code(), after, CHUNK).await?;
        let Some(last) = chunk.last() else { break };
        after = last.id;
        let (bytes, n) = spec.encode(&chunk);
        out.write_all(&bytes)?;
        written += n;
    }
    out.flush()?;
    Ok(written)
}

/// The same export as a stream of byte chunks for an HTTP download: one
/// database chunk in memory at a time, whatever the size of the set.
pub fn export_stream(
    store: Store,
    spec: ExportSpec,
) -> impl futures::Stream<Item = Result<bytes::Bytes, std::io::Error>> + Send + 'static {
    let first = bytes::Bytes::from(spec.header(true));
    let rows = futures::stream::unfold(Some(0i64), move |after| {
        let store = store.clone();
        async move {
            let after = after?;
            match store.export_chunk(spec.kind.code(), after, CHUNK).await {
                Err(e) => Some((Err(std::io::Error::other(e.to_string())), None)),
                Ok(chunk) => {
                    let last = chunk.last()?.id;
                    let (bytes, _) = spec.encode(&chunk);
                    Some((Ok(bytes::Bytes::from(bytes)), Some(last)))
                }
            }
        }
    });
    futures::StreamExt::chain(futures::stream::once(async move { Ok(first) }), rows)
}
