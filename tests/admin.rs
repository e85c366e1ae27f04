//! Black-box tests of the back-office: login, roles, queues and their effect on
//! the public pages, audit. Each runs on SQLite and, when TEST_DATABASE_URL is
//! set, on PostgreSQL.

mod common;

use app::domain::kinds::RecordKind;
use app::domain::staff::Role;
use common::forms::browser;
use common::public_forms::*;
use common::staff::{
    create_staff, department_id, get, logged_in, login_csrf, post, simultaneous_logins, try_login, PASSWORD,
};
use common::{fixture, TestApp};
use portal::auth::password::hash_password;
use reqwest::Client;

const PENALTIES: &str = "penalties_10_good_3_bad.csv";
/// Decided 2026-04-10: past its minimum publicity period on 2026-11-27.
const OLD_PENALTY: &str = "嘉市监罚〔2026〕2号";
/// The authority and source of the fixture's penalties.
const MARKET_BUREAU: &str = "嘉峪关市市场监督管理局";

/// The document numbers the public search API finds for `text`.
async fn search_doc_nos(app: &TestApp, text: &str) -> Vec<String> {
    let v = app.api_search(&format!("q={}", app::pages::url_encode(text))).await;
    v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["doc_no"].as_str().unwrap().to_string())
        .collect()
}

fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

async fn login_right_wrong_and_logout(app: TestApp) {
    create_staff(&app, "reviewer1", Role::Reviewer, None).await;
    let client = browser();
    let wrong = try_login(&app, &client, "reviewer1", "not the password").await;
    assert_eq!(wrong.status(), 401);
    let body = wrong.text().await.unwrap();
    assert!(
        body.contains("用户名或密码不正确") && body.contains(r#"value="reviewer1""#),
        "{body}"
    );
    let unknown = try_login(&app, &client, "nobody", PASSWORD).await;
    assert_eq!(unknown.status(), 401, "an unknown account gets the same answer");

    let ok = try_login(&app, &client, "reviewer1", PASSWORD).await;
    assert_eq!(ok.status(), 303);
    let cookie = ok.headers().get("set-cookie").unwrap().to_str().unwrap().to_string();
    assert!(
        cookie.starts_with("portal_admin=") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    assert!(cookie.contains("Path=/admin"), "{cookie}");
    let (status, home) = get(&app, &client, "/admin").await;
    assert_eq!(status, 200);
    assert!(home.contains("工作台") && home.contains("reviewer1"), "{home}");

    // A second login gets a different session id.
    let again = try_login(&app, &browser(), "reviewer1", PASSWORD).await;
    let cookie2 = again.headers().get("set-cookie").unwrap().to_str().unwrap().to_string();
    assert_ne!(cookie.split(';').next(), cookie2.split(';').next());

    let out = post(&app, &client, "/admin", "/admin/logout", &[]).await;
    assert_eq!(out.status(), 303);
    let after = client.get(format!("{}/admin", app.base)).send().await.unwrap();
    assert_eq!(after.status(), 303, "logged out: back to the login page");
    assert!(location(&after).starts_with("/admin/login"));
}

async fn repeated_failures_lock_the_account_for_a_while(app: TestApp) {
    // A `next` that could not be a Location header is replaced, never a 500.
    create_staff(&app, "admin3", Role::Admin, None).await;
    let client = browser();
    let csrf = login_csrf(&app.base, &client).await;
    for next in ["/admin\x7f", "/admin\r\nSet-Cookie: a=b", "/admin/\u{4e2d}"] {
        let r = client
            .post(format!("{}/admin/login", app.base))
            .form(&[
                ("csrf", csrf.as_str()),
                ("username", "admin3"),
                ("password", PASSWORD),
                ("next", next),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "{next:?}");
        assert_eq!(location(&r), "/admin", "{next:?}");
    }

    create_staff(&app, "admin1", Role::Admin, None).await;
    create_staff(&app, "admin2", Role::Admin, None).await;
    let client = browser();
    for _ in 0..5 {
        assert_eq!(try_login(&app, &client, "admin1", "guess-123456").await.status(), 401);
    }
    let locked = try_login(&app, &client, "admin1", PASSWORD).await;
    assert_eq!(locked.status(), 429, "even the right password waits");
    let wait: i64 = locked.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=15 * 60).contains(&wait), "{wait}");
    assert!(locked.text().await.unwrap().contains("分钟后再试"));
    // Another account from the same address is not locked by these five.
    assert_eq!(try_login(&app, &browser(), "admin2", PASSWORD).await.status(), 303);
}

/// Issue 15: parallel guesses cannot slip past the limit (each attempt is
/// written before its password is checked), and a browser that logged in
/// before is not locked out by them (OWASP device cookies).
async fn parallel_guesses_are_counted_first_and_cannot_lock_out_the_owner(app: TestApp) {
    create_staff(&app, "admin1", Role::Admin, None).await;
    let owner = browser();
    let first = try_login(&app, &owner, "admin1", PASSWORD).await;
    assert_eq!(first.status(), 303);
    let device = first
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("portal_device="))
        .expect("a successful login remembers the browser");
    assert!(
        device.contains("Path=/admin/login") && device.contains("HttpOnly") && device.contains("SameSite=Strict"),
        "{device}"
    );

    // Forty guesses at once from one page load (one CSRF pair).
    let attacker = browser();
    let flood = simultaneous_logins(&app.base, &attacker, 40, |i| ("admin1".into(), format!("guess-{i:06}"))).await;
    let mut checked = 0;
    for (status, _) in flood {
        match status {
            401 => checked += 1,
            429 | 503 => {}
            other => panic!("a guess got {other}"),
        }
    }
    assert!(
        (1..=5).contains(&checked),
        "at most the account's five failures are checked, got {checked}"
    );
    // One at a time (none refused for a busy gate) until the account waits:
    // exactly five failures in all.
    loop {
        match try_login(&app, &attacker, "admin1", "guess-one-more")
            .await
            .status()
            .as_u16()
        {
            401 => checked += 1,
            429 => break,
            other => panic!("a guess got {other}"),
        }
    }
    assert_eq!(checked, 5, "the account's limit, however the guesses arrive");
    // A new browser now waits, even with the right password ...
    assert_eq!(try_login(&app, &browser(), "admin1", PASSWORD).await.status(), 429);
    // ... but the owner's browser gets in.
    let back = try_login(&app, &owner, "admin1", PASSWORD).await;
    assert_eq!(
        back.status(),
        303,
        "the owner is not locked out by someone else's guesses"
    );
    assert!(
        back.headers()
            .get_all("set-cookie")
            .iter()
            .all(|v| !v.to_str().unwrap().starts_with("portal_device=")),
        "a known device keeps its token"
    );
    // A device's own failures still count: five wrong, then it waits too.
    for _ in 0..5 {
        assert_eq!(try_login(&app, &owner, "admin1", "wrong-123456").await.status(), 401);
    }
    assert_eq!(try_login(&app, &owner, "admin1", PASSWORD).await.status(), 429);
    // The device token belongs to admin1 only: for another account it is an unknown client.
    create_staff(&app, "admin2", Role::Admin, None).await;
    assert_eq!(try_login(&app, &owner, "admin2", PASSWORD).await.status(), 303);
}

async fn the_first_login_must_choose_a_new_password(app: TestApp) {
    let hash = hash_password(PASSWORD);
    app.store
        .create_staff("newbie", "reviewer", None, &hash, "test", common::test_now())
        .await
        .unwrap();
    let client = browser();
    let r = try_login(&app, &client, "newbie", PASSWORD).await;
    assert_eq!(location(&r), "/admin/password");
    let first_cookie = r.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let detour = client
        .get(format!("{}/admin/submissions", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(
        location(&detour),
        "/admin/password",
        "nothing else until the password is changed"
    );

    let bad = post(
        &app,
        &client,
        "/admin/password",
        "/admin/password",
        &[("current", "wrong"), ("new_password", "short"), ("confirm", "other")],
    )
    .await;
    assert_eq!(bad.status(), 422);
    let body = bad.text().await.unwrap();
    for message in ["当前密码不正确", "密码至少 10 个字符", "两次输入的新密码不一致"] {
        assert!(body.contains(message), "{message}: {body}");
    }
    let good = post(
        &app,
        &client,
        "/admin/password",
        "/admin/password",
        &[
            ("current", PASSWORD),
            ("new_password", "Another pass 7"),
            ("confirm", "Another pass 7"),
        ],
    )
    .await;
    assert_eq!(good.status(), 303);
    assert_eq!(location(&good), "/admin");
    let (status, _) = get(&app, &client, "/admin/submissions").await;
    assert_eq!(status, 200);
    // The session from before the change no longer works.
    let old = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = old
        .get(format!("{}/admin", app.base))
        .header("cookie", first_cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert!(location(&r).starts_with("/admin/login"));
    assert_eq!(
        try_login(&app, &browser(), "newbie", "Another pass 7").await.status(),
        303
    );
}

async fn each_role_opens_only_its_own_pages(app: TestApp) {
    app.import_file(RecordKind::Penalty, &fixture(PENALTIES)).await;
    let market = department_id(&app, MARKET_BUREAU).await;
    let anonymous = browser();
    for path in [
        "/admin",
        "/admin/submissions",
        "/admin/audit",
        "/admin/users",
        "/admin/submissions/1",
    ] {
        let r = anonymous.get(format!("{}{path}", app.base)).send().await.unwrap();
        assert_eq!(r.status(), 303, "{path}");
        assert!(location(&r).starts_with("/admin/login?next="), "{path}");
    }
    let r = anonymous
        .post(format!("{}/admin/users", app.base))
        .form(&[("username", "intruder"), ("role", "admin")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "an anonymous POST goes to the login page");
    assert!(app.store.staff_by_username("intruder").await.unwrap().is_none());

    let provider = logged_in(&app, "prov1", Role::Provider, Some(market)).await;
    let reviewer = logged_in(&app, "rev1", Role::Reviewer, None).await;
    let admin = logged_in(&app, "adm1", Role::Admin, None).await;
    let expect = [
        ("/admin", [200, 200, 200]),
        ("/admin/submissions", [403, 200, 200]),
        ("/admin/audit", [403, 200, 200]),
        ("/admin/users", [403, 403, 200]),
    ];
    for (path, statuses) in expect {
        for (client, status) in [&provider, &reviewer, &admin].into_iter().zip(statuses) {
            assert_eq!(get(&app, client, path).await.0, status, "{path}");
        }
    }
    // The header offers only what the role may open.
    let (_, home) = get(&app, &provider, "/admin").await;
    assert!(!home.contains(r#"href="/admin/users""#) && !home.contains(r#"href="/admin/submissions""#));
    // A reviewer cannot add accounts by posting the form directly.
    let r = post(
        &app,
        &reviewer,
        "/admin",
        "/admin/users",
        &[("username", "sneaky"), ("role", "admin")],
    )
    .await;
    assert_eq!(r.status(), 403);
    assert!(app.store.staff_by_username("sneaky").await.unwrap().is_none());
    // A POST without the session's CSRF token is refused.
    let r = admin
        .post(format!("{}/admin/users", app.base))
        .form(&[("csrf", "forged"), ("username", "forged"), ("role", "admin")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // An admin adds an account and sees its one-time password.
    let r = post(
        &app,
        &admin,
        "/admin/users",
        "/admin/users",
        &[("username", "checker"), ("role", "reviewer"), ("department_id", "")],
    )
    .await;
    assert_eq!(r.status(), 200);
    let body = r.text().await.unwrap();
    let password = body
        .split("初始密码（只显示这一次，请当面或经安全渠道交给本人）：")
        .nth(1)
        .expect("one-time password shown")
        .chars()
        .take(16)
        .collect::<String>();
    let r = try_login(&app, &browser(), "checker", &password).await;
    assert_eq!(location(&r), "/admin/password");
    // Bad input comes back with the values kept.
    let r = post(
        &app,
        &admin,
        "/admin/users",
        "/admin/users",
        &[("username", "Bad Name"), ("role", "provider")],
    )
    .await;
    assert_eq!(r.status(), 422);
    let body = r.text().await.unwrap();
    assert!(body.contains("用户名为 3–32 位") && body.contains("须选择所属部门") && body.contains("Bad Name"));
}

/// An objection received through the public form: (submission id, number, code).
async fn objection(app: &TestApp, record_id: i64) -> (i64, String, String) {
    let public = browser();
    let path = format!("/records/{record_id}/objection");
    let (number, code, _) = receipt(app, &public, submit(app, &public, &path, objection_fields()).await).await;
    let row = app.store.submission_by_tracking_number(&number).await.unwrap().unwrap();
    (row.id, number, code)
}

async fn decide(app: &TestApp, client: &Client, id: i64, fields: &[(&str, &str)]) -> reqwest::Response {
    let path = format!("/admin/submissions/{id}");
    post(app, client, &path, &path, fields).await
}

async fn an_objection_is_handled_on_the_clock_and_the_public_sees_each_step(app: TestApp) {
    app.import_file(RecordKind::Penalty, &fixture(PENALTIES)).await;
    // Other departments come with the black list.
    app.import_file(RecordKind::Blacklist, &fixture("blacklist.csv")).await;
    let record = app.record_id(OLD_PENALTY).await;
    let market = department_id(&app, MARKET_BUREAU).await;
    let (id, number, code) = objection(&app, record).await;
    let reviewer = logged_in(&app, "reviewer1", Role::Reviewer, None).await;

    let (_, queue) = get(&app, &reviewer, "/admin/submissions").await;
    assert!(
        queue.contains(&number) && queue.contains("决定是否受理 · 2026-12-01"),
        "{queue}"
    );
    assert!(queue.contains("剩 2 个工作日"), "{queue}");
    let (_, home) = get(&app, &reviewer, "/admin").await;
    assert!(home.contains("异议申诉") && home.contains("已超期 0 件"), "{home}");
    let (_, detail) = get(&app, &reviewer, &format!("/admin/submissions/{id}")).await;
    assert!(detail.contains(PHONE), "the back-office sees the contact in full");
    assert!(detail.contains(r#"value="accept""#) && detail.contains(r#"value="refuse""#));
    assert!(
        !detail.contains(r#"value="uphold""#),
        "only allowed actions are offered"
    );

    // Not allowed yet: refused with words, nothing changes.
    let r = decide(&app, &reviewer, id, &[("action", "uphold"), ("text", "维持")]).await;
    assert_eq!(r.status(), 422);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("不适用于状态为“已收到，待受理”的异议申诉"));

    let r = decide(&app, &reviewer, id, &[("action", "accept")]).await;
    assert_eq!(r.status(), 303);
    assert!(app.page(&format!("/records/{record}")).await.contains("异议处理中"));
    let tracked = track(&app, &browser(), &number, &code).await;
    assert!(
        tracked.contains("已受理") && tracked.contains("核查并答复，期限 2026-12-11"),
        "{tracked}"
    );

    let market_s = market.to_string();
    let r = decide(
        &app,
        &reviewer,
        id,
        &[("action", "assign"), ("department_id", &market_s)],
    )
    .await;
    assert_eq!(r.status(), 303);
    let tracked = track(&app, &browser(), &number, &code).await;
    assert!(tracked.contains(&format!("已转{MARKET_BUREAU}核查")), "{tracked}");

    // The provider of that department reads it (to check the facts) but cannot decide;
    // another department's provider cannot even read it.
    let provider = logged_in(&app, "market1", Role::Provider, Some(market)).await;
    let (_, mine) = get(&app, &provider, "/admin/submissions?assigned=mine").await;
    assert!(mine.contains(&number), "{mine}");
    assert_eq!(get(&app, &provider, &format!("/admin/submissions/{id}")).await.0, 200);
    let r = decide(&app, &provider, id, &[("action", "uphold"), ("text", "维持")]).await;
    assert_eq!(r.status(), 403);
    let other_dept = app
        .store
        .all_departments()
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.id != market)
        .unwrap()
        .id;
    let other = logged_in(&app, "other1", Role::Provider, Some(other_dept)).await;
    assert_eq!(get(&app, &other, &format!("/admin/submissions/{id}")).await.0, 403);

    // A decision needs a reply; the typed text is kept when it is refused.
    let r = decide(&app, &reviewer, id, &[("action", "withdraw_record"), ("text", "  ")]).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("请填写答复内容"));
    let reply = "经核查，处罚决定已于 11 月 20 日被依法撤销，<script>alert(1)</script>";
    let r = decide(&app, &reviewer, id, &[("action", "withdraw_record"), ("text", reply)]).await;
    assert_eq!(r.status(), 303);

    let gone = app.get(&format!("/records/{record}")).await;
    assert_eq!(gone.status(), 410, "withdrawn on the objection");
    let tracked = track(&app, &browser(), &number, &code).await;
    assert!(tracked.contains("异议成立，信息已撤销公示"), "{tracked}");
    assert!(tracked.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !tracked.contains("<script>alert(1)"));
    let log = app.change_log_text(None).await;
    assert!(
        log.iter()
            .any(|l| l.starts_with("staff:reviewer1|withdraw|record|penalty|异议成立：")),
        "{log:?}"
    );
    let r = decide(&app, &reviewer, id, &[("action", "close")]).await;
    assert_eq!(r.status(), 303);
    assert!(track(&app, &browser(), &number, &code).await.contains("已办结"));
    assert!(app.store.verify_change_log().await.unwrap().first_break.is_none());
}

async fn an_approved_repair_leaves_public_view_and_search(app: TestApp) {
    app.import_file(RecordKind::Penalty, &fixture(PENALTIES)).await;
    let record = app.record_id(OLD_PENALTY).await;
    let public = browser();
    let path = format!("/records/{record}/repair");
    let (number, code, _) = receipt(
        &app,
        &public,
        submit_with_proof(&app, &public, &path, repair_fields()).await,
    )
    .await;
    let id = app
        .store
        .submission_by_tracking_number(&number)
        .await
        .unwrap()
        .unwrap()
        .id;
    app.sync_index().await;
    assert_eq!(
        search_doc_nos(&app, OLD_PENALTY).await.first().map(String::as_str),
        Some(OLD_PENALTY)
    );

    let reviewer = logged_in(&app, "reviewer1", Role::Reviewer, None).await;
    let (_, detail) = get(&app, &reviewer, &format!("/admin/submissions/{id}")).await;
    let href = detail
        .split(&format!("/admin/submissions/{id}/attachments/"))
        .nth(1)
        .and_then(|s| s.split('"').next())
        .map(|n| format!("/admin/submissions/{id}/attachments/{n}"))
        .expect("attachment link");
    let file = reviewer.get(format!("{}{href}", app.base)).send().await.unwrap();
    assert_eq!(file.status(), 200);
    assert_eq!(file.headers()["content-type"], "application/pdf");
    assert!(file.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment;"));
    assert!(file.bytes().await.unwrap().starts_with(b"%PDF"));
    assert_eq!(
        browser()
            .get(format!("{}{href}", app.base))
            .send()
            .await
            .unwrap()
            .status(),
        303
    );
    let missing = format!("/admin/submissions/{id}/attachments/999999");
    assert_eq!(get(&app, &reviewer, &missing).await.0, 404);

    let r = decide(
        &app,
        &reviewer,
        id,
        &[("action", "approve_repair"), ("text", "整改到位，准予修复。")],
    )
    .await;
    assert_eq!(r.status(), 303);
    let page = app.get(&format!("/records/{record}")).await;
    assert_eq!(page.status(), 410);
    assert!(page.text().await.unwrap().contains("已修复"));
    app.sync_index().await;
    assert!(
        !search_doc_nos(&app, OLD_PENALTY)
            .await
            .contains(&OLD_PENALTY.to_string()),
        "gone from search"
    );
    let tracked = track(&app, &browser(), &number, &code).await;
    assert!(
        tracked.contains("修复申请通过") && tracked.contains("整改到位，准予修复。"),
        "{tracked}"
    );
    let log = app.change_log_text(Some("record")).await;
    assert!(
        log.iter()
            .any(|l| l.contains("|repair|record|") && l.contains(&format!("信用修复（{number}）"))),
        "{log:?}"
    );
}

async fn a_confirmed_pledge_is_published_like_an_imported_one(app: TestApp) {
    app.import_file(RecordKind::Penalty, &fixture(PENALTIES)).await;
    let public = browser();
    let (number, _, _) = receipt(
        &app,
        &public,
        submit(&app, &public, "/pledges/new", pledge_fields(&app).await).await,
    )
    .await;
    let id = app
        .store
        .submission_by_tracking_number(&number)
        .await
        .unwrap()
        .unwrap()
        .id;
    assert!(
        app.find_by_doc_no(&number).await.is_none(),
        "not public before confirmation"
    );
    let reviewer = logged_in(&app, "reviewer1", Role::Reviewer, None).await;
    let r = decide(&app, &reviewer, id, &[("action", "confirm_pledge")]).await;
    assert_eq!(r.status(), 303);
    let record = app.find_by_doc_no(&number).await.expect("published pledge");
    let page = app.page(&format!("/records/{record}")).await;
    assert!(
        page.contains("建筑工程施工许可容缺受理") && page.contains("信用承诺"),
        "{page}"
    );
    app.sync_index().await;
    assert!(
        search_doc_nos(&app, "嘉峪关市雄关建设").await.contains(&number),
        "the pledge is searchable"
    );
    // Confirming twice is refused, and publishes nothing more.
    let r = decide(&app, &reviewer, id, &[("action", "confirm_pledge")]).await;
    assert_eq!(r.status(), 422);
}

async fn the_audit_view_filters_and_finds_a_tampered_row(app: TestApp) {
    app.import_file(RecordKind::Penalty, &fixture(PENALTIES)).await;
    let record = app.record_id(OLD_PENALTY).await;
    let (id, _, _) = objection(&app, record).await;
    let reviewer = logged_in(&app, "reviewer1", Role::Reviewer, None).await;
    decide(&app, &reviewer, id, &[("action", "accept")]).await;

    let (_, mine) = get(&app, &reviewer, "/admin/audit?actor=staff:reviewer1").await;
    let rows = mine.matches("<tr>").count() - 1;
    assert_eq!(rows, 1, "one action by reviewer1: {mine}");
    assert!(mine.contains("accepted|accept"));
    let (_, subs) = get(
        &app,
        &reviewer,
        &format!("/admin/audit?entity=submission&entity_id={id}"),
    )
    .await;
    assert_eq!(subs.matches("<tr>").count() - 1, 2, "received and accepted");
    let (_, dated) = get(&app, &reviewer, "/admin/audit?from=2026-11-28").await;
    assert_eq!(dated.matches("<tr>").count() - 1, 0, "nothing after today");
    let (status, bad) = get(&app, &reviewer, "/admin/audit?from=yesterday").await;
    assert_eq!(status, 200);
    assert!(bad.contains("开始日期"), "a bad date is named, not a 500");

    let (_, ok) = get(&app, &reviewer, "/admin/audit?verify=1").await;
    assert!(ok.contains("chain-ok"), "{ok}");
    app.tamper_change_log(3, "tampered").await;
    let (_, broken) = get(&app, &reviewer, "/admin/audit?verify=1").await;
    assert!(
        broken.contains("chain-broken") && broken.contains("第 3 条"),
        "{broken}"
    );
}

/// An objection received a week before the app's day is overdue: the queue and
/// the dashboard flag it, and the tick writes one `overdue` row, once.
async fn overdue_submissions_are_flagged_once(backend: common::Backend) {
    use app::domain::applicant::ApplicantForm;
    use app::domain::objection::{validate_objection, ObjectionForm};
    use chrono::TimeZone;
    let now = chrono::Utc.with_ymd_and_hms(2026, 12, 4, 4, 0, 0).unwrap();
    let Some(app) = common::spawn_app_at(backend, now).await else {
        return;
    };
    app.import_file(RecordKind::Penalty, &fixture(PENALTIES)).await;
    let record = app.find_by_doc_no(OLD_PENALTY).await.unwrap();
    let form = ObjectionForm {
        applicant: ApplicantForm {
            applicant_name: "嘉峪关市镜铁食品有限公司".into(),
            applicant_uscc: "913101151324074865".into(),
            contact_name: "王五".into(),
            phone: PHONE.into(),
        },
        ground: "信息错误".into(),
        explanation: EXPLANATION.into(),
    };
    let objection = validate_objection(&form, false).unwrap();
    let new = portal::store::NewSubmission::objection(record, &objection);
    // Received Friday 27 November: acceptance was due Tuesday 1 December.
    app.store
        .receive(
            "f0000000000000000000000000000001",
            &new,
            "ABCDEFGH2345",
            common::test_now(),
        )
        .await
        .unwrap();
    let reviewer = logged_in(&app, "reviewer1", Role::Reviewer, None).await;
    let (_, queue) = get(&app, &reviewer, "/admin/submissions").await;
    assert!(
        queue.contains("已超期 3 个工作日") && queue.contains(r#"class="overdue""#),
        "{queue}"
    );
    let (_, home) = get(&app, &reviewer, "/admin").await;
    assert!(home.contains("已超期 1 件"), "{home}");

    let calendar = app::domain::working_days::Calendar::official();
    let first = portal::tick::run_tick(&app.store, &calendar, now).await.unwrap();
    let second = portal::tick::run_tick(&app.store, &calendar, now).await.unwrap();
    assert_eq!((first.overdue_flagged, second.overdue_flagged), (1, 0));
    let log = app.change_log_text(Some("submission")).await;
    assert_eq!(log.iter().filter(|l| l.contains("|overdue|")).count(), 1, "{log:?}");
    // Acting on it starts a new step with its own deadline: no longer overdue.
    let id = app.store.queue(&Default::default()).await.unwrap()[0].id;
    decide(&app, &reviewer, id, &[("action", "accept")]).await;
    let (_, queue) = get(&app, &reviewer, "/admin/submissions").await;
    assert!(!queue.contains("已超期"), "{queue}");
}

#[tokio::test]
async fn sqlite_overdue_submissions_are_flagged_once() {
    overdue_submissions_are_flagged_once(common::Backend::Sqlite).await;
}

#[tokio::test]
async fn postgres_overdue_submissions_are_flagged_once() {
    overdue_submissions_are_flagged_once(common::Backend::Postgres).await;
}

async fn a_providers_dashboard_shows_its_timeliness_and_drafts(app: TestApp) {
    app.import_file(RecordKind::Penalty, &fixture(PENALTIES)).await;
    let market = department_id(&app, MARKET_BUREAU).await;
    let provider = logged_in(&app, "market1", Role::Provider, Some(market)).await;
    let (status, home) = get(&app, &provider, "/admin").await;
    assert_eq!(status, 200);
    // All ten were decided in the last 365 days and put online on 27 November: all late.
    assert!(
        home.contains("2025-11-27 至 2026-11-27 期间决定并已公开的 10 条信息中 0 条在决定后 7 个工作日内上线（0.0%）"),
        "{home}"
    );
    assert!(home.contains("0 条信息尚未上线"), "{home}");
    assert!(!home.contains("今日待办"), "a provider has no queues");
}

on_both_backends!(
    a_providers_dashboard_shows_its_timeliness_and_drafts,
    login_right_wrong_and_logout,
    repeated_failures_lock_the_account_for_a_while,
    parallel_guesses_are_counted_first_and_cannot_lock_out_the_owner,
    the_first_login_must_choose_a_new_password,
    each_role_opens_only_its_own_pages,
    an_objection_is_handled_on_the_clock_and_the_public_sees_each_step,
    an_approved_repair_leaves_public_view_and_search,
    a_confirmed_pledge_is_published_like_an_imported_one,
    the_audit_view_filters_and_finds_a_tampered_row,
);

#[tokio::test]
async fn behind_tls_the_session_cookie_is_secure() {
    let app = common::spawn_app_with(common::Backend::Sqlite, common::test_now(), |s| {
        s.with_secure_cookies(true)
    })
    .await
    .unwrap();
    create_staff(&app, "admin1", Role::Admin, None).await;
    let r = try_login(&app, &browser(), "admin1", PASSWORD).await;
    let cookies: Vec<&str> = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert_eq!(cookies.len(), 2, "session and device: {cookies:?}");
    for cookie in cookies {
        assert!(cookie.contains("; Secure") && cookie.contains("HttpOnly"), "{cookie}");
    }
    // Every cookie, not only the session's: the CSRF cookie of a public form,
    // and the receipt carrying a tracking number and its query code.
    let form = app.get("/complaints/new").await;
    let csrf = form.headers()["set-cookie"].to_str().unwrap();
    assert!(csrf.starts_with("csrf=") && csrf.contains("; Secure"), "{csrf}");
    // Behind TLS, browsers are told to stay on HTTPS.
    assert_eq!(
        app.get("/").await.headers()["strict-transport-security"],
        "max-age=31536000"
    );
}
