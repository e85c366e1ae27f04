//! The index schema: one document per publicly visible record. Visibility in
//! time (start and end of the publicity window) is checked at query time on
//! fast fields, so a window that closes leaves search at once.

use app::domain::kinds::{RecordKind, SubjectKind};
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};

use super::analysis::CJK_TOKENIZER;

#[derive(Clone, Debug)]
pub struct Fields {
    /// `r<id>`: the term deletes and replaces a record's document.
    pub key: Field,
    pub id: Field,
    pub kind: Field,
    pub authority_id: Field,
    pub subject_kind: Field,
    pub subject_id: Field,
    pub category: Field,
    pub decision_day: Field,
    pub start_day: Field,
    pub end_day: Field,
    /// Full USCC and normalised document number, matched exactly or by prefix.
    pub codes: Field,
    pub name: Field,
    pub title: Field,
    pub body: Field,
    pub doc_no: Field,
    pub authority_name: Field,
}

pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |stored: bool| {
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(CJK_TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let options = TextOptions::default().set_indexing_options(indexing);
        if stored {
            options.set_stored()
        } else {
            options
        }
    };
    let num = || NumericOptions::default() | INDEXED | FAST;
    let fields = Fields {
        key: b.add_text_field("key", STRING),
        id: b.add_u64_field("id", NumericOptions::default() | INDEXED | FAST | STORED),
        kind: b.add_u64_field("kind", num() | STORED),
        authority_id: b.add_u64_field("authority_id", num()),
        subject_kind: b.add_u64_field("subject_kind", num()),
        subject_id: b.add_u64_field("subject_id", NumericOptions::default() | FAST | STORED),
        category: b.add_text_field("category", STRING),
        decision_day: b.add_i64_field("decision_day", num() | STORED),
        start_day: b.add_i64_field("start_day", num()),
        end_day: b.add_i64_field("end_day", num() | STORED),
        codes: b.add_text_field("codes", STRING),
        name: b.add_text_field("name", text(true)),
        title: b.add_text_field("title", text(true)),
        body: b.add_text_field("body", text(true)),
        doc_no: b.add_text_field("doc_no", STORED),
        authority_name: b.add_text_field("authority_name", STORED),
    };
    (b.build(), fields)
}

/// Kinds are stored as small numbers in fast fields.
pub fn kind_number(kind: RecordKind) -> u64 {
    RecordKind::ALL.iter().position(|k| *k == kind).unwrap_or(0) as u64
}

pub fn kind_from_number(n: u64) -> Option<RecordKind> {
    RecordKind::ALL.get(n as usize).copied()
}

pub fn subject_kind_number(kind: SubjectKind) -> u64 {
    SubjectKind::ALL.iter().position(|k| *k == kind).unwrap_or(0) as u64
}

/// Days since 1970-01-01, the unit of the date fast fields.
pub fn day_number(d: chrono::NaiveDate) -> i64 {
    d.signed_duration_since(chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch"))
        .num_days()
}

pub fn date_from_day(n: i64) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch") + chrono::Duration::days(n)
}

/// `end_day` of a record without an end: never leaves by time.
pub const OPEN_END: i64 = i64::MAX / 2;
