use super::*;
use app::domain::kinds::SubjectKind;
use app::domain::national_columns::columns_for;
use app::domain::record_validation::{validate_row, RowCells, ValidationContext};
use app::domain::{resident_id, uscc};
use std::collections::{HashMap, HashSet};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()
}

fn rows(seed: u64, today: NaiveDate, n: usize) -> Vec<DemoRow> {
    let mut g = DemoGenerator::new(seed, today);
    (0..n).map(|_| g.next_row()).collect()
}

fn parse_date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y/%m/%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%Y-%m-%d"))
        .unwrap_or_else(|_| panic!("bad date {s}"))
}

fn valid_uscc(s: &str) -> bool {
    s.len() == 18 && s.is_ascii() && uscc::check_char(&s[..17]) == s[17..].chars().next()
}

fn valid_id(s: &str) -> bool {
    s.len() == 18
        && s.is_ascii()
        && resident_id::check_char(&s[..17]) == s[17..].chars().next()
        && NaiveDate::parse_from_str(&s[6..14], "%Y%m%d").is_ok()
}

/// The decision date of a row (the key date column of its kind).
fn decision_date(row: &DemoRow) -> NaiveDate {
    parse_date(row.get(nc::key_columns(row.kind).date).expect("decision date"))
}

const USCC_COLUMNS: [&str; 6] = [
    USCC,
    PERMIT_AUTHORITY_USCC,
    PENALTY_AUTHORITY_USCC,
    PLEDGE_AUTHORITY_USCC,
    LIST_AUTHORITY_USCC,
    SOURCE_USCC,
];

#[test]
fn departments_have_valid_government_codes() {
    let mut names = HashSet::new();
    let mut prefixes = HashSet::new();
    let mut codes = HashSet::new();
    for d in DEPARTMENTS {
        assert!(d.uscc.starts_with("11620200"), "{}", d.name);
        assert!(valid_uscc(d.uscc), "{} {}", d.name, d.uscc);
        assert!(names.insert(d.name) && prefixes.insert(d.doc_prefix) && codes.insert(d.uscc));
    }
    for (i, name, prefix) in [
        (SJ, "嘉峪关市市场监督管理局", "嘉市监"),
        (YJ, "嘉峪关市应急管理局", "嘉应急"),
        (TJ, "嘉峪关市统计局", "嘉统"),
        (CZ, "嘉峪关市财政局", "嘉财"),
        (FG, "嘉峪关市发展和改革委员会", "嘉发改"),
        (RS, "嘉峪关市人力资源和社会保障局", "嘉人社"),
        (HB, "嘉峪关市生态环境局", "嘉环"),
        (ZJ, "嘉峪关市住房和城乡建设局", "嘉住建"),
        (JT, "嘉峪关市交通运输局", "嘉交"),
        (WJ, "嘉峪关市卫生健康委员会", "嘉卫健"),
        (SW, "嘉峪关市税务局", "嘉税"),
        (ZR, "嘉峪关市自然资源局", "嘉自然资源"),
    ] {
        assert_eq!((DEPARTMENTS[i].name, DEPARTMENTS[i].doc_prefix), (name, prefix));
    }
}

#[test]
fn same_seed_and_day_give_the_same_rows() {
    let a = rows(42, today(), 3_000);
    assert_eq!(a, rows(42, today(), 3_000));
    assert_ne!(a, rows(43, today(), 3_000));
}

#[test]
fn extra_column_names_belong_to_the_standard() {
    for (name, kind) in [
        (LEGAL_REP, RecordKind::Penalty),
        (LEGAL_REP_ID_TYPE, RecordKind::Penalty),
        (LICENCE_ACTION, RecordKind::Penalty),
        (PERMIT_DOC_NAME, RecordKind::Permit),
        (CERT_NAME, RecordKind::Permit),
        (PERMIT_NO, RecordKind::Permit),
        (PERMIT_STATE, RecordKind::Permit),
    ] {
        assert!(columns_for(kind).iter().any(|c| c.name == name), "{name}");
    }
}

/// The portal's own validation, exactly as a department's file goes through it.
fn validate(row: &DemoRow, ctx: &ValidationContext) {
    let cells: RowCells = row.columns.iter().map(|(k, v)| (*k, v.clone())).collect();
    match validate_row(row.kind, &cells, ctx) {
        Ok(valid) => assert!(valid.warnings.is_empty(), "{:?} {row:?}", valid.warnings),
        Err(problems) => panic!("{problems:?}\n{row:?}"),
    }
}

fn check_row(row: &DemoRow, today: NaiveDate) {
    let cols = columns_for(row.kind);
    // Known columns, in file order, each once, none empty.
    let mut last = None;
    for (name, value) in &row.columns {
        let pos = cols.iter().position(|c| c.name == *name);
        let pos = pos.unwrap_or_else(|| panic!("{name} is not a {:?} column", row.kind));
        assert!(last < Some(pos), "{name} out of order in {:?}", row.kind);
        last = Some(pos);
        assert!(!value.trim().is_empty(), "{name} empty in {:?}", row.kind);
    }
    for c in cols.iter().filter(|c| c.required) {
        assert!(
            row.get(c.name).is_some(),
            "{} missing in {:?}: {row:?}",
            c.name,
            row.kind
        );
    }
    // Subject kind: a national word; 机关 only for government integrity records
    // and a department's own (government) pledges.
    let kind = row.get(SUBJECT_KIND).unwrap();
    let subject_kind = SubjectKind::from_label(kind).expect("subject kind");
    assert_eq!(subject_kind.label(), kind);
    if subject_kind == SubjectKind::GovernmentBody {
        assert!(
            row.kind == RecordKind::Integrity
                || (row.kind == RecordKind::Pledge
                    && app::domain::pledge::is_government_type(row.get(PLEDGE_TYPE).unwrap())),
            "{row:?}"
        );
        assert!(row.get(USCC).unwrap().starts_with("11"));
    }
    match subject_kind {
        SubjectKind::NaturalPerson => {
            assert_eq!(row.get(ID_TYPE), Some("身份证"));
            assert!(row.get(USCC).is_none());
        }
        SubjectKind::IndividualBusiness => assert!(row.get(USCC).unwrap().starts_with("92")),
        SubjectKind::Organisation => {
            let code = row.get(USCC).unwrap();
            assert!(code.starts_with("91") || code.starts_with("93"), "{code}");
            assert_eq!(&code[2..8], "620200");
        }
        SubjectKind::GovernmentBody => {}
    }
    for col in USCC_COLUMNS {
        if let Some(code) = row.get(col) {
            assert!(valid_uscc(code), "{col} {code}");
        }
    }
    for col in [ID_NUMBER, LEGAL_REP_ID] {
        if let Some(id) = row.get(col) {
            assert!(valid_id(id), "{col} {id}");
        }
    }
    // Every date column parses; the decision date is not in the future.
    for (name, value) in &row.columns {
        if name.contains("日期") || name.contains("有效期") || name.contains("截止期") {
            parse_date(value);
        }
    }
    let date = decision_date(row);
    assert!(date <= today, "{date} after {today}");
    assert!(date >= today - Days::new(4 * 365 + 3), "{date} too old");
    match row.kind {
        RecordKind::Penalty => {
            assert!(parse_date(row.get(PENALTY_VALID_TO).unwrap()) >= date);
            if let Some(end) = row.get(PUBLICITY_END) {
                let end = parse_date(end);
                let strict = row.get(PENALTY_AUTHORITY) == Some(DEPARTMENTS[YJ].name)
                    || row.get(VIOLATION_TYPE).is_some_and(|v| v.contains("特种设备"));
                let min = if strict { 12 } else { 3 };
                assert!(end >= add_months(date, min), "publicity {end} for {date}");
                assert!(end <= add_months(date, 36), "publicity {end} for {date}");
            }
            let cats = row.get(PENALTY_CATEGORY).unwrap();
            for part in cats.split(',') {
                assert!(
                    nc::PENALTY_CATEGORIES.iter().any(|(c, n)| *c == part || *n == part),
                    "category {part}"
                );
            }
            let fined = cats.split(',').any(|c| c == "02" || c == "罚款");
            assert_eq!(fined, row.get(FINE).is_some(), "{cats}");
            for col in [FINE, nc::CONFISCATED] {
                if let Some(v) = row.get(col) {
                    let (whole, frac) = v.split_once('.').unwrap_or((v, ""));
                    assert!(whole.bytes().all(|b| b.is_ascii_digit()) && !whole.is_empty(), "{v}");
                    assert!(frac.len() <= 4 && frac.bytes().all(|b| b.is_ascii_digit()), "{v}");
                    assert!(v.parse::<f64>().unwrap() > 0.0, "{v}");
                }
            }
            if let Some(p) = row.get(PROCEDURE) {
                assert!(p == "简易" || p == "一般");
            }
        }
        RecordKind::Permit => {
            assert!(nc::PERMIT_CATEGORIES.contains(&row.get(PERMIT_CATEGORY).unwrap()));
            let from = parse_date(row.get(VALID_FROM).unwrap());
            let to = parse_date(row.get(VALID_TO).unwrap());
            assert_eq!(from, date);
            assert!(to > from);
            assert!(to == long_term() || to <= add_months(from, 60), "{to}");
        }
        RecordKind::Pledge => {
            assert!(app::domain::pledge::PLEDGE_TYPES.contains(&row.get(PLEDGE_TYPE).unwrap()));
            assert!(["履约中", "已履约", "未履约"].contains(&row.get(PLEDGE_STATUS).unwrap()));
            if app::domain::pledge::is_government_type(row.get(PLEDGE_TYPE).unwrap()) {
                let due = parse_date(row.get(PLEDGE_DUE).unwrap());
                assert!(due > date, "{due}");
            }
        }
        RecordKind::Redlist | RecordKind::Blacklist => {
            assert!(date >= today - Days::new(3 * 365 + 3));
            let end = parse_date(row.get(LIST_END).unwrap());
            let name = row.get(LIST_NAME).unwrap();
            let years = if name == "安全生产失信联合惩戒对象名单" {
                1
            } else {
                3
            };
            assert_eq!(end, add_months(date, 12 * years), "{name}");
            let status = if end < today { "移出名单" } else { "列入名单" };
            assert_eq!(row.get(LIST_STATUS), Some(status));
        }
        RecordKind::Integrity => {
            let end = parse_date(row.get(PUBLICITY_END).unwrap());
            assert!(end > date && end <= add_months(date, 36));
            assert!(matches!(
                subject_kind,
                SubjectKind::GovernmentBody | SubjectKind::NaturalPerson
            ));
        }
    }
    // Placeholders are all filled.
    for (name, value) in &row.columns {
        assert!(!value.contains('{') && !value.contains('}'), "{name}: {value}");
    }
}

#[test]
fn rows_are_complete_and_valid() {
    for (seed, day) in [
        (1, today()),
        (2, NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()),
        (3, NaiveDate::from_ymd_opt(2026, 1, 4).unwrap()),
    ] {
        let ctx = ValidationContext::new(day);
        for row in rows(seed, day, 5_000) {
            check_row(&row, day);
            validate(&row, &ctx);
        }
    }
}

#[test]
fn codes_are_valid_and_always_name_the_same_subject() {
    let mut by_uscc: HashMap<String, String> = HashMap::new();
    let mut by_name: HashMap<String, String> = HashMap::new();
    let mut by_id: HashMap<String, String> = HashMap::new();
    let mut reps: HashMap<String, String> = HashMap::new();
    let mut ids = 0;
    for row in rows(7, today(), 40_000) {
        let name = row.get(SUBJECT_NAME).unwrap().to_string();
        if let Some(code) = row.get(USCC) {
            assert!(valid_uscc(code), "{code}");
            let prev = by_uscc.entry(code.to_string()).or_insert_with(|| name.clone());
            assert_eq!(*prev, name, "{code} names two subjects");
            let prev = by_name.entry(name.clone()).or_insert_with(|| code.to_string());
            assert_eq!(prev, code, "{name} has two codes");
        }
        if let Some(id) = row.get(ID_NUMBER) {
            assert!(valid_id(id), "{id}");
            ids += 1;
            let prev = by_id.entry(id.to_string()).or_insert_with(|| name.clone());
            assert_eq!(*prev, name, "{id} names two people");
        }
        if let (Some(id), Some(rep)) = (row.get(LEGAL_REP_ID), row.get(LEGAL_REP)) {
            assert!(valid_id(id), "{id}");
            assert!(!by_id.contains_key(id), "a representative's ID is also a subject's");
            let prev = reps.entry(id.to_string()).or_insert_with(|| rep.to_string());
            assert_eq!(prev, rep);
        }
    }
    assert!(ids > 1_000);
    assert!(by_uscc.values().any(|n| n.ends_with("有限公司")));
    assert!(by_uscc.values().any(|n| n.ends_with("专业合作社")));
}

#[test]
fn document_numbers_are_unique_per_authority_and_kind() {
    let today = today();
    let mut seen = HashSet::new();
    let mut g = DemoGenerator::new(99, today);
    for _ in 0..200_000 {
        let row = g.next_row();
        let key = nc::key_columns(row.kind);
        let doc = row.get(key.doc_no).unwrap().to_string();
        let authority = row.get(key.authority_uscc).unwrap().to_string();
        assert!(decision_date(&row) <= today);
        assert!(seen.insert((authority, row.kind, doc.clone())), "{doc} repeated");
    }
}

#[test]
fn kinds_are_mixed_as_specified() {
    let n = 50_000;
    let mut counts: HashMap<RecordKind, usize> = HashMap::new();
    let mut penalties = 0;
    let mut simple = 0;
    let mut sensitive = 0;
    for row in rows(5, today(), n) {
        *counts.entry(row.kind).or_default() += 1;
        if row.kind == RecordKind::Penalty {
            penalties += 1;
            simple += usize::from(row.get(PROCEDURE) == Some("简易"));
            sensitive += usize::from(row.get(SENSITIVE) == Some("是"));
        }
    }
    for (kind, percent) in KIND_WEIGHTS {
        let share = counts[&kind] as f64 * 100.0 / n as f64;
        assert!((share - percent as f64).abs() < 1.0, "{kind:?}: {share}%");
    }
    let simple = simple as f64 * 100.0 / penalties as f64;
    let sensitive = sensitive as f64 * 100.0 / penalties as f64;
    assert!((1.5..2.5).contains(&simple), "简易 {simple}%");
    assert!((0.6..1.4).contains(&sensitive), "敏感 {sensitive}%");
}

#[test]
fn subjects_recur_and_the_pool_grows_to_about_a_third() {
    let n = 30_000;
    let mut g = DemoGenerator::new(11, today());
    let mut seen: HashMap<String, HashSet<&'static str>> = HashMap::new();
    for _ in 0..n {
        let row = g.next_row();
        let who = row.get(USCC).or(row.get(ID_NUMBER)).unwrap().to_string();
        let source = DEPARTMENTS
            .iter()
            .find(|d| Some(d.uscc) == row.get(SOURCE_USCC))
            .unwrap()
            .name;
        seen.entry(who).or_default().insert(source);
    }
    let ratio = g.pool.len() as f64 / n as f64;
    assert!((0.25..0.42).contains(&ratio), "pool {ratio}");
    let multi = seen.values().filter(|s| s.len() > 1).count();
    assert!(
        multi > seen.len() / 5,
        "{multi} of {} subjects seen by several departments",
        seen.len()
    );
}

#[test]
fn every_template_finds_a_subject() {
    let mut g = DemoGenerator::new(3, today());
    let templates = texts::PENALTIES
        .iter()
        .map(|t| (t.who, t.sectors))
        .chain(texts::PERMITS.iter().map(|t| (t.who, t.sectors)))
        .chain(texts::PLEDGES.iter().map(|t| (t.who, t.sectors)))
        .chain(
            texts::REDLISTS
                .iter()
                .chain(texts::BLACKLISTS)
                .map(|t| (t.who, t.sectors)),
        );
    for (who, sectors) in templates {
        for _ in 0..20 {
            assert!(g.new_subject(who, sectors).fits(who, sectors));
        }
    }
}

#[test]
fn document_numbers_look_like_the_departments_own() {
    let mut g = DemoGenerator::new(8, today());
    let mut found = HashSet::new();
    for _ in 0..20_000 {
        let row = g.next_row();
        let doc = row.get(nc::key_columns(row.kind).doc_no).unwrap();
        for prefix in [
            "嘉市监罚〔",
            "嘉市监食许〔",
            "嘉应急罚〔",
            "嘉统罚〔",
            "嘉税稽罚〔",
            "（20",
            "嘉发改信〔",
        ] {
            if doc.starts_with(prefix) && doc.ends_with('号') {
                found.insert(prefix);
            }
        }
    }
    assert_eq!(found.len(), 7, "{found:?}");
}
