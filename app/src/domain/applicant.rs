//! Pieces shared by the forms of objections, credit repair and pledges: the
//! applicant (name, USCC, contact person, phone) and a bounded free text.
//! Field ids are the inputs' ids in the forms.

use super::complaint::is_phone;
use super::field_error::FieldError;
use super::script::fold_width;
use super::uscc::validate_uscc;

pub const APPLICANT_NAME_MAX: usize = 100;
pub const CONTACT_NAME_MAX: usize = 50;
pub const TEXT_MIN: usize = 10;
pub const TEXT_MAX: usize = 2000;

pub const PHONE_FORMAT_MESSAGE: &str =
    "电话号码格式不正确：手机号码为 11 位数字，如 13812345678；固定电话请加区号，如 0937-1234567";

/// Who applies, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ApplicantForm {
    pub applicant_name: String,
    pub applicant_uscc: String,
    pub contact_name: String,
    pub phone: String,
}

/// An applicant that passed every check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applicant {
    pub name: String,
    /// Upper-cased and half-width when given.
    pub uscc: Option<String>,
    pub contact_name: String,
    pub phone: String,
}

pub fn err(field: &'static str, message: impl Into<String>) -> FieldError {
    FieldError {
        field,
        message: message.into(),
    }
}

/// A required one-line text of at most `max` characters.
pub fn required_line(field: &'static str, value: &str, max: usize, what: &str, errors: &mut Vec<FieldError>) -> String {
    let v = value.trim().to_string();
    if v.is_empty() {
        errors.push(err(field, format!("请输入{what}")));
    } else if v.chars().count() > max {
        errors.push(err(field, format!("{what}不能超过 {max} 个字")));
    }
    v
}

/// A required free text of `TEXT_MIN`–`TEXT_MAX` characters.
pub fn required_text(field: &'static str, value: &str, what: &str, errors: &mut Vec<FieldError>) -> String {
    let v = value.trim().to_string();
    let len = v.chars().count();
    if v.is_empty() {
        errors.push(err(field, format!("请填写{what}")));
    } else if len < TEXT_MIN {
        errors.push(err(field, format!("{what}至少要有 {TEXT_MIN} 个字")));
    } else if len > TEXT_MAX {
        errors.push(err(field, format!("{what}不能超过 {TEXT_MAX} 个字，现在有 {len} 个字")));
    }
    v
}

/// A USCC checked with its check character; `None` when empty and not required.
pub fn uscc_field(field: &'static str, value: &str, required: bool, errors: &mut Vec<FieldError>) -> Option<String> {
    let v = value.trim();
    if v.is_empty() {
        if required {
            errors.push(err(field, "请输入统一社会信用代码"));
        }
        return None;
    }
    match validate_uscc(v) {
        Ok(u) => Some(u.code),
        Err(e) => {
            errors.push(err(field, e.to_string()));
            None
        }
    }
}

/// The contact person and the phone, both required (the phone as for complaints).
pub fn contact_fields(contact_name: &str, phone: &str, errors: &mut Vec<FieldError>) -> (String, String) {
    let name = required_line("contact_name", contact_name, CONTACT_NAME_MAX, "联系人姓名", errors);
    let phone = fold_width(phone).trim().to_string();
    if phone.is_empty() {
        errors.push(err("phone", "请输入联系电话"));
    } else if !is_phone(&phone) {
        errors.push(err("phone", PHONE_FORMAT_MESSAGE));
    }
    (name, phone)
}

/// Checks the applicant; the USCC is required unless the record's subject is a natural person.
pub fn validate_applicant(form: &ApplicantForm, uscc_required: bool, errors: &mut Vec<FieldError>) -> Applicant {
    let name = required_line(
        "applicant_name",
        &form.applicant_name,
        APPLICANT_NAME_MAX,
        "申请人名称",
        errors,
    );
    let uscc = uscc_field("applicant_uscc", &form.applicant_uscc, uscc_required, errors);
    let (contact_name, phone) = contact_fields(&form.contact_name, &form.phone, errors);
    Applicant {
        name,
        uscc,
        contact_name,
        phone,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> ApplicantForm {
        ApplicantForm {
            applicant_name: " 嘉峪关市镜铁食品有限公司 ".into(),
            applicant_uscc: "913101151324074865".into(),
            contact_name: "王五".into(),
            phone: "0937-1234567".into(),
        }
    }

    #[test]
    fn a_good_applicant_is_cleaned() {
        let mut e = Vec::new();
        let a = validate_applicant(&good(), true, &mut e);
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(a.name, "嘉峪关市镜铁食品有限公司");
        assert_eq!(a.uscc.as_deref(), Some("913101151324074865"));
    }

    #[test]
    fn uscc_required_unless_natural_person_and_always_checked() {
        let mut f = good();
        f.applicant_uscc.clear();
        let mut e = Vec::new();
        validate_applicant(&f, true, &mut e);
        assert_eq!(e[0].field, "applicant_uscc");
        let mut e = Vec::new();
        assert_eq!(validate_applicant(&f, false, &mut e).uscc, None);
        assert!(e.is_empty());
        f.applicant_uscc = "91320322MABLP2X24A".into();
        validate_applicant(&f, false, &mut e);
        assert!(e[0].message.contains("校验位"), "{e:?}");
    }

    #[test]
    fn everything_missing_in_form_order() {
        let mut e = Vec::new();
        validate_applicant(&ApplicantForm::default(), true, &mut e);
        let fields: Vec<_> = e.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["applicant_name", "applicant_uscc", "contact_name", "phone"]);
        let mut e = Vec::new();
        let mut f = good();
        f.phone = "12345".into();
        validate_applicant(&f, true, &mut e);
        assert_eq!(e[0].message, PHONE_FORMAT_MESSAGE);
    }

    #[test]
    fn texts_are_bounded_in_characters() {
        let mut e = Vec::new();
        required_text("x", &"字".repeat(TEXT_MAX), "说明", &mut e);
        required_text("x", &"字".repeat(TEXT_MIN), "说明", &mut e);
        assert!(e.is_empty());
        required_text("x", "太短", "说明", &mut e);
        required_text("x", &"字".repeat(TEXT_MAX + 1), "说明", &mut e);
        required_text("x", " ", "说明", &mut e);
        assert_eq!(e.len(), 3);
        assert!(e[0].message.contains("至少要有 10 个字"));
        assert!(e[1].message.contains("不能超过 2000 个字"));
        assert!(e[2].message.contains("请填写说明"));
    }
}
