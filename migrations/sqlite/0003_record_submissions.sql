-- Objections, credit repair applications and credit pledges (SQLite).
-- Keep in step with ../postgres/0003_record_submissions.sql.
-- Their applicant goes in target_name/target_uscc, the ground or pledge type in
-- category, the explanation or content in description.

-- The record an objection or a repair application is about.
ALTER TABLE submissions ADD COLUMN record_id INTEGER REFERENCES records(id);
-- The department a pledge is made to.
ALTER TABLE submissions ADD COLUMN authority_id INTEGER REFERENCES departments(id);
-- The matter (承诺事项) of a pledge.
ALTER TABLE submissions ADD COLUMN matter TEXT;
-- A repair application's agreement to the repair pledge (信用修复承诺书).
ALTER TABLE submissions ADD COLUMN pledge_agreed INTEGER;

CREATE INDEX submissions_record ON submissions(record_id, kind, status);
