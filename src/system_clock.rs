//! The real clock. Everything that asks "what day is it" takes an
//! `app::domain::clock::Clock`, so tests can use a fixed one instead.

use app::domain::clock::Clock;
use chrono::{DateTime, Utc};

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}
