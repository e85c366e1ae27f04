//! The client's address for rate limits and login throttling.
//!
//! Behind nginx every request comes from the proxy, so one busy proxy would
//! share one limit among all citizens. The proxies named in
//! `PORTAL_TRUSTED_PROXIES` (comma-separated IPs) are trusted to append the
//! real client to `X-Forwarded-For`; the client is the right-most address in
//! that header that is not itself a trusted proxy. Nobody else's header is
//! believed, so a client cannot pick its own address.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::HeaderMap;

use super::AppState;

/// The client address as far as the trusted proxies say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
            .unwrap_or(IpAddr::from([127, 0, 0, 1]));
        Ok(ClientIp(client_ip(peer, &parts.headers, &state.trusted_proxies)))
    }
}

/// Parses `PORTAL_TRUSTED_PROXIES`; a bad entry is an error naming it.
pub fn parse_trusted_proxies(text: &str) -> Result<Vec<IpAddr>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse()
                .map_err(|_| format!("PORTAL_TRUSTED_PROXIES: “{s}” is not an IP address"))
        })
        .collect()
}

/// The pure rule, see the module comment.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    forwarded
        .into_iter()
        .rev()
        .find(|ip| !trusted.contains(ip))
        .unwrap_or(peer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn xff(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        h
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_claims() {
        assert_eq!(client_ip(ip("203.0.113.9"), &xff("1.2.3.4"), &[]), ip("203.0.113.9"));
        let trusted = [ip("10.0.0.1")];
        assert_eq!(
            client_ip(ip("203.0.113.9"), &xff("1.2.3.4"), &trusted),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn behind_a_trusted_proxy_the_rightmost_untrusted_address_is_the_client() {
        let trusted = [ip("10.0.0.1"), ip("10.0.0.2")];
        // The client forged "6.6.6.6"; nginx appended the real one.
        let h = xff("6.6.6.6, 198.51.100.7, 10.0.0.2");
        assert_eq!(client_ip(ip("10.0.0.1"), &h, &trusted), ip("198.51.100.7"));
        assert_eq!(client_ip(ip("10.0.0.1"), &HeaderMap::new(), &trusted), ip("10.0.0.1"));
        assert_eq!(client_ip(ip("10.0.0.1"), &xff("garbage"), &trusted), ip("10.0.0.1"));
    }

    #[test]
    fn the_setting_is_parsed_or_refused_by_name() {
        assert_eq!(
            parse_trusted_proxies(" 10.0.0.1, ::1 ,").unwrap(),
            vec![ip("10.0.0.1"), ip("::1")]
        );
        assert!(parse_trusted_proxies("10.0.0.1, nginx").unwrap_err().contains("nginx"));
    }
}
