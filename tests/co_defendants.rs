//! Identity per subject, not per document: 失信被执行人 lists and joint
//! decisions name several subjects (co-defendants) under one 认定文书号, and
//! each is its own entry. Imported with `portal import`, re-imported, extended
//! by a second file, corrected in the back-office, and the migration that gave
//! stored keys their subject. Each runs on SQLite and, when TEST_DATABASE_URL
//! is set, on PostgreSQL.

mod common;

use app::domain::kinds::RecordKind;
use app::domain::staff::Role;
use common::process::portal;
use common::staff::{department_id, get, logged_in, post};
use common::{fixture, test_now, TestApp};
use sqlx::Connection;

const EMERGENCY: &str = "嘉峪关市应急管理局";
const EMERGENCY_USCC: &str = "11620200013900010K";
const DOC: &str = "嘉应急黑〔2026〕9号";
const HAZMAT: &str = "嘉峪关市危化储运有限公司";
const HAZMAT_USCC: &str = "91320322MABLP2X24R";
const WORKS: &str = "嘉峪关市失信工程有限公司";
const WORKS_USCC: &str = "913101151324074865";
const LEDGER: &str = "嘉峪关市旧账有限公司";
const BUILDER: &str = "嘉峪关市雄关建设有限公司";
const BUILDER_USCC: &str = "91330000717613656P";

/// `portal import --kind blacklist --already-decided <fixture>` on the test
/// app's database: (exit code, output). These lists were decided by the court
/// or a higher authority, so their entries are public at once (an ordinary
/// import proposes them: tests/list_procedure.rs).
fn cli_import(app: &TestApp, name: &str) -> (Option<i32>, String) {
    let url = app
        .database_url
        .starts_with("postgres")
        .then_some(app.database_url.as_str());
    let out = portal(&app.data_dir, url)
        .args(["import", "--kind", "blacklist", "--already-decided"])
        .arg(fixture(name))
        .output()
        .expect("portal runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), text)
}

/// The public entries under a document number: (record id, subject id, subject name), in id order.
async fn entries(app: &TestApp, doc_no: &str) -> Vec<(i64, i64, String)> {
    let today = app::domain::clock::china_date(test_now());
    app.store
        .find_by_doc_no(doc_no, today, 50)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.id, r.subject_id, r.subject_name))
        .collect()
}

/// (record id, version, public columns) of every record, for "nothing changed".
async fn snapshot(app: &TestApp) -> Vec<(i64, i64, String)> {
    let sql = "SELECT id, version, public_columns FROM records ORDER BY id";
    if app.database_url.starts_with("postgres") {
        let mut c = sqlx::PgConnection::connect(&app.database_url).await.unwrap();
        sqlx::query_as(sql).fetch_all(&mut c).await.unwrap()
    } else {
        let mut c = sqlx::SqliteConnection::connect(&app.database_url).await.unwrap();
        sqlx::query_as(sql).fetch_all(&mut c).await.unwrap()
    }
}

async fn three_co_defendants_are_three_entries_and_stay_so(app: TestApp) {
    let (code, out) = cli_import(&app, "co_defendants.csv");
    assert_eq!(code, Some(1), "the repeated row is refused: {out}");
    assert!(out.contains("共 4 行：新增 3，更正 0，未变 0，拒绝 1"), "{out}");
    assert!(
        out.contains(&format!(
            "错误：第 5 行，认定文书号：与第 2 行重复：同一文书号 嘉应急黑 〔2026〕 9号、同一行政相对人“{HAZMAT}”"
        )),
        "the same number and the same subject again is a duplicate: {out}"
    );

    let first = entries(&app, DOC).await;
    let names: Vec<&str> = first.iter().map(|(_, _, n)| n.as_str()).collect();
    assert_eq!(names, [HAZMAT, WORKS, LEDGER], "one entry per co-defendant");
    let subjects: std::collections::HashSet<i64> = first.iter().map(|(_, s, _)| *s).collect();
    assert_eq!(subjects.len(), 3, "three subjects: {first:?}");
    for (id, subject, name) in &first {
        let page = app.page(&format!("/subjects/{subject}")).await;
        assert!(page.contains(name.as_str()) && page.contains(DOC), "{name}: {page}");
        assert!(page.contains(&format!("/records/{id}")), "its own entry: {page}");
        for (other_id, _, other) in first.iter().filter(|(i, _, _)| i != id) {
            assert!(
                !page.contains(other.as_str()) && !page.contains(&format!("/records/{other_id}\"")),
                "{name}'s page shows nothing of {other}: {page}"
            );
        }
        let record = app.page(&format!("/records/{id}")).await;
        assert!(record.contains(name.as_str()), "{record}");
    }
    let black = app.page("/lists/black").await;
    for name in [HAZMAT, WORKS, LEDGER] {
        assert!(black.contains(name), "{name} is on the black list page: {black}");
    }

    // The same file again: nothing changes.
    let before = snapshot(&app).await;
    let (_, again) = cli_import(&app, "co_defendants.csv");
    assert!(again.contains("共 4 行：新增 0，更正 0，未变 3，拒绝 1"), "{again}");
    assert_eq!(snapshot(&app).await, before, "a re-import changes nothing");

    // A second file naming a fourth company under the same number adds it and touches no one else.
    let (code, more) = cli_import(&app, "co_defendants_more.csv");
    assert_eq!(code, Some(0), "{more}");
    assert!(more.contains("共 1 行：新增 1，更正 0，未变 0，拒绝 0"), "{more}");
    let after = entries(&app, DOC).await;
    assert_eq!(after.len(), 4, "{after:?}");
    assert_eq!(
        &after[..3],
        &first[..],
        "the three others keep their entries and subjects"
    );
    assert_eq!(after[3].2, BUILDER);
    let now = snapshot(&app).await;
    assert_eq!(
        &now[..3],
        &before[..],
        "the three others are untouched (same version, same content)"
    );

    // And all four again, from both files: still four, nothing corrected.
    let (_, again) = cli_import(&app, "co_defendants.csv");
    assert!(again.contains("新增 0，更正 0，未变 3，拒绝 1"), "{again}");
    let (_, again) = cli_import(&app, "co_defendants_more.csv");
    assert!(again.contains("新增 0，更正 0，未变 1，拒绝 0"), "{again}");
    assert_eq!(snapshot(&app).await, now);
}

/// A black-list entry of [`DOC`] as the correction form posts it.
fn entry_form(name: &'static str, uscc: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
        ("行政相对人名称", name),
        ("行政相对人类别", "法人及非法人组织"),
        ("行政相对人代码_1(统一社会信用代码)", uscc),
        ("法定代表人", "张伟"),
        ("名单名称", "严重失信主体名单"),
        ("列入原因", "拒不履行生效法律文书确定的义务"),
        ("列入依据", "《失信行为纠正后的信用信息修复管理办法》"),
        ("认定文书号", DOC),
        ("列入日期", "2026/06/01"),
        ("名单状态", "列入名单"),
        ("备注", "共同被执行人"),
    ]
}

fn redirected_id(r: &reqwest::Response) -> i64 {
    assert_eq!(r.status(), 303, "expected a redirect");
    let location = r.headers()["location"].to_str().unwrap();
    let rest = location
        .strip_prefix("/admin/records/")
        .unwrap_or_else(|| panic!("{location}"));
    rest.split('?').next().unwrap().parse().unwrap()
}

async fn a_correction_never_changes_whose_entry_it_is(app: TestApp) {
    app.import_file_decided(RecordKind::Blacklist, &fixture("co_defendants.csv"))
        .await;
    let emergency = department_id(&app, EMERGENCY).await;
    let prov = logged_in(&app, "prov_em", Role::Provider, Some(emergency)).await;
    let before = entries(&app, DOC).await;
    let (id, subject, _) = before[0].clone();
    let edit = format!("/admin/records/{id}/edit");
    let (status, form) = get(&app, &prov, &edit).await;
    assert_eq!(status, 200);
    assert!(form.contains(HAZMAT_USCC), "prefilled: {form}");

    // Another company's code (a stranger, then a co-defendant's): refused at the code, nothing stored.
    for uscc in [BUILDER_USCC, WORKS_USCC] {
        let mut fields = entry_form(HAZMAT, uscc);
        fields.push(("action", "correct"));
        let r = post(&app, &prov, &edit, &edit, &fields).await;
        assert_eq!(r.status(), 422, "{uscc}");
        let body = r.text().await.unwrap();
        assert!(
            body.contains(r##"href="#行政相对人代码_1(统一社会信用代码)""##)
                && body.contains(&format!("更正不能更换行政相对人：本信息属于“{HAZMAT}”"))
                && body.contains("请撤销本信息后按正确的行政相对人重新发布"),
            "{body}"
        );
    }
    assert_eq!(entries(&app, DOC).await, before, "no entry changed or appeared");
    let log = app.change_log_text(Some("record")).await;
    assert!(!log.iter().any(|l| l.contains("|correct|")), "{log:?}");

    // The same company's name spelt right: corrected in place, on its own subject.
    let mut fields = entry_form("嘉峪关市危化储运有限责任公司", HAZMAT_USCC);
    fields.push(("action", "correct"));
    let r = post(&app, &prov, &edit, &edit, &fields).await;
    assert_eq!(redirected_id(&r), id);
    let (_, page) = get(&app, &prov, &format!("/admin/records/{id}")).await;
    assert!(
        page.contains("嘉峪关市危化储运有限责任公司") && page.contains("第 1 版"),
        "corrected, the old version kept: {page}"
    );
    let after = entries(&app, DOC).await;
    assert_eq!(after.len(), 3);
    assert_eq!(
        (after[0].0, after[0].1),
        (id, subject),
        "the same entry of the same subject"
    );
    assert_eq!(&after[1..], &before[1..], "the co-defendants are untouched");
    let log = app.change_log_text(Some("record")).await;
    assert_eq!(log.iter().filter(|l| l.contains("|correct|")).count(), 1, "{log:?}");

    // The form adds a co-defendant under the same number, but not the same subject twice.
    let new_form = "/admin/records/new?kind=blacklist";
    let mut fields = entry_form(BUILDER, BUILDER_USCC);
    fields.extend([("kind", "blacklist"), ("action", "publish"), ("already_decided", "1")]);
    let r = post(&app, &prov, new_form, "/admin/records/new", &fields).await;
    let added = redirected_id(&r);
    assert!(!before.iter().any(|(i, _, _)| *i == added));
    let r = post(&app, &prov, new_form, "/admin/records/new", &fields).await;
    assert_eq!(r.status(), 422);
    let body = r.text().await.unwrap();
    assert!(body.contains("此文书号下该行政相对人的信息已存在"), "{body}");
    assert_eq!(entries(&app, DOC).await.len(), 4);
}

/// `kind|authority USCC|document number`: the key as stored before migration 0010.
fn three_part_key(kind: &str, authority_uscc: &str, doc_no: &str) -> String {
    let doc: String = doc_no.chars().filter(|c| !c.is_whitespace()).collect();
    format!("{kind}|{authority_uscc}|{doc}")
}

type KeyRow = (i64, String, String, String, String);

const KEYS_SQL: &str = "SELECT r.id, r.record_key, r.kind, d.uscc, r.doc_no FROM records r \
                        JOIN departments d ON d.id = r.authority_id ORDER BY r.id";

/// Puts every key back in its three-part form, runs migration 0010 on the
/// database, and returns the keys before and after, by record id.
async fn rerun_migration_0010(app: &TestApp) -> (Vec<(i64, String)>, Vec<(i64, String)>) {
    let set = "UPDATE records SET record_key = $1 WHERE id = $2";
    macro_rules! rerun {
        ($conn:expr, $migration:literal) => {{
            let mut c = $conn;
            let rows: Vec<KeyRow> = sqlx::query_as(KEYS_SQL).fetch_all(&mut c).await.unwrap();
            for (id, _, kind, authority, doc_no) in &rows {
                sqlx::query(set)
                    .bind(three_part_key(kind, authority, doc_no))
                    .bind(id)
                    .execute(&mut c)
                    .await
                    .unwrap();
            }
            sqlx::raw_sql(include_str!($migration)).execute(&mut c).await.unwrap();
            let after: Vec<KeyRow> = sqlx::query_as(KEYS_SQL).fetch_all(&mut c).await.unwrap();
            (
                rows.into_iter().map(|r| (r.0, r.1)).collect(),
                after.into_iter().map(|r| (r.0, r.1)).collect(),
            )
        }};
    }
    if app.database_url.starts_with("postgres") {
        rerun!(
            sqlx::PgConnection::connect(&app.database_url).await.unwrap(),
            "../migrations/postgres/0010_record_key_per_subject.sql"
        )
    } else {
        rerun!(
            sqlx::SqliteConnection::connect(&app.database_url).await.unwrap(),
            "../migrations/sqlite/0010_record_key_per_subject.sql"
        )
    }
}

/// The subject of the only public entry under a document number.
async fn subject_of(app: &TestApp, doc_no: &str) -> i64 {
    let rows = entries(app, doc_no).await;
    assert_eq!(rows.len(), 1, "{doc_no}: {rows:?}");
    rows[0].1
}

/// The files of the migration test, with the rows each stores.
const BEFORE_0010: [(RecordKind, &str, usize); 3] = [
    (RecordKind::Blacklist, "subjects_to_merge.csv", 6),
    (RecordKind::Blacklist, "blacklist.csv", 3),
    (RecordKind::Penalty, "penalties_10_good_3_bad.csv", 10),
];

/// A fixture imported; black lists as decided by a higher authority (public at once).
async fn import(app: &TestApp, kind: RecordKind, name: &str) -> portal::import::ImportReport {
    if kind == RecordKind::Blacklist {
        app.import_file_decided(kind, &fixture(name)).await
    } else {
        app.import_file(kind, &fixture(name)).await
    }
}

async fn import_all_unchanged(app: &TestApp, when: &str) {
    for (kind, name, rows) in BEFORE_0010 {
        let r = import(app, kind, name).await;
        assert_eq!((r.created, r.corrected, r.unchanged), (0, 0, rows), "{name} {when}");
    }
}

/// A database as it could be before migration 0010 (one subject per
/// document number, since three-part keys allowed no more), with merged
/// subjects, gets from the migration exactly the keys the importer computes.
async fn the_migration_gives_each_stored_key_the_subject_a_re_import_computes(app: TestApp) {
    for (kind, name, rows) in BEFORE_0010 {
        let r = import(&app, kind, name).await;
        assert_eq!(r.created, rows, "{name}: {:?}", r.errors);
    }
    // Merges repoint records to the survivor: two codes of one company, and
    // a company known by name (and an older code) only into its coded self.
    let merges = [
        (
            subject_of(&app, "嘉应急黑〔2026〕14号").await,
            subject_of(&app, "嘉应急黑〔2026〕15号").await,
        ),
        (
            subject_of(&app, "嘉应急黑〔2026〕11号").await,
            subject_of(&app, "嘉应急黑 〔2026〕 12号").await,
        ),
    ];
    for (from, into) in merges {
        app.store
            .merge_subjects(from, into, "test", "同一主体", test_now())
            .await
            .unwrap();
        assert!(
            app.store.subject_record_ids(from).await.unwrap().is_empty(),
            "moved to {into}"
        );
    }
    // Merges leave keys alone: the files re-import unchanged.
    import_all_unchanged(&app, "after the merges").await;

    let (imported, migrated) = rerun_migration_0010(&app).await;
    assert_eq!(imported.len(), 19);
    for (doc, identity) in [
        ("嘉应急黑〔2026〕12号", format!("USCC:{BUILDER_USCC}")),
        ("嘉应急黑〔2026〕11号", "NAME:organisation:嘉峪关市雄关建设公司".into()),
        ("嘉应急黑〔2026〕14号", "USCC:91330000755918469E".into()),
        ("嘉应急黑〔2026〕15号", format!("USCC:{WORKS_USCC}")),
        ("嘉应急黑〔2026〕10号", "ID:11010519491231002X".into()),
        (
            "嘉应急黑〔2026〕13号",
            "NAME:individual_business:嘉峪关市老街小吃店".into(),
        ),
    ] {
        let key = format!("blacklist|{EMERGENCY_USCC}|{doc}|{identity}");
        assert!(imported.iter().any(|(_, k)| *k == key), "{key} in {imported:?}");
    }
    assert_eq!(migrated, imported, "the migration computes the importer's keys");
    // And after it, re-imports still find every record.
    import_all_unchanged(&app, "after the migration").await;
}

on_both_backends!(
    three_co_defendants_are_three_entries_and_stay_so,
    a_correction_never_changes_whose_entry_it_is,
    the_migration_gives_each_stored_key_the_subject_a_re_import_computes,
);
