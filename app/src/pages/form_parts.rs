//! Pieces of accessible forms (the GOV.UK pattern): the error summary at the
//! top, and a field with its label, hint and error message beside it.

use leptos::prelude::*;

use crate::domain::field_error::FieldError;

/// Title of a page showing a form: "错误：" first when the form has problems.
pub fn form_title(title: &str, errors: &[FieldError]) -> String {
    if errors.is_empty() {
        title.to_string()
    } else {
        format!("错误：{title}")
    }
}

/// Escapes text for a `<textarea>`'s content. Leptos 0.8's SSR writes a
/// textarea's text child unescaped (a tested XSS hole), so the page passes this
/// as `inner_html` instead: explicitly raw, explicitly escaped here.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The first message for `field`, if any.
pub fn error_for(errors: &[FieldError], field: &str) -> Option<String> {
    errors.iter().find(|e| e.field == field).map(|e| e.message.clone())
}

/// `aria-describedby` of a field: its hint and its error message, when present.
pub fn described_by(field: &str, has_hint: bool, has_error: bool) -> Option<String> {
    let ids: Vec<String> = [
        has_hint.then(|| format!("{field}-hint")),
        has_error.then(|| format!("{field}-error")),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// The summary box linking to each bad field; nothing when the form is fine.
pub fn error_summary(errors: &[FieldError]) -> impl IntoView {
    (!errors.is_empty()).then(|| {
        let items = errors
            .iter()
            .map(|e| view! { <li><a href=format!("#{}", e.field)>{e.message.clone()}</a></li> })
            .collect_view();
        view! {
            <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
                <h2 id="error-summary-title">"提交内容有误"</h2>
                <ul>{items}</ul>
            </div>
        }
    })
}

/// The hint paragraph of a field.
pub fn hint(field: &'static str, text: Option<&'static str>) -> impl IntoView {
    text.map(|t| view! { <p class="hint" id=format!("{field}-hint")>{t}</p> })
}

/// The error message shown beside a field.
pub fn error_message(field: &'static str, message: Option<String>) -> impl IntoView {
    message.map(|m| {
        view! {
            <p class="error-message" id=format!("{field}-error")>
                <span class="visually-hidden">"错误："</span>
                {m}
            </p>
        }
    })
}

/// The class of a field's wrapper.
pub fn field_class(has_error: bool) -> &'static str {
    if has_error {
        "field field-error"
    } else {
        "field"
    }
}

/// A one-line text input with label, optional hint and error.
pub struct TextField {
    pub id: &'static str,
    pub label: &'static str,
    pub hint: Option<&'static str>,
    pub input_type: &'static str,
    pub autocomplete: &'static str,
    pub value: String,
}

pub fn text_field(f: TextField, errors: &[FieldError]) -> impl IntoView {
    let error = error_for(errors, f.id);
    let has_error = error.is_some();
    let described = described_by(f.id, f.hint.is_some(), has_error);
    view! {
        <div class=field_class(has_error)>
            <label for=f.id>{f.label}</label>
            {hint(f.id, f.hint)}
            {error_message(f.id, error)}
            <input
                id=f.id
                name=f.id
                type=f.input_type
                autocomplete=f.autocomplete
                value=f.value
                aria-describedby=described
                aria-invalid=has_error.then_some("true")
            />
        </div>
    }
}

/// The hidden fields every form carries: the CSRF token and, for submissions, the form id.
pub fn hidden_tokens(csrf: String, form_id: Option<String>) -> impl IntoView {
    view! {
        <input type="hidden" name="csrf" value=csrf />
        {form_id.map(|id| view! { <input type="hidden" name="form_id" value=id /> })}
    }
}

/// A required choice from `options` (value, label), with "请选择" first.
pub fn select_field(
    id: &'static str,
    label: &'static str,
    options: Vec<(String, String)>,
    selected: String,
    errors: &[FieldError],
) -> impl IntoView {
    let error = error_for(errors, id);
    let has_error = error.is_some();
    view! {
        <div class=field_class(has_error)>
            <label for=id>{label}</label>
            {error_message(id, error)}
            <select
                id=id
                name=id
                aria-describedby=described_by(id, false, has_error)
                aria-invalid=has_error.then_some("true")
            >
                <option value="">"请选择"</option>
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let is_selected = value == selected;
                        view! { <option value=value selected=is_selected>{text}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// A multi-line text with its hint; the text is escaped (see [`escape_text`]).
pub fn textarea_field(
    id: &'static str,
    label: &'static str,
    hint_text: &'static str,
    value: &str,
    errors: &[FieldError],
) -> impl IntoView {
    let error = error_for(errors, id);
    let has_error = error.is_some();
    view! {
        <div class=field_class(has_error)>
            <label for=id>{label}</label>
            {hint(id, Some(hint_text))}
            {error_message(id, error)}
            <textarea
                id=id
                name=id
                rows="8"
                aria-describedby=described_by(id, true, has_error)
                aria-invalid=has_error.then_some("true")
                inner_html=escape_text(value)
            ></textarea>
        </div>
    }
}

/// The file input of a form that takes attachments (`name="evidence"`,
/// several files); the form must be `multipart/form-data`.
pub fn file_field(label: &'static str, errors: &[FieldError]) -> impl IntoView {
    use crate::domain::attachment_rules::{ACCEPT, FIELD, HINT};
    let error = error_for(errors, FIELD);
    let has_error = error.is_some();
    view! {
        <div class=field_class(has_error)>
            <label for=FIELD>{label}</label>
            {hint(FIELD, Some(HINT))}
            {error_message(FIELD, error)}
            <input
                id=FIELD
                name=FIELD
                type="file"
                multiple=true
                accept=ACCEPT
                aria-describedby=described_by(FIELD, true, has_error)
                aria-invalid=has_error.then_some("true")
            />
        </div>
    }
}

/// The field people never see and robots fill in.
pub fn honeypot() -> impl IntoView {
    view! {
        <div class="hp-field" aria-hidden="true">
            <label for="website">"请勿填写"</label>
            <input id="website" name="website" type="text" tabindex="-1" autocomplete="off" value="" />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn textarea_text_is_escaped() {
        assert_eq!(
            escape_text("</textarea><script>alert('x')</script> & \"q\""),
            "&lt;/textarea&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }

    #[test]
    fn described_by_lists_hint_then_error() {
        assert_eq!(
            described_by("phone", true, true).as_deref(),
            Some("phone-hint phone-error")
        );
        assert_eq!(described_by("phone", false, true).as_deref(), Some("phone-error"));
        assert_eq!(described_by("phone", false, false), None);
    }
}
