-- Strict domain of a penalty. Keep in step with the other dialect's 0013_strict_domain.sql.
-- Whether a penalty is in a strict domain (安全生产, 应急管理, 特种设备, 消防:
-- 1-year minimum publicity before credit repair) is decided once, when the
-- row is validated, from 处罚机关, 违法行为类型 and 处罚依据, and stored here;
-- the record page, the repair form and the repair decision read it.
-- Rows stored before this migration are left NULL here and decided at
-- start-up by the portal (Store::connect → backfill_records_before_0013), with the
-- same Rust function and word list validation uses, so the words live in one
-- place (app::domain::publicity::STRICT_DOMAIN_WORDS), not in this SQL too.
-- The same start-up pass screens the free text of those rows for ID and
-- mobile numbers (app::domain::masking::mask_free_text), as validation now
-- does for every new row, and logs a `correct` for each record it masks.
-- NULL therefore means "stored before 0013", whatever the kind.
ALTER TABLE records ADD COLUMN strict_domain BOOLEAN;
-- Only the rows still to decide, so the start-up check that runs on every
-- connect (`strict_domain IS NULL LIMIT 1`) is an index probe, never a scan of
-- a million records; the index is empty once the backfill is done.
CREATE INDEX records_strict_pending ON records(id) WHERE strict_domain IS NULL;
