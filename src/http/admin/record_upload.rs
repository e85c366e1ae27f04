//! Uploading a CSV or Excel file of records: the same reading, validation and
//! per-row report as `portal import`, shown as a page. A provider's rows of
//! another department are refused per row; good rows are kept.
//!
//! The form carries, besides the kind and the file, the values given once for
//! the whole file (`portal import --set`), pre-filled from the uploader's
//! department. "预览" runs the import as a dry run (nothing written) and keeps
//! the uploaded bytes under `<data>/import-previews/<sha256>.<ext>`, so that
//! "确认导入" imports the same file with the same values without uploading
//! it again; the saved file is deleted after the import, and previews older
//! than a day whenever a new one is saved.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use app::domain::field_error::FieldError;
use app::domain::file_rows::FileValues;
use app::domain::kinds::RecordKind;
use app::domain::list_lifecycle::Arrival;
use app::domain::national_columns::{self as col, key_columns};
use app::domain::record_entry::OwnDepartment;
use app::domain::record_validation::ValidationContext;
use app::domain::uscc::validate_uscc;
use app::pages::admin::{
    preview_page, upload_page, upload_report_page, FileValueFields, PreviewView, RowCounts, UploadReportView,
    UploadView, PREVIEW_REFUSALS,
};
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::imports::{issues, reading_of_report};
use super::record_editor::kind_options;
use super::records::{must_publish, own_department};
use super::{Staff, StaffForm};
use crate::http::respond::{page, PageResult};
use crate::http::uploads::too_large;
use crate::http::{AppError, AppState};
use crate::import::{read_bytes, ImportError, ImportJob, ImportReport, ImportSource, Sheet};

/// Saved previews older than this are removed when a new one is saved.
const PREVIEW_MAX_AGE: Duration = Duration::from_secs(24 * 60 * 60);

/// The form's values pre-filled from the account's department (an admin: none).
fn department_values(own: Option<&OwnDepartment>) -> FileValueFields {
    match own {
        Some(d) => FileValueFields {
            authority: d.name.clone(),
            authority_uscc: d.uscc.clone(),
            source: d.name.clone(),
            source_uscc: d.uscc.clone(),
            ..FileValueFields::default()
        },
        None => FileValueFields::default(),
    }
}

pub async fn upload_form(State(state): State<AppState>, staff: Staff) -> PageResult {
    must_publish(&staff)?;
    let own = own_department(&state, &staff).await?;
    let v = UploadView {
        nav: staff.nav(),
        kinds: kind_options(),
        values: department_values(own.as_ref()),
        ..UploadView::default()
    };
    Ok(page(StatusCode::OK, upload_page(v), None))
}

/// The form again, with the values as sent and the problems (422).
async fn form_again(
    staff: &Staff,
    kind: &str,
    values: FileValueFields,
    already_decided: bool,
    errors: Vec<FieldError>,
) -> PageResult {
    let v = UploadView {
        nav: staff.nav(),
        kinds: kind_options(),
        kind: kind.to_string(),
        values,
        errors,
        already_decided,
    };
    Ok(page(StatusCode::UNPROCESSABLE_ENTITY, upload_page(v), None))
}

/// What the multipart form carried.
#[derive(Default)]
struct UploadPost {
    csrf: String,
    kind: String,
    /// `preview` or `import` (the button pressed; a form without one imports).
    action: String,
    file_name: String,
    bytes: Vec<u8>,
    values: FileValueFields,
    /// The box 已由上级机关认定 was ticked.
    already_decided: bool,
}

async fn read_post(mut form: Multipart) -> Result<UploadPost, Response> {
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            axum::response::IntoResponse::into_response(AppError::BadRequest(
                "无法读取上传的表单，请重新打开上传页面再提交。".into(),
            ))
        }
    };
    let mut post = UploadPost::default();
    while let Some(field) = form.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or_default().to_string();
        match name.as_str() {
            "csrf" => post.csrf = field.text().await.map_err(unreadable)?,
            "kind" => post.kind = field.text().await.map_err(unreadable)?,
            "action" => post.action = field.text().await.map_err(unreadable)?,
            "already_decided" => post.already_decided = !field.text().await.map_err(unreadable)?.trim().is_empty(),
            "file" => {
                post.file_name = field.file_name().unwrap_or_default().to_string();
                post.bytes = field.bytes().await.map_err(unreadable)?.to_vec();
            }
            other
                if app::pages::admin::FILE_VALUE_FIELDS
                    .iter()
                    .any(|(id, _, _)| *id == other) =>
            {
                let value = field.text().await.map_err(unreadable)?;
                post.values.set(other, value);
            }
            _ => {}
        }
    }
    Ok(post)
}

/// The extension that tells the reader how to read the file: lower-case
/// letters and digits only (it becomes part of a saved file's name), may be empty.
fn extension(name: &str) -> String {
    name.rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .filter(|ext| ext.len() <= 10 && ext.bytes().all(|b| b.is_ascii_alphanumeric()))
        .unwrap_or_default()
}

/// The form's values as the kind's national columns; a wrong value is an error on its field.
fn file_values(kind: RecordKind, fields: &FileValueFields, errors: &mut Vec<FieldError>) -> FileValues {
    let k = key_columns(kind);
    let columns: [(&'static str, &'static str); 6] = [
        ("authority", k.authority),
        ("authority_uscc", k.authority_uscc),
        ("source", col::SOURCE),
        ("source_uscc", col::SOURCE_USCC),
        ("list_name", col::LIST_NAME),
        ("list_basis", col::LIST_BASIS),
    ];
    let mut values = FileValues::default();
    for (field, column) in columns {
        let mut value = fields.get(field).trim().to_string();
        if value.is_empty() {
            continue;
        }
        if field.ends_with("_uscc") {
            match validate_uscc(&value) {
                Ok(u) => value = u.code,
                Err(e) => {
                    errors.push(FieldError {
                        field,
                        message: format!("{column}：{e}"),
                    });
                    continue;
                }
            }
        }
        if let Err(why) = values.set(kind, column, &value) {
            let message = if field.starts_with("list_") {
                format!("{why}（名单名称、列入依据仅红黑名单填写）")
            } else {
                why
            };
            errors.push(FieldError { field, message });
        }
    }
    values
}

/// Runs the import (or the dry run); `Err(message)` when the file cannot be
/// read or its header row is refused: the message goes on the file field.
#[allow(clippy::too_many_arguments)]
async fn run_job(
    state: &AppState,
    staff: &Staff,
    kind: RecordKind,
    values: FileValues,
    file_name: &str,
    sheet: &Sheet,
    own: Option<&OwnDepartment>,
    dry_run: bool,
    already_decided: bool,
) -> Result<Result<ImportReport, String>, AppError> {
    let mut job = ImportJob::new(
        &state.store,
        ImportSource::Upload,
        kind,
        ValidationContext::new(state.clock.today()),
        staff.log_name(),
        state.clock.now(),
    );
    job.values = values;
    job.file_name = file_name.to_string();
    job.dry_run = dry_run;
    if already_decided {
        // Means something for black lists only (other kinds publish as usual).
        job.arrival = Arrival::DecidedElsewhere;
    }
    match job.run_for_department(sheet, own).await {
        Ok(report) => Ok(Ok(report)),
        Err(e @ (ImportError::Header(_) | ImportError::Read(_))) => Ok(Err(e.to_string())),
        Err(ImportError::Store(e)) => Err(e.into()),
    }
}

fn file_error(message: String) -> Vec<FieldError> {
    vec![FieldError { field: "file", message }]
}

pub async fn upload(State(state): State<AppState>, staff: Staff, form: Multipart) -> PageResult {
    let post = match read_post(form).await {
        Ok(p) => p,
        Err(r) => return Ok(r),
    };
    staff.check_csrf(&post.csrf)?;
    must_publish(&staff)?;
    let kind = RecordKind::from_code(&post.kind);
    let mut errors = Vec::new();
    if kind.is_none() {
        errors.push(FieldError {
            field: "kind",
            message: "请选择信息类别".into(),
        });
    }
    if post.bytes.is_empty() {
        errors.push(FieldError {
            field: "file",
            message: "请选择要上传的文件（不能为空文件）".into(),
        });
    }
    let values = kind.map(|k| file_values(k, &post.values, &mut errors));
    let ext = extension(&post.file_name);
    let sheet = match (kind, errors.iter().any(|e| e.field == "file")) {
        (Some(_), false) => match read_bytes(&post.bytes, &ext) {
            Ok(sheet) => Some(sheet),
            Err(e) => {
                errors.push(FieldError {
                    field: "file",
                    message: e.to_string(),
                });
                None
            }
        },
        _ => None,
    };
    let (Some(kind), Some(values), Some(sheet), true) = (kind, values, sheet, errors.is_empty()) else {
        return form_again(&staff, &post.kind, post.values, post.already_decided, errors).await;
    };
    let own = own_department(&state, &staff).await?;
    let display = app::domain::attachment_rules::display_name(&post.file_name);
    let dry_run = post.action == "preview";
    let decided = post.already_decided;
    let report = match run_job(
        &state,
        &staff,
        kind,
        values,
        &display,
        &sheet,
        own.as_ref(),
        dry_run,
        decided,
    )
    .await?
    {
        Ok(report) => report,
        Err(message) => return form_again(&staff, &post.kind, post.values, decided, file_error(message)).await,
    };
    if !dry_run {
        tracing::info!(actor = %staff.log_name(), summary = %report.summary(), "records uploaded");
        return Ok(result_page(&staff, kind, &display, report).await);
    }
    let hash = save_preview(&previews_dir(&state), &post.bytes, &ext)
        .await
        .map_err(|e| AppError::Internal(format!("saving an import preview: {e}")))?;
    let refusals_total = report.errors.len();
    let mut refusals = issues(report.errors.clone());
    refusals.truncate(PREVIEW_REFUSALS);
    let v = PreviewView {
        nav: staff.nav(),
        file_name: display,
        kind_code: kind.code().to_string(),
        kind_label: kind.label().to_string(),
        summary: report.summary(),
        counts: RowCounts {
            rows: report.rows,
            created: report.created,
            corrected: report.corrected,
            unchanged: report.unchanged,
            rejected: report.rejected,
        },
        refusals,
        refusals_total,
        warnings_total: report.warnings.len(),
        reading: reading_of_report(&report),
        preview: hash,
        upload_name: post.file_name.clone(),
        values: post.values,
        already_decided: decided,
    };
    Ok(page(StatusCode::OK, preview_page(v), None))
}

/// What the preview's "确认导入" form sends back.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ConfirmPost {
    csrf: String,
    kind: String,
    /// Hex SHA-256 of the saved upload.
    preview: String,
    /// The file's name as uploaded.
    file_name: String,
    authority: String,
    authority_uscc: String,
    source: String,
    source_uscc: String,
    list_name: String,
    list_basis: String,
    /// "1" when the upload declared the black list decided by a higher authority.
    already_decided: String,
}

impl ConfirmPost {
    fn values(&self) -> FileValueFields {
        FileValueFields {
            authority: self.authority.clone(),
            authority_uscc: self.authority_uscc.clone(),
            source: self.source.clone(),
            source_uscc: self.source_uscc.clone(),
            list_name: self.list_name.clone(),
            list_basis: self.list_basis.clone(),
        }
    }
}

/// A preview's name: exactly 64 lower-case hex digits (never a path).
fn is_preview_hash(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

const PREVIEW_GONE: &str = "预览的文件已不在（已导入、或超过 24 小时已清理），请重新选择文件上传。";

pub async fn confirm(
    State(state): State<AppState>,
    StaffForm { staff, form: post }: StaffForm<ConfirmPost>,
) -> PageResult {
    must_publish(&staff)?;
    let kind = RecordKind::from_code(&post.kind)
        .ok_or_else(|| AppError::BadRequest("确认导入的表单缺少信息类别，请重新上传文件并预览。".into()))?;
    if !is_preview_hash(&post.preview) {
        return Err(AppError::BadRequest(
            "确认导入的表单有误（预览编号无效），请重新上传文件并预览。".into(),
        ));
    }
    let fields = post.values();
    let decided = !post.already_decided.trim().is_empty();
    let ext = extension(&post.file_name);
    let path = preview_path(&previews_dir(&state), &post.preview, &ext);
    let bytes = match tokio::fs::read(&path).await {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return form_again(&staff, &post.kind, fields, decided, file_error(PREVIEW_GONE.into())).await;
        }
        Err(e) => {
            return Err(AppError::Internal(format!(
                "reading import preview {}: {e}",
                path.display()
            )))
        }
    };
    if hex::encode(Sha256::digest(&bytes)) != post.preview {
        // Damaged on disk: it cannot be the file that was previewed.
        remove_preview(&path).await;
        return form_again(&staff, &post.kind, fields, decided, file_error(PREVIEW_GONE.into())).await;
    }
    let mut errors = Vec::new();
    let values = file_values(kind, &fields, &mut errors);
    if !errors.is_empty() {
        return form_again(&staff, &post.kind, fields, decided, errors).await;
    }
    let sheet = match read_bytes(&bytes, &ext) {
        Ok(sheet) => sheet,
        Err(e) => {
            remove_preview(&path).await;
            return form_again(&staff, &post.kind, fields, decided, file_error(e.to_string())).await;
        }
    };
    let own = own_department(&state, &staff).await?;
    let display = app::domain::attachment_rules::display_name(&post.file_name);
    let outcome = run_job(
        &state,
        &staff,
        kind,
        values,
        &display,
        &sheet,
        own.as_ref(),
        false,
        decided,
    )
    .await?;
    // Imported, or refused for good: the saved file has served its purpose
    // (a store error above keeps it, so the same confirmation can be retried).
    remove_preview(&path).await;
    match outcome {
        Ok(report) => {
            tracing::info!(actor = %staff.log_name(), summary = %report.summary(), "previewed records imported");
            Ok(result_page(&staff, kind, &display, report).await)
        }
        Err(message) => form_again(&staff, &post.kind, fields, decided, file_error(message)).await,
    }
}

async fn result_page(staff: &Staff, kind: RecordKind, file_name: &str, report: ImportReport) -> Response {
    let v = UploadReportView {
        nav: staff.nav(),
        file_name: file_name.to_string(),
        kind_label: kind.label().to_string(),
        summary: report.summary(),
        rows: report.rows,
        created: report.created,
        corrected: report.corrected,
        unchanged: report.unchanged,
        rejected: report.rejected,
        reading: reading_of_report(&report),
        run_id: report.run_id,
        errors: issues(report.errors),
        warnings: issues(report.warnings),
    };
    page(StatusCode::OK, upload_report_page(v), None)
}

/// `<data>/import-previews`, beside `<data>/attachments`.
fn previews_dir(state: &AppState) -> PathBuf {
    match state.attachments_dir.parent() {
        Some(data) => data.join("import-previews"),
        None => state.attachments_dir.join("import-previews"),
    }
}

fn preview_path(dir: &Path, hash: &str, ext: &str) -> PathBuf {
    if ext.is_empty() {
        dir.join(hash)
    } else {
        dir.join(format!("{hash}.{ext}"))
    }
}

/// Saves an upload for its confirmation; returns its name (hex SHA-256).
/// Removes the previews older than [`PREVIEW_MAX_AGE`] first.
async fn save_preview(dir: &Path, bytes: &[u8], ext: &str) -> std::io::Result<String> {
    tokio::fs::create_dir_all(dir).await?;
    remove_old_previews(dir).await;
    let hash = hex::encode(Sha256::digest(bytes));
    let path = preview_path(dir, &hash, ext);
    // Written aside, then renamed: a confirmation never reads half a file.
    let part = dir.join(format!("{hash}.{}.part", rand::random::<u64>()));
    tokio::fs::write(&part, bytes).await?;
    if let Err(e) = tokio::fs::rename(&part, &path).await {
        let _ = tokio::fs::remove_file(&part).await;
        return Err(e);
    }
    Ok(hash)
}

async fn remove_old_previews(dir: &Path) {
    let Ok(mut entries) = tokio::fs::read_dir(dir).await else {
        return;
    };
    let now = SystemTime::now();
    while let Ok(Some(entry)) = entries.next_entry().await {
        let Ok(meta) = entry.metadata().await else { continue };
        let old = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .is_some_and(|age| age > PREVIEW_MAX_AGE);
        if meta.is_file() && old {
            remove_preview(&entry.path()).await;
        }
    }
}

async fn remove_preview(path: &Path) {
    if let Err(e) = tokio::fs::remove_file(path).await {
        if e.kind() != std::io::ErrorKind::NotFound {
            tracing::warn!(path = %path.display(), error = %e, "import preview not removed");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_preview_name_is_a_hash_never_a_path() {
        assert!(is_preview_hash(&"ab".repeat(32)));
        assert!(!is_preview_hash(&"AB".repeat(32)));
        assert!(!is_preview_hash("../../etc/passwd"));
        assert!(!is_preview_hash(&format!("{}/", "a".repeat(63))));
        assert!(!is_preview_hash(&"a".repeat(65)));
        assert_eq!(extension("处罚.CSV"), "csv");
        assert_eq!(extension("x./../y"), "");
        assert_eq!(extension("无扩展名"), "");
    }

    #[tokio::test]
    async fn old_previews_are_removed_when_one_is_saved() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("old.csv");
        std::fs::write(&old, b"x").unwrap();
        let long_ago = SystemTime::now() - Duration::from_secs(25 * 60 * 60);
        std::fs::File::options()
            .write(true)
            .open(&old)
            .unwrap()
            .set_modified(long_ago)
            .unwrap();
        let fresh = dir.path().join("fresh.csv");
        std::fs::write(&fresh, b"y").unwrap();
        let hash = save_preview(dir.path(), b"a,b\n1,2\n", "csv").await.unwrap();
        assert!(!old.exists() && fresh.exists());
        assert_eq!(
            std::fs::read(dir.path().join(format!("{hash}.csv"))).unwrap(),
            b"a,b\n1,2\n"
        );
    }
}
