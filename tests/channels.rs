//! Black-box tests of the channels the seeds name: the configured 举报电话 and
//! 举报邮箱 on every page's footer and on the complaint form, and the 典型案例
//! the credit office publishes (citations checked against what is public, the
//! case leaving public view with what it cites). Each runs on SQLite and, when
//! TEST_DATABASE_URL is set, on PostgreSQL.

mod common;

use app::domain::kinds::RecordKind;
use app::domain::staff::Role;
use app::site::SiteSettings;
use common::staff::{department_id, get, logged_in, post};
use common::{fixture, spawn_app_with, test_now, Backend, TestApp};

const PHONE: &str = "0937-6212345";
const EMAIL: &str = "jubao@credit.example.cn";

async fn app_with_channels(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, test_now(), |state| {
        state.with_site(SiteSettings {
            report_phone: Some(PHONE.into()),
            report_email: Some(EMAIL.into()),
        })
    })
    .await
}

async fn report_channels_are_shown_where_the_public_reports(backend: Backend) {
    let Some(app) = app_with_channels(backend).await else {
        return;
    };
    for path in ["/", "/search", "/complaints/new", "/no-such-page"] {
        let html = app.get(path).await.text().await.unwrap();
        assert!(html.contains(PHONE) && html.contains(EMAIL), "{path}: {html}");
        assert!(html.contains(&format!("mailto:{EMAIL}")), "{path}");
    }
    let form = app.page("/complaints/new").await;
    assert!(form.contains("您也可以通过以下方式投诉举报"), "{form}");

    // Without settings, no channel is made up.
    let Some(plain) = common::spawn_app(backend).await else {
        return;
    };
    let html = plain.page("/complaints/new").await;
    assert!(!html.contains("举报电话") && !html.contains("举报邮箱"), "{html}");
}

/// Publishes a case through the back-office form; the response.
async fn publish(app: &TestApp, client: &reqwest::Client, kind: &str, title: &str, ids: &str) -> reqwest::Response {
    post(
        app,
        client,
        "/admin/cases",
        "/admin/cases",
        &[
            ("kind", kind),
            ("title", title),
            (
                "summary",
                "该公司生产经营不符合食品安全标准的食品，经抽检不合格，市场监管部门依法予以罚款。\n警示：食品生产经营者应落实主体责任。",
            ),
            ("source_document", "嘉信用办〔2026〕5号"),
            ("record_ids", ids),
        ],
    )
    .await
}

async fn the_credit_office_publishes_typical_cases(backend: Backend) {
    let Some(app) = common::spawn_app(backend).await else {
        return;
    };
    // The red entry first: its subject's fine (2026-06-01) would bar it from a
    // safety-production red list (no penalty in 3 years, red_list_eligibility).
    app.import_file(RecordKind::Redlist, &fixture("redlist.csv")).await;
    app.import_file(RecordKind::Penalty, &fixture("penalties_10_good_3_bad.csv"))
        .await;
    let penalty = app.record_id("嘉市监罚〔2026〕2号").await;
    let other_penalty = app.record_id("嘉市监罚〔2026〕1号").await;
    let red = app.record_id("嘉应急红〔2026〕1号").await;

    // Only the credit office (reviewers) and admins publish cases.
    let market = department_id(&app, "嘉峪关市市场监督管理局").await;
    let provider = logged_in(&app, "market1", Role::Provider, Some(market)).await;
    assert_eq!(get(&app, &provider, "/admin/cases").await.0, 403);
    let reviewer = logged_in(&app, "reviewer1", Role::Reviewer, None).await;
    let (status, page) = get(&app, &reviewer, "/admin/cases").await;
    assert_eq!(status, 200);
    assert!(page.contains("发布案例"), "{page}");

    // A 失信典型 may not cite a red-list entry, nor a record that does not exist.
    let wrong = publish(
        &app,
        &reviewer,
        "untrustworthy",
        "不合格食品案",
        &format!("{penalty}, {red}, 999999"),
    )
    .await;
    assert_eq!(wrong.status(), 422);
    let body = wrong.text().await.unwrap();
    assert!(body.contains("错误："), "{body}");
    assert!(
        body.contains(&format!("信息编号 {red} 是红名单，失信典型只能引用")),
        "{body}"
    );
    assert!(body.contains("信息编号 999999 不存在或当前不公示"), "{body}");
    assert!(body.contains("不合格食品案"), "the typed values are kept: {body}");

    // A good case is published and shown with the records it cites.
    let ok = publish(
        &app,
        &reviewer,
        "untrustworthy",
        "不合格食品案",
        &format!("{penalty}，{other_penalty}"),
    )
    .await;
    assert_eq!(ok.status(), 303);
    let location = ok.headers()["location"].to_str().unwrap().to_string();
    let case_id: i64 = location.trim_start_matches("/cases/").parse().unwrap();
    let case = app.page(&location).await;
    assert!(case.contains("不合格食品案") && case.contains("失信典型"), "{case}");
    assert!(
        case.contains("嘉市监罚〔2026〕2号") && case.contains("嘉市监罚〔2026〕1号"),
        "{case}"
    );
    assert!(case.contains("嘉信用办〔2026〕5号"), "{case}");
    let good = publish(
        &app,
        &reviewer,
        "trustworthy",
        "连续三年安全生产无事故",
        &red.to_string(),
    )
    .await;
    assert_eq!(good.status(), 303);

    let all = app.page("/cases").await;
    assert!(
        all.contains("不合格食品案") && all.contains("连续三年安全生产无事故"),
        "{all}"
    );
    let bad_side = app.page("/cases?kind=untrustworthy").await;
    assert!(bad_side.contains("不合格食品案") && !bad_side.contains("连续三年安全生产无事故"));
    assert!(
        app.page("/").await.contains("href=\"/cases\""),
        "the footer links the cases"
    );
    assert_eq!(app.get("/cases/0").await.status(), 404);
    assert_eq!(app.get("/cases/abc").await.status(), 404);
    assert_eq!(app.get("/cases/424242").await.status(), 404);

    // When a cited record leaves public view, the case leaves with it.
    app.store
        .withdraw_record(other_penalty, "决定已撤销", "test", test_now())
        .await
        .unwrap();
    assert_eq!(app.get(&location).await.status(), 410);
    assert!(!app.page("/cases").await.contains("不合格食品案"));
    let (_, admin_list) = get(&app, &reviewer, "/admin/cases").await;
    assert!(admin_list.contains("引用的信息已不公示"), "{admin_list}");

    // Taking a case down needs a reason, and is logged.
    let good_id = case_id + 1;
    let no_reason = post(
        &app,
        &reviewer,
        "/admin/cases",
        &format!("/admin/cases/{good_id}/withdraw"),
        &[("reason", " ")],
    )
    .await;
    assert_eq!(no_reason.status(), 422);
    assert_eq!(app.get(&format!("/cases/{good_id}")).await.status(), 200);
    let down = post(
        &app,
        &reviewer,
        "/admin/cases",
        &format!("/admin/cases/{good_id}/withdraw"),
        &[("reason", "当事人申请，经复核撤下")],
    )
    .await;
    assert_eq!(down.status(), 200);
    let gone = app.get(&format!("/cases/{good_id}")).await;
    assert_eq!(gone.status(), 410);
    assert!(gone.text().await.unwrap().contains("当事人申请，经复核撤下"));
    let log = app.change_log_text(Some("case")).await;
    assert_eq!(log.iter().filter(|l| l.contains("publish")).count(), 2, "{log:?}");
    assert_eq!(log.iter().filter(|l| l.contains("withdraw")).count(), 1, "{log:?}");
    assert!(app.store.verify_change_log().await.unwrap().first_break.is_none());
}

macro_rules! on_both_engines {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test] async fn $name() { super::$name(super::Backend::Sqlite).await })*
        }
        mod postgres {
            $(#[tokio::test] async fn $name() { super::$name(super::Backend::Postgres).await })*
        }
    };
}

on_both_engines!(
    report_channels_are_shown_where_the_public_reports,
    the_credit_office_publishes_typical_cases,
);
