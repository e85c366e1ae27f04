//! End-to-end flows in a real headless Chromium: what a citizen does with a
//! browser, once with JavaScript on and once with it off (every form must
//! work without it). Screenshots land in `target/tmp/screenshots/`.

#[path = "common/chromium.rs"]
mod chromium;
mod common;

use app::domain::kinds::RecordKind;
use app::domain::submission_workflow::Action;
use chromium::{save_screenshot, Chromium};
use common::{fixture, spawn_app, Backend, TestApp};
use fantoccini::{Client, Locator};

const OLD_PENALTY: &str = "嘉市监罚〔2026〕2号";

async fn field(c: &Client, id: &str) -> fantoccini::elements::Element {
    c.find(Locator::Id(id))
        .await
        .unwrap_or_else(|e| panic!("no #{id}: {e}"))
}

async fn type_into(c: &Client, id: &str, text: &str) {
    let input = field(c, id).await;
    input.clear().await.unwrap();
    input.send_keys(text).await.unwrap();
}

/// Clicks the form's submit button and waits for the next page to show `expect`
/// (a click returns before the navigation it starts has finished).
async fn submit_then(c: &Client, expect: Locator<'_>) -> fantoccini::elements::Element {
    let old_body = c.find(Locator::Css("body")).await.unwrap();
    c.find(Locator::Css("main form button[type=submit]"))
        .await
        .expect("submit button")
        .click()
        .await
        .unwrap();
    // The old page's body goes stale once the new page is in.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    while old_body.tag_name().await.is_ok() {
        assert!(std::time::Instant::now() < deadline, "the form did not navigate");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    c.wait()
        .at_most(std::time::Duration::from_secs(15))
        .for_element(expect)
        .await
        .unwrap_or_else(|e| panic!("after submitting: {e}"))
}

async fn body_text(c: &Client) -> String {
    c.find(Locator::Css("body")).await.unwrap().text().await.unwrap()
}

/// Record page → "对此信息有异议" → a form with one mistake → corrected →
/// confirmation → tracking → accepted by the office → "异议处理中" on the record.
async fn objection_flow(app: &TestApp, browser: &Chromium, javascript: bool, expected_number: &str) {
    let label = if javascript { "js" } else { "nojs" };
    let c = browser.session(javascript, 1280).await;
    let id = app.record_id(OLD_PENALTY).await;

    c.goto(&format!("{}/records/{id}", app.base)).await.unwrap();
    assert!(!body_text(&c).await.contains("异议处理中"));
    c.find(Locator::LinkText("对此信息有异议"))
        .await
        .expect("objection link on the record page")
        .click()
        .await
        .unwrap();
    assert!(c
        .current_url()
        .await
        .unwrap()
        .path()
        .ends_with(&format!("/records/{id}/objection")));

    type_into(&c, "applicant_name", "嘉峪关市镜铁食品有限公司").await;
    type_into(&c, "applicant_uscc", "913101151324074865").await;
    type_into(&c, "contact_name", "王五").await;
    type_into(&c, "phone", "1391234").await; // too short: the one mistake
    field(&c, "ground").await.select_by_value("信息错误").await.unwrap();
    type_into(&c, "explanation", "罚款金额与处罚决定书不一致，决定书写明为 1 万元。").await;
    // The form comes back with the error summary, the message by the field, the values kept.
    let summary = submit_then(&c, Locator::Css(".error-summary")).await;
    let summary_text = summary.text().await.unwrap();
    assert!(
        summary_text.contains("手机") || summary_text.contains("电话"),
        "{summary_text}"
    );
    let link = summary
        .find(Locator::Css("a[href='#phone']"))
        .await
        .expect("summary links to the field");
    assert_eq!(
        field(&c, "applicant_name")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("嘉峪关市镜铁食品有限公司")
    );
    assert_eq!(
        field(&c, "ground").await.prop("value").await.unwrap().as_deref(),
        Some("信息错误")
    );
    assert!(field(&c, "explanation")
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap()
        .contains("1 万元"));
    if javascript {
        // forms.js moves focus to the summary so it is read out first.
        let focused = c
            .execute("return document.activeElement.className", vec![])
            .await
            .unwrap();
        assert_eq!(focused.as_str(), Some("error-summary"), "focus after errors");
    }
    save_screenshot(&c, &format!("objection-errors-{label}")).await;
    link.click().await.unwrap();

    type_into(&c, "phone", "13912345678").await;
    submit_then(&c, Locator::Id("tracking-number")).await;
    let url = c.current_url().await.unwrap();
    assert!(
        url.path().ends_with("/submissions/received"),
        "{url}: {}",
        body_text(&c).await
    );
    let number = field(&c, "tracking-number").await.text().await.unwrap();
    let code = field(&c, "query-code").await.text().await.unwrap();
    // Numbers are sequential per day: a double submit would have skipped one.
    assert_eq!(number, expected_number);
    assert!(!code.is_empty());
    assert!(body_text(&c).await.contains("已收到您的异议申诉"));
    let shot = save_screenshot(&c, &format!("objection-confirmation-{label}")).await;
    assert!(std::fs::metadata(&shot).unwrap().len() > 1_000);

    // Reloading the confirmation does not submit again.
    c.refresh().await.unwrap();
    let row = app
        .store
        .submission_by_tracking_number(&number)
        .await
        .unwrap()
        .expect("stored");

    c.goto(&format!("{}/track", app.base)).await.unwrap();
    type_into(&c, "tracking_number", &number).await;
    type_into(&c, "code", &code).await;
    submit_then(&c, Locator::Css("ol.timeline")).await;
    let tracked = body_text(&c).await;
    assert!(
        tracked.contains(&number) && tracked.contains("已收到，待受理"),
        "{tracked}"
    );

    app.store
        .decide_submission(row.id, &Action::Accept, "credit-office", common::test_now())
        .await
        .unwrap();
    c.goto(&format!("{}/records/{id}", app.base)).await.unwrap();
    assert!(body_text(&c).await.contains("异议处理中"));
    // Decided: the marker goes, so the next run starts from an unmarked record.
    app.store
        .decide_submission(
            row.id,
            &Action::Uphold {
                reply: "经核查，原信息无误。".into(),
            },
            "credit-office",
            common::test_now(),
        )
        .await
        .unwrap();
    c.close().await.unwrap();
}

#[tokio::test]
async fn the_objection_flow_works_in_chromium_with_and_without_javascript() {
    let Some(browser) = Chromium::start().await else { return };
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    app.import_file(RecordKind::Penalty, &fixture("penalties_10_good_3_bad.csv"))
        .await;
    objection_flow(&app, &browser, true, "YY-20261127-0001").await;
    objection_flow(&app, &browser, false, "YY-20261127-0002").await;
}

/// axe-core's script: `AXE_CORE_JS`, or where `.ci/run` installs it.
fn axe_source() -> Option<String> {
    let path = std::env::var("AXE_CORE_JS").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/.ci/node/node_modules/axe-core/axe.min.js").to_string()
    });
    std::fs::read_to_string(path).ok()
}

/// Serious and critical axe-core violations on the current page.
async fn axe_violations(c: &Client, axe: &str) -> Vec<String> {
    c.execute(&format!("{axe}\n;return true;"), vec![])
        .await
        .expect("inject axe-core");
    let result = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] })
                .then(r => done(r.violations.map(v => v.impact + ' ' + v.id + ': ' + v.help + ' (' + v.nodes.length + ')')))
                .catch(e => done(['error ' + e]));",
            vec![],
        )
        .await
        .expect("axe runs");
    result
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .filter(|v| v.starts_with("serious") || v.starts_with("critical") || v.starts_with("error"))
        .collect()
}

#[tokio::test]
async fn key_pages_at_phone_and_desktop_widths_have_no_serious_accessibility_problems() {
    let Some(browser) = Chromium::start().await else { return };
    let Some(axe) = axe_source() else {
        if std::env::var_os("PORTAL_REQUIRE_BROWSER").is_some() {
            panic!("axe-core is missing (.ci/run installs it into .ci/node)");
        }
        eprintln!("skipped: axe-core is not installed (npm install --prefix .ci/node axe-core@4)");
        return;
    };
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    app.import_file(RecordKind::Penalty, &fixture("penalties_10_good_3_bad.csv"))
        .await;
    app.sync_index().await;
    let id = app.record_id(OLD_PENALTY).await;
    let subject = app.store.record(id).await.unwrap().unwrap().subject_id;
    common::staff::create_staff(&app, "reviewer1", app::domain::staff::Role::Reviewer, None).await;
    let mut problems = Vec::new();
    for (width, label) in [(390, "phone"), (1280, "desktop")] {
        let c = browser.session(true, width).await;
        let pages = [
            ("home", "/".to_string()),
            ("search", format!("/search?q={}", app::pages::url_encode("嘉峪关"))),
            ("record", format!("/records/{id}")),
            ("subject", format!("/subjects/{subject}")),
        ];
        for (name, path) in pages {
            c.goto(&format!("{}{path}", app.base)).await.unwrap();
            save_screenshot(&c, &format!("{name}-{label}")).await;
            problems.extend(
                axe_violations(&c, &axe)
                    .await
                    .into_iter()
                    .map(|v| format!("{name}@{label}: {v}")),
            );
        }
        // A form sent empty comes back with its errors.
        c.goto(&format!("{}/records/{id}/objection", app.base)).await.unwrap();
        submit_then(&c, Locator::Css(".error-summary")).await;
        save_screenshot(&c, &format!("form-errors-{label}")).await;
        problems.extend(
            axe_violations(&c, &axe)
                .await
                .into_iter()
                .map(|v| format!("form@{label}: {v}")),
        );
        // The back-office queue, logged in.
        c.goto(&format!("{}/admin/login", app.base)).await.unwrap();
        type_into(&c, "username", "reviewer1").await;
        type_into(&c, "password", common::staff::PASSWORD).await;
        submit_then(&c, Locator::Css("main h1")).await;
        c.goto(&format!("{}/admin/submissions", app.base)).await.unwrap();
        save_screenshot(&c, &format!("admin-queue-{label}")).await;
        problems.extend(
            axe_violations(&c, &axe)
                .await
                .into_iter()
                .map(|v| format!("queue@{label}: {v}")),
        );
        c.close().await.unwrap();
    }
    assert!(
        problems.is_empty(),
        "serious or critical accessibility problems: {problems:#?}"
    );

    // The check itself can fail: an image without alt text is a critical problem.
    let c = browser.session(true, 1280).await;
    c.goto(&format!("{}/", app.base)).await.unwrap();
    c.execute(
        "const i = document.createElement('img'); i.src = '/favicon.svg'; document.querySelector('main').appendChild(i); return true;",
        vec![],
    )
    .await
    .unwrap();
    let found = axe_violations(&c, &axe).await;
    assert!(found.iter().any(|v| v.contains("image-alt")), "{found:?}");
    c.close().await.unwrap();
}
