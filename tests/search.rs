//! Search over the real tantivy index, following the change log of the real
//! database, spoken to over HTTP (page and JSON API). SQLite and PostgreSQL.

mod common;

use app::domain::kinds::RecordKind;
use common::{fixture, TestApp};
use serde_json::Value;

fn enc(s: &str) -> String {
    app::pages::url_encode(s)
}

fn doc_nos(v: &Value) -> Vec<String> {
    v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["doc_no"].as_str().unwrap().to_string())
        .collect()
}

fn subjects(v: &Value) -> Vec<String> {
    v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["subject_name"].as_str().unwrap().to_string())
        .collect()
}

async fn loaded(app: &TestApp) {
    // The red entry first: its subject's fine (2026-06-01) would bar it from a
    // safety-production red list (no penalty in 3 years).
    app.import_file(RecordKind::Redlist, &fixture("redlist.csv")).await;
    app.import_file(RecordKind::Penalty, &fixture("penalties_10_good_3_bad.csv"))
        .await;
    // A list a higher authority decided: published at once (an ordinary import proposes).
    app.import_file_decided(RecordKind::Blacklist, &fixture("blacklist.csv"))
        .await;
    app.sync_index().await;
}

async fn partial_names_and_both_scripts_find_the_same_records(app: TestApp) {
    loaded(&app).await;
    let simplified = app.api_search(&format!("q={}", enc("嘉峪关"))).await;
    let traditional = app.api_search(&format!("q={}", enc("嘉峪關"))).await;
    assert!(
        subjects(&simplified).iter().any(|s| s == "嘉峪关市雄关建设有限公司"),
        "{simplified}"
    );
    assert_eq!(simplified["total"], traditional["total"]);
    assert_eq!(doc_nos(&simplified), doc_nos(&traditional));
    let fragment = app.api_search(&format!("q={}", enc("镜铁食品"))).await;
    assert_eq!(subjects(&fragment)[0], "嘉峪关市镜铁食品有限公司");
    let full_width = app.api_search(&format!("q={}", enc("镜铁食品　有限公司"))).await;
    assert_eq!(subjects(&full_width)[0], "嘉峪关市镜铁食品有限公司");
    let words = app.api_search(&format!("q={}", enc("虚假广告"))).await;
    assert!(doc_nos(&words).contains(&"嘉市监罚〔2026〕3号".to_string()), "{words}");
}

/// A whole name typed finds that subject's records through the name's phrase
/// (one lookup through its rarest bigram); a name that is not quite any
/// subject's falls back to the words and still finds the nearest.
async fn a_whole_name_finds_that_subjects_records(app: TestApp) {
    loaded(&app).await;
    let whole = app.api_search(&format!("q={}", enc("嘉峪关市镜铁食品有限公司"))).await;
    assert_eq!(whole["total"], 3, "its two penalties and its black-list entry: {whole}");
    assert!(
        subjects(&whole).iter().all(|s| s == "嘉峪关市镜铁食品有限公司"),
        "{whole}"
    );
    let traditional = app.api_search(&format!("q={}", enc("嘉峪關市鏡鐵食品有限公司"))).await;
    assert_eq!(doc_nos(&traditional), doc_nos(&whole), "folded to the same phrase");
    // 有限责任公司 where the subject is a 有限公司: no subject has that name.
    let near = app
        .api_search(&format!("q={}", enc("嘉峪关市镜铁食品有限责任公司")))
        .await;
    assert_eq!(subjects(&near)[0], "嘉峪关市镜铁食品有限公司", "{near}");
    // The search page shows the same records.
    let page = app
        .page(&format!("/search?q={}", enc("嘉峪关市镜铁食品有限公司")))
        .await;
    for doc_no in doc_nos(&whole) {
        assert!(page.contains(&doc_no), "{doc_no} on the page");
    }
}

async fn codes_and_document_numbers_find_their_record_first(app: TestApp) {
    loaded(&app).await;
    // The subject keeps the name of the file that named it first (the red list, see `loaded`).
    let by_code = app.api_search("q=91330000717613656P").await;
    assert_eq!(subjects(&by_code)[0], "嘉峪关市诚信建材有限公司");
    let lower = app.api_search("q=91330000717613656p").await;
    assert_eq!(subjects(&lower)[0], "嘉峪关市诚信建材有限公司");
    for typed in [
        "嘉市监罚〔2026〕9号",
        "嘉市监罚[2026]9号",
        "嘉市监罚(2026)9",
        "嘉市監罰〔2026〕9號",
    ] {
        let r = app.api_search(&format!("q={}", enc(typed))).await;
        assert_eq!(doc_nos(&r)[0], "嘉市监罚〔2026〕9号", "typed {typed}: {r}");
    }
    // Fragments of codes and identity numbers are never searchable.
    for fragment in ["9133000071761", "110105", "11010519491231"] {
        let r = app.api_search(&format!("q={fragment}")).await;
        assert_eq!(r["total"], 0, "fragment {fragment} must find nothing: {r}");
    }
}

async fn filters_sort_facets_and_pagination(app: TestApp) {
    loaded(&app).await;
    let all = app.api_search(&format!("q={}", enc("嘉峪关"))).await;
    let facets = &all["facets"];
    assert!(
        facets["penalty"].as_u64().unwrap() >= 1 && facets["blacklist"].as_u64().unwrap() >= 1,
        "{all}"
    );
    let only_black = app.api_search(&format!("q={}&kind=blacklist", enc("嘉峪关"))).await;
    assert!(only_black["hits"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["kind"] == "blacklist"));
    assert_eq!(only_black["facets"], all["facets"], "facets ignore the kind filter");
    let listed = app.api_search(&format!("q={}&status=listed", enc("嘉峪关"))).await;
    assert!(listed["hits"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["kind"] == "blacklist" || h["kind"] == "redlist"));
    let dated = app
        .api_search("kind=penalty&from=2026-08-01&to=2026-09-30&sort=date")
        .await;
    let dates: Vec<&str> = dated["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["decision_date"].as_str().unwrap())
        .collect();
    assert_eq!(dates, vec!["2026-09-01", "2026-08-20", "2026-08-01"]);
    let paged = app.api_search("kind=penalty&sort=date&per_page=3&page=2").await;
    assert_eq!(paged["hits"].as_array().unwrap().len(), 3);
    assert_eq!(paged["total"], 10);
    let deep = app.api_search("kind=penalty&page=500").await;
    assert_eq!(deep["hits"].as_array().unwrap().len(), 0);
    let category = app.api_search(&format!("category={}&kind=penalty", enc("警告"))).await;
    assert!(category["total"].as_u64().unwrap() >= 3, "{category}");
}

/// Totals and facets are remembered per index state (`search::counts`): a
/// second page, another sort or the same query again must answer exactly as
/// a freshly opened index that counts everything, and a change is never
/// answered from before it.
async fn remembered_totals_and_facets_equal_fresh_ones_and_never_go_stale(app: TestApp) {
    use portal::search::{SearchIndex, SearchRequest, Sort};
    loaded(&app).await;
    let today = app::domain::clock::china_date(common::test_now());
    let requests: Vec<SearchRequest> = [
        ("嘉峪关", None, Sort::Relevance, 0),
        ("嘉峪关", None, Sort::Relevance, 3),
        ("嘉峪关", None, Sort::Date, 3),
        ("嘉峪关", Some(RecordKind::Penalty), Sort::Relevance, 0),
        ("", Some(RecordKind::Penalty), Sort::Date, 6),
        ("有限公司", None, Sort::Relevance, 0),
    ]
    .into_iter()
    .map(|(text, kind, sort, offset)| SearchRequest {
        text: text.into(),
        kind,
        sort,
        offset,
        limit: 3,
        ..SearchRequest::default()
    })
    .collect();
    let summary = |r: &portal::search::SearchResults| {
        (
            r.total,
            r.facets.clone(),
            r.hits.iter().map(|h| h.id).collect::<Vec<_>>(),
        )
    };
    for r in &requests {
        let first = summary(&app.search.search(r, today).unwrap());
        let again = summary(&app.search.search(r, today).unwrap());
        let fresh = summary(&SearchIndex::open(&app.data_dir).unwrap().search(r, today).unwrap());
        assert_eq!(again, fresh, "{r:?}");
        assert_eq!(first, fresh, "{r:?}");
        assert!(fresh.0 > 0, "{r:?} finds something");
    }
    // A withdrawal commits a new index state: the remembered total is not reused.
    let penalties = SearchRequest {
        kind: Some(RecordKind::Penalty),
        limit: 3,
        ..SearchRequest::default()
    };
    let before = app.search.search(&penalties, today).unwrap().total;
    let id = app.record_id("嘉市监罚〔2026〕5号").await;
    app.store
        .withdraw_record(id, "撤销", "test", common::test_now())
        .await
        .unwrap();
    app.sync_index().await;
    assert_eq!(app.search.search(&penalties, today).unwrap().total, before - 1);
}

async fn changes_reach_search_and_expired_records_leave_it(app: TestApp) {
    loaded(&app).await;
    let id = app.record_id("嘉市监罚〔2026〕5号").await;
    let q = format!("q={}", enc("嘉市监罚〔2026〕5号"));
    assert_eq!(doc_nos(&app.api_search(&q).await)[0], "嘉市监罚〔2026〕5号");
    app.store
        .withdraw_record(id, "撤销", "test", common::test_now())
        .await
        .unwrap();
    app.sync_index().await;
    assert!(!doc_nos(&app.api_search(&q).await).contains(&"嘉市监罚〔2026〕5号".to_string()));

    let mut sheet = portal::import::read_path(&fixture("penalties_10_good_3_bad.csv")).unwrap();
    let content = sheet.rows[0].iter().position(|h| h == "处罚内容").unwrap();
    sheet.rows[9][content] = "罚款0.5万元并责令整改明码标价".into();
    app.import_sheet(RecordKind::Penalty, &sheet).await;
    app.sync_index().await;
    let corrected = app.api_search(&format!("q={}", enc("明码标价"))).await;
    assert!(doc_nos(&corrected).contains(&"嘉市监罚〔2026〕9号".to_string()));

    // Seen from a later day, a record whose window closed is not found.
    let later = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2027, 3, 3, 4, 0, 0).unwrap();
    let results = app
        .search
        .search(
            &portal::search::SearchRequest {
                text: "嘉市监罚〔2026〕1号".into(),
                limit: 10,
                ..Default::default()
            },
            app::domain::clock::china_date(later),
        )
        .unwrap();
    assert!(results.hits.iter().all(|h| h.doc_no != "嘉市监罚〔2026〕1号"));
    let now = app
        .search
        .search(
            &portal::search::SearchRequest {
                text: "嘉市监罚〔2026〕1号".into(),
                limit: 10,
                ..Default::default()
            },
            app::domain::clock::china_date(common::test_now()),
        )
        .unwrap();
    assert_eq!(now.hits[0].doc_no, "嘉市监罚〔2026〕1号");
}

async fn the_page_works_without_javascript_and_never_errors(app: TestApp) {
    loaded(&app).await;
    let page = app.page(&format!("/search?q={}", enc("镜铁"))).await;
    assert!(page.contains("<b>镜铁</b>"), "highlighted");
    assert!(page.contains("共找到") && page.contains("行政处罚（"));
    for nasty in [
        "\"[(",
        "AND OR NOT",
        "title:foo",
        "*",
        "嘉市监罚[2023",
        "<script>alert(1)</script>",
        "%%%",
        "",
    ] {
        let r = app.get(&format!("/search?q={}", enc(nasty))).await;
        assert_eq!(r.status(), 200, "{nasty}");
        let body = r.text().await.unwrap();
        assert!(!body.contains("<script>alert(1)"), "escaped");
    }
    let bad_filters = app
        .page("/search?q=a&from=yesterday&kind=nope&department=x&page=-3")
        .await;
    assert!(bad_filters.contains("不是有效日期"));
    let empty = app.page(&format!("/search?q={}", enc("完全不存在的公司名称"))).await;
    assert!(empty.contains("没有找到相关信息") && empty.contains("公示期已满"));
    assert!(
        empty.contains("完全不存在的公司名稱") || empty.contains("繁体"),
        "did-you-mean by the other script"
    );
}

async fn rebuild_switches_generations_and_resumes(app: TestApp) {
    loaded(&app).await;
    let before = app.search.generation().name.clone();
    let n = portal::search::sync::rebuild(&app.search, &app.store, &indicatif::ProgressBar::hidden())
        .await
        .unwrap();
    assert_eq!(
        n, 14,
        "10 penalties, 4 list entries (one off its list but indexed: time is checked at query time)"
    );
    app.search.follow_switch().unwrap();
    assert_ne!(app.search.generation().name, before);
    assert!(!app.search.dir().join(&before).exists(), "old generation removed");
    let r = app.api_search(&format!("q={}", enc("嘉峪关"))).await;
    assert!(r["total"].as_u64().unwrap() > 0);
    // A reopened index resumes from the sequence it committed.
    let committed = app.search.generation().committed_seq().unwrap();
    assert_eq!(committed, app.store.log_seq().await.unwrap());
    let reopened = portal::search::SearchIndex::open(&app.data_dir).unwrap();
    assert_eq!(reopened.generation().committed_seq().unwrap(), committed);
}

on_both_backends!(
    remembered_totals_and_facets_equal_fresh_ones_and_never_go_stale,
    partial_names_and_both_scripts_find_the_same_records,
    a_whole_name_finds_that_subjects_records,
    codes_and_document_numbers_find_their_record_first,
    filters_sort_facets_and_pagination,
    changes_reach_search_and_expired_records_leave_it,
    the_page_works_without_javascript_and_never_errors,
    rebuild_switches_generations_and_resumes,
);

/// The FTS5 trigram baseline of `portal bench` answers what the `LIKE`
/// baseline answers (same rows, same order) for long and short text, document
/// numbers and codes, with filters: the comparison measures speed, not a
/// different search.
#[tokio::test]
async fn the_fts5_baseline_finds_what_the_like_baseline_finds() {
    use portal::store::{Baseline, BaselineFilter};
    let app = common::spawn_app(common::Backend::Sqlite).await.unwrap();
    let now = common::test_now();
    portal::demo_load::load_demo(&app.store, 600, 11, now, &indicatif::ProgressBar::hidden())
        .await
        .unwrap();
    assert!(app.store.build_fts5_baseline().await.unwrap());
    let today = app::domain::clock::china_date(now);
    let mix = portal::bench::query_mix(&app.store, 120, 11).await.unwrap();
    let mut found = 0;
    for q in &mix {
        let filter = BaselineFilter {
            kind: q.kind.map(|k| k.code().to_string()),
            authority_id: q.authority_id,
            from: q.from,
            to: q.to,
        };
        let like = app
            .store
            .baseline_search(Baseline::Like, &q.text, &filter, today, 20)
            .await
            .unwrap();
        let fts5 = app
            .store
            .baseline_search(Baseline::Fts5, &q.text, &filter, today, 20)
            .await
            .unwrap();
        assert_eq!(fts5, like, "{} {:?}", q.label, q.text);
        found += usize::from(!like.is_empty());
    }
    assert!(found > mix.len() / 2, "most queries of the mix find records ({found})");
}
