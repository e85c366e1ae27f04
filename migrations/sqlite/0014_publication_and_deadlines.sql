-- When a record became public, when a submission was accepted, and the record
-- version a correction produced (SQLite). Keep in step with
-- ../postgres/0014_publication_and_deadlines.sql.

-- The moment a record first became public: set when it is stored online, when
-- a draft is published, when a black-list entry is brought into force; NULL
-- for what never was public (drafts, proposals, dropped proposals, sensitive
-- and simple-procedure records). Publication timeliness is measured on it
-- alone. (published_at stays NOT NULL — SQLite cannot drop the constraint
-- without rebuilding the table — and keeps ordering the "latest" lists.)
ALTER TABLE records ADD COLUMN first_public_at TEXT;
UPDATE records SET first_public_at = published_at
 WHERE state IN ('published', 'withdrawn', 'repaired', 'expired', 'removed')
   AND sensitive = 0 AND simple_procedure = 0;
CREATE INDEX records_first_public ON records(source_id, decision_date) WHERE first_public_at IS NOT NULL;

-- When a submission was accepted (受理): the answer deadline runs from here;
-- assigning or forwarding it does not move it. From the first 'accepted'
-- event; an accepted one without that event keeps the start of its step.
ALTER TABLE submissions ADD COLUMN accepted_at TEXT;
UPDATE submissions SET accepted_at =
    (SELECT MIN(e.at) FROM submission_events e WHERE e.submission_id = submissions.id AND e.event = 'accepted');
UPDATE submissions SET accepted_at = COALESCE(step_started_at, received_at)
 WHERE accepted_at IS NULL AND status IN ('accepted', 'in_review');

-- The record version an objection upheld by correction links to (NULL for
-- objections decided before a correction was required).
ALTER TABLE submissions ADD COLUMN record_version INTEGER;
