//! Deterministic demo data for the portal: the disclosures of 嘉峪关市's
//! departments, as rows of the national 双公示 columns (and the portal's own
//! column sets for pledges, list entries and government integrity records).
//!
//! Rows are fed through the real importer, so every row is valid: required
//! columns filled, codes with correct check characters, dates real, ordered
//! and never after `today`, document numbers unique per authority and kind.
//!
//! Memory stays bounded for millions of rows: subjects are kept as 12-byte
//! records in a capped pool, and their names and codes are derived from
//! their serial numbers through bijections (see `names` and `codes`), so
//! uniqueness needs no lookup table.

mod codes;
mod kinds;
mod names;
mod texts;

use app::domain::kinds::RecordKind;
use app::domain::national_columns::{
    self as nc, FINE, ID_NUMBER, ID_TYPE, INTEGRITY_BASIS, INTEGRITY_DATE, INTEGRITY_FACTS, INTEGRITY_TYPE,
    INTEGRITY_UNIT, INTEGRITY_UNIT_USCC, LEGAL_REP_ID, LIST_AUTHORITY, LIST_AUTHORITY_USCC, LIST_BASIS, LIST_DOC_NO,
    LIST_END, LIST_NAME, LIST_REASON, LIST_START, LIST_STATUS, PENALTY_AUTHORITY, PENALTY_AUTHORITY_USCC,
    PENALTY_BASIS, PENALTY_CATEGORY, PENALTY_CONTENT, PENALTY_DATE, PENALTY_DOC_NO, PENALTY_VALID_TO, PERMIT_AUTHORITY,
    PERMIT_AUTHORITY_USCC, PERMIT_CATEGORY, PERMIT_CONTENT, PERMIT_DATE, PERMIT_DOC_NO, PLEDGE_AUTHORITY,
    PLEDGE_AUTHORITY_USCC, PLEDGE_BREACH_REASON, PLEDGE_CONTENT, PLEDGE_DATE, PLEDGE_DOC_NO, PLEDGE_DUE,
    PLEDGE_FULFILLED_ON, PLEDGE_MATTER, PLEDGE_STATUS, PLEDGE_TYPE, PROCEDURE, PUBLICITY_END, REMARK, SENSITIVE,
    SOURCE, SOURCE_USCC, SUBJECT_KIND, SUBJECT_NAME, USCC, VALID_FROM, VALID_TO, VIOLATION_FACTS, VIOLATION_TYPE,
};
use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use rand::distributions::{Distribution, WeightedIndex};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use codes::{cn_date, fmt_date, mix, wan_yuan, BirthRange};
use names::Sectors;
use texts::{Fine, Who, BIZ, COOP, ORG, PERSON};

/// A department of the city that publishes records or is the subject of
/// government integrity records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Department {
    pub name: &'static str,
    /// Unified social credit code (type 11: government body).
    pub uscc: &'static str,
    /// Prefix of its document numbers (嘉市监 in 嘉市监罚〔2024〕123号).
    pub doc_prefix: &'static str,
}

const fn dept(name: &'static str, uscc: &'static str, doc_prefix: &'static str) -> Department {
    Department { name, uscc, doc_prefix }
}

/// The departments named in the municipal plans. The codes are valid
/// (checked by a test); their organisation-code parts are invented.
pub const DEPARTMENTS: &[Department] = &[
    dept("嘉峪关市市场监督管理局", "1162020001526018X3", "嘉市监"),
    dept("嘉峪关市应急管理局", "11620200011590835H", "嘉应急"),
    dept("嘉峪关市统计局", "11620200010166135D", "嘉统"),
    dept("嘉峪关市财政局", "116202000118609119", "嘉财"),
    dept("嘉峪关市发展和改革委员会", "11620200013909969Q", "嘉发改"),
    dept("嘉峪关市人力资源和社会保障局", "116202000103082446", "嘉人社"),
    dept("嘉峪关市生态环境局", "11620200016281943Q", "嘉环"),
    dept("嘉峪关市住房和城乡建设局", "11620200018219932L", "嘉住建"),
    dept("嘉峪关市交通运输局", "11620200015181908B", "嘉交"),
    dept("嘉峪关市卫生健康委员会", "11620200019378652M", "嘉卫健"),
    dept("嘉峪关市税务局", "116202000179754375", "嘉税"),
    dept("嘉峪关市自然资源局", "11620200012319481P", "嘉自然资源"),
    dept("嘉峪关市人民法院", "11620200017574916T", "嘉法"),
    dept("中共嘉峪关市纪律检查委员会", "1162020001186252XQ", "嘉纪"),
    dept("嘉峪关市监察委员会", "11620200MBRWTAANB2", "嘉监委"),
    dept("嘉峪关市审计局", "1162020001979711XB", "嘉审"),
    dept("嘉峪关市商务局", "11620200014710492H", "嘉商务"),
    dept("嘉峪关市司法局", "11620200017465074L", "嘉司"),
    dept("嘉峪关市民政局", "11620200015291701L", "嘉民"),
];

// Indices into DEPARTMENTS, used by the templates.
pub(crate) const SJ: usize = 0;
pub(crate) const YJ: usize = 1;
pub(crate) const TJ: usize = 2;
pub(crate) const CZ: usize = 3;
pub(crate) const FG: usize = 4;
pub(crate) const RS: usize = 5;
pub(crate) const HB: usize = 6;
pub(crate) const ZJ: usize = 7;
pub(crate) const JT: usize = 8;
pub(crate) const WJ: usize = 9;
pub(crate) const SW: usize = 10;
pub(crate) const ZR: usize = 11;
pub(crate) const FY: usize = 12;
pub(crate) const JW: usize = 13;
pub(crate) const JWJ: usize = 14;

/// Departments that can be the subject of a government integrity record
/// (not the court and the discipline bodies, who recognise them).
const GOV_SUBJECTS: [usize; 16] = [SJ, YJ, TJ, CZ, FG, RS, HB, ZJ, JT, WJ, SW, ZR, 15, 16, 17, 18];

/// Government pledges: (type, matter after the department's name, content; {n} = days to the due date).
const GOVERNMENT_PLEDGES: [(&str, &str, &str); 5] = [
    (
        "限时办结",
        "政务服务事项限时办结承诺",
        "对材料齐全、符合法定形式的申请，自受理之日起{n}日内办结；确需延长的，书面告知申请人并说明理由。",
    ),
    (
        "一次性告知",
        "申请材料一次性告知承诺",
        "申请材料不齐全或不符合法定形式的，当场或者在{n}日内一次性书面告知申请人需要补正的全部内容。",
    ),
    (
        "服务承诺",
        "窗口服务质量承诺",
        "窗口工作人员持证上岗、首问负责、按时办结；群众对服务不满意的，{n}日内核实并答复。",
    ),
    (
        "期限承诺",
        "行政事项办理期限承诺",
        "对本年度公布的行政事项，承诺在{n}日内完成办理并公开办理结果。",
    ),
    (
        "保障承诺",
        "惠企政策兑现保障承诺",
        "对符合条件的企业，承诺在{n}日内兑现惠企资金，不设额外条件，不拖欠。",
    ),
];

// Column names of the national standard that national_columns does not name.
const LEGAL_REP: &str = "法定代表人";
const LEGAL_REP_ID_TYPE: &str = "法定代表人证件类型";
const PERMIT_DOC_NAME: &str = "行政许可决定文书名称";
const CERT_NAME: &str = "许可证书名称";
const PERMIT_NO: &str = "许可编号";
const PERMIT_STATE: &str = "当前状态";
const LICENCE_ACTION: &str = "暂扣或吊销证照名称及编号";

/// One generated record: its kind and its columns, in file order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoRow {
    pub kind: RecordKind,
    pub columns: Vec<(&'static str, String)>,
}

impl DemoRow {
    /// The value of a column, if present.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.columns.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }
}

/// Kind mix: 42% penalties, 38% permits, 8% pledges, 4% each of red list,
/// black list and government integrity records.
const KIND_WEIGHTS: [(RecordKind, u32); 6] = [
    (RecordKind::Penalty, 42),
    (RecordKind::Permit, 38),
    (RecordKind::Pledge, 8),
    (RecordKind::Redlist, 4),
    (RecordKind::Blacklist, 4),
    (RecordKind::Integrity, 4),
];

/// Probability that a record is about a subject already seen.
const REUSE: f64 = 0.72;
/// How many subjects the pool keeps (12 bytes each).
const POOL_CAP: usize = 400_000;
/// Years of document counters kept (the decision dates span four).
const YEARS: usize = 6;

// Subject classes.
const C_ORG: u8 = 0;
const C_COOP: u8 = 1;
const C_BIZ: u8 = 2;
const C_PERSON: u8 = 3;

/// A subject of the pool: everything else is derived from these numbers.
#[derive(Clone, Copy, Debug)]
struct Subject {
    class: u8,
    /// Industry, cooperative field or shop type.
    trade: u8,
    /// Serial within the trade (name uniqueness).
    serial: u32,
    /// Serial within the class (code uniqueness).
    key: u32,
}

impl Subject {
    fn sectors(self) -> Sectors {
        let t = self.trade as usize;
        match self.class {
            C_ORG => names::INDUSTRIES[t].1,
            C_COOP => names::COOP_FIELDS[t].1,
            C_BIZ => names::SHOP_TYPES[t].1,
            _ => names::ANY,
        }
    }

    fn fits(self, who: Who, sectors: Sectors) -> bool {
        who & (1 << self.class) != 0 && (self.class == C_PERSON || self.sectors() & sectors != 0)
    }
}

/// A subject as it appears in a row.
struct Party {
    name: String,
    kind: &'static str,
    uscc: Option<String>,
    /// Legal representative (or operator): name and resident ID number.
    rep: Option<(String, Option<String>)>,
    /// A natural person's resident ID number.
    id: Option<String>,
    person: bool,
}

/// Per-placeholder values of one row (see `texts`).
struct Ctx<'a> {
    date: NaiveDate,
    event: NaiveDate,
    n: u32,
    m: u64,
    c: u64,
    x: &'static str,
    z: &'static str,
    subj: &'a str,
    dept: &'static str,
    company: &'a str,
}

impl Ctx<'_> {
    fn new(date: NaiveDate) -> Self {
        Ctx {
            date,
            event: date,
            n: 1,
            m: 0,
            c: 0,
            x: "",
            z: "",
            subj: "",
            dept: "",
            company: "",
        }
    }
}

/// What a department habitually fills in its files (stable per department).
#[derive(Clone, Copy)]
enum Habit {
    SlashDates = 0,
    RepId = 1,
    Procedure = 2,
    SensitiveNo = 3,
    PermitState = 4,
    Remarks = 5,
}

fn habit(dept: usize, h: Habit) -> bool {
    (mix(dept as u64, 0x6861_6269_7473) >> (h as u32 * 7)) & 1 == 1
}

/// Generates an endless, deterministic stream of valid demo records.
pub struct DemoGenerator {
    rng: ChaCha8Rng,
    today: NaiveDate,
    salt: u64,
    births: BirthRange,
    pool: Vec<Subject>,
    next_org: u32,
    next_biz: u32,
    next_person: u32,
    industry_serials: [u32; names::INDUSTRIES.len()],
    coop_serials: [u32; names::COOP_FIELDS.len()],
    shop_serials: [u32; names::SHOP_TYPES.len()],
    /// Document counters per (department, kind, year).
    counters: Vec<u32>,
    first_year: i32,
    kinds: WeightedIndex<u32>,
    penalties: WeightedIndex<u32>,
    permits: WeightedIndex<u32>,
    pledges: WeightedIndex<u32>,
    redlists: WeightedIndex<u32>,
    blacklists: WeightedIndex<u32>,
    integrity: WeightedIndex<u32>,
}

fn weights<T>(items: &[T], w: impl Fn(&T) -> u32) -> WeightedIndex<u32> {
    WeightedIndex::new(items.iter().map(w)).expect("template weights")
}

fn kind_index(kind: RecordKind) -> usize {
    RecordKind::ALL.iter().position(|k| *k == kind).expect("kind")
}

fn add_months(d: NaiveDate, months: u32) -> NaiveDate {
    d.checked_add_months(Months::new(months)).expect("date in range")
}

fn long_term() -> NaiveDate {
    NaiveDate::from_ymd_opt(2099, 12, 31).expect("date")
}

impl DemoGenerator {
    pub fn new(seed: u64, today: NaiveDate) -> Self {
        DemoGenerator {
            rng: ChaCha8Rng::seed_from_u64(seed),
            today,
            salt: mix(seed, 0x6a69_6179_7567_7561),
            births: BirthRange::new(today),
            pool: Vec::new(),
            next_org: 0,
            next_biz: 0,
            next_person: 0,
            industry_serials: [0; names::INDUSTRIES.len()],
            coop_serials: [0; names::COOP_FIELDS.len()],
            shop_serials: [0; names::SHOP_TYPES.len()],
            counters: vec![0; DEPARTMENTS.len() * RecordKind::ALL.len() * YEARS],
            first_year: today.year() - (YEARS as i32 - 1),
            kinds: weights(&KIND_WEIGHTS, |k| k.1),
            penalties: weights(texts::PENALTIES, |t| t.weight),
            permits: weights(texts::PERMITS, |t| t.weight),
            pledges: weights(texts::PLEDGES, |t| t.weight),
            redlists: weights(texts::REDLISTS, |t| t.weight),
            blacklists: weights(texts::BLACKLISTS, |t| t.weight),
            integrity: weights(texts::INTEGRITY, |t| t.weight),
        }
    }

    pub fn next_row(&mut self) -> DemoRow {
        match KIND_WEIGHTS[self.kinds.sample(&mut self.rng)].0 {
            RecordKind::Penalty => self.penalty(),
            RecordKind::Permit => self.permit(),
            RecordKind::Pledge => self.pledge(),
            RecordKind::Redlist => self.list_entry(true),
            RecordKind::Blacklist => self.list_entry(false),
            RecordKind::Integrity => self.integrity_record(),
        }
    }

    // ----- subjects -------------------------------------------------------

    fn pick_subject(&mut self, who: Who, sectors: Sectors) -> Subject {
        if !self.pool.is_empty() && self.rng.gen_bool(REUSE) {
            for _ in 0..16 {
                let s = self.pool[self.rng.gen_range(0..self.pool.len())];
                if s.fits(who, sectors) {
                    return s;
                }
            }
        }
        let s = self.new_subject(who, sectors);
        if self.pool.len() < POOL_CAP {
            self.pool.push(s);
        } else {
            let i = self.rng.gen_range(0..POOL_CAP);
            self.pool[i] = s;
        }
        s
    }

    fn new_subject(&mut self, who: Who, sectors: Sectors) -> Subject {
        const CLASS_WEIGHTS: [(u8, Who, u32); 4] = [
            (C_ORG, ORG, 52),
            (C_COOP, COOP, 4),
            (C_BIZ, BIZ, 24),
            (C_PERSON, PERSON, 20),
        ];
        let mut allowed: Vec<(u8, u32, Vec<usize>)> = Vec::with_capacity(4);
        for (class, bit, w) in CLASS_WEIGHTS {
            if who & bit == 0 {
                continue;
            }
            let trades: Vec<usize> = match class {
                C_ORG => matching(&names::INDUSTRIES, sectors),
                C_COOP => matching(&names::COOP_FIELDS, sectors),
                C_BIZ => matching(&names::SHOP_TYPES, sectors),
                _ => vec![0],
            };
            if !trades.is_empty() {
                allowed.push((class, w, trades));
            }
        }
        assert!(!allowed.is_empty(), "no subject class fits {who:#b}/{sectors:#b}");
        let total: u32 = allowed.iter().map(|a| a.1).sum();
        let mut pick = self.rng.gen_range(0..total);
        let (class, _, trades) = allowed
            .into_iter()
            .find(|a| {
                if pick < a.1 {
                    true
                } else {
                    pick -= a.1;
                    false
                }
            })
            .expect("weighted pick");
        let trade = trades[self.rng.gen_range(0..trades.len())];
        let (serial, key) = match class {
            C_ORG => (bump(&mut self.industry_serials[trade]), bump(&mut self.next_org)),
            C_COOP => (bump(&mut self.coop_serials[trade]), bump(&mut self.next_org)),
            C_BIZ => (bump(&mut self.shop_serials[trade]), bump(&mut self.next_biz)),
            _ => (0, bump(&mut self.next_person)),
        };
        Subject {
            class,
            trade: trade as u8,
            serial,
            key,
        }
    }

    fn person(&self, key: u64) -> (String, String) {
        let (id, male) = codes::resident_id(key, self.salt, &self.births);
        (names::person_name(mix(self.salt ^ 0x6e61_6d65, key), male), id)
    }

    /// A natural person as a party, from the person derived from `key`.
    fn person_party(&self, key: u64) -> Party {
        let (name, id) = self.person(key);
        Party {
            name,
            kind: "自然人",
            uscc: None,
            rep: None,
            id: Some(id),
            person: true,
        }
    }

    fn party(&self, s: Subject) -> Party {
        let key = s.key as u64;
        let serial = s.serial as u64;
        let t = s.trade as usize;
        let (name, kind, prefix, rep_key) = match s.class {
            C_ORG => (names::enterprise_name(t, serial), "法人及非法人组织", "91", 3 * key + 1),
            C_COOP => (names::coop_name(t, serial), "法人及非法人组织", "93", 3 * key + 1),
            C_BIZ => (names::shop_name(t, serial), "个体工商户", "92", 3 * key + 2),
            _ => return self.person_party(3 * key),
        };
        let (rep_name, rep_id) = self.person(rep_key);
        Party {
            name,
            kind,
            uscc: Some(codes::subject_uscc(prefix, key, self.salt)),
            rep: Some((rep_name, Some(rep_id))),
            id: None,
            person: false,
        }
    }

    fn government_party(&self, d: usize) -> Party {
        let h = mix(self.salt ^ 0x6865_6164, d as u64);
        Party {
            name: DEPARTMENTS[d].name.to_string(),
            kind: "机关",
            uscc: Some(DEPARTMENTS[d].uscc.to_string()),
            rep: Some((names::person_name(h, h >> 60 != 0), None)),
            id: None,
            person: false,
        }
    }

    fn push_party(&self, row: &mut Vec<(&'static str, String)>, p: Party, dept: usize) {
        row.push((SUBJECT_NAME, p.name));
        row.push((SUBJECT_KIND, p.kind.to_string()));
        if let Some(u) = p.uscc {
            row.push((USCC, u));
        }
        if let Some((name, id)) = p.rep {
            row.push((LEGAL_REP, name));
            if let Some(id) = id.filter(|_| habit(dept, Habit::RepId)) {
                row.push((LEGAL_REP_ID_TYPE, "身份证".to_string()));
                row.push((LEGAL_REP_ID, id));
            }
        }
        if let Some(id) = p.id {
            row.push((ID_TYPE, "身份证".to_string()));
            row.push((ID_NUMBER, id));
        }
    }

    // ----- dates, numbers, texts -----------------------------------------

    /// A working day within the last `max_days` days, more often recent.
    fn past_date(&mut self, max_days: u64) -> NaiveDate {
        let u: f64 = self.rng.gen();
        let back = (u.powf(1.3) * max_days as f64) as u64;
        let d = self.today - Days::new(back);
        let (to_friday, to_monday) = match d.weekday() {
            Weekday::Sat => (1, 2),
            Weekday::Sun => (2, 1),
            _ => return d,
        };
        if self.rng.gen_bool(0.05) {
            d // some offices do work at weekends
        } else if back + to_friday <= max_days {
            d - Days::new(to_friday)
        } else {
            d + Days::new(to_monday)
        }
    }

    fn slash(&mut self, dept: usize) -> bool {
        let p = if habit(dept, Habit::SlashDates) { 0.85 } else { 0.15 };
        self.rng.gen_bool(p)
    }

    /// Next document number of a department for a kind and year.
    fn next_doc(&mut self, dept: usize, kind: RecordKind, year: i32) -> u32 {
        let y = (year - self.first_year).clamp(0, YEARS as i32 - 1) as usize;
        let i = (dept * RecordKind::ALL.len() + kind_index(kind)) * YEARS + y;
        self.counters[i] += 1;
        self.counters[i]
    }

    fn doc_no(&mut self, dept: usize, kind: RecordKind, year: i32, letter: &str) -> (String, u32) {
        let n = self.next_doc(dept, kind, year);
        (format!("{}{letter}〔{year}〕{n}号", DEPARTMENTS[dept].doc_prefix), n)
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.rng.gen_range(0..items.len())]
    }

    fn expand(&mut self, ctx: &Ctx, tpl: &str) -> String {
        let mut out = String::with_capacity(tpl.len() + 32);
        self.expand_into(ctx, tpl, &mut out);
        out
    }

    fn expand_into(&mut self, ctx: &Ctx, tpl: &str, out: &mut String) {
        let mut rest = tpl;
        while let Some(i) = rest.find('{') {
            out.push_str(&rest[..i]);
            let after = &rest[i + 1..];
            let Some(j) = after.find('}') else {
                out.push_str(&rest[i..]);
                return;
            };
            self.placeholder(ctx, &after[..j], out);
            rest = &after[j + 1..];
        }
        out.push_str(rest);
    }

    fn placeholder(&mut self, ctx: &Ctx, key: &str, out: &mut String) {
        use std::fmt::Write;
        match key {
            "d" => out.push_str(&cn_date(ctx.event)),
            "y" => write!(out, "{}", ctx.date.year()).expect("write"),
            "yy" => write!(out, "{}", ctx.date.year() - 1).expect("write"),
            "n" => write!(out, "{}", ctx.n).expect("write"),
            "m" => write!(out, "{}", ctx.m).expect("write"),
            "c" => write!(out, "{}", ctx.c).expect("write"),
            "x" => self.expand_into(ctx, ctx.x, out),
            "z" => self.expand_into(ctx, ctx.z, out),
            "subj" => out.push_str(ctx.subj),
            "dept" => out.push_str(ctx.dept),
            "company" => out.push_str(ctx.company),
            "addr" => {
                out.push_str(self.pick(&names::DISTRICTS));
                out.push_str(self.pick(&names::STREETS));
                let no = self.rng.gen_range(1..=300);
                write!(out, "{no}号").expect("write");
            }
            "town" => out.push_str(self.pick(&names::VILLAGES[3..])),
            "road" => out.push_str(self.pick(&texts::ROADS)),
            "plate" => {
                const LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
                let l = LETTERS[self.rng.gen_range(0..LETTERS.len())] as char;
                let d: u32 = self.rng.gen_range(0..10_000);
                if self.rng.gen_bool(0.6) {
                    write!(out, "{l}{d:04}").expect("write");
                } else {
                    write!(out, "{:02}{l}{:02}", d / 100, d % 100).expect("write");
                }
            }
            "brand" => out.push_str(self.pick(&names::BRANDS)),
            "dist" => out.push_str(self.pick(&names::DISTRICTS)),
            other => {
                out.push('{');
                out.push_str(other);
                out.push('}');
            }
        }
    }

    /// A licence number from a pattern (see `texts::Permit`).
    fn licence_no(&mut self, pattern: &str, n: u32, date: NaiveDate, uscc: Option<&str>) -> Option<String> {
        use std::fmt::Write;
        if pattern.contains("{u}") && uscc.is_none() {
            return None;
        }
        let mut out = String::with_capacity(32);
        let mut rest = pattern;
        while let Some(i) = rest.find('{') {
            out.push_str(&rest[..i]);
            let after = &rest[i + 1..];
            let j = after.find('}').expect("closed placeholder");
            let key = &after[..j];
            rest = &after[j + 1..];
            match key {
                "y" => write!(out, "{}", date.year()).expect("write"),
                "yy" => write!(out, "{:02}", date.year() % 100).expect("write"),
                "ymd" => write!(out, "{:04}{:02}{:02}", date.year(), date.month(), date.day()).expect("write"),
                "u" => out.push_str(uscc.unwrap_or_default()),
                "pl" => out.push(self.pick(&['V', 'P', 'U'])),
                _ if key.starts_with('n') => {
                    let w: u32 = key[1..].parse().expect("width");
                    let v = n % 10u32.pow(w);
                    write!(out, "{v:0w$}", w = w as usize).expect("write");
                }
                _ if key.starts_with('r') => {
                    let w: u32 = key[1..].parse().expect("width");
                    for _ in 0..w {
                        out.push(char::from(b'0' + self.rng.gen_range(0..10u8)));
                    }
                }
                _ => unreachable!("unknown licence placeholder {key}"),
            }
        }
        out.push_str(rest);
        Some(out)
    }

    fn range(&mut self, r: (u64, u64)) -> u64 {
        self.rng.gen_range(r.0..=r.1.max(r.0))
    }

    fn company_name(&mut self) -> String {
        let ind = self.rng.gen_range(0..names::INDUSTRIES.len());
        names::enterprise_name(ind, self.rng.gen_range(0..5_000))
    }

    fn push_source(&self, row: &mut Vec<(&'static str, String)>, d: usize) {
        row.push((SOURCE, DEPARTMENTS[d].name.to_string()));
        row.push((SOURCE_USCC, DEPARTMENTS[d].uscc.to_string()));
    }

    fn push_sensitive(&mut self, row: &mut Vec<(&'static str, String)>, d: usize, p: f64) {
        if self.rng.gen_bool(p) {
            row.push((SENSITIVE, "是".to_string()));
        } else if habit(d, Habit::SensitiveNo) {
            row.push((SENSITIVE, "否".to_string()));
        }
    }
}

fn bump(counter: &mut u32) -> u32 {
    let v = *counter;
    *counter += 1;
    v
}

fn matching(table: &[(&str, Sectors)], sectors: Sectors) -> Vec<usize> {
    (0..table.len()).filter(|i| table[*i].1 & sectors != 0).collect()
}

fn category_name(code: &str) -> &'static str {
    nc::PENALTY_CATEGORIES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, n)| *n)
        .expect("known penalty category")
}

#[cfg(test)]
mod tests;
