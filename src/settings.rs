//! Every setting `portal serve` takes from the environment, read once into
//! one typed struct (the table in docs/OPERATIONS.md, "Settings"). Each value
//! is parsed by the module it belongs to; one that cannot be used stops the
//! start with the variable's name, one that is unset takes its default.
//! `--data` and `DATABASE_URL` are the CLI's (`config::DataConfig`).

use std::net::IpAddr;
use std::time::Duration;

use crate::http::AppState;
use crate::startup::ConnectionLimits;

/// What `serve` runs with, besides the data folder and the database.
#[derive(Clone, Debug, PartialEq)]
pub struct ServeSettings {
    /// `PORTAL_TRUSTED_PROXIES`: whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpAddr>,
    /// `PORTAL_SECURE_COOKIES=1`: served over TLS.
    pub secure_cookies: bool,
    /// `PORTAL_PUBLIC_URL`, or `http://localhost:<port>`.
    pub public_url: String,
    /// `PORTAL_METRICS_TOKEN`.
    pub metrics_token: Option<String>,
    /// `PORTAL_API_RATE`: API requests per client and minute.
    pub api_rate: usize,
    /// `PORTAL_REQUEST_BUDGET_MS`: how long a public read may take.
    pub request_budget: Duration,
    /// `PORTAL_REQUEST_TIMEOUT_SECONDS`: how long any request may take.
    pub request_timeout: Duration,
    /// `PORTAL_PASSWORD_CHECKS`: argon2 computations at once.
    pub password_checks: usize,
    /// `PORTAL_TICK_SECONDS`: how often the scheduled work runs.
    pub tick_interval: Duration,
    /// `PORTAL_INDEX_POLL_MS`: how often the index follower looks for changes.
    pub index_poll: Duration,
    /// `PORTAL_HEADER_TIMEOUT_SECONDS`, `PORTAL_MAX_CONNECTIONS`.
    pub connections: ConnectionLimits,
    /// `PORTAL_PAGE_CACHE_SECONDS`: how long a public page may be answered
    /// from memory while the data is unchanged (0: never).
    pub page_cache: Duration,
}

impl ServeSettings {
    /// From the process environment, for a server on `port` allowed
    /// `open_files` descriptors.
    pub fn from_env(port: u16, open_files: u64) -> Result<ServeSettings, String> {
        ServeSettings::from_lookup(|name| std::env::var(name).ok(), port, open_files)
    }

    /// From `lookup` (the environment, or a table in tests).
    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
        port: u16,
        open_files: u64,
    ) -> Result<ServeSettings, String> {
        let get = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        Ok(ServeSettings {
            trusted_proxies: crate::http::parse_trusted_proxies(&get("PORTAL_TRUSTED_PROXIES").unwrap_or_default())?,
            secure_cookies: flag("PORTAL_SECURE_COOKIES", get("PORTAL_SECURE_COOKIES").as_deref())?,
            public_url: crate::http::public_url_from(get("PORTAL_PUBLIC_URL").as_deref(), port)?,
            metrics_token: get("PORTAL_METRICS_TOKEN"),
            api_rate: crate::http::api_rate_from(get("PORTAL_API_RATE").as_deref())?,
            request_budget: crate::http::request_budget_from(get("PORTAL_REQUEST_BUDGET_MS").as_deref())?,
            request_timeout: crate::http::request_timeout_from(get("PORTAL_REQUEST_TIMEOUT_SECONDS").as_deref())?,
            password_checks: crate::auth::password::password_checks_from(get("PORTAL_PASSWORD_CHECKS").as_deref())?,
            tick_interval: crate::tick::interval_from(get("PORTAL_TICK_SECONDS").as_deref())?,
            index_poll: crate::search::sync::poll_interval_from(get("PORTAL_INDEX_POLL_MS").as_deref())?,
            connections: ConnectionLimits::from_settings(
                get("PORTAL_HEADER_TIMEOUT_SECONDS").as_deref(),
                get("PORTAL_MAX_CONNECTIONS").as_deref(),
                open_files,
            )?,
            page_cache: crate::http::page_cache_from(get("PORTAL_PAGE_CACHE_SECONDS").as_deref())?,
        })
    }

    /// `state` with these settings.
    pub fn apply(&self, state: AppState) -> AppState {
        state
            .with_trusted_proxies(self.trusted_proxies.clone())
            .with_api_rate(self.api_rate)
            .with_request_budget(self.request_budget)
            .with_request_timeout(self.request_timeout)
            .with_password_checks(self.password_checks)
            .with_public_url(self.public_url.clone())
            .with_secure_cookies(self.secure_cookies)
            .with_metrics_token(self.metrics_token.clone())
            .with_page_cache(self.page_cache)
    }
}

/// An on/off setting: `1` on, `0` or unset off.
fn flag(name: &str, value: Option<&str>) -> Result<bool, String> {
    match value.map(str::trim) {
        None | Some("0") => Ok(false),
        Some("1") => Ok(true),
        Some(v) => Err(format!("{name}: “{v}” should be 1 (on) or 0 (off)")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn settings(vars: &[(&str, &str)]) -> Result<ServeSettings, String> {
        let table: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        ServeSettings::from_lookup(|name| table.get(name).cloned(), 3000, 20_000)
    }

    #[test]
    fn unset_settings_take_their_defaults() {
        let s = settings(&[]).unwrap();
        assert_eq!(s.public_url, "http://localhost:3000");
        assert!(!s.secure_cookies && s.trusted_proxies.is_empty() && s.metrics_token.is_none());
        assert_eq!(s.api_rate, crate::http::API_REQUESTS_PER_MINUTE);
        assert_eq!(s.request_timeout, crate::http::DEFAULT_REQUEST_TIMEOUT);
        assert_eq!(s.tick_interval, Duration::from_secs(crate::tick::DEFAULT_TICK_SECONDS));
        assert_eq!(s.connections, ConnectionLimits::for_open_files(20_000));
        assert_eq!(s.page_cache, Duration::from_secs(10));
        // Empty is unset.
        assert_eq!(settings(&[("PORTAL_API_RATE", " ")]).unwrap(), s);
    }

    #[test]
    fn each_setting_is_read_and_a_bad_value_names_its_variable() {
        let s = settings(&[
            ("PORTAL_SECURE_COOKIES", "1"),
            ("PORTAL_PUBLIC_URL", "https://credit.example.gov.cn"),
            ("PORTAL_TRUSTED_PROXIES", "127.0.0.1"),
            ("PORTAL_PASSWORD_CHECKS", "3"),
            ("PORTAL_TICK_SECONDS", "60"),
            ("PORTAL_INDEX_POLL_MS", "250"),
            ("PORTAL_MAX_CONNECTIONS", "1000"),
            ("PORTAL_PAGE_CACHE_SECONDS", "0"),
        ])
        .unwrap();
        assert!(s.secure_cookies);
        assert_eq!(s.public_url, "https://credit.example.gov.cn");
        assert_eq!(s.trusted_proxies, vec!["127.0.0.1".parse::<IpAddr>().unwrap()]);
        assert_eq!(s.password_checks, 3);
        assert_eq!(s.tick_interval, Duration::from_secs(60));
        assert_eq!(s.index_poll, Duration::from_millis(250));
        assert_eq!(s.connections.max_connections, 1000);
        assert_eq!(s.page_cache, Duration::ZERO);
        for (name, bad) in [
            ("PORTAL_SECURE_COOKIES", "yes"),
            ("PORTAL_API_RATE", "fast"),
            ("PORTAL_REQUEST_BUDGET_MS", "-1"),
            ("PORTAL_REQUEST_TIMEOUT_SECONDS", "0"),
            ("PORTAL_PASSWORD_CHECKS", "1000"),
            ("PORTAL_TICK_SECONDS", "0"),
            ("PORTAL_INDEX_POLL_MS", "often"),
            ("PORTAL_HEADER_TIMEOUT_SECONDS", "never"),
            ("PORTAL_MAX_CONNECTIONS", "0"),
            ("PORTAL_PUBLIC_URL", "credit.example"),
            ("PORTAL_PAGE_CACHE_SECONDS", "a minute"),
        ] {
            let e = settings(&[(name, bad)]).unwrap_err();
            assert!(e.contains(name), "{name}={bad}: {e}");
        }
    }
}
