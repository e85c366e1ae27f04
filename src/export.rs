//! `portal export`: writes a kind's records back in the national columns, so
//! import → export → import round-trips. Streams in id order, a chunk at a time.
//! Full identity numbers are included (this is a back-office tool) unless
//! `public` is set, which masks them and leaves out records not publicly visible.

use std::collections::HashMap;
use std::io::Write;

use app::domain::kinds::{RecordKind, RecordState};
use app::domain::national_columns::columns_for;
use app::domain::visibility::{is_publicly_visible, VisibilityFacts};
use chrono::NaiveDate;

use crate::store::{ExportRow, Store};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Csv,
    Ndjson,
}

const CHUNK: i64 = 2000;

fn row_values(row: &ExportRow, public: bool) -> HashMap<String, String> {
    let mut values: HashMap<String, String> = serde_json::from_str::<Vec<(String, String)>>(&row.public_columns)
        .unwrap_or_default()
        .into_iter()
        .collect();
    if !public {
        let private: Vec<(String, String)> = serde_json::from_str(&row.private_columns).unwrap_or_default();
        values.extend(private);
    }
    values
}

/// Writes every record of `kind`; returns how many were written.
pub async fn export<W: Write>(
    store: &Store,
    kind: RecordKind,
    format: ExportFormat,
    public: bool,
    today: NaiveDate,
    out: W,
) -> anyhow::Result<u64> {
    let columns: Vec<&str> = columns_for(kind).iter().map(|c| c.name).collect();
    let mut csv_writer = None;
    let mut ndjson = None;
    match format {
        ExportFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(&columns)?;
            csv_writer = Some(w);
        }
        ExportFormat::Ndjson => ndjson = Some(std::io::BufWriter::new(out)),
    }
    let mut after = 0;
    let mut written = 0;
    loop {
        let chunk = store.export_chunk(kind.code(), after, CHUNK).await?;
        let Some(last) = chunk.last() else { break };
        after = last.id;
        for row in &chunk {
            let withdrawn_or_draft =
                [RecordState::Withdrawn.code(), RecordState::Draft.code()].contains(&row.state.as_str());
            if withdrawn_or_draft && !public {
                // Withdrawn decisions are not re-exported as if current, drafts not before they are published.
                continue;
            }
            if public {
                let facts = VisibilityFacts {
                    kind,
                    state: RecordState::from_code(&row.state).unwrap_or(RecordState::Withdrawn),
                    sensitive: row.sensitive,
                    simple_procedure: row.simple_procedure,
                    start: row.start_date,
                    end: row.end_date,
                };
                if !is_publicly_visible(&facts, today) {
                    continue;
                }
            }
            let values = row_values(row, public);
            if let Some(w) = csv_writer.as_mut() {
                w.write_record(columns.iter().map(|c| values.get(*c).map(String::as_str).unwrap_or("")))?;
            }
            if let Some(w) = ndjson.as_mut() {
                let object: serde_json::Map<String, serde_json::Value> = columns
                    .iter()
                    .filter_map(|c| {
                        values
                            .get(*c)
                            .map(|v| (c.to_string(), serde_json::Value::String(v.clone())))
                    })
                    .collect();
                serde_json::to_writer(&mut *w, &object)?;
                w.write_all(b"\n")?;
            }
            written += 1;
        }
    }
    if let Some(mut w) = csv_writer {
        w.flush()?;
    }
    if let Some(mut w) = ndjson {
        w.flush()?;
    }
    Ok(written)
}
