-- Government integrity as seeds 1–3 describe it (SQLite).
-- Keep in step with ../postgres/0018_government_integrity.sql.

-- The department a government integrity record counts against: a civil
-- servant's 所在单位, or the government body the record is about
-- (app::domain::record_validation::integrity_unit). NULL for other kinds.
ALTER TABLE records ADD COLUMN unit_id INTEGER REFERENCES departments(id);
-- Records stored before: a government body the record is about becomes its
-- own unit (and a department, so it has a profile). A civil servant's record
-- without 所在单位 stays without one until it is re-imported with it.
INSERT INTO departments (name, uscc)
SELECT MIN(s.name), s.uscc FROM subjects s
 WHERE s.kind = 'government_body' AND s.uscc IS NOT NULL
   AND s.id IN (SELECT subject_id FROM records WHERE kind = 'integrity')
 GROUP BY s.uscc
ON CONFLICT (uscc) DO NOTHING;
UPDATE records SET unit_id =
    (SELECT d.id FROM subjects s JOIN departments d ON d.uscc = s.uscc
      WHERE s.id = records.subject_id AND s.kind = 'government_body')
 WHERE kind = 'integrity';
-- A unit's integrity records, newest first (its profile), and the count per unit.
CREATE INDEX records_unit ON records(unit_id, kind, decision_date DESC, id DESC) WHERE unit_id IS NOT NULL;

-- 书面说明 / 限期整改 the credit office orders on a government integrity record
-- (app::domain::integrity_remedy), and the department's report that it is done.
-- overdue_published_on: the day the tick published it as overdue (once).
CREATE TABLE integrity_remedies (
    id                    INTEGER PRIMARY KEY,
    record_id             INTEGER NOT NULL REFERENCES records(id),
    remedy                TEXT NOT NULL,
    requirement           TEXT NOT NULL,
    ordered_on            TEXT NOT NULL,
    due_date              TEXT NOT NULL,
    ordered_by            TEXT NOT NULL,
    done_on               TEXT,
    report                TEXT,
    reported_by           TEXT,
    overdue_published_on  TEXT
);
CREATE INDEX integrity_remedies_record ON integrity_remedies(record_id);
-- The tick's question: which remedies not done are past due and not yet published as such.
CREATE INDEX integrity_remedies_open ON integrity_remedies(due_date) WHERE done_on IS NULL;

-- 政务诚信评价 results per department and year, official (考核评价) or by a
-- third party, with the document they come from (app::domain::integrity_evaluation).
CREATE TABLE integrity_evaluations (
    id               INTEGER PRIMARY KEY,
    department_id    INTEGER NOT NULL REFERENCES departments(id),
    year             INTEGER NOT NULL,
    evaluator_kind   TEXT NOT NULL,
    evaluator        TEXT NOT NULL,
    result           TEXT NOT NULL,
    score_tenths     INTEGER,
    source_document  TEXT NOT NULL,
    source_url       TEXT,
    published_at     TEXT NOT NULL,
    published_by     TEXT NOT NULL,
    withdrawn_at     TEXT,
    withdraw_reason  TEXT
);
CREATE INDEX integrity_evaluations_department ON integrity_evaluations(department_id, year);
