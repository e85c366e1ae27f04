-- Objections, credit repair applications and credit pledges (PostgreSQL).
-- Keep in step with ../sqlite/0003_record_submissions.sql.
-- Their applicant goes in target_name/target_uscc, the ground or pledge type in
-- category, the explanation or content in description.

-- The record an objection or a repair application is about.
ALTER TABLE submissions ADD COLUMN record_id BIGINT REFERENCES records(id);
-- The department a pledge is made to.
ALTER TABLE submissions ADD COLUMN authority_id BIGINT REFERENCES departments(id);
-- The matter (承诺事项) of a pledge.
ALTER TABLE submissions ADD COLUMN matter TEXT;
-- A repair application's agreement to the repair pledge (信用修复承诺书).
ALTER TABLE submissions ADD COLUMN pledge_agreed BOOLEAN;

CREATE INDEX submissions_record ON submissions(record_id, kind, status);
