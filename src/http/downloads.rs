//! Bulk downloads: every kind as CSV (UTF-8 with BOM) and NDJSON in the
//! national columns, streamed from the database a chunk at a time (flat
//! memory for a million records), generated on demand from the current data;
//! the data dictionary; and DCAT metadata so open-data catalogues can harvest.

use app::domain::data_dictionary::dictionary;
use app::domain::kinds::RecordKind;
use app::pages::{dictionary_page, downloads_page, DatasetView};
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use serde_json::json;

use super::{AppError, AppState};
use crate::export::{export_stream, ExportFormat, ExportSpec};

fn file_name(kind: RecordKind, format: ExportFormat) -> String {
    let ext = match format {
        ExportFormat::Csv => "csv",
        ExportFormat::Ndjson => "ndjson",
    };
    format!("{}.{ext}", kind.code())
}

pub async fn downloads(State(state): State<AppState>) -> Result<Response, AppError> {
    let today = state.clock.today();
    let tally = super::figures::tally(&state).await?;
    let datasets = tally
        .value
        .by_kind()
        .into_iter()
        .map(|(k, public_records)| DatasetView {
            code: k.code(),
            label: k.label(),
            public_records,
        })
        .collect();
    Ok(Html(downloads_page(datasets, app::domain::dates::format_date(today))).into_response())
}

pub async fn dictionary_html() -> Response {
    let kinds = RecordKind::ALL
        .into_iter()
        .map(|k| (k.code(), k.label(), dictionary(k)))
        .collect();
    Html(dictionary_page(kinds)).into_response()
}

/// `/downloads/{kind}.csv` and `/downloads/{kind}.ndjson`.
pub async fn file(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(name): Path<String>,
) -> Result<Response, AppError> {
    let (code, format) = match name.rsplit_once('.') {
        Some((code, "csv")) => (code, ExportFormat::Csv),
        Some((code, "ndjson")) => (code, ExportFormat::Ndjson),
        _ => return Err(AppError::NotFound),
    };
    let kind = RecordKind::from_code(code).ok_or(AppError::NotFound)?;
    let today = state.clock.today();
    // The file changes when the log moves or the day turns (expiry): that is its version.
    let etag = format!(
        "\"{}-{}-{}\"",
        state.store.log_seq().await?,
        today,
        file_name(kind, format)
    );
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == etag)
    {
        return Ok(StatusCode::NOT_MODIFIED.into_response());
    }
    let spec = ExportSpec {
        kind,
        format,
        public: true,
        today,
    };
    let body = Body::from_stream(export_stream(state.store.clone(), spec));
    let content_type = match format {
        ExportFormat::Csv => "text/csv; charset=utf-8",
        ExportFormat::Ndjson => "application/x-ndjson; charset=utf-8",
    };
    let mut r = body.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&format!("attachment; filename=\"{}\"", file_name(kind, format))).expect("ascii"),
    );
    h.insert(header::ETAG, HeaderValue::from_str(&etag).expect("ascii"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"));
    Ok(r)
}

/// `/downloads/catalog.jsonld`: a DCAT catalogue of the datasets.
pub async fn catalog(State(state): State<AppState>) -> Result<Response, AppError> {
    let base = state.public_url.to_string();
    let today = app::domain::dates::format_date(state.clock.today());
    let datasets: Vec<_> = RecordKind::ALL
        .into_iter()
        .map(|k| {
            let distribution = |format: ExportFormat, media: &str, label: &str| {
                json!({
                    "@type": "dcat:Distribution",
                    "dct:title": format!("{}（{label}）", k.label()),
                    "dcat:downloadURL": { "@id": format!("{base}/downloads/{}", file_name(k, format)) },
                    "dcat:accessURL": { "@id": format!("{base}/downloads") },
                    "dcat:mediaType": media,
                    "dct:format": label,
                    "dct:conformsTo": { "@id": format!("{base}/downloads/dictionary#{}", k.code()) },
                })
            };
            json!({
                "@id": format!("{base}/downloads#{}", k.code()),
                "@type": "dcat:Dataset",
                "dct:identifier": k.code(),
                "dct:title": k.label(),
                "dct:description": format!("本站当前公开的{}信息，按国家标准字段导出；自然人身份证件号码已脱敏。", k.label()),
                "dct:modified": { "@value": today, "@type": "xsd:date" },
                "dct:accrualPeriodicity": { "@id": "http://purl.org/cld/freq/daily" },
                "dct:language": "zh-CN",
                "dcat:keyword": ["信用", "双公示", k.label()],
                "dcat:landingPage": { "@id": format!("{base}/downloads") },
                "dcat:distribution": [
                    distribution(ExportFormat::Csv, "text/csv", "CSV"),
                    distribution(ExportFormat::Ndjson, "application/x-ndjson", "NDJSON"),
                ],
            })
        })
        .collect();
    let doc = json!({
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": format!("{base}/downloads/catalog.jsonld"),
        "@type": "dcat:Catalog",
        "dct:title": app::pages::SITE_NAME,
        "dct:description": "行政许可、行政处罚、信用承诺、红黑名单和政务失信记录的开放数据。",
        "dct:publisher": { "@type": "foaf:Agent", "foaf:name": app::pages::SITE_NAME },
        "dct:modified": { "@value": today, "@type": "xsd:date" },
        "dcat:dataset": datasets,
    });
    let mut r = serde_json::to_string_pretty(&doc).unwrap_or_default().into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/ld+json"));
    Ok(r)
}
