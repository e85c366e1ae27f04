//! The record form: a new record (saved as a draft or published at once) and
//! the correction of a stored one. Both go through `validate_row`, the same
//! rules as a file import, and through the store's ingest path, so a
//! correction keeps the old version and is logged `correct`.

use app::domain::field_error::FieldError;
use app::domain::kinds::{RecordKind, RecordState};
use app::domain::list_lifecycle::{decided_elsewhere_problems, Arrival};
use app::domain::national_columns::columns_for;
use app::domain::record_entry::{
    cells_from_form, cells_from_stored, department_columns, field_errors, file_columns, fixed_on_correction, hint_for,
    input_kind, keep_key, lock_to_department, subject_change, OwnDepartment,
};
use app::domain::record_validation::{validate_row, RowCells};
use app::pages::admin::{kind_choice_page, record_form_page, ColumnField, KindChoiceView, RecordFormView};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use serde::Deserialize;

use super::records::{kind_of, must_publish, own_department, owned_record};
use super::{Staff, StaffForm};
use crate::http::respond::{page, PageResult};
use crate::http::{AppError, AppState};
use crate::store::{IngestCache, IngestOutcome, StoreError};

pub(super) fn kind_options() -> Vec<(String, String)> {
    RecordKind::ALL
        .iter()
        .map(|k| (k.code().to_string(), k.label().to_string()))
        .collect()
}

/// The form's fields: every column of the kind with its value; `locked` ones are shown read-only.
fn fields(kind: RecordKind, cells: &RowCells, locked: &[&'static str]) -> Vec<ColumnField> {
    columns_for(kind)
        .iter()
        .map(|c| ColumnField {
            column: c.name,
            required: c.required,
            input: input_kind(c.name),
            hint: hint_for(c.name),
            value: cells.get(c.name).cloned().unwrap_or_default(),
            locked: locked.contains(&c.name),
        })
        .collect()
}

/// Columns a new record's form does not let this account type.
fn locked_on_new(kind: RecordKind, own: &Option<OwnDepartment>) -> Vec<&'static str> {
    match own {
        Some(_) => department_columns(kind).to_vec(),
        None => vec![],
    }
}

/// Columns a correction form does not let this account type.
fn locked_on_correction(kind: RecordKind, own: &Option<OwnDepartment>) -> Vec<&'static str> {
    let mut locked = fixed_on_correction(kind).to_vec();
    locked.extend(locked_on_new(kind, own));
    locked
}

fn pair<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
}

#[derive(Deserialize, Default)]
pub struct NewQuery {
    kind: Option<String>,
}

/// `?kind=` absent: choose the kind; present: that kind's form.
pub async fn new_form(State(state): State<AppState>, staff: Staff, Query(q): Query<NewQuery>) -> PageResult {
    must_publish(&staff)?;
    let Some(kind) = q.kind.as_deref().and_then(RecordKind::from_code) else {
        let v = KindChoiceView {
            nav: staff.nav(),
            kinds: kind_options(),
        };
        return Ok(page(StatusCode::OK, kind_choice_page(v), None));
    };
    let own = own_department(&state, &staff).await?;
    let mut cells = RowCells::new();
    if let Some(own) = &own {
        lock_to_department(kind, &mut cells, own);
    }
    let v = RecordFormView {
        nav: staff.nav(),
        kind_code: kind.code().to_string(),
        kind_label: kind.label().to_string(),
        action: "/admin/records/new".into(),
        correction: false,
        fields: fields(kind, &cells, &locked_on_new(kind, &own)),
        errors: vec![],
        offer_already_decided: kind == RecordKind::Blacklist,
        already_decided: false,
    };
    Ok(page(StatusCode::OK, record_form_page(v), None))
}

pub async fn create(
    State(state): State<AppState>,
    StaffForm { staff, form: pairs }: StaffForm<Vec<(String, String)>>,
) -> PageResult {
    must_publish(&staff)?;
    let kind = RecordKind::from_code(pair(&pairs, "kind"))
        .ok_or_else(|| AppError::BadRequest("未知的信息类别，请从新增信息页面重新开始。".into()))?;
    let publish_now = match pair(&pairs, "action") {
        "publish" => true,
        "draft" => false,
        _ => return Err(AppError::BadRequest("请选择“保存为待上线”或“发布”。".into())),
    };
    let own = own_department(&state, &staff).await?;
    let mut cells = cells_from_form(kind, &pairs);
    if let Some(own) = &own {
        // Whatever was sent, a provider's record is its own department's.
        lock_to_department(kind, &mut cells, own);
    }
    let decided = kind == RecordKind::Blacklist && !pair(&pairs, "already_decided").trim().is_empty();
    let again = |errors: Vec<FieldError>, cells: &RowCells| RecordFormView {
        nav: Default::default(),
        kind_code: kind.code().to_string(),
        kind_label: kind.label().to_string(),
        action: "/admin/records/new".into(),
        correction: false,
        fields: fields(kind, cells, &locked_on_new(kind, &own)),
        errors,
        offer_already_decided: kind == RecordKind::Blacklist,
        already_decided: decided,
    };
    // A new black-list entry is a proposal (拟列入) unless a higher authority decided it.
    let arrival = match (publish_now, decided) {
        (false, _) => Arrival::Draft,
        (true, true) => Arrival::DecidedElsewhere,
        (true, false) => Arrival::Publish,
    };
    let ctx = state.store.validation_context(state.clock.today()).await?;
    let checked = validate_row(kind, &cells, &ctx).and_then(|valid| {
        let missing = if arrival == Arrival::DecidedElsewhere {
            decided_elsewhere_problems(&cells, &[])
        } else {
            Vec::new()
        };
        if missing.is_empty() {
            Ok(valid)
        } else {
            Err(missing)
        }
    });
    let valid = match checked {
        Ok(valid) => valid,
        Err(problems) => {
            let v = RecordFormView {
                nav: staff.nav(),
                ..again(field_errors(problems), &cells)
            };
            return Ok(page(StatusCode::UNPROCESSABLE_ENTITY, record_form_page(v), None));
        }
    };
    // The form makes new records only; an existing one is corrected from its own page.
    if let Some(existing) = state.store.record_id_by_key(&valid.record.record_key()).await? {
        let doc_no = app::domain::national_columns::key_columns(kind).doc_no;
        let error = FieldError {
            field: doc_no,
            message: format!(
                "{doc_no}：该机关此文书号下该行政相对人的信息已存在（编号 {existing}），如需更正请打开该信息后选择“更正”"
            ),
        };
        let v = RecordFormView {
            nav: staff.nav(),
            ..again(vec![error], &cells)
        };
        return Ok(page(StatusCode::UNPROCESSABLE_ENTITY, record_form_page(v), None));
    }
    let actor = staff.log_name();
    let now = state.clock.now();
    let outcome = if publish_now {
        let mut cache = IngestCache::default();
        state
            .store
            .ingest_as(std::slice::from_ref(&valid.record), arrival, &actor, now, &mut cache)
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| AppError::Internal("a new record was not stored".into()))?
    } else {
        state.store.save_draft(&valid.record, &actor, now).await?
    };
    let (id, done) = match outcome {
        IngestOutcome::Refused { column, message } => {
            // A list rule of the store (e.g. a red entry for a black-listed subject).
            let error = FieldError {
                field: column,
                message: format!("{column}：{message}"),
            };
            let v = RecordFormView {
                nav: staff.nav(),
                ..again(vec![error], &cells)
            };
            return Ok(page(StatusCode::UNPROCESSABLE_ENTITY, record_form_page(v), None));
        }
        IngestOutcome::Proposed(id) => (id, "propose"),
        other => {
            let id = other
                .id()
                .ok_or_else(|| AppError::Internal("a new record has no id".into()))?;
            (id, if publish_now { "publish" } else { "draft" })
        }
    };
    Ok(Redirect::to(&format!("/admin/records/{id}?done={done}")).into_response())
}

/// A stored record's cells, full personal IDs included.
fn stored_cells(kind: RecordKind, public: &str, private: &str) -> RowCells {
    let public: Vec<(String, String)> = serde_json::from_str(public).unwrap_or_default();
    let private: Vec<(String, String)> = serde_json::from_str(private).unwrap_or_default();
    cells_from_stored(kind, &public, &private)
}

fn refuse_unless_correctable(state_code: &str) -> Result<(), AppError> {
    match RecordState::from_code(state_code) {
        Some(RecordState::Published | RecordState::Draft) => Ok(()),
        _ => Err(StoreError::Refused("该信息已撤销或已修复，不能再更正。".into()).into()),
    }
}

pub async fn edit_form(State(state): State<AppState>, staff: Staff, Path(id): Path<String>) -> PageResult {
    let record = owned_record(&state, &staff, &id).await?;
    refuse_unless_correctable(&record.state)?;
    let kind = kind_of(&record.kind)?;
    let own = own_department(&state, &staff).await?;
    let cells = stored_cells(kind, &record.public_columns, &record.private_columns);
    let v = RecordFormView {
        nav: staff.nav(),
        kind_code: kind.code().to_string(),
        kind_label: kind.label().to_string(),
        action: format!("/admin/records/{}/edit", record.id),
        correction: true,
        fields: fields(kind, &cells, &locked_on_correction(kind, &own)),
        errors: vec![],
        offer_already_decided: false,
        already_decided: false,
    };
    Ok(page(StatusCode::OK, record_form_page(v), None))
}

pub async fn correct(
    State(state): State<AppState>,
    Path(id): Path<String>,
    StaffForm { staff, form: pairs }: StaffForm<Vec<(String, String)>>,
) -> PageResult {
    let record = owned_record(&state, &staff, &id).await?;
    refuse_unless_correctable(&record.state)?;
    let kind = kind_of(&record.kind)?;
    let own = own_department(&state, &staff).await?;
    let stored = stored_cells(kind, &record.public_columns, &record.private_columns);
    let mut cells = cells_from_form(kind, &pairs);
    if let Some(own) = &own {
        lock_to_department(kind, &mut cells, own);
    }
    // The key last: a correction never turns into another record.
    keep_key(kind, &mut cells, &stored);
    let ctx = state.store.validation_context(state.clock.today()).await?;
    // A correction names the record's own subject; another one would be
    // another record (its key names the subject), so it is refused here.
    let checked = validate_row(kind, &cells, &ctx).and_then(|valid| {
        match subject_change(&record.record_key, &stored, &valid.record) {
            Some(problem) => Err(vec![problem]),
            None => Ok(valid),
        }
    });
    let valid = match checked {
        Ok(valid) => valid,
        Err(problems) => {
            let v = RecordFormView {
                nav: staff.nav(),
                kind_code: kind.code().to_string(),
                kind_label: kind.label().to_string(),
                action: format!("/admin/records/{}/edit", record.id),
                correction: true,
                fields: fields(kind, &cells, &locked_on_correction(kind, &own)),
                errors: field_errors(problems),
                offer_already_decided: false,
                already_decided: false,
            };
            return Ok(page(StatusCode::UNPROCESSABLE_ENTITY, record_form_page(v), None));
        }
    };
    // The form shows the national columns; the file's own columns stay with the record.
    let mut corrected = valid.record;
    let private: Vec<(String, String)> = serde_json::from_str(&record.private_columns).unwrap_or_default();
    corrected.keep_file_columns(file_columns(kind, &private));
    let mut cache = IngestCache::default();
    let outcome = state
        .store
        .ingest(
            std::slice::from_ref(&corrected),
            &staff.log_name(),
            state.clock.now(),
            &mut cache,
        )
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| AppError::Internal("a correction was not stored".into()))?;
    let done = match outcome {
        IngestOutcome::Corrected(_) => "correct",
        IngestOutcome::Unchanged(_) => "unchanged",
        IngestOutcome::RefusedWithdrawn(_) => {
            return Err(StoreError::Refused("该信息已撤销，不能再更正。".into()).into())
        }
        IngestOutcome::Created(_) | IngestOutcome::Proposed(_) | IngestOutcome::Refused { .. } => {
            return Err(AppError::Internal(format!(
                "correcting record {} created another",
                record.id
            )))
        }
    };
    Ok(Redirect::to(&format!("/admin/records/{}?done={done}", record.id)).into_response())
}
