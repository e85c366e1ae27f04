//! Login throttling: failed attempts are counted per account and per client
//! address over a sliding window; past the limit, logins wait. Counting per
//! account stops guessing one password from many addresses; per address stops
//! trying many accounts from one.
//!
//! The owner cannot be locked out by someone else's guesses (OWASP's "device
//! cookies", ASVS V2.2.1): a browser that logged in to the account before
//! presents its device token, and its attempts count against that device
//! alone. Only a client without one — a new browser, or an attacker — waits
//! when the account or the address has had too many failures.

use chrono::{DateTime, Duration, Utc};

/// How far back failures count.
pub const WINDOW_MINUTES: i64 = 15;
/// Failures of one account within the window before it is locked.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
/// Failures from one address within the window (any accounts) before it is locked.
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;

/// Failures of one remembered device within the window before it waits.
pub const MAX_FAILURES_PER_DEVICE: i64 = 5;

/// Who is trying to log in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Client {
    /// A browser that logged in to this account before (its device token).
    KnownDevice,
    /// Anyone else.
    Unknown,
}

/// The failures that decide whether an attempt may go ahead.
#[derive(Clone, Copy, Debug, Default)]
pub struct FailuresSeen {
    /// Of this account from unknown clients.
    pub account: Failures,
    /// From this address by unknown clients (any accounts).
    pub address: Failures,
    /// Of this device (when the client is a known device).
    pub device: Failures,
}

/// When `client` may try again, if it must wait now: a known device by its
/// own failures only; an unknown client by the account's and the address's.
pub fn attempt_locked_until(client: Client, seen: FailuresSeen) -> Option<DateTime<Utc>> {
    match client {
        Client::KnownDevice => until(seen.device, MAX_FAILURES_PER_DEVICE),
        Client::Unknown => locked_until(seen.account, seen.address),
    }
}

fn until(f: Failures, max: i64) -> Option<DateTime<Utc>> {
    (f.count >= max)
        .then_some(f.oldest)
        .flatten()
        .map(|t| t + Duration::minutes(WINDOW_MINUTES))
}

/// How long a browser is remembered as a device of the account after its
/// last successful login.
pub const DEVICE_DAYS: i64 = 180;

/// The start of the counting window at `now`.
pub fn window_start(now: DateTime<Utc>) -> DateTime<Utc> {
    now - Duration::minutes(WINDOW_MINUTES)
}

/// Failures seen in the window for this attempt, and the oldest of them.
#[derive(Clone, Copy, Debug, Default)]
pub struct Failures {
    pub count: i64,
    pub oldest: Option<DateTime<Utc>>,
}

/// When logins may be tried again, if they are throttled now.
pub fn locked_until(account: Failures, address: Failures) -> Option<DateTime<Utc>> {
    match (
        until(account, MAX_FAILURES_PER_ACCOUNT),
        until(address, MAX_FAILURES_PER_ADDRESS),
    ) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

/// Whole minutes (at least 1) from `now` until `until`, for the message.
pub fn minutes_left(now: DateTime<Utc>, until: DateTime<Utc>) -> i64 {
    ((until - now).num_seconds().max(0) + 59) / 60
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, 4, min, 0).unwrap()
    }

    #[test]
    fn the_fifth_failure_of_an_account_locks_it_for_the_rest_of_the_window() {
        let four = Failures {
            count: 4,
            oldest: Some(t(0)),
        };
        assert_eq!(locked_until(four, Failures::default()), None);
        let five = Failures {
            count: 5,
            oldest: Some(t(0)),
        };
        assert_eq!(locked_until(five, Failures::default()), Some(t(15)));
        assert_eq!(minutes_left(t(3), t(15)), 12);
    }

    #[test]
    fn an_address_is_locked_after_twenty_failures_on_any_accounts() {
        let many = Failures {
            count: 20,
            oldest: Some(t(2)),
        };
        assert_eq!(locked_until(Failures::default(), many), Some(t(17)));
        assert_eq!(window_start(t(20)), t(5));
    }

    #[test]
    fn a_known_device_waits_only_for_its_own_failures() {
        let flooded = Failures {
            count: 400,
            oldest: Some(t(1)),
        };
        let seen = FailuresSeen {
            account: flooded,
            address: flooded,
            device: Failures::default(),
        };
        assert_eq!(attempt_locked_until(Client::Unknown, seen), Some(t(16)));
        assert_eq!(
            attempt_locked_until(Client::KnownDevice, seen),
            None,
            "the owner gets in"
        );
        let own = FailuresSeen {
            device: Failures {
                count: MAX_FAILURES_PER_DEVICE,
                oldest: Some(t(4)),
            },
            ..FailuresSeen::default()
        };
        assert_eq!(attempt_locked_until(Client::KnownDevice, own), Some(t(19)));
        assert_eq!(attempt_locked_until(Client::Unknown, own), None);
    }
}
