//! Uploading a CSV or XLSX file of records: the same reading, validation and
//! per-row report as `portal import`, shown as a page. A provider's rows of
//! another department are refused per row; good rows are kept.

use app::domain::complaint::FieldError;
use app::domain::kinds::RecordKind;
use app::domain::record_validation::ValidationContext;
use app::pages::admin::{upload_page, upload_report_page, UploadReportView, UploadView};
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::super::submissions::{page, PageResult};
use super::super::uploads::too_large;
use super::super::{AppError, AppState};
use super::record_editor::kind_options;
use super::records::{own_department, refuse_non_publisher};
use super::Staff;
use crate::import::{read_bytes, ImportError, ImportJob, ImportSource, RowProblem};

pub async fn upload_form(State(state): State<AppState>, staff: Staff) -> PageResult {
    if let Some(refused) = refuse_non_publisher(&state, &staff).await {
        return Ok(refused);
    }
    let v = UploadView {
        nav: staff.nav(&state).await,
        kinds: kind_options(),
        ..UploadView::default()
    };
    Ok(page(StatusCode::OK, upload_page(v), None))
}

/// What the multipart form carried.
#[derive(Default)]
struct UploadPost {
    csrf: String,
    kind: String,
    file_name: String,
    bytes: Vec<u8>,
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
        match field.name().unwrap_or_default() {
            "csrf" => post.csrf = field.text().await.map_err(unreadable)?,
            "kind" => post.kind = field.text().await.map_err(unreadable)?,
            "file" => {
                post.file_name = field.file_name().unwrap_or_default().to_string();
                post.bytes = field.bytes().await.map_err(unreadable)?.to_vec();
            }
            _ => {}
        }
    }
    Ok(post)
}

/// The extension that tells the reader how to read the file (lower-case, may be empty).
fn extension(name: &str) -> String {
    name.rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default()
}

fn issues(problems: Vec<RowProblem>) -> Vec<(usize, String, String)> {
    problems.into_iter().map(|p| (p.row, p.column, p.message)).collect()
}

pub async fn upload(State(state): State<AppState>, staff: Staff, form: Multipart) -> PageResult {
    let post = match read_post(form).await {
        Ok(p) => p,
        Err(r) => return Ok(r),
    };
    staff.check_csrf(&post.csrf)?;
    if let Some(refused) = refuse_non_publisher(&state, &staff).await {
        return Ok(refused);
    }
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
    let sheet = match (kind, errors.is_empty()) {
        (Some(_), true) => match read_bytes(&post.bytes, &extension(&post.file_name)) {
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
    let own = own_department(&state, &staff).await?;
    let outcome = match (kind, sheet) {
        (Some(kind), Some(sheet)) => {
            let job = ImportJob {
                store: &state.store,
                source: ImportSource::Upload,
                kind,
                ctx: ValidationContext::new(state.clock.today()),
                actor: staff.log_name(),
                now: state.clock.now(),
            };
            match job.run_for_department(&sheet, own.as_ref()).await {
                Ok(report) => Some((kind, report)),
                Err(e @ ImportError::MissingColumns(_)) => {
                    errors.push(FieldError {
                        field: "file",
                        message: e.to_string(),
                    });
                    None
                }
                Err(ImportError::Read(e)) => {
                    errors.push(FieldError {
                        field: "file",
                        message: e.to_string(),
                    });
                    None
                }
                Err(ImportError::Store(e)) => return Err(e.into()),
            }
        }
        _ => None,
    };
    let Some((kind, report)) = outcome else {
        let v = UploadView {
            nav: staff.nav(&state).await,
            kinds: kind_options(),
            kind: post.kind.clone(),
            errors,
        };
        return Ok(page(StatusCode::UNPROCESSABLE_ENTITY, upload_page(v), None));
    };
    tracing::info!(actor = %staff.log_name(), summary = %report.summary(), "records uploaded");
    let v = UploadReportView {
        nav: staff.nav(&state).await,
        file_name: app::domain::attachment_rules::display_name(&post.file_name),
        kind_label: kind.label().to_string(),
        summary: report.summary(),
        rows: report.rows,
        created: report.created,
        corrected: report.corrected,
        unchanged: report.unchanged,
        rejected: report.rejected,
        errors: issues(report.errors),
        warnings: issues(report.warnings),
        ignored_columns: report.ignored_columns,
    };
    Ok(page(StatusCode::OK, upload_report_page(v), None))
}
