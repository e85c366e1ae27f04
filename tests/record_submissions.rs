//! Black-box tests of the submissions bound to a record — objection and
//! credit repair — and of credit pledges. Each runs on SQLite and, when
//! TEST_DATABASE_URL is set, on PostgreSQL.

mod common;

use common::forms::browser;
use common::public_forms::*;

use app::domain::kinds::RecordKind;
use app::domain::submission_workflow::Action;
use common::{fixture, TestApp};

const PENALTIES: &str = "penalties_10_good_3_bad.csv";
/// Decided 2026-04-10: repair possible from 2026-07-10, before the tests' 2026-11-27.
const OLD_PENALTY: &str = "嘉市监罚〔2026〕2号";
/// Decided 2026-10-09: repair possible only from 2027-01-09.
const RECENT_PENALTY: &str = "嘉市监罚〔2026〕9号";
/// A natural person's penalty (no USCC asked).
const PERSON_PENALTY: &str = "嘉市监罚〔2026〕6号";

async fn imported(app: &TestApp) {
    app.import_file(RecordKind::Penalty, &fixture(PENALTIES)).await;
}

async fn an_objection_is_received_tracked_and_shown_on_the_record_once_accepted(app: TestApp) {
    imported(&app).await;
    let id = app.record_id(OLD_PENALTY).await;
    let record = app.page(&format!("/records/{id}")).await;
    assert!(
        record.contains(&format!(r#"href="/records/{id}/objection""#)) && record.contains("对此信息有异议"),
        "{record}"
    );
    assert!(!record.contains("异议处理中"));

    let client = browser();
    let path = format!("/records/{id}/objection");
    let (number, code, html) = receipt(&app, &client, submit(&app, &client, &path, objection_fields()).await).await;
    assert!(number.starts_with("YY-20261127-"), "{number}");
    assert!(html.contains("已收到您的异议申诉"), "{html}");
    let tracked = track(&app, &client, &number, &code).await;
    assert!(
        tracked.contains("异议申诉") && tracked.contains("已收到，待受理"),
        "{tracked}"
    );
    assert!(tracked.contains("2026-12-01"), "2 working days: {tracked}");
    assert!(tracked.contains(EXPLANATION) && tracked.contains("信息错误"));
    assert!(tracked.contains("139****5678") && !tracked.contains(PHONE), "{tracked}");

    // Received is not yet "being handled".
    assert!(!app.page(&format!("/records/{id}")).await.contains("异议处理中"));
    let row = app.store.submission_by_tracking_number(&number).await.unwrap().unwrap();
    assert_eq!(row.record_id, Some(id));
    app.store
        .decide_submission(row.id, &Action::Accept, "credit-office", common::test_now())
        .await
        .unwrap();
    let record = app.page(&format!("/records/{id}")).await;
    assert!(record.contains("异议处理中"), "{record}");
    assert!(!record.contains("王五") && !record.contains(EXPLANATION));
    let tracked = track(&app, &client, &number, &code).await;
    assert!(tracked.contains("已受理") && tracked.contains("受理"), "{tracked}");
    // Another record is not affected.
    let other = app.record_id(RECENT_PENALTY).await;
    assert!(!app.page(&format!("/records/{other}")).await.contains("异议处理中"));

    // The change log verifies and holds nothing personal.
    let report = app.store.verify_change_log().await.unwrap();
    assert!(report.first_break.is_none(), "{report:?}");
    let log = app.change_log_text(Some("submission")).await;
    assert_eq!(log.len(), 2, "{log:?}");
    assert!(log[0].starts_with("public|receive|submission|objection|"), "{log:?}");
    assert!(
        log[1].starts_with("credit-office|status|submission|objection|accepted|"),
        "{log:?}"
    );
    for personal in ["王五", PHONE, "镜铁", EXPLANATION, "913101151324074865", &code] {
        assert!(!log.iter().any(|l| l.contains(personal)), "{personal} in {log:?}");
    }
}

async fn a_natural_persons_record_needs_no_uscc(app: TestApp) {
    imported(&app).await;
    let id = app.record_id(PERSON_PENALTY).await;
    let client = browser();
    let fields = with(with(objection_fields(), "applicant_uscc", ""), "applicant_name", "张三");
    let path = format!("/records/{id}/objection");
    let (number, _, _) = receipt(&app, &client, submit(&app, &client, &path, fields).await).await;
    assert!(number.starts_with("YY-"));
}

async fn objections_to_withdrawn_or_unknown_records_are_not_found(app: TestApp) {
    imported(&app).await;
    let id = app.record_id(OLD_PENALTY).await;
    app.store
        .withdraw_record(id, "原处罚决定已被依法撤销", "test", common::test_now())
        .await
        .unwrap();
    for path in [
        format!("/records/{id}/objection"),
        "/records/999999/objection".to_string(),
        "/records/abc/objection".to_string(),
        format!("/records/{id}/repair"),
    ] {
        assert_eq!(app.get(&path).await.status(), 404, "{path}");
    }
    let client = browser();
    let r = post(&app, &client, &format!("/records/{id}/objection"), &objection_fields()).await;
    assert_eq!(r.status(), 404);
    assert_eq!(app.store.submission_count().await.unwrap(), 0);
}

async fn repair_before_the_minimum_period_is_refused_with_the_date(app: TestApp) {
    imported(&app).await;
    let id = app.record_id(RECENT_PENALTY).await;
    let record = app.page(&format!("/records/{id}")).await;
    assert!(!record.contains(&format!("/records/{id}/repair")), "{record}");
    assert!(
        record.contains("2027-01-09") && record.contains("可申请信用修复"),
        "{record}"
    );
    let page = app.page(&format!("/records/{id}/repair")).await;
    assert!(page.contains("自 2027-01-09 起方可申请信用修复"), "{page}");
    assert!(!page.contains(r#"name="form_id""#));
    let client = browser();
    // Open the (refusing) page for a CSRF cookie, then post anyway.
    client
        .get(format!("{}/records/{id}/repair", app.base))
        .send()
        .await
        .unwrap();
    let r = post(
        &app,
        &client,
        &format!("/records/{id}/repair"),
        &with(repair_fields(), "form_id", &"a".repeat(32)),
    )
    .await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("自 2027-01-09 起方可申请信用修复"));
    assert_eq!(app.store.submission_count().await.unwrap(), 0);
}

async fn repair_after_the_minimum_period_is_received(app: TestApp) {
    imported(&app).await;
    let id = app.record_id(OLD_PENALTY).await;
    let record = app.page(&format!("/records/{id}")).await;
    assert!(record.contains(&format!(r#"href="/records/{id}/repair""#)), "{record}");
    let client = browser();
    let path = format!("/records/{id}/repair");
    let form = client
        .get(format!("{}{path}", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(form.contains("信用修复承诺书") && form.contains("郑重承诺"), "{form}");
    // Without the pledge: 422, values kept.
    let r = submit(&app, &client, &path, with(repair_fields(), "pledge", "")).await;
    let r = if r.status() == 303 {
        panic!("accepted without the pledge")
    } else {
        r
    };
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("<title>错误：信用修复申请") && html.contains(r##"href="#pledge""##),
        "{html}"
    );
    assert!(html.contains("整改报告已报送处罚机关") && html.contains(&format!(r#"value="{PHONE}""#)));
    let fields: Fields = repair_fields().into_iter().filter(|(k, _)| *k != "pledge").collect();
    let r = submit_with_proof(&app, &client, &path, with(fields, "pledge", "yes")).await;
    let (number, code, _) = receipt(&app, &client, r).await;
    assert!(number.starts_with("XF-20261127-"), "{number}");
    let tracked = track(&app, &client, &number, &code).await;
    assert!(
        tracked.contains("信用修复申请") && tracked.contains("已收到，待审核"),
        "{tracked}"
    );
    // The proof is listed by name and size only.
    assert!(tracked.contains("缴款凭证.pdf"), "{tracked}");
    // 10 working days from Fri 2026-11-27: Fri 2026-12-11.
    assert!(tracked.contains("2026-12-11"), "{tracked}");
    // Repair is for penalties only.
    let objection_only = app.page(&format!("/records/{id}/objection")).await;
    assert!(objection_only.contains("异议申诉"));
}

async fn a_pledge_is_received_and_not_published(app: TestApp) {
    imported(&app).await;
    let client = browser();
    let form = client
        .get(format!("{}/pledges/new", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(form.contains("嘉峪关市市场监督管理局"), "{form}");
    let fields = pledge_fields(&app).await;
    let (number, code, html) = receipt(&app, &client, submit(&app, &client, "/pledges/new", fields).await).await;
    assert!(number.starts_with("CN-20261127-"), "{number}");
    assert!(html.contains("确认后才会在本站公示"), "{html}");
    let tracked = track(&app, &client, &number, &code).await;
    assert!(
        tracked.contains("信用承诺") && tracked.contains("容缺受理型"),
        "{tracked}"
    );
    assert!(tracked.contains("嘉峪关市市场监督管理局"));
    let home = app.page("/").await;
    assert!(!home.contains("补齐施工图"));
    let log = app.change_log_text(Some("submission")).await;
    assert!(log[0].starts_with("public|receive|submission|pledge|"), "{log:?}");
    assert!(!log[0].contains("王建国") && !log[0].contains("雄关"));
}

async fn bad_fields_come_back_with_422_and_values_kept(app: TestApp) {
    imported(&app).await;
    let id = app.record_id(OLD_PENALTY).await;
    let client = browser();
    let path = format!("/records/{id}/objection");
    let cases: Vec<(&str, String, &str, &str)> = vec![
        ("applicant_name", String::new(), "applicant_name", "请输入申请人名称"),
        (
            "applicant_uscc",
            String::new(),
            "applicant_uscc",
            "请输入统一社会信用代码",
        ),
        (
            "applicant_uscc",
            "91320322MABLP2X24A".into(),
            "applicant_uscc",
            "校验位",
        ),
        ("contact_name", String::new(), "contact_name", "请输入联系人姓名"),
        ("phone", "12345".into(), "phone", "电话号码格式不正确"),
        ("ground", "看不惯".into(), "ground", "请选择异议理由"),
        ("explanation", "太短".into(), "explanation", "至少要有 10 个字"),
    ];
    for (name, value, field, message) in cases {
        let r = submit(&app, &client, &path, with(objection_fields(), name, &value)).await;
        assert_eq!(r.status(), 422, "{name}={value}");
        let html = r.text().await.unwrap();
        assert!(html.contains("<title>错误：异议申诉"), "{name}: {html}");
        assert!(html.contains(&format!(r##"href="#{field}""##)), "{name}");
        assert!(
            html.contains(&format!(r#"<p id="{field}-error" class="error-message">"#)),
            "{name}: {html}"
        );
        assert!(html.contains(message), "{name}: {message} in {html}");
        if name != "explanation" {
            assert!(html.contains(EXPLANATION), "{name}: explanation kept");
        }
        if name != "ground" {
            assert!(
                html.contains(r#"<option value="信息错误" selected"#),
                "{name}: ground kept {html}"
            );
        }
        if !value.is_empty() && name != "ground" {
            assert!(html.contains(&value), "{name}: bad value kept");
        }
    }
    // The pledge form too.
    let fields = with(pledge_fields(&app).await, "pledger_uscc", "");
    let r = submit(&app, &client, "/pledges/new", with(fields, "authority_id", "999999")).await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("<title>错误：信用承诺") && html.contains("请选择承诺接收部门"),
        "{html}"
    );
    assert!(html.contains("补齐施工图审查合格书") && html.contains(r#"value="建筑工程施工许可容缺受理""#));
    // Text typed into a textarea comes back escaped.
    let r = submit(
        &app,
        &client,
        &path,
        with(
            with(
                objection_fields(),
                "explanation",
                "</textarea><script>alert(1)</script>",
            ),
            "phone",
            "1",
        ),
    )
    .await;
    let html = r.text().await.unwrap();
    assert!(!html.contains("<script>alert") && html.matches("</textarea>").count() == 1);
    assert_eq!(app.store.submission_count().await.unwrap(), 0);
}

async fn posts_without_the_csrf_token_are_refused(app: TestApp) {
    imported(&app).await;
    let id = app.record_id(OLD_PENALTY).await;
    let client = browser();
    let pledge = pledge_fields(&app).await;
    for (path, fields) in [
        (format!("/records/{id}/objection"), objection_fields()),
        (format!("/records/{id}/repair"), repair_fields()),
        ("/pledges/new".to_string(), pledge),
    ] {
        let r = post(&app, &client, &path, &with(fields, "form_id", &"a".repeat(32))).await;
        assert_eq!(r.status(), 403, "{path}");
    }
    assert_eq!(app.store.submission_count().await.unwrap(), 0);
}

on_both_backends!(
    an_objection_is_received_tracked_and_shown_on_the_record_once_accepted,
    a_natural_persons_record_needs_no_uscc,
    objections_to_withdrawn_or_unknown_records_are_not_found,
    repair_before_the_minimum_period_is_refused_with_the_date,
    repair_after_the_minimum_period_is_received,
    a_pledge_is_received_and_not_published,
    bad_fields_come_back_with_422_and_values_kept,
    posts_without_the_csrf_token_are_refused,
);
