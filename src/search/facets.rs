//! Counting matches per record kind in one pass over a fast field.

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocId, Score, SegmentReader};

pub struct KindCounts {
    field: String,
}

impl KindCounts {
    pub fn new(field: &str) -> KindCounts {
        KindCounts {
            field: field.to_string(),
        }
    }
}

/// Kinds are numbered 0..6; a small array is faster than a map.
const SLOTS: usize = 8;

pub struct KindSegmentCounts {
    column: Column<u64>,
    counts: [u64; SLOTS],
}

impl Collector for KindCounts {
    type Fruit = Vec<(u64, u64)>;
    type Child = KindSegmentCounts;

    fn for_segment(&self, _: u32, segment: &SegmentReader) -> tantivy::Result<KindSegmentCounts> {
        let column = segment.fast_fields().u64(&self.field)?;
        Ok(KindSegmentCounts {
            column,
            counts: [0; SLOTS],
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<[u64; SLOTS]>) -> tantivy::Result<Vec<(u64, u64)>> {
        let mut total = [0u64; SLOTS];
        for f in fruits {
            for (t, c) in total.iter_mut().zip(f) {
                *t += c;
            }
        }
        Ok(total
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > 0)
            .map(|(k, c)| (k as u64, *c))
            .collect())
    }
}

impl SegmentCollector for KindSegmentCounts {
    type Fruit = [u64; SLOTS];

    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(kind) = self.column.first(doc) {
            if let Some(slot) = self.counts.get_mut(kind as usize) {
                *slot += 1;
            }
        }
    }

    fn harvest(self) -> [u64; SLOTS] {
        self.counts
    }
}
