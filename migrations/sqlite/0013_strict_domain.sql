-- Strict domain of a penalty. Keep in step with the other dialect's 0013_strict_domain.sql.
-- Whether a penalty is in a strict domain (安全生产, 应急管理, 特种设备, 消防:
-- 1-year minimum publicity before credit repair) is decided once, when the
-- row is validated, from 处罚机关, 违法行为类型 and 处罚依据, and stored here;
-- the record page, the repair form and the repair decision read it.
-- Rows stored before this migration are left NULL here and decided at
-- start-up by the portal (Store::connect → backfill_strict_domain), with the
-- same Rust function and word list validation uses, so the words live in one
-- place (app::domain::publicity::STRICT_DOMAIN_WORDS), not in this SQL too.
-- Only penalties have a minimum period: every other kind is not strict.
ALTER TABLE records ADD COLUMN strict_domain INTEGER;
UPDATE records SET strict_domain = 0 WHERE kind <> 'penalty';
