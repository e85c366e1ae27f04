//! Full-text search with tantivy: Chinese analysis (`analysis`), reading what
//! was typed (`query_text`), the schema, the index generations on disk, the
//! follower that keeps the index equal to the change log, and query building.

pub mod analysis;
mod counts;
mod facets;
mod index;
pub mod query;
pub mod query_text;
mod schema;
pub mod sync;

pub use index::{SearchError, SearchIndex};
pub use query::{SearchHit, SearchRequest, SearchResults, Sort, StatusFilter};
