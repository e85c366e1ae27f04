//! Back-office accounts for tests: create one and log in through the real form.

use app::domain::staff::Role;
use portal::auth::password::hash_password;
use portal::store::Store;
use reqwest::Client;

use super::forms::{browser, hidden};
use super::{test_now, TestApp};

pub const PASSWORD: &str = "correct horse 9";

/// A department id by name, creating nothing (import a fixture first).
pub async fn department_id(app: &TestApp, name: &str) -> i64 {
    app.store
        .all_departments()
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.name == name)
        .unwrap_or_else(|| panic!("no department {name}"))
        .id
}

/// Creates an account with [`PASSWORD`], already past its first-login change.
pub async fn create_staff(app: &TestApp, username: &str, role: Role, department: Option<i64>) -> i64 {
    create_staff_in(&app.store, username, role, department).await
}

/// [`create_staff`] on any store (a database several portal processes share).
pub async fn create_staff_in(store: &Store, username: &str, role: Role, department: Option<i64>) -> i64 {
    let hash = hash_password(PASSWORD);
    let id = store
        .create_staff(username, role.code(), department, &hash, "test", test_now())
        .await
        .unwrap();
    store
        .set_staff_password(id, &hash, false, "test", test_now())
        .await
        .unwrap();
    id
}

/// Posts the login form; returns the response (303 on success).
pub async fn try_login(app: &TestApp, client: &Client, username: &str, password: &str) -> reqwest::Response {
    try_login_at(&app.base, client, username, password).await
}

/// Opens the login form at `base` as `client`: its CSRF token.
pub async fn login_csrf(base: &str, client: &Client) -> String {
    let form = client
        .get(format!("{base}/admin/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    hidden(&form, "csrf")
}

/// `n` logins posted at once from one page load, attempt `i` with the
/// (username, password) `attempt(i)` gives: each one's status and whether
/// it said when to come back (`Retry-After`).
pub async fn simultaneous_logins(
    base: &str,
    client: &Client,
    n: usize,
    attempt: impl Fn(usize) -> (String, String),
) -> Vec<(u16, bool)> {
    let csrf = login_csrf(base, client).await;
    let posts: Vec<_> = (0..n)
        .map(|i| {
            let (user, password) = attempt(i);
            let (client, url, csrf) = (client.clone(), format!("{base}/admin/login"), csrf.clone());
            tokio::spawn(async move {
                let fields = [("csrf", csrf), ("username", user), ("password", password)];
                let r = client.post(url).form(&fields).send().await.unwrap();
                (r.status().as_u16(), r.headers().contains_key("retry-after"))
            })
        })
        .collect();
    let mut out = Vec::with_capacity(n);
    for p in posts {
        out.push(p.await.unwrap());
    }
    out
}

/// [`try_login`] on the portal at `base` (another process, say).
pub async fn try_login_at(base: &str, client: &Client, username: &str, password: &str) -> reqwest::Response {
    let csrf = login_csrf(base, client).await;
    client
        .post(format!("{base}/admin/login"))
        .form(&[
            ("csrf", csrf),
            ("username", username.to_string()),
            ("password", password.to_string()),
            ("next", "/admin".to_string()),
        ])
        .send()
        .await
        .unwrap()
}

/// A browser logged in as a new account of `role`.
pub async fn logged_in(app: &TestApp, username: &str, role: Role, department: Option<i64>) -> Client {
    create_staff(app, username, role, department).await;
    let client = browser();
    let r = try_login(app, &client, username, PASSWORD).await;
    assert_eq!(r.status(), 303, "login of {username}");
    client
}

/// GET a back-office page as `client`: (status, body).
pub async fn get(app: &TestApp, client: &Client, path: &str) -> (u16, String) {
    let r = client.get(format!("{}{path}", app.base)).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// POST a back-office form with the session's CSRF token, read from `form_page`.
pub async fn post(
    app: &TestApp,
    client: &Client,
    form_page: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let (_, html) = get(app, client, form_page).await;
    let mut all: Vec<(String, String)> = vec![("csrf".into(), hidden(&html, "csrf"))];
    all.extend(fields.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    client
        .post(format!("{}{path}", app.base))
        .form(&all)
        .send()
        .await
        .unwrap()
}
