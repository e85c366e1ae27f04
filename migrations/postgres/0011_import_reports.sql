-- Import reports. Keep in step with the other dialect's 0011_import_reports.sql.
-- Each run keeps the name of the file it read and its report as JSON (how
-- the headers were read, values given once, every refused row with its
-- column and reason, warnings; problems cut to the first 1,000 of each), so
-- the back-office can read what an import did after the fact.
ALTER TABLE import_runs ADD COLUMN file_name TEXT NOT NULL DEFAULT '';
ALTER TABLE import_runs ADD COLUMN report TEXT;
