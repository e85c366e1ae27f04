//! The body of a submission form: url-encoded (no file input) or
//! multipart/form-data (with the `evidence` file input). Text fields end up the
//! same either way; files are kept in memory only up to one byte over the
//! per-file limit (the rest is read and dropped, so the form can still be shown
//! again with every text value), checked by their content, then written by hash.

use app::domain::attachment_rules::{check_attachments, display_name, FIELD, MAX_ATTACHMENT_BYTES};
use app::domain::field_error::FieldError;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::respond::page;
use super::{AppError, AppState};
use crate::store::{write_attachment, NewAttachment};

/// Largest submission request: five files at the limit plus 1 MB of text.
pub const UPLOAD_BODY_LIMIT_BYTES: usize = 5 * MAX_ATTACHMENT_BYTES + 1024 * 1024;

/// A file as sent: its cleaned declared name, full size, and its first bytes
/// (all of them when within the limit).
pub struct Upload {
    pub name: String,
    pub size: usize,
    pub bytes: Vec<u8>,
}

/// The text fields and files of a submission form.
pub struct Submitted {
    fields: Map<String, Value>,
    pub files: Vec<Upload>,
}

impl Submitted {
    /// The text fields as the handler's form struct (missing ones default).
    pub fn parse<T: DeserializeOwned + Default>(&self) -> T {
        serde_json::from_value(Value::Object(self.fields.clone())).unwrap_or_default()
    }

    /// The file rules, as the error beside the file field.
    pub fn check(&self, required: bool) -> Result<(), FieldError> {
        let files: Vec<(&str, usize, &[u8])> = self
            .files
            .iter()
            .map(|f| (f.name.as_str(), f.size, f.bytes.as_slice()))
            .collect();
        check_attachments(&files, required)
            .map(|_| ())
            .map_err(|e| e.field_error())
    }

    /// Writes checked files to the attachment folder; their rows for the store.
    pub async fn store(self, state: &AppState) -> Result<Vec<NewAttachment>, AppError> {
        let dir = state.attachments_dir.clone();
        tokio::task::spawn_blocking(move || {
            let mut out = Vec::with_capacity(self.files.len());
            for f in self.files {
                let kind = app::domain::attachment_rules::sniff(&f.bytes)
                    .ok_or_else(|| AppError::Internal("an unchecked attachment".into()))?;
                let sha256 =
                    write_attachment(&dir, &f.bytes).map_err(|e| AppError::Internal(format!("attachment: {e}")))?;
                out.push(NewAttachment {
                    sha256,
                    size: f.bytes.len() as i64,
                    content_type: kind.mime().to_string(),
                    original_name: f.name,
                });
            }
            Ok(out)
        })
        .await
        .map_err(|e| AppError::Internal(format!("attachment task: {e}")))?
    }
}

/// The friendly page for a request over the body limit.
pub fn too_large() -> Response {
    page(
        StatusCode::PAYLOAD_TOO_LARGE,
        app::pages::error_page(
            "提交内容过大",
            "您提交的内容超过了本站能接收的大小。附件最多 5 个，每个不超过 10 MB。请返回上一页，减少或压缩文件后重新选择再提交。",
        ),
        None,
    )
}

fn unreadable() -> Response {
    AppError::BadRequest("无法读取提交的表单，请重新打开表单再提交。".into()).into_response()
}

fn multipart_error(e: axum::extract::multipart::MultipartError) -> Response {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        too_large()
    } else {
        unreadable()
    }
}

impl<S: Send + Sync> FromRequest<S> for Submitted {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let multipart = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/form-data"));
        let mut fields = Map::new();
        let mut files = Vec::new();
        if !multipart {
            let Form(pairs): Form<Vec<(String, String)>> = match Form::from_request(req, state).await {
                Ok(f) => f,
                Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large()),
                Err(_) => return Err(unreadable()),
            };
            for (k, v) in pairs {
                fields.insert(k, Value::String(v));
            }
            return Ok(Submitted { fields, files });
        }
        let mut form = match Multipart::from_request(req, state).await {
            Ok(m) => m,
            Err(_) => return Err(unreadable()),
        };
        while let Some(mut field) = form.next_field().await.map_err(multipart_error)? {
            let name = field.name().unwrap_or_default().to_string();
            match field.file_name().map(str::to_string) {
                Some(declared) => {
                    let mut size = 0usize;
                    let mut bytes = Vec::new();
                    while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
                        size += chunk.len();
                        let room = (MAX_ATTACHMENT_BYTES + 1).saturating_sub(bytes.len());
                        bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
                    }
                    // A file input left empty still sends a part with no name and no bytes.
                    if name != FIELD || (declared.is_empty() && size == 0) {
                        continue;
                    }
                    files.push(Upload {
                        name: display_name(&declared),
                        size,
                        bytes,
                    });
                }
                None => {
                    let text = field.text().await.map_err(multipart_error)?;
                    fields.insert(name, Value::String(text));
                }
            }
        }
        Ok(Submitted { fields, files })
    }
}

/// The fields' verdict joined with the files' one: every problem, fields first.
pub fn with_files<T>(checked: Result<T, Vec<FieldError>>, files: Result<(), FieldError>) -> Result<T, Vec<FieldError>> {
    match (checked, files) {
        (Ok(v), Ok(())) => Ok(v),
        (Ok(_), Err(e)) => Err(vec![e]),
        (Err(errors), Ok(())) => Err(errors),
        (Err(mut errors), Err(e)) => {
            errors.push(e);
            Err(errors)
        }
    }
}
