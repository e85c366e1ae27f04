//! Reading the `Cookie` header and writing `Set-Cookie` values. Every cookie
//! the portal sets is HttpOnly and SameSite=Strict, and `Secure` when the
//! portal is served over TLS ([`mark_secure`], applied to every response).

use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue};

/// The value of cookie `name` in the request, if sent.
pub fn get(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim().to_string())
}

/// A cookie for `path`; `max_age` None makes it last for the browser session.
/// `value` must be a cookie-safe token (the portal only sets hex and code characters).
pub fn set(name: &str, value: &str, path: &str, max_age: Option<u64>) -> HeaderValue {
    let age = max_age.map(|s| format!("; Max-Age={s}")).unwrap_or_default();
    HeaderValue::from_str(&format!("{name}={value}; Path={path}{age}; HttpOnly; SameSite=Strict"))
        .expect("cookie names and values are ASCII tokens")
}

/// Deletes cookie `name` of `path`.
pub fn clear(name: &str, path: &str) -> HeaderValue {
    set(name, "", path, Some(0))
}

/// Adds `Secure` to every cookie a response sets (`PORTAL_SECURE_COOKIES=1`):
/// one place, so no cookie — session, CSRF, receipt, report code — is missed.
pub async fn mark_secure(mut r: axum::response::Response) -> axum::response::Response {
    let set: Vec<HeaderValue> = r.headers().get_all(SET_COOKIE).iter().cloned().collect();
    // `remove` drops every value of the header.
    r.headers_mut().remove(SET_COOKIE);
    for v in set {
        let secure = match v.to_str() {
            Ok(s) if !s.to_ascii_lowercase().contains("; secure") => {
                HeaderValue::from_str(&format!("{s}; Secure")).unwrap_or(v)
            }
            _ => v,
        };
        r.headers_mut().append(SET_COOKIE, secure);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_cookie_among_several() {
        let mut h = HeaderMap::new();
        h.append(COOKIE, HeaderValue::from_static("a=1; csrf=abc"));
        h.append(COOKIE, HeaderValue::from_static("b=2"));
        assert_eq!(get(&h, "csrf").as_deref(), Some("abc"));
        assert_eq!(get(&h, "b").as_deref(), Some("2"));
        assert_eq!(get(&h, "c"), None);
    }

    #[test]
    fn set_cookie_is_http_only_and_strict() {
        let v = set("csrf", "abc", "/", None);
        assert_eq!(v, "csrf=abc; Path=/; HttpOnly; SameSite=Strict");
        assert_eq!(clear("r", "/x"), "r=; Path=/x; Max-Age=0; HttpOnly; SameSite=Strict");
    }
}
