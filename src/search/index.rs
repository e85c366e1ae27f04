//! The live index and its generations on disk.
//!
//! `<data>/index/CURRENT` names the generation in use (`gen-000001`, …). A
//! rebuild writes a new generation beside it and then replaces CURRENT with an
//! atomic rename, so searches keep being answered during the rebuild; every
//! process notices the switch on its next sync and reopens. Each commit carries
//! the change-log sequence it covers as its payload: after a crash the index
//! resumes from exactly what it committed.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use app::domain::kinds::{RecordKind, RecordState};
use app::domain::national_columns::{columns_for, Visibility};
use tantivy::schema::Schema;
use tantivy::{doc, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use super::analysis;
use super::query_text::normalise_doc_no;
use super::schema::{self, day_number, kind_number, subject_kind_number, Fields, OPEN_END};
use crate::store::IndexRow;

/// Memory for the indexing threads' buffers.
const WRITER_HEAP_BYTES: usize = 128 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("search index files: {0}")]
    Io(#[from] std::io::Error),
    #[error("search index directory: {0}")]
    OpenDirectory(#[from] tantivy::directory::error::OpenDirectoryError),
    #[error("database: {0}")]
    Store(#[from] crate::store::StoreError),
}

/// One generation of the index, open for reading and writing.
pub struct Generation {
    pub name: String,
    pub index: Index,
    pub reader: IndexReader,
    /// Opened on first write, so a process that only reads (or a `portal
    /// reindex` next to a running server) does not take the writer lock.
    writer: Mutex<Option<IndexWriter>>,
    pub fields: Fields,
}

impl Generation {
    fn open(dir: &Path, name: &str) -> Result<Generation, SearchError> {
        let path = dir.join(name);
        std::fs::create_dir_all(&path)?;
        let (schema, fields) = schema::build();
        let index = Index::open_or_create(tantivy::directory::MmapDirectory::open(&path)?, schema)?;
        analysis::register(&index);
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(Generation {
            name: name.to_string(),
            index,
            reader,
            writer: Mutex::new(None),
            fields,
        })
    }

    /// Runs `f` with this generation's writer, opening it the first time.
    pub fn with_writer<T>(&self, f: impl FnOnce(&mut IndexWriter) -> Result<T, SearchError>) -> Result<T, SearchError> {
        let mut guard = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        if guard.is_none() {
            *guard = Some(self.index.writer(WRITER_HEAP_BYTES)?);
        }
        match guard.as_mut() {
            Some(writer) => f(writer),
            None => unreachable!("the writer was opened just above"),
        }
    }

    /// The change-log sequence the last commit covered (0 for a new index).
    pub fn committed_seq(&self) -> Result<i64, SearchError> {
        let metas = self.index.load_metas()?;
        Ok(metas.payload.as_deref().and_then(|p| p.parse().ok()).unwrap_or(0))
    }

    pub fn schema(&self) -> Schema {
        self.index.schema()
    }

    /// Replaces (or removes) the documents of these records.
    pub fn apply(&self, writer: &IndexWriter, removed: &[i64], rows: &[IndexRow]) -> Result<(), SearchError> {
        for id in removed {
            writer.delete_term(Term::from_field_text(self.fields.key, &format!("r{id}")));
        }
        for row in rows {
            writer.delete_term(Term::from_field_text(self.fields.key, &format!("r{}", row.id)));
            if let Some(doc) = document(&self.fields, row) {
                writer.add_document(doc)?;
            }
        }
        Ok(())
    }

    /// Commits with the sequence as payload and makes it visible to searches.
    pub fn commit(&self, writer: &mut IndexWriter, seq: i64) -> Result<(), SearchError> {
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&seq.to_string());
        prepared.commit()?;
        self.reader.reload()?;
        Ok(())
    }
}

/// Whether a record may be in the index at all (time is checked at query time).
pub fn indexable(row: &IndexRow) -> bool {
    row.state == RecordState::Published.code() && !row.sensitive && !row.simple_procedure && row.merged_into.is_none()
}

/// Columns whose text is searchable: public columns except codes, identity
/// numbers and people other than the party (legal representatives).
fn searchable_column(name: &str) -> bool {
    !(name.contains("代码") || name.contains("证件") || name.contains("编号") || name.starts_with("法定代表人"))
}

fn document(f: &Fields, row: &IndexRow) -> Option<TantivyDocument> {
    if !indexable(row) {
        return None;
    }
    let kind = RecordKind::from_code(&row.kind)?;
    let subject_kind = app::domain::kinds::SubjectKind::from_code(&row.subject_kind)?;
    let columns: Vec<(String, String)> = serde_json::from_str(&row.public_columns).unwrap_or_default();
    let public: Vec<&str> = columns_for(kind)
        .iter()
        .filter(|c| c.visibility == Visibility::Public)
        .map(|c| c.name)
        .collect();
    let body: Vec<&str> = columns
        .iter()
        .filter(|(k, _)| public.contains(&k.as_str()) && searchable_column(k))
        .map(|(_, v)| v.as_str())
        .collect();
    let mut d = doc!(
        f.key => format!("r{}", row.id),
        f.id => row.id as u64,
        f.kind => kind_number(kind),
        f.authority_id => row.authority_id as u64,
        f.subject_kind => subject_kind_number(subject_kind),
        f.subject_id => row.subject_id as u64,
        f.decision_day => day_number(row.decision_date),
        f.start_day => day_number(row.start_date),
        f.end_day => row.end_date.map(day_number).unwrap_or(OPEN_END),
        f.codes => normalise_doc_no(&row.doc_no),
        f.name => row.subject_name.clone(),
        f.title => row.title.clone(),
        f.body => body.join(" "),
        f.doc_no => row.doc_no.clone(),
        f.authority_name => row.authority_name.clone(),
    );
    if let Some(uscc) = &row.subject_uscc {
        d.add_text(f.codes, uscc);
    }
    for c in row
        .category
        .iter()
        .flat_map(|c| c.split('、'))
        .chain(row.list_name.iter().map(String::as_str))
    {
        d.add_text(f.category, c);
    }
    Some(d)
}

/// The live generation, swappable while searches run.
#[derive(Clone)]
pub struct SearchIndex {
    dir: PathBuf,
    current: Arc<RwLock<Arc<Generation>>>,
    /// Totals and facets of recent queries (`counts`).
    pub(super) counts: Arc<super::counts::CountCache>,
}

const CURRENT_FILE: &str = "CURRENT";

fn read_current(dir: &Path) -> Option<String> {
    std::fs::read_to_string(dir.join(CURRENT_FILE))
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// Points CURRENT at `name` atomically (write a temporary file, then rename).
fn write_current(dir: &Path, name: &str) -> Result<(), SearchError> {
    let tmp = dir.join("CURRENT.tmp");
    std::fs::write(&tmp, name)?;
    std::fs::File::open(&tmp)?.sync_all()?;
    std::fs::rename(&tmp, dir.join(CURRENT_FILE))?;
    Ok(())
}

fn next_generation_name(dir: &Path) -> String {
    let highest = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.strip_prefix("gen-")?.parse::<u64>().ok())
        .max()
        .unwrap_or(0);
    format!("gen-{:06}", highest + 1)
}

impl SearchIndex {
    /// Opens the generation CURRENT names under `<data>/index`, creating the first one.
    pub fn open(data_dir: &Path) -> Result<SearchIndex, SearchError> {
        let dir = data_dir.join("index");
        std::fs::create_dir_all(&dir)?;
        let name = match read_current(&dir) {
            Some(name) => name,
            None => {
                let name = next_generation_name(&dir);
                write_current(&dir, &name)?;
                name
            }
        };
        let generation = Generation::open(&dir, &name)?;
        Ok(SearchIndex {
            dir,
            current: Arc::new(RwLock::new(Arc::new(generation))),
            counts: Arc::default(),
        })
    }

    pub fn generation(&self) -> Arc<Generation> {
        self.current.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Reopens if another process (a `portal reindex`) switched CURRENT.
    pub fn follow_switch(&self) -> Result<bool, SearchError> {
        let Some(name) = read_current(&self.dir) else {
            return Ok(false);
        };
        if name == self.generation().name {
            return Ok(false);
        }
        let generation = Arc::new(Generation::open(&self.dir, &name)?);
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = generation;
        tracing::info!(generation = %name, "search index switched to a rebuilt generation");
        Ok(true)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Creates a new, empty generation beside the live one (not yet current).
    pub fn create_next(&self) -> Result<Generation, SearchError> {
        Generation::open(&self.dir, &next_generation_name(&self.dir))
    }

    /// Makes a finished generation current and removes older ones. The
    /// generation's writer is closed first so the serving process can open it.
    pub fn publish(&self, generation: Generation) -> Result<(), SearchError> {
        let name = generation.name.clone();
        drop(generation);
        write_current(&self.dir, &name)?;
        self.remove_old_generations(&name);
        Ok(())
    }

    fn remove_old_generations(&self, keep: &str) {
        for entry in std::fs::read_dir(&self.dir).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if name.starts_with("gen-") && name.as_str() < keep {
                if let Err(e) = std::fs::remove_dir_all(entry.path()) {
                    tracing::warn!(error = %e, generation = %name, "could not remove an old index generation");
                }
            }
        }
    }

    /// Bytes on disk of the live generation.
    pub fn size_bytes(&self) -> u64 {
        fn walk(p: &Path) -> u64 {
            std::fs::read_dir(p)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| match e.metadata() {
                    Ok(m) if m.is_dir() => walk(&e.path()),
                    Ok(m) => m.len(),
                    Err(_) => 0,
                })
                .sum()
        }
        walk(&self.dir.join(self.generation().name.as_str()))
    }
}
