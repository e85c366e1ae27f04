//! Following a submission: the confirmation shown once after submitting, the
//! tracking form, and the status page with its timeline.

use leptos::prelude::*;

use super::document;
use super::form_parts::{error_summary, form_title, hidden_tokens, text_field, TextField};
use crate::views::{TrackFormView, TrackedSubmission};

/// After a submission: the tracking number and the code, shown this once.
/// `receipt` is None when the page is reloaded or opened later.
pub fn received_page(receipt: Option<(String, String)>) -> String {
    let body = match receipt {
        Some((number, code)) => {
            let (label, next) = what_next(&number);
            view! {
            <div class="panel-confirm">
                <h1>{format!("已收到您的{label}")}</h1>
                <p>"跟踪编号"</p>
                <p class="receipt-value" id="tracking-number">{number}</p>
                <p>"查询码"</p>
                <p class="receipt-value" id="query-code">{code}</p>
            </div>
            <p><strong>"请现在记下或截图保存跟踪编号和查询码。"</strong>"查询码只显示这一次，我们不保存它的原文，丢失后无法找回。"</p>
            <h2>"接下来会怎样"</h2>
            <p>{next}"您可以随时在"<a href="/track">"进度查询"</a>"页面查看进展和答复。"</p>
            }
            .into_any()
        }
        None => view! {
            <h1>"提交确认"</h1>
            <p>"跟踪编号和查询码只在提交后显示一次，刷新或再次打开本页不会再显示。"</p>
            <p>"如已记下，可以在"<a href="/track">"进度查询"</a>"页面查看处理进度；也可以"<a href="/complaints/new">"提交新的投诉举报"</a>"。"</p>
        }
        .into_any(),
    };
    document("提交确认", body)
}

/// The kind of a submission (from its tracking number's prefix) and what happens next.
fn what_next(number: &str) -> (&'static str, &'static str) {
    match number.split('-').next() {
        Some("YY") => (
            "异议申诉",
            "我们会在 2 个工作日内决定是否受理，受理后由数据来源单位核查。",
        ),
        Some("XF") => ("信用修复申请", "我们会在 10 个工作日内完成审核。"),
        Some("CN") => (
            "信用承诺",
            "信用承诺须经承诺接收部门确认后才会在本站公示，目前不会公开任何内容。",
        ),
        _ => ("投诉举报", "我们会在 2 个工作日内决定是否受理，"),
    }
}

/// The tracking form, with the submission found (if any) below it.
pub fn track_page(v: TrackFormView, found: Option<TrackedSubmission>) -> String {
    let title = form_title("进度查询", &v.errors);
    let errors = v.errors.clone();
    let body = view! {
        {error_summary(&errors)}
        <h1>"进度查询"</h1>
        <p>"输入提交时得到的跟踪编号和查询码，查看处理进度和答复。"</p>
        <form class="submission-form" action="/track" method="post" novalidate>
            {hidden_tokens(v.csrf.clone(), None)}
            {text_field(
                TextField {
                    id: "tracking_number",
                    label: "跟踪编号",
                    hint: Some("形如 TS-20261127-0001。"),
                    input_type: "text",
                    autocomplete: "off",
                    value: v.tracking_number.clone(),
                },
                &errors,
            )}
            {text_field(
                TextField {
                    id: "code",
                    label: "查询码",
                    hint: Some("12 位字母和数字，不区分大小写。"),
                    input_type: "text",
                    autocomplete: "off",
                    value: String::new(),
                },
                &errors,
            )}
            <button type="submit">"查询"</button>
        </form>
        {found.map(submission_status)}
    };
    document(&title, body)
}

fn submission_status(s: TrackedSubmission) -> impl IntoView {
    let contact = if s.anonymous {
        view! { <p>"匿名提交，无联系方式。"</p> }.into_any()
    } else {
        view! {
            <dl class="facts">
                {s.contact
                    .into_iter()
                    .map(|(label, value)| view! { <dt>{label}</dt><dd>{value}</dd> })
                    .collect_view()}
            </dl>
        }
        .into_any()
    };
    view! {
        <section class="tracked" aria-labelledby="tracked-heading">
            <h2 id="tracked-heading">{format!("{} {}", s.kind_label, s.tracking_number)}</h2>
            <p class="record-status">"当前状态："<span class="badge badge-active">{s.status_label}</span></p>
            {s.next_step.map(|n| view! { <p class="note">{n}</p> })}
            {(s.outcome.is_some() || s.reply.is_some()).then(|| view! {
                <section class="official-reply" aria-labelledby="reply-title">
                    <h2 id="reply-title">"办理结果"</h2>
                    {s.outcome.clone().map(|o| view! { <p id="outcome"><strong>{o}</strong></p> })}
                    {s.reply.clone().map(|r| view! { <p id="reply" class="pre-wrap">{r}</p> })}
                </section>
            })}
            <h3>"办理过程"</h3>
            <ol class="timeline">
                {s.timeline
                    .into_iter()
                    .map(|(what, when)| view! { <li><span class="timeline-what">{what}</span>" "<time>{when}</time></li> })
                    .collect_view()}
            </ol>
            <h3>"提交的内容"</h3>
            <dl class="facts">
                {s.details
                    .into_iter()
                    .map(|(label, value)| view! { <dt>{label}</dt><dd class="description">{value}</dd> })
                    .collect_view()}
            </dl>
            {(!s.attachments.is_empty()).then(|| view! {
                <h3>"附件"</h3>
                <ul class="attachments" id="attachments">
                    {s.attachments
                        .into_iter()
                        .map(|(name, size)| view! { <li>{name}" （"{size}"）"</li> })
                        .collect_view()}
                </ul>
            })}
            <h3>"联系方式（已隐去部分内容）"</h3>
            {contact}
        </section>
    }
}
