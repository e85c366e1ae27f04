//! Black-box tests of the publishing foundation: import a national-format
//! file, then read the public pages over HTTP. Each test runs on SQLite and,
//! when TEST_DATABASE_URL is set, on PostgreSQL.

mod common;

use app::domain::kinds::RecordKind;
use common::{fixture, TestApp};

const GOOD_BAD: &str = "penalties_10_good_3_bad.csv";

async fn subject_id(app: &TestApp, name: &str) -> i64 {
    let hits = app.store.find_subjects(name, 5).await.unwrap();
    hits.iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("subject {name}"))
        .id
}

async fn import_stores_good_rows_and_reports_bad_ones(app: TestApp) {
    let report = app.import_file(RecordKind::Penalty, &fixture(GOOD_BAD)).await;
    assert_eq!(report.created, 10, "{report:?}");
    assert_eq!(report.rejected, 3, "{report:?}");
    assert_eq!(report.summary(), "共 13 行：新增 10，更正 0，未变 0，拒绝 3");
    let messages: Vec<String> = report.errors.iter().map(|e| e.to_string()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("第 12 行，行政相对人代码_1") && m.contains("校验")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("第 13 行，处罚依据") && m.contains("必填")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("第 14 行，处罚有效期") && m.contains("早于")),
        "{messages:?}"
    );

    // The ten appear on their subjects' pages; one subject holds two records from the file.
    let id = subject_id(&app, "嘉峪关市镜铁食品有限公司").await;
    let page = app.page(&format!("/subjects/{id}")).await;
    assert!(
        page.contains("罚款2万元") && page.contains("预包装食品标签不符合规定") || page.contains("警告"),
        "{page}"
    );
    assert!(page.contains("嘉市监罚〔2026〕2号") && page.contains("嘉市监罚〔2026〕8号"));
    for name in [
        "嘉峪关市雄关建设有限公司",
        "甘肃祁连物流有限公司",
        "嘉峪关市长城商贸有限公司",
        "嘉峪关市新城化工有限公司",
    ] {
        let id = subject_id(&app, name).await;
        let page = app.page(&format!("/subjects/{id}")).await;
        assert!(page.contains("行政处罚"), "{name}");
    }
    // The rejected rows stored nothing.
    assert!(app
        .store
        .find_subjects("嘉峪关市错码有限公司", 5)
        .await
        .unwrap()
        .is_empty());
}

async fn natural_person_ids_are_only_ever_shown_masked(app: TestApp) {
    app.import_file(RecordKind::Penalty, &fixture(GOOD_BAD)).await;
    let id = subject_id(&app, "张三").await;
    let subject_page = app.page(&format!("/subjects/{id}")).await;
    assert!(subject_page.contains("110105********002X"), "masked ID on subject page");
    let record_id = app.record_id("嘉市监罚〔2026〕6号").await;
    let record_page = app.page(&format!("/records/{record_id}")).await;
    assert!(record_page.contains("110105********002X"));
    let home = app.page("/").await;
    app.sync_index().await;
    let search = app.page("/search?q=%E5%BC%A0%E4%B8%89").await;
    assert!(
        search.replace("<b>", "").replace("</b>", "").contains("张三"),
        "the person is found by name"
    );
    for body in [&subject_page, &record_page, &home, &search] {
        assert!(!body.contains("11010519491231002X"), "full ID leaked");
        assert!(!body.contains("440524188001010014"), "full ID leaked");
    }
}

async fn reimport_changes_nothing_and_a_changed_row_is_a_logged_correction(app: TestApp) {
    app.import_file(RecordKind::Penalty, &fixture(GOOD_BAD)).await;
    let seq_after_first = app.store.log_seq().await.unwrap();
    let again = app.import_file(RecordKind::Penalty, &fixture(GOOD_BAD)).await;
    assert_eq!((again.created, again.corrected, again.unchanged), (0, 0, 10));
    assert_eq!(
        app.store.log_seq().await.unwrap(),
        seq_after_first,
        "a no-op import writes no log row"
    );

    let mut sheet = portal::import::read_path(&fixture(GOOD_BAD)).unwrap();
    let content = sheet.rows[0].iter().position(|h| h == "处罚内容").unwrap();
    sheet.rows[2][content] = "罚款2万元（更正）".into();
    let corrected = app.import_sheet(RecordKind::Penalty, &sheet).await;
    assert_eq!((corrected.created, corrected.corrected, corrected.unchanged), (0, 1, 9));
    assert_eq!(app.store.log_seq().await.unwrap(), seq_after_first + 1);
    let id = app.record_id("嘉市监罚〔2026〕2号").await;
    let page = app.page(&format!("/records/{id}")).await;
    assert!(page.contains("罚款2万元（更正）") && page.contains("第 2 版"), "{page}");
    let chain = app.store.verify_change_log().await.unwrap();
    assert!(chain.first_break.is_none(), "{chain:?}");
}

async fn record_page_shows_every_public_field_and_a_stable_url(app: TestApp) {
    app.import_file(RecordKind::Penalty, &fixture(GOOD_BAD)).await;
    let id = app.record_id("嘉市监罚〔2026〕3号").await;
    let page = app.page(&format!("/records/{id}")).await;
    for expected in [
        "甘肃祁连物流有限公司",
        "91330000755918469E",
        "虚假宣传",
        "《中华人民共和国反不正当竞争法》第二十条",
        "5.5 万元",
        "公示中",
        "嘉峪关市市场监督管理局",
        &format!("/records/{id}"),
    ] {
        assert!(page.contains(expected), "missing {expected}");
    }
    assert_eq!(app.get("/records/999999").await.status(), 404);
    assert_eq!(app.get("/records/abc").await.status(), 404);
}

async fn withdrawn_and_expired_records_answer_410(app: TestApp) {
    app.import_file(RecordKind::Penalty, &fixture(GOOD_BAD)).await;
    let id = app.record_id("嘉市监罚〔2026〕4号").await;
    app.store
        .withdraw_record(id, "原处罚决定已被依法撤销", "test", common::test_now())
        .await
        .unwrap();
    let r = app.get(&format!("/records/{id}")).await;
    assert_eq!(r.status(), 410);
    let body = r.text().await.unwrap();
    assert!(body.contains("已撤销") && body.contains("原处罚决定已被依法撤销"));
    assert!(!body.contains("销售不合格电线"), "withdrawn content is not shown");

    // Seen from a later date the same store's records have left their window.
    let later = common::spawn_app_at(common::Backend::Sqlite, common::test_now())
        .await
        .unwrap();
    drop(later);
    let expired_id = app.record_id("嘉市监罚〔2026〕1号").await;
    let state = portal::http::AppState::new(
        app.store.clone(),
        std::sync::Arc::new(app::domain::clock::FixedClock(
            chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2027, 3, 3, 4, 0, 0).unwrap(),
        )),
        app::domain::working_days::Calendar::official(),
        app.search.clone(),
    );
    let server = portal::startup::Application::build("127.0.0.1:0".parse().unwrap(), state)
        .await
        .unwrap();
    let addr = server.local_addr();
    tokio::spawn(server.run_until_stopped());
    let r = reqwest::get(format!("http://{addr}/records/{expired_id}"))
        .await
        .unwrap();
    assert_eq!(r.status(), 410);
    assert!(r.text().await.unwrap().contains("已到期"));
    let chain = app.store.verify_change_log().await.unwrap();
    assert!(chain.first_break.is_none());
}

async fn merged_subject_url_redirects_permanently(app: TestApp) {
    app.import_file(RecordKind::Penalty, &fixture(GOOD_BAD)).await;
    let from = subject_id(&app, "嘉峪关市长城商贸有限公司").await;
    let into = subject_id(&app, "嘉峪关市新城化工有限公司").await;
    let moved = app
        .store
        .merge_subjects(from, into, "test", "同一主体", common::test_now())
        .await
        .unwrap();
    assert_eq!(moved, 1);
    let r = app.get(&format!("/subjects/{from}")).await;
    assert_eq!(r.status(), 308);
    assert_eq!(r.headers()["location"], format!("/subjects/{into}"));
    let page = app.page(&format!("/subjects/{into}")).await;
    assert!(page.contains("销售不合格电线") || page.contains("罚款0.35万元"));
    assert!(app
        .store
        .merge_subjects(from, into, "test", "again", common::test_now())
        .await
        .is_err());
}

async fn home_lists_departments_and_search_pages_render(app: TestApp) {
    app.import_file(RecordKind::Penalty, &fixture(GOOD_BAD)).await;
    let home = app.page("/").await;
    assert!(home.contains("最新公示") && home.contains("嘉市监罚〔2026〕10号"));
    assert!(home.contains(r#"action="/search""#));
    let departments = app.page("/departments").await;
    assert!(departments.contains("嘉峪关市市场监督管理局"));
    let dept_id = app.store.issuing_departments().await.unwrap()[0].id;
    let dept = app.page(&format!("/departments/{dept_id}")).await;
    assert!(dept.contains("共 10 条"), "{dept}");
    let penalties_only = app.page(&format!("/departments/{dept_id}?kind=penalty&page=1")).await;
    assert!(penalties_only.contains("共 10 条"));
    app.sync_index().await;
    let search = app.page("/search?q=%E9%95%9C%E9%93%81").await; // 镜铁
    assert!(search
        .replace("<b>", "")
        .replace("</b>", "")
        .contains("嘉峪关市镜铁食品有限公司"));
    let nothing = app.page("/search?q=%E4%B8%8D%E5%AD%98%E5%9C%A8%E7%9A%84").await;
    assert!(nothing.contains("没有找到相关信息"));
    assert_eq!(app.get("/nope").await.status(), 404);
    let r = app.get("/").await;
    let h = r.headers();
    assert!(h["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("frame-ancestors 'none'"));
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["referrer-policy"], "same-origin");
}

async fn sensitive_and_simple_procedure_penalties_are_stored_but_never_published(app: TestApp) {
    let mut sheet = portal::import::read_path(&fixture(GOOD_BAD)).unwrap();
    sheet.rows[0].push("是否敏感".into());
    sheet.rows[0].push("程序类型".into());
    for (i, row) in sheet.rows.iter_mut().enumerate().skip(1) {
        row.push(if i == 2 { "是" } else { "否" }.into());
        row.push(if i == 3 { "简易" } else { "一般" }.into());
    }
    let report = app.import_sheet(RecordKind::Penalty, &sheet).await;
    assert_eq!(report.created, 10);
    let today = app::domain::clock::china_date(common::test_now());
    for doc in ["嘉市监罚〔2026〕2号", "嘉市监罚〔2026〕3号"] {
        assert!(
            app.store.find_by_doc_no(doc, today, 1).await.unwrap().is_empty(),
            "{doc} hidden"
        );
    }
    let home = app.page("/").await;
    assert!(!home.contains("嘉市监罚〔2026〕2号") && !home.contains("嘉市监罚〔2026〕3号"));
    assert!(home.contains("嘉市监罚〔2026〕4号"));
}

async fn red_and_black_lists_show_banners_and_filter(app: TestApp) {
    // A list a higher authority decided: published at once (an ordinary
    // import proposes, see tests/list_procedure.rs).
    let report = app
        .import_file_decided(RecordKind::Blacklist, &fixture("blacklist.csv"))
        .await;
    assert_eq!((report.created, report.proposed), (3, 0), "{report:?}");
    let report = app.import_file(RecordKind::Redlist, &fixture("redlist.csv")).await;
    assert_eq!(report.created, 1, "{report:?}");
    let black = app.page("/lists/black").await;
    assert!(black.contains("嘉峪关市危化储运有限公司") && black.contains("安全生产失信联合惩戒对象名单"));
    // The entry whose term ended is not shown.
    assert!(!black.contains("嘉峪关市旧账有限公司"));
    // The list menu offers the lists with public entries, as options.
    assert!(
        black.contains(r#"<option value="安全生产失信联合惩戒对象名单""#),
        "{black}"
    );
    let filtered = app
        .page("/lists/black?list=%E4%B8%A5%E9%87%8D%E5%A4%B1%E4%BF%A1%E4%B8%BB%E4%BD%93%E5%90%8D%E5%8D%95")
        .await;
    assert!(!filtered.contains("嘉峪关市危化储运有限公司"));
    let red = app.page("/lists/red").await;
    assert!(red.contains("嘉峪关市诚信建材有限公司"));
    let id = subject_id(&app, "嘉峪关市危化储运有限公司").await;
    let page = app.page(&format!("/subjects/{id}")).await;
    assert!(page.contains("该主体正被列入黑名单"));
    let id = subject_id(&app, "嘉峪关市诚信建材有限公司").await;
    let page = app.page(&format!("/subjects/{id}")).await;
    assert!(page.contains("该主体列入红名单"));
}

async fn export_then_import_round_trips(app: TestApp) {
    app.import_file(RecordKind::Penalty, &fixture(GOOD_BAD)).await;
    let today = app::domain::clock::china_date(common::test_now());
    let mut first = Vec::new();
    portal::export::export(
        &app.store,
        portal::export::ExportSpec {
            kind: RecordKind::Penalty,
            format: portal::export::ExportFormat::Csv,
            public: false,
            today,
        },
        &mut first,
    )
    .await
    .unwrap();
    let path = app.data_dir.join("export.csv");
    std::fs::write(&path, &first).unwrap();
    let text = String::from_utf8(first.clone()).unwrap();
    assert!(
        text.contains("11010519491231002X"),
        "back-office export keeps full IDs for round trips"
    );

    let other = common::spawn_app(common::Backend::Sqlite).await.unwrap();
    let report = other.import_file(RecordKind::Penalty, &path).await;
    assert_eq!((report.created, report.rejected), (10, 0), "{report:?}");
    let mut second = Vec::new();
    portal::export::export(
        &other.store,
        portal::export::ExportSpec {
            kind: RecordKind::Penalty,
            format: portal::export::ExportFormat::Csv,
            public: false,
            today,
        },
        &mut second,
    )
    .await
    .unwrap();
    assert_eq!(String::from_utf8(second).unwrap(), text);

    let mut public = Vec::new();
    portal::export::export(
        &app.store,
        portal::export::ExportSpec {
            kind: RecordKind::Penalty,
            format: portal::export::ExportFormat::Ndjson,
            public: true,
            today,
        },
        &mut public,
    )
    .await
    .unwrap();
    let public = String::from_utf8(public).unwrap();
    assert_eq!(public.lines().count(), 10);
    assert!(!public.contains("11010519491231002X") && public.contains("110105********002X"));
}

async fn xlsx_and_traditional_headers_import(app: TestApp) {
    let sheet = portal::import::read_path(&fixture(GOOD_BAD)).unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in sheet.rows[0].iter().enumerate() {
        // Traditional characters in the header row, as the seeds are written.
        let h = h
            .replace("称", "稱")
            .replace("类", "類")
            .replace("处罚", "處罰")
            .replace("决定", "決定");
        ws.write_string(0, c as u16, &h).unwrap();
    }
    for (r, row) in sheet.rows.iter().enumerate().skip(1) {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, v).unwrap();
        }
    }
    let path = app.data_dir.join("penalties.xlsx");
    book.save(&path).unwrap();
    let report = app.import_file(RecordKind::Penalty, &path).await;
    assert_eq!((report.created, report.rejected), (10, 3), "{report:?}");
}

on_both_backends!(
    import_stores_good_rows_and_reports_bad_ones,
    natural_person_ids_are_only_ever_shown_masked,
    reimport_changes_nothing_and_a_changed_row_is_a_logged_correction,
    record_page_shows_every_public_field_and_a_stable_url,
    withdrawn_and_expired_records_answer_410,
    merged_subject_url_redirects_permanently,
    home_lists_departments_and_search_pages_render,
    sensitive_and_simple_procedure_penalties_are_stored_but_never_published,
    red_and_black_lists_show_banners_and_filter,
    export_then_import_round_trips,
    xlsx_and_traditional_headers_import,
);

mod cross_department {
    use super::*;

    async fn records_from_different_departments_attach_to_one_subject(app: TestApp) {
        app.import_file(RecordKind::Penalty, &fixture(GOOD_BAD)).await;
        // The black-list file is issued by another department and names the same USCC
        // (decided by a higher authority, so listed at once).
        app.import_file_decided(RecordKind::Blacklist, &fixture("blacklist.csv"))
            .await;
        let id = subject_id(&app, "嘉峪关市雄关建设有限公司").await;
        let page = app.page(&format!("/subjects/{id}")).await;
        assert!(
            page.contains("该主体正被列入黑名单"),
            "black list entry attached by USCC"
        );
        assert!(page.contains("嘉市监罚〔2026〕10号") && page.contains("嘉应急黑〔2026〕1号"));
        assert!(page.contains("嘉峪关市市场监督管理局") && page.contains("嘉峪关市应急管理局"));
    }

    on_both_backends!(records_from_different_departments_attach_to_one_subject);
}

mod calendar {
    use super::*;

    /// In a year without an official arrangement the portal says so.
    #[tokio::test]
    async fn a_year_without_holiday_data_is_announced() {
        let when = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2027, 6, 1, 4, 0, 0).unwrap();
        let app = common::spawn_app_at(common::Backend::Sqlite, when).await.unwrap();
        let home = app.page("/").await;
        assert!(
            home.contains("2027年度放假安排尚未公布，期限按周末及法定节日推算"),
            "{home}"
        );
        let app = common::spawn_app(common::Backend::Sqlite).await.unwrap();
        assert!(!app.page("/").await.contains("放假安排尚未公布"));
    }
}
