//! Black-box tests of public submissions: the complaint form (validation,
//! CSRF, honeypot, rate limit, double submit), the one-time receipt, and
//! tracking. Each test runs on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL.

mod common;

use common::forms::{browser, hidden};
use common::public_forms::{
    complaint_fields, open_form, post, receipt, submit, track, track_response, with, with_tokens,
    COMPLAINT_DESCRIPTION as DESCRIPTION, COMPLAINT_PHONE as PHONE,
};
use common::TestApp;

async fn count(app: &TestApp) -> i64 {
    app.store.submission_count().await.unwrap()
}

async fn a_complaint_is_received_shown_once_and_tracked(app: TestApp) {
    let client = browser();
    let r = submit(&app, &client, "/complaints/new", complaint_fields()).await;
    assert!(r.headers()["set-cookie"].to_str().unwrap().contains("HttpOnly"));
    let (number, code, _) = receipt(&app, &client, r).await;
    assert_eq!(number, "TS-20261127-0001");
    assert_eq!(code.len(), 12);
    assert!(
        code.chars().all(|c| "ABCDEFGHJKMNPQRSTUVWXYZ23456789".contains(c)),
        "{code}"
    );

    // A reload shows neither the code nor the number again.
    let again = client
        .get(format!("{}/submissions/received", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!again.contains(&code) && !again.contains(&number), "{again}");
    assert!(again.contains("只在提交后显示一次"));

    // Tracking: status, timeline, the 2-working-day deadline (Fri 27 Nov → Tue 1 Dec), contact masked.
    let html = track(
        &app,
        &client,
        &number.to_lowercase(),
        &format!(" {} ", code.to_lowercase()),
    )
    .await;
    assert!(html.contains("已收到，待受理"), "{html}");
    assert!(html.contains("收到") && html.contains("2026-11-27 12:00"), "{html}");
    assert!(html.contains("2026-12-01"), "{html}");
    assert!(html.contains(DESCRIPTION));
    assert!(html.contains("138****5678") && !html.contains(PHONE), "{html}");
    assert!(html.contains("李*") && !html.contains("李四"), "{html}");
    assert!(!html.contains(&code), "the code is never sent back");

    // The complainant appears on no public page.
    let home = app.page("/").await;
    assert!(!home.contains("李四") && !home.contains(DESCRIPTION));

    // One change-log row, chain intact, nothing personal in it.
    let report = app.store.verify_change_log().await.unwrap();
    assert!(report.first_break.is_none(), "{report:?}");
    assert_eq!(report.rows_verified, 1);
    let log = app.change_log_text(None).await;
    assert_eq!(log.len(), 1);
    assert!(log[0].starts_with("public|receive|submission|complaint|"), "{log:?}");
    for personal in ["李四", PHONE, "镜铁", "过期食品", "91320322MABLP2X24R", &code] {
        assert!(!log[0].contains(personal), "{personal} in {log:?}");
    }
}

async fn a_second_post_of_the_same_form_creates_nothing_new(app: TestApp) {
    let client = browser();
    let form = open_form(&app, &client, "/complaints/new").await;
    let fields = with_tokens(complaint_fields(), &form);
    let (number, code, _) = receipt(&app, &client, post(&app, &client, "/complaints/new", &fields).await).await;
    let (again_number, again_code, _) =
        receipt(&app, &client, post(&app, &client, "/complaints/new", &fields).await).await;
    assert_eq!((&number, &code), (&again_number, &again_code));
    assert_eq!(count(&app).await, 1);
    assert_eq!(app.store.verify_change_log().await.unwrap().rows_verified, 1);
    // A new form is a new submission with the next number of the day.
    let third = receipt(
        &app,
        &client,
        submit(&app, &client, "/complaints/new", complaint_fields()).await,
    )
    .await;
    assert_eq!(third.0, "TS-20261127-0002");
    assert_ne!(third.1, code);
    assert_eq!(count(&app).await, 2);
}

async fn each_bad_field_is_reported_beside_it_and_values_are_kept(app: TestApp) {
    let client = browser();
    let long_name = "长".repeat(101);
    let cases: Vec<(&str, String, &str, &str)> = vec![
        ("target_kind", String::new(), "target_kind", "请选择被投诉对象的类型"),
        ("target_name", String::new(), "target_name", "请输入被投诉对象的名称"),
        ("target_name", long_name.clone(), "target_name", "不能超过 100 个字"),
        ("target_uscc", "91320322MABLP2X24A".into(), "target_uscc", "校验位错误"),
        ("category", "不存在的类别".into(), "category", "请选择问题类别"),
        ("description", String::new(), "description", "请描述"),
        ("description", "太短".into(), "description", "至少要有 10 个字"),
        ("description", "长".repeat(2001), "description", "不能超过 2000 个字"),
        ("phone", "12345".into(), "phone", "电话号码格式不正确"),
        ("phone", String::new(), "phone", "至少一项"),
        ("email", "not-an-address".into(), "email", "电子邮箱格式不正确"),
        ("contact_name", "名".repeat(51), "contact_name", "姓名不能超过 50 个字"),
    ];
    for (name, value, field, message) in cases {
        let r = submit(&app, &client, "/complaints/new", with(complaint_fields(), name, &value)).await;
        assert_eq!(r.status(), 422, "{name}={value}");
        let html = r.text().await.unwrap();
        assert!(html.contains("<title>错误：投诉举报"), "{name}: {html}");
        assert!(html.contains(r#"role="alert""#) && html.contains("提交内容有误"));
        assert!(html.contains(&format!(r##"href="#{field}""##)), "{name}: {html}");
        // Leptos writes `class` last: <p id="x-error" class="error-message">.
        assert!(
            html.contains(&format!(r#"<p id="{field}-error" class="error-message">"#)),
            "{name}: {html}"
        );
        assert!(
            html.contains(&format!(r#"aria-describedby="{field}-hint {field}-error""#))
                || html.contains(&format!(r#"aria-describedby="{field}-error""#))
        );
        assert!(html.contains(message), "{name}: {message} in {html}");
        // What was typed comes back (the bad value included).
        if name != "description" {
            assert!(html.contains(DESCRIPTION), "{name}: description kept");
        }
        if name != "phone" {
            assert!(html.contains(&format!(r#"value="{PHONE}""#)), "{name}: phone kept");
        }
        if !value.is_empty() && name != "category" {
            assert!(html.contains(&value), "{name}: bad value kept");
        }
        assert!(html.contains(r#"<option value="enterprise" selected"#) || name == "target_kind");
    }
    // Anonymous: no contact needed, and the hint says what that costs.
    let anon = with(
        with(with(complaint_fields(), "phone", ""), "contact_name", ""),
        "anonymous",
        "yes",
    );
    let form = open_form(&app, &client, "/complaints/new").await;
    assert!(form.contains("无法通过电话或电子邮件答复您"));
    let (number, code, _) = receipt(&app, &client, submit(&app, &client, "/complaints/new", anon).await).await;
    let html = track(&app, &client, &number, &code).await;
    assert!(html.contains("匿名提交，无联系方式"), "{html}");
    assert_eq!(count(&app).await, 1);
}

async fn a_post_without_the_right_csrf_token_is_refused(app: TestApp) {
    let client = browser();
    let form = open_form(&app, &client, "/complaints/new").await;
    let (csrf, form_id) = (hidden(&form, "csrf"), hidden(&form, "form_id"));
    let missing = with(complaint_fields(), "form_id", &form_id);
    let r = post(&app, &client, "/complaints/new", &missing).await;
    assert_eq!(r.status(), 403);
    assert!(r.text().await.unwrap().contains("重新打开表单"));
    let wrong = with(missing.clone(), "csrf", &"0".repeat(32));
    assert_eq!(post(&app, &client, "/complaints/new", &wrong).await.status(), 403);
    // The right token from a client without the cookie (another site's form) is refused too.
    let stranger = browser();
    let right = with(missing, "csrf", &csrf);
    assert_eq!(post(&app, &stranger, "/complaints/new", &right).await.status(), 403);
    let track = [
        ("csrf", String::new()),
        ("tracking_number", "TS-20261127-0001".into()),
        ("code", "ABCDEFGHJKMN".into()),
    ];
    assert_eq!(post(&app, &client, "/track", &track).await.status(), 403);
    assert_eq!(count(&app).await, 0);
}

async fn a_filled_honeypot_is_refused_and_nothing_stored(app: TestApp) {
    let client = browser();
    let form = open_form(&app, &client, "/complaints/new").await;
    assert!(form.contains(r#"class="hp-field""#) && form.contains(r#"tabindex="-1""#) && form.contains("请勿填写"));
    assert!(!form.contains("style="), "no inline styles under the CSP");
    let r = submit(
        &app,
        &client,
        "/complaints/new",
        with(complaint_fields(), "website", "http://spam.example"),
    )
    .await;
    assert_eq!(r.status(), 400);
    assert_eq!(count(&app).await, 0);
    assert_eq!(app.store.log_seq().await.unwrap(), 0);
}

async fn the_sixth_submission_in_ten_minutes_is_told_to_wait(app: TestApp) {
    let client = browser();
    for _ in 0..5 {
        assert_eq!(
            submit(&app, &client, "/complaints/new", complaint_fields())
                .await
                .status(),
            303
        );
    }
    let r = submit(&app, &client, "/complaints/new", complaint_fields()).await;
    assert_eq!(r.status(), 429);
    let wait: u64 = r.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(wait > 0 && wait <= 600, "{wait}");
    let html = r.text().await.unwrap();
    assert!(html.contains("提交过于频繁，请 10 分钟后再试"), "{html}");
    assert_eq!(count(&app).await, 5);
}

async fn a_wrong_code_or_number_gets_one_generic_message(app: TestApp) {
    let client = browser();
    let (number, code, _) = receipt(
        &app,
        &client,
        submit(&app, &client, "/complaints/new", complaint_fields()).await,
    )
    .await;
    let wrong_code = if code.starts_with('A') {
        "BBBBBBBBBBBB"
    } else {
        "AAAAAAAAAAAA"
    };
    let unknown_number = "TS-20261127-0099";
    let mut pages = Vec::new();
    for (n, c) in [
        (number.as_str(), wrong_code),
        (unknown_number, code.as_str()),
        ("nonsense", "x"),
    ] {
        let r = track_response(&app, &client, n, c).await;
        assert_eq!(r.status(), 422);
        let html = r.text().await.unwrap();
        assert!(html.contains("跟踪编号或查询码不正确"), "{html}");
        assert!(html.contains(&format!(r#"value="{n}""#)), "number kept");
        assert!(!html.contains(c) || c == "x", "code never kept");
        assert!(!html.contains(DESCRIPTION));
        pages.push(html);
    }
    // Missing fields are named, each beside its field.
    let r = track_response(&app, &client, "", "").await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("请输入跟踪编号") && html.contains("请输入查询码"));
}

async fn user_text_comes_back_escaped(app: TestApp) {
    let client = browser();
    let payload = "<script>alert('xss')</script><img src=x onerror=alert(1)> 这是一段足够长的描述";
    let payload = format!("</textarea>{payload}");
    let payload = payload.as_str();
    let fields = with(
        with(complaint_fields(), "description", payload),
        "target_name",
        "<b>坏公司</b>",
    );
    let (number, code, _) = receipt(
        &app,
        &client,
        submit(&app, &client, "/complaints/new", fields.clone()).await,
    )
    .await;
    let html = track(&app, &client, &number, &code).await;
    assert!(!html.contains("<script>alert") && !html.contains("<img src=x") && !html.contains("<b>坏公司"));
    assert!(html.contains("&lt;script&gt;alert"), "{html}");
    // Also on the form shown again with an error (the textarea too, which Leptos
    // does not escape by itself), and a `</textarea>` cannot break out.
    let r = submit(&app, &client, "/complaints/new", with(fields, "phone", "1")).await;
    let html = r.text().await.unwrap();
    let at = html.find("textarea").unwrap();
    assert!(
        !html.contains("<script>alert") && html.contains("&lt;script&gt;alert"),
        "{}",
        &html[at..]
    );
    assert_eq!(html.matches("</textarea>").count(), 1);
    assert!(!html.contains("<b>坏公司"));
}

async fn the_forms_are_linked_from_every_page(app: TestApp) {
    let home = app.page("/").await;
    assert!(home.contains(r#"href="/complaints/new""#) && home.contains("投诉举报"));
    let search = app.page("/search").await;
    assert!(search.contains(r#"<a href="/complaints/new">投诉举报</a>"#), "{search}");
}

on_both_backends!(
    a_complaint_is_received_shown_once_and_tracked,
    a_second_post_of_the_same_form_creates_nothing_new,
    each_bad_field_is_reported_beside_it_and_values_are_kept,
    a_post_without_the_right_csrf_token_is_refused,
    a_filled_honeypot_is_refused_and_nothing_stored,
    the_sixth_submission_in_ten_minutes_is_told_to_wait,
    a_wrong_code_or_number_gets_one_generic_message,
    user_text_comes_back_escaped,
    the_forms_are_linked_from_every_page,
);
