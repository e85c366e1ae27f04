//! Black-box tests of the back-office: login, roles, queues, audit.
//! Each runs on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL.

mod common;

use app::domain::staff::Role;
use common::forms::browser;
use common::staff::{create_staff, get, post, try_login, PASSWORD};
use common::TestApp;

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

    let out = post(&app, &client, "/admin", "/admin/logout", &[]).await;
    assert_eq!(out.status(), 303);
    let after = client.get(format!("{}/admin", app.base)).send().await.unwrap();
    assert_eq!(after.status(), 303, "logged out: back to the login page");
    assert!(after.headers()["location"]
        .to_str()
        .unwrap()
        .starts_with("/admin/login"));
}

on_both_backends!(login_right_wrong_and_logout);
