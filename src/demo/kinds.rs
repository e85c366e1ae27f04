//! The rows of each record kind: a penalty, a permit, a pledge (a
//! government's and a market subject's), a red or black list entry and a
//! government integrity record, each drawn from `texts` with the shared
//! parties, dates and document numbers of `DemoGenerator`.

use super::*;

impl DemoGenerator {
    pub(super) fn penalty(&mut self) -> DemoRow {
        let t = &texts::PENALTIES[self.penalties.sample(&mut self.rng)];
        let d = t.dept;
        let subject = self.pick_subject(t.who, t.sectors);
        let party = self.party(subject);
        let person = party.person;
        let date = self.past_date(4 * 365);
        let slash = self.slash(d);
        let mut row = Vec::with_capacity(26);
        self.push_party(&mut row, party, d);

        let simple = self.rng.gen_bool(0.02);
        let mut cats = self.pick(t.cats);
        let m = self.range(t.m);
        let mut fine = match t.fine {
            Fine::Range(a, b) => {
                let step = if b >= 10_000 {
                    500
                } else if b >= 1_000 {
                    100
                } else {
                    10
                };
                (self.range((a, b)) / step * step).max(a)
            }
            Fine::PerMille(a, b) => (m * self.range((a, b)) / 1000).max(1),
        };
        if simple {
            // 简易程序: a warning, or a small fine on the spot.
            cats = if self.rng.gen_bool(0.4) { "01" } else { "02" };
            fine = if person {
                self.range((5, 20)) * 10
            } else {
                self.range((2, 30)) * 100
            };
        }
        let conf = self.range(t.conf);
        let event = date - Days::new(self.rng.gen_range(7..=120));
        let ctx = Ctx {
            event,
            n: self.rng.gen_range(t.n.0..=t.n.1),
            m,
            c: conf,
            x: self.pick(t.items),
            ..Ctx::new(date)
        };
        let (doc, _) = self.doc_no(d, RecordKind::Penalty, date.year(), t.letter);
        row.push((PENALTY_DOC_NO, doc));
        row.push((VIOLATION_TYPE, t.violation.to_string()));
        let facts = self.expand(&ctx, t.facts);
        row.push((VIOLATION_FACTS, facts));
        row.push((PENALTY_BASIS, t.basis.to_string()));

        let cat_codes: Vec<&str> = cats.split(',').collect();
        let category = if cat_codes.len() == 1 && self.rng.gen_bool(0.5) {
            category_name(cat_codes[0]).to_string()
        } else {
            cats.to_string()
        };
        row.push((PENALTY_CATEGORY, category));
        let content = self.penalty_content(t, &ctx, &cat_codes, fine);
        row.push((PENALTY_CONTENT, content));
        if cat_codes.contains(&"02") {
            row.push((FINE, wan_yuan(fine)));
        }
        if cat_codes.contains(&"03") {
            row.push((nc::CONFISCATED, wan_yuan(conf)));
        }
        if cat_codes.contains(&"05") || cat_codes.contains(&"11") {
            let no = format!("JY1620200{:08}", self.rng.gen_range(0..100_000_000u32));
            row.push((LICENCE_ACTION, format!("{}（{no}）", t.licence)));
        }
        row.push((PENALTY_DATE, fmt_date(date, slash)));

        // Publicity: 3 months to 3 years, at least 1 year for safety production.
        let safety = t.safety || d == YJ;
        let roll = self.rng.gen_range(0..100);
        let end = match roll {
            0..=39 => add_months(date, 12),
            40..=74 => add_months(date, 36) - Days::new(1),
            75..=89 => add_months(date, 24),
            _ if safety => add_months(date, 12),
            _ => add_months(date, 6),
        };
        let publicity = self.rng.gen_bool(0.9);
        let valid_to = if !publicity {
            end
        } else {
            match self.rng.gen_range(0..10) {
                0 => long_term(),
                1 => add_months(date, 12),
                _ => end,
            }
        };
        row.push((PENALTY_VALID_TO, fmt_date(valid_to, slash)));
        if publicity {
            row.push((PUBLICITY_END, fmt_date(end, slash)));
        }
        row.push((PENALTY_AUTHORITY, DEPARTMENTS[d].name.to_string()));
        row.push((PENALTY_AUTHORITY_USCC, DEPARTMENTS[d].uscc.to_string()));
        self.push_source(&mut row, d);
        if habit(d, Habit::Remarks) && self.rng.gen_bool(0.3) {
            let remark = self.pick(&["当事人已履行处罚决定", "当事人已整改到位", "罚款已缴纳", "已结案"]);
            row.push((REMARK, remark.to_string()));
        }
        self.push_sensitive(&mut row, d, 0.01);
        if simple {
            row.push((PROCEDURE, "简易".to_string()));
        } else if habit(d, Habit::Procedure) {
            row.push((PROCEDURE, "一般".to_string()));
        }
        DemoRow {
            kind: RecordKind::Penalty,
            columns: row,
        }
    }

    fn penalty_content(&mut self, t: &texts::Penalty, ctx: &Ctx, cats: &[&str], fine: u64) -> String {
        let mut parts: Vec<String> = Vec::with_capacity(cats.len());
        for code in cats {
            let part = match *code {
                "01" => "警告".to_string(),
                "02" => format!("罚款人民币{fine}元"),
                "03" => format!("没收违法所得人民币{}元", ctx.c),
                "04" if !t.other.is_empty() => self.expand(ctx, t.other),
                "05" => format!("吊销{}", t.licence),
                "11" => format!("暂扣{}", t.licence),
                "08" => "通报批评".to_string(),
                "07" | "09" if !t.other.is_empty() => self.expand(ctx, t.other),
                "09" => "没收非法财物".to_string(),
                other => category_name(other).to_string(),
            };
            parts.push(part);
        }
        if parts.len() > 1 && self.rng.gen_bool(0.5) {
            let numbered: Vec<String> = parts
                .iter()
                .enumerate()
                .map(|(i, p)| format!("{}.{p}", i + 1))
                .collect();
            format!("{}。", numbered.join("；"))
        } else {
            format!("责令改正，{}。", parts.join("，"))
        }
    }

    pub(super) fn permit(&mut self) -> DemoRow {
        let t = &texts::PERMITS[self.permits.sample(&mut self.rng)];
        let d = t.dept;
        let subject = self.pick_subject(t.who, t.sectors);
        let party = self.party(subject);
        let uscc = party.uscc.clone();
        let date = self.past_date(4 * 365);
        let slash = self.slash(d);
        let mut row = Vec::with_capacity(26);
        self.push_party(&mut row, party, d);

        let ctx = Ctx {
            n: self.rng.gen_range(2..=30),
            ..Ctx::new(date)
        };
        row.push((PERMIT_DOC_NAME, t.doc_name.to_string()));
        let (doc, n) = self.doc_no(d, RecordKind::Permit, date.year(), t.letter);
        row.push((PERMIT_DOC_NO, doc));
        row.push((PERMIT_CATEGORY, t.category.to_string()));
        if !t.cert.is_empty() {
            row.push((CERT_NAME, t.cert.to_string()));
        }
        if let Some(no) = self
            .licence_no(t.number, n, date, uscc.as_deref())
            .filter(|s| !s.is_empty())
        {
            row.push((PERMIT_NO, no));
        }
        let content_tpl = self.pick(t.contents);
        let content = self.expand(&ctx, content_tpl);
        row.push((PERMIT_CONTENT, content));
        row.push((PERMIT_DATE, fmt_date(date, slash)));
        row.push((VALID_FROM, fmt_date(date, slash)));
        let valid_to = if t.years == (0, 0) {
            long_term()
        } else {
            let years = self.rng.gen_range(t.years.0..=t.years.1);
            add_months(date, 12 * years) - Days::new(1)
        };
        row.push((VALID_TO, fmt_date(valid_to, slash)));
        row.push((PERMIT_AUTHORITY, DEPARTMENTS[d].name.to_string()));
        row.push((PERMIT_AUTHORITY_USCC, DEPARTMENTS[d].uscc.to_string()));
        if habit(d, Habit::PermitState) {
            let state = if valid_to >= self.today { "有效" } else { "无效" };
            row.push((PERMIT_STATE, state.to_string()));
        }
        self.push_source(&mut row, d);
        if habit(d, Habit::Remarks) && self.rng.gen_bool(0.3) {
            let remark = self.pick(&["新办", "延续", "变更", "换证"]);
            row.push((REMARK, remark.to_string()));
        }
        self.push_sensitive(&mut row, d, 0.0);
        DemoRow {
            kind: RecordKind::Permit,
            columns: row,
        }
    }

    /// A department's own pledge (政务诚信: 服务承诺, 期限承诺, 保障承诺, 限时办结,
    /// 一次性告知) with its due date: most kept, some broken, some left 履约中
    /// past their due date (逾期未践诺 on the portal), the recent ones running.
    pub(super) fn government_pledge(&mut self) -> DemoRow {
        let g = self.pick(&GOV_SUBJECTS);
        let (kind, matter, content) = self.pick(&GOVERNMENT_PLEDGES);
        let party = self.government_party(g);
        let date = self.past_date(2 * 365);
        let slash = self.slash(g);
        let mut row = Vec::with_capacity(24);
        self.push_party(&mut row, party, g);
        let (doc, _) = self.doc_no(g, RecordKind::Pledge, date.year(), "诺");
        let days = self.rng.gen_range(5..=90);
        let due = date + Days::new(days);
        row.push((PLEDGE_DOC_NO, doc));
        row.push((PLEDGE_TYPE, kind.to_string()));
        row.push((PLEDGE_MATTER, format!("{}{matter}", DEPARTMENTS[g].name)));
        row.push((PLEDGE_CONTENT, content.replace("{n}", &days.to_string())));
        row.push((PLEDGE_DATE, fmt_date(date, slash)));
        // Received by the credit office (信用办, at the development and reform commission).
        row.push((PLEDGE_AUTHORITY, DEPARTMENTS[FG].name.to_string()));
        row.push((PLEDGE_AUTHORITY_USCC, DEPARTMENTS[FG].uscc.to_string()));
        row.push((PLEDGE_DUE, fmt_date(due, slash)));
        let roll = self.rng.gen_range(0..100);
        if due < self.today {
            match roll {
                0..=69 => {
                    let kept = date + Days::new(self.rng.gen_range(1..=days));
                    row.push((PLEDGE_STATUS, "已履约".to_string()));
                    row.push((PLEDGE_FULFILLED_ON, fmt_date(kept.min(self.today), slash)));
                }
                70..=79 => {
                    row.push((PLEDGE_STATUS, "未履约".to_string()));
                    row.push((
                        PLEDGE_BREACH_REASON,
                        "因系统改造，部分申请未能在承诺时限内办结，已向申请人说明并致歉。".to_string(),
                    ));
                }
                // Not recorded yet: overdue on the portal.
                _ => row.push((PLEDGE_STATUS, "履约中".to_string())),
            }
        } else if roll < 25 && date < self.today {
            row.push((PLEDGE_STATUS, "已履约".to_string()));
            row.push((PLEDGE_FULFILLED_ON, fmt_date(self.today.min(due), slash)));
        } else {
            row.push((PLEDGE_STATUS, "履约中".to_string()));
        }
        self.push_source(&mut row, g);
        self.push_sensitive(&mut row, g, 0.0);
        DemoRow {
            kind: RecordKind::Pledge,
            columns: row,
        }
    }

    pub(super) fn pledge(&mut self) -> DemoRow {
        // About one pledge in four is a department's own.
        if self.rng.gen_range(0..4) == 0 {
            return self.government_pledge();
        }
        let t = &texts::PLEDGES[self.pledges.sample(&mut self.rng)];
        let d = t.dept;
        let subject = self.pick_subject(t.who, t.sectors);
        let party = self.party(subject);
        let date = self.past_date(4 * 365);
        let slash = self.slash(d);
        let mut row = Vec::with_capacity(22);
        self.push_party(&mut row, party, d);

        let ctx = Ctx {
            x: self.pick(t.items),
            ..Ctx::new(date)
        };
        let (doc, _) = self.doc_no(d, RecordKind::Pledge, date.year(), "诺");
        row.push((PLEDGE_DOC_NO, doc));
        row.push((PLEDGE_TYPE, t.kind.to_string()));
        row.push((PLEDGE_MATTER, t.matter.to_string()));
        let content = self.expand(&ctx, t.content);
        row.push((PLEDGE_CONTENT, content));
        row.push((PLEDGE_DATE, fmt_date(date, slash)));
        row.push((PLEDGE_AUTHORITY, DEPARTMENTS[d].name.to_string()));
        row.push((PLEDGE_AUTHORITY_USCC, DEPARTMENTS[d].uscc.to_string()));
        let old = date < self.today - Days::new(365);
        let roll = self.rng.gen_range(0..100);
        let status = match (old, roll) {
            (true, 0..=79) | (false, 0..=24) => "已履约",
            (true, 80..=89) | (false, 25..=29) => "未履约",
            _ => "履约中",
        };
        row.push((PLEDGE_STATUS, status.to_string()));
        self.push_source(&mut row, d);
        self.push_sensitive(&mut row, d, 0.0);
        DemoRow {
            kind: RecordKind::Pledge,
            columns: row,
        }
    }

    pub(super) fn list_entry(&mut self, red: bool) -> DemoRow {
        let (t, kind) = if red {
            (
                &texts::REDLISTS[self.redlists.sample(&mut self.rng)],
                RecordKind::Redlist,
            )
        } else {
            (
                &texts::BLACKLISTS[self.blacklists.sample(&mut self.rng)],
                RecordKind::Blacklist,
            )
        };
        let d = t.dept;
        // A red entry needs a subject with no black-list entry and (on a
        // safety-production list) no penalty in 3 years: a subject of its own,
        // never shared with other records, keeps the demo within the rule.
        let subject = if red {
            self.new_subject(t.who, t.sectors)
        } else {
            self.pick_subject(t.who, t.sectors)
        };
        let party = self.party(subject);
        let start = self.past_date(3 * 365);
        let slash = self.slash(d);
        let mut row = Vec::with_capacity(22);
        self.push_party(&mut row, party, d);

        let ctx = Ctx {
            m: self.range((50_000, 2_000_000)),
            ..Ctx::new(start)
        };
        row.push((LIST_NAME, t.name.to_string()));
        let reason_tpl = self.pick(t.reasons);
        let reason = self.expand(&ctx, reason_tpl);
        row.push((LIST_REASON, reason));
        row.push((LIST_BASIS, t.basis.to_string()));
        let (doc, _) = self.doc_no(d, kind, start.year(), t.letter);
        row.push((LIST_DOC_NO, doc));
        row.push((LIST_AUTHORITY, DEPARTMENTS[d].name.to_string()));
        row.push((LIST_AUTHORITY_USCC, DEPARTMENTS[d].uscc.to_string()));
        row.push((LIST_START, fmt_date(start, slash)));
        let end = add_months(start, 12 * t.years);
        row.push((LIST_END, fmt_date(end, slash)));
        let status = if end < self.today {
            "移出名单"
        } else {
            "列入名单"
        };
        row.push((LIST_STATUS, status.to_string()));
        self.push_source(&mut row, d);
        self.push_sensitive(&mut row, d, 0.0);
        DemoRow { kind, columns: row }
    }

    pub(super) fn integrity_record(&mut self) -> DemoRow {
        let t = &texts::INTEGRITY[self.integrity.sample(&mut self.rng)];
        let a = t.authority;
        let date = self.past_date(4 * 365);
        let slash = self.slash(a);
        let mut row = Vec::with_capacity(22);

        let workplace = loop {
            let g = self.pick(&GOV_SUBJECTS);
            if g != a {
                break g;
            }
        };
        let party = if t.person {
            // A civil servant: a person of their own, not one of the pool.
            let key = bump(&mut self.next_person) as u64;
            self.person_party(3 * key)
        } else {
            self.government_party(workplace)
        };
        let subj = party.name.clone();
        let company = self.company_name();
        let ctx = Ctx {
            event: date - Days::new(self.rng.gen_range(30..=400)),
            n: self.rng.gen_range(3..=20),
            m: self.range((30_000, 3_000_000)),
            x: self.pick(t.items),
            z: self.pick(t.extra),
            subj: &subj,
            dept: DEPARTMENTS[workplace].name,
            company: &company,
            ..Ctx::new(date)
        };
        self.push_party(&mut row, party, a);
        row.push((INTEGRITY_TYPE, t.kind.to_string()));
        let facts = self.expand(&ctx, t.facts);
        row.push((INTEGRITY_FACTS, facts));
        row.push((INTEGRITY_BASIS, t.basis.to_string()));
        let n = self.next_doc(a, RecordKind::Integrity, date.year());
        let doc = t
            .doc
            .replace("{p}", DEPARTMENTS[a].doc_prefix)
            .replace("{y}", &date.year().to_string())
            .replace("{n}", &n.to_string());
        row.push((LIST_DOC_NO, doc));
        row.push((INTEGRITY_DATE, fmt_date(date, slash)));
        row.push((PUBLICITY_END, fmt_date(add_months(date, 36) - Days::new(1), slash)));
        if t.person {
            // A civil servant's record names their unit, whose profile it counts in.
            row.push((INTEGRITY_UNIT, DEPARTMENTS[workplace].name.to_string()));
            row.push((INTEGRITY_UNIT_USCC, DEPARTMENTS[workplace].uscc.to_string()));
        }
        row.push((LIST_AUTHORITY, DEPARTMENTS[a].name.to_string()));
        row.push((LIST_AUTHORITY_USCC, DEPARTMENTS[a].uscc.to_string()));
        self.push_source(&mut row, a);
        self.push_sensitive(&mut row, a, 0.0);
        DemoRow {
            kind: RecordKind::Integrity,
            columns: row,
        }
    }
}
