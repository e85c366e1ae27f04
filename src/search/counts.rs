//! The totals and per-kind facets of recent queries. Counting is what makes a
//! broad query slow: every match is scored and tallied, where the page alone
//! lets tantivy skip most of them (top-k pruning). So a query's total and
//! facets are kept for the index state they were counted on; the next page,
//! the other sort order or the same query from the next visitor collect only
//! their page. Any commit or index switch changes the state, so nothing stale
//! is ever served.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use super::query::SearchRequest;

/// Queries remembered; the oldest is forgotten first.
const REMEMBERED: usize = 1_024;

/// What counting a query found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Counted {
    pub total: usize,
    /// (kind number, matches), ignoring the kind filter.
    pub facets: Vec<(u64, u64)>,
}

#[derive(Debug, Default)]
pub struct CountCache {
    entries: Mutex<(HashMap<String, Counted>, VecDeque<String>)>,
}

/// The key of a query on an index state as of a day (which records are in
/// their window): its text and filters, not its page or sort.
pub fn count_key(index_state: &str, today: chrono::NaiveDate, r: &SearchRequest) -> String {
    let what = SearchRequest {
        sort: Default::default(),
        offset: 0,
        limit: 0,
        ..r.clone()
    };
    format!("{index_state}|{today}|{what:?}")
}

impl CountCache {
    pub fn get(&self, key: &str) -> Option<Counted> {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .0
            .get(key)
            .cloned()
    }

    pub fn put(&self, key: String, counted: Counted) {
        let mut guard = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let (map, order) = &mut *guard;
        if map.insert(key.clone(), counted).is_none() {
            order.push_back(key);
            while order.len() > REMEMBERED {
                if let Some(old) = order.pop_front() {
                    map.remove(&old);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_ignores_the_page_and_sort_but_not_the_index_state_or_filters() {
        let r = SearchRequest {
            text: "嘉峪关".into(),
            limit: 20,
            ..SearchRequest::default()
        };
        let page_3 = SearchRequest {
            offset: 40,
            sort: super::super::Sort::Date,
            ..r.clone()
        };
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let key = |state, r: &SearchRequest| count_key(state, day, r);
        assert_eq!(key("gen-1/7", &r), key("gen-1/7", &page_3));
        assert_ne!(key("gen-1/7", &r), key("gen-1/8", &r), "after a commit");
        assert_ne!(
            key("gen-1/7", &r),
            count_key("gen-1/7", day.succ_opt().unwrap(), &r),
            "windows close by the day"
        );
        let filtered = SearchRequest {
            authority_id: Some(3),
            ..r.clone()
        };
        assert_ne!(key("gen-1/7", &r), key("gen-1/7", &filtered));
    }

    #[test]
    fn the_oldest_query_is_forgotten_first() {
        let cache = CountCache::default();
        let counted = |n| Counted {
            total: n,
            facets: vec![(1, n as u64)],
        };
        for i in 0..=REMEMBERED {
            cache.put(format!("q{i}"), counted(i));
        }
        assert_eq!(cache.get("q0"), None);
        assert_eq!(cache.get("q1"), Some(counted(1)));
        assert_eq!(cache.get(&format!("q{REMEMBERED}")), Some(counted(REMEMBERED)));
    }
}
