//! One problem with one field of a form or an uploaded row, in words for the
//! person who filled it in. Every validation rule (complaints, objections,
//! repairs, pledges, list decisions, records, staff accounts) answers with
//! these, and every form page shows them beside their field.

/// One problem with one field; `field` is the input's id in the form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}
