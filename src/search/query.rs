//! Turning what a citizen typed into a tantivy query, and running it. User text
//! never reaches tantivy's query parser (brackets in 嘉市监罚[2023]12号 are
//! syntax there): queries are built by hand from the analyzer's tokens.

use app::domain::kinds::{RecordKind, SubjectKind};
use chrono::NaiveDate;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EnableScoring, Occur, PhraseQuery, Query, RangeQuery, RegexQuery, TermQuery,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, DocSet, Order, Searcher, TantivyDocument, Term, TERMINATED};

use super::facets::KindCounts;
use super::index::{SearchError, SearchIndex};
use super::schema::{date_from_day, day_number, kind_from_number, kind_number, subject_kind_number, Fields};
use super::{analysis, query_text};

pub const MAX_PER_PAGE: usize = 100;

/// Deepest result reachable by paging (page 500 at 20 per page).
pub const MAX_OFFSET: usize = 10_000;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    #[default]
    Relevance,
    Date,
}

/// "In force" records (permits, penalties, pledges, integrity records) or list entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusFilter {
    InForce,
    Listed,
}

#[derive(Clone, Debug, Default)]
pub struct SearchRequest {
    pub text: String,
    pub kind: Option<RecordKind>,
    pub authority_id: Option<i64>,
    pub subject_kind: Option<SubjectKind>,
    pub category: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub status: Option<StatusFilter>,
    pub sort: Sort,
    pub offset: usize,
    pub limit: usize,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct SearchHit {
    pub id: i64,
    pub kind: RecordKind,
    pub subject_id: i64,
    pub subject_name: String,
    pub title: String,
    pub doc_no: String,
    pub authority_name: String,
    pub decision_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    /// Escaped HTML with the matched words in `<b>`.
    pub snippet_html: String,
    pub name_html: String,
    pub score: f32,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct SearchResults {
    pub total: usize,
    pub hits: Vec<SearchHit>,
    /// Matches per kind for the same query and filters, ignoring the kind filter.
    pub facets: Vec<(RecordKind, u64)>,
}

/// The text part of the query, or None when the box was empty.
fn text_query(searcher: &Searcher, f: &Fields, text: &str) -> Result<Option<Box<dyn Query>>, SearchError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    // A full USCC or a decision number finds its record first; when one matches
    // exactly, that is what was meant, and the words need not be searched at all.
    let mut exact_hit = false;
    if let Some(code) = query_text::looks_like_uscc(text) {
        let term = Term::from_field_text(f.codes, &code);
        exact_hit |= searcher.doc_freq(&term)? > 0;
        alternatives.push((
            Occur::Should,
            boosted(TermQuery::new(term, IndexRecordOption::Basic), 50.0),
        ));
    }
    let private = query_text::is_private_fragment(text);
    if !private {
        let doc_no = query_text::normalise_doc_no(text);
        if !doc_no.is_empty() {
            let term = Term::from_field_text(f.codes, &doc_no);
            exact_hit |= query_text::looks_like_doc_no(text) && searcher.doc_freq(&term)? > 0;
            alternatives.push((
                Occur::Should,
                boosted(TermQuery::new(term, IndexRecordOption::Basic), 40.0),
            ));
            if query_text::looks_like_doc_no(text) {
                if let Ok(prefix) = RegexQuery::from_pattern(&format!("{}.*", regex_escape(&doc_no)), f.codes) {
                    alternatives.push((Occur::Should, boosted(prefix, 20.0)));
                }
            }
        }
    }
    if exact_hit {
        return Ok(Some(Box::new(BooleanQuery::new(alternatives))));
    }
    let tokens = analysis::tokens(text);
    // A whole name typed (a subject's name holds every token, in order): that
    // subject's records are what was meant. The phrase is found through its
    // rarest bigram; the words path below would ask three quarters of the
    // bigrams, and those of the city, 有限, 责任, 公司 match most records
    // (docs/PERFORMANCE.md, "search under load").
    if !private && tokens.len() >= WHOLE_NAME_MIN_TOKENS {
        let terms: Vec<Term> = tokens.iter().map(|t| Term::from_field_text(f.name, t)).collect();
        let phrase = PhraseQuery::new(terms);
        if matches_any(searcher, &phrase)? {
            alternatives.push((Occur::Should, boosted(phrase, 6.0)));
            return Ok(Some(Box::new(BooleanQuery::new(alternatives))));
        }
    }
    // With an identity fragment typed, only its non-numeric words are searched.
    let only_code_like = private && tokens.iter().all(|t| t.chars().all(|c| c.is_ascii_alphanumeric()));
    if !tokens.is_empty() && !only_code_like {
        alternatives.push((Occur::Should, words_query(f, &tokens)));
    }
    if alternatives.is_empty() {
        // Only an identity fragment was typed: it must match nothing.
        let nothing: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::MustNot, Box::new(AllQuery))];
        return Ok(Some(Box::new(BooleanQuery::new(nothing))));
    }
    Ok(Some(Box::new(BooleanQuery::new(alternatives))))
}

/// Tokens from which typed text may be a whole name (five characters of a
/// Chinese name give four bigrams); shorter text is a fragment.
const WHOLE_NAME_MIN_TOKENS: usize = 4;

/// Whether `query` matches a live document of the index: stops at the first
/// one, where a count would visit every match.
fn matches_any(searcher: &Searcher, query: &dyn Query) -> Result<bool, SearchError> {
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    for segment in searcher.segment_readers() {
        let mut scorer = weight.scorer(segment, 1.0)?;
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            if segment.alive_bitset().is_none_or(|alive| alive.is_alive(doc)) {
                return Ok(true);
            }
            doc = scorer.advance();
        }
    }
    Ok(false)
}

fn boosted(q: impl Query, boost: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(Box::new(q), boost))
}

/// Most tokens must match somewhere (name weighs most), and the words in
/// their order in the name or title score higher.
fn words_query(f: &Fields, tokens: &[String]) -> Box<dyn Query> {
    let per_token: Vec<(Occur, Box<dyn Query>)> = tokens
        .iter()
        .map(|t| {
            let fields = [(f.name, 3.0), (f.title, 1.5), (f.body, 1.0)];
            let any_field: Vec<(Occur, Box<dyn Query>)> = fields
                .iter()
                .map(|(field, boost)| {
                    let q = TermQuery::new(Term::from_field_text(*field, t), IndexRecordOption::WithFreqs);
                    (Occur::Should, boosted(q, *boost))
                })
                .collect();
            (Occur::Should, Box::new(BooleanQuery::new(any_field)) as Box<dyn Query>)
        })
        .collect();
    let n = per_token.len();
    let required = if n <= 2 { n } else { (n * 3).div_ceil(4) };
    // When every token is required, a plain conjunction lets tantivy intersect
    // posting lists instead of counting matches per document.
    let words: Box<dyn Query> = if required == n {
        Box::new(BooleanQuery::new(
            per_token.into_iter().map(|(_, q)| (Occur::Must, q)).collect(),
        ))
    } else {
        Box::new(BooleanQuery::with_minimum_required_clauses(per_token, required))
    };
    let mut outer: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, words)];
    if n >= 2 {
        for (field, boost) in [(f.name, 6.0), (f.title, 3.0)] {
            let terms: Vec<Term> = tokens.iter().map(|t| Term::from_field_text(field, t)).collect();
            outer.push((Occur::Should, boosted(PhraseQuery::new(terms), boost)));
        }
    }
    Box::new(BooleanQuery::new(outer))
}

fn regex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\.+*?()|[]{}^$#&-~\"@<>".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn u64_term(field: tantivy::schema::Field, v: u64) -> Box<dyn Query> {
    Box::new(TermQuery::new(Term::from_field_u64(field, v), IndexRecordOption::Basic))
}

fn i64_range(field: tantivy::schema::Field, lo: Option<i64>, hi: Option<i64>) -> Box<dyn Query> {
    use std::ops::Bound::{Included, Unbounded};
    let lo = lo
        .map(|v| Included(Term::from_field_i64(field, v)))
        .unwrap_or(Unbounded);
    let hi = hi
        .map(|v| Included(Term::from_field_i64(field, v)))
        .unwrap_or(Unbounded);
    Box::new(RangeQuery::new(lo, hi))
}

/// Filters that always apply, plus the user's, except the kind filter when
/// `with_kind` is false (facets count every kind).
fn filters(f: &Fields, r: &SearchRequest, today: NaiveDate, with_kind: bool) -> Vec<(Occur, Box<dyn Query>)> {
    let today = day_number(today);
    let mut out = vec![
        (Occur::Must, i64_range(f.start_day, None, Some(today))),
        (Occur::Must, i64_range(f.end_day, Some(today), None)),
    ];
    if with_kind {
        if let Some(kind) = r.kind {
            out.push((Occur::Must, u64_term(f.kind, kind_number(kind))));
        }
    }
    if let Some(status) = r.status {
        let kinds: Vec<(Occur, Box<dyn Query>)> = RecordKind::ALL
            .into_iter()
            .filter(|k| k.is_list() == (status == StatusFilter::Listed))
            .map(|k| (Occur::Should, u64_term(f.kind, kind_number(k))))
            .collect();
        out.push((Occur::Must, Box::new(BooleanQuery::new(kinds))));
    }
    if let Some(a) = r.authority_id {
        out.push((Occur::Must, u64_term(f.authority_id, a.max(0) as u64)));
    }
    if let Some(k) = r.subject_kind {
        out.push((Occur::Must, u64_term(f.subject_kind, subject_kind_number(k))));
    }
    if let Some(c) = r.category.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        let term = Term::from_field_text(f.category, &app::domain::script::to_simplified(c));
        out.push((Occur::Must, Box::new(TermQuery::new(term, IndexRecordOption::Basic))));
    }
    if r.from.is_some() || r.to.is_some() {
        out.push((
            Occur::Must,
            i64_range(f.decision_day, r.from.map(day_number), r.to.map(day_number)),
        ));
    }
    out
}

fn combined(text: Option<&dyn Query>, filters: Vec<(Occur, Box<dyn Query>)>) -> BooleanQuery {
    let mut clauses = filters;
    match text {
        Some(t) => clauses.push((Occur::Must, t.box_clone())),
        None => clauses.push((Occur::Must, Box::new(AllQuery))),
    }
    BooleanQuery::new(clauses)
}

impl SearchIndex {
    /// Runs a search as of `today` (records outside their window never match).
    pub fn search(&self, r: &SearchRequest, today: NaiveDate) -> Result<SearchResults, SearchError> {
        let generation = self.generation();
        let searcher = generation.reader.searcher();
        let f = &generation.fields;
        let text = text_query(&searcher, f, &r.text)?;
        let query = combined(text.as_deref(), filters(f, r, today, true));
        let limit = r.limit.clamp(1, MAX_PER_PAGE);
        let offset = r.offset.min(MAX_OFFSET);
        let key = super::counts::count_key(
            &format!("{}/{}", generation.name, searcher.generation().generation_id()),
            today,
            r,
        );
        // The page: scored alone, so tantivy's top-k pruning skips the
        // matches that cannot reach it (a broad query matches most records).
        let addresses = page(&searcher, &query, r.sort, text.is_some(), limit, offset)?;
        let hits = hits(&searcher, f, text.as_deref(), &addresses)?;
        // The total and the facets: remembered for this index state, or
        // counted without scoring (facets ignore the kind filter).
        let counted = match self.counts.get(&key) {
            Some(c) => c,
            None => {
                let (total, facets) = if r.kind.is_none() {
                    searcher.search(&query, &(Count, KindCounts::new("kind")))?
                } else {
                    let total = searcher.search(&query, &Count)?;
                    let everything = combined(text.as_deref(), filters(f, r, today, false));
                    (total, searcher.search(&everything, &KindCounts::new("kind"))?)
                };
                let c = super::counts::Counted { total, facets };
                self.counts.put(key, c.clone());
                c
            }
        };
        Ok(SearchResults {
            total: counted.total,
            hits,
            facets: facets_of(&counted.facets),
        })
    }
}

/// The requested page, best first (or newest first), with scores.
fn page(
    searcher: &Searcher,
    query: &dyn Query,
    sort: Sort,
    has_text: bool,
    limit: usize,
    offset: usize,
) -> Result<Vec<(f32, DocAddress)>, SearchError> {
    let top = TopDocs::with_limit(limit).and_offset(offset);
    Ok(match (sort, has_text) {
        (Sort::Relevance, true) => searcher.search(query, &top)?,
        _ => searcher
            .search(query, &top.order_by_fast_field::<i64>("decision_day", Order::Desc))?
            .into_iter()
            .map(|(_, a)| (0.0, a))
            .collect(),
    })
}

fn facets_of(counts: &[(u64, u64)]) -> Vec<(RecordKind, u64)> {
    counts
        .iter()
        .filter_map(|(n, c)| kind_from_number(*n).map(|k| (k, *c)))
        .collect()
}

fn hits(
    searcher: &Searcher,
    f: &Fields,
    text: Option<&dyn Query>,
    addresses: &[(f32, DocAddress)],
) -> Result<Vec<SearchHit>, SearchError> {
    let generator = |field| -> Option<SnippetGenerator> {
        let q = text?;
        let mut g = SnippetGenerator::create(searcher, q, field).ok()?;
        g.set_max_num_chars(160);
        Some(g)
    };
    let body_snippets = generator(f.body);
    let name_snippets = generator(f.name);
    let mut out = Vec::with_capacity(addresses.len());
    for (score, address) in addresses {
        let doc: TantivyDocument = searcher.doc(*address)?;
        let text_of = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let number = |field| doc.get_first(field).and_then(|v| v.as_u64()).unwrap_or_default();
        let end_day = doc
            .get_first(f.end_day)
            .and_then(|v| v.as_i64())
            .unwrap_or(super::schema::OPEN_END);
        let name = text_of(f.name);
        let snippet_html = match &body_snippets {
            Some(g) => g.snippet_from_doc(&doc).to_html(),
            None => String::new(),
        };
        let name_html = match &name_snippets {
            Some(g) => {
                let s = g.snippet_from_doc(&doc);
                if s.highlighted().is_empty() {
                    app::pages::escape_text(&name)
                } else {
                    s.to_html()
                }
            }
            None => app::pages::escape_text(&name),
        };
        out.push(SearchHit {
            id: number(f.id) as i64,
            kind: kind_from_number(number(f.kind)).unwrap_or(RecordKind::Permit),
            subject_id: number(f.subject_id) as i64,
            subject_name: name,
            title: text_of(f.title),
            doc_no: text_of(f.doc_no),
            authority_name: text_of(f.authority_name),
            decision_date: date_from_day(
                doc.get_first(f.decision_day)
                    .and_then(|v| v.as_i64())
                    .unwrap_or_default(),
            ),
            end_date: (end_day != super::schema::OPEN_END).then(|| date_from_day(end_day)),
            snippet_html,
            name_html,
            score: *score,
        });
    }
    Ok(out)
}
