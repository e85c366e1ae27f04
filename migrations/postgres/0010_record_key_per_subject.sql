-- A record's key names its subject (PostgreSQL). Keep in step with
-- ../sqlite/0010_record_key_per_subject.sql, which explains the choice in
-- full; in short:
--
-- records.record_key was `kind|authority USCC|document number`, so
-- co-defendants under one 案号 / 认定文书号 collided. It is now
-- `kind|authority USCC|document number|subject identity key`
-- (app::domain::record::record_key): each stored key becomes
-- `old key || '|' || identity key`.
--
-- The identity key is the subject AS THE FILE GAVE IT (what a re-import
-- computes). `portal subject merge` repoints records to the survivor, so for
-- a merged subject's records records.subject_id no longer says it: among the
-- subjects merged (transitively) into the record's subject and that subject
-- itself, the one whose identity key the record's own stored cells give is
-- taken (USCC for organisations, ID number for persons, kind and name
-- otherwise); when none matches, the record's current subject. Merges leave
-- record_key alone from now on: it is computed from the file's row.

CREATE TEMP TABLE subject_family_0010 AS
WITH RECURSIVE family(member, root) AS (
    SELECT id, id FROM subjects WHERE merged_into IS NULL
    UNION ALL
    SELECT s.id, f.root FROM subjects s JOIN family f ON s.merged_into = f.member
)
SELECT member, root FROM family;
-- Indexed, so the steps below stay linear at a million records (an
-- unindexed temporary table under a correlated subquery is scanned per row).
CREATE INDEX subject_family_0010_member ON subject_family_0010 (member);
CREATE INDEX subject_family_0010_root ON subject_family_0010 (root);

CREATE TEMP TABLE record_given_0010 AS
SELECT r.id AS record_id,
       r.subject_id,
       (SELECT upper(btrim(e->>1)) FROM jsonb_array_elements(r.public_columns::jsonb) e
         WHERE e->>0 = '行政相对人代码_1(统一社会信用代码)' LIMIT 1) AS uscc,
       (SELECT upper(btrim(e->>1)) FROM jsonb_array_elements(r.private_columns::jsonb) e
         WHERE e->>0 = '证件号码' LIMIT 1) AS id_number,
       (SELECT btrim(e->>1) FROM jsonb_array_elements(r.public_columns::jsonb) e
         WHERE e->>0 = '行政相对人名称' LIMIT 1) AS name
FROM records r;

-- Every subject of the record's family whose identity key its cells give,
-- ranked as identity_key() weighs them; ties go to the record's own subject.
CREATE TEMP TABLE record_candidate_0010 AS
SELECT g.record_id,
       s.identity_key,
       CASE
           WHEN s.identity_key = 'USCC:' || g.uscc THEN 0
           WHEN s.identity_key = 'ID:' || g.id_number THEN 1
           ELSE 2
       END AS weight,
       CASE WHEN s.id = g.subject_id THEN 0 ELSE 1 END AS foreign_subject,
       s.id AS subject_id
FROM record_given_0010 g
JOIN subject_family_0010 fr ON fr.member = g.subject_id
JOIN subject_family_0010 fm ON fm.root = fr.root
JOIN subjects s ON s.id = fm.member
WHERE (s.kind <> 'natural_person' AND s.identity_key = 'USCC:' || g.uscc)
   OR (s.kind = 'natural_person' AND s.identity_key = 'ID:' || g.id_number)
   OR s.identity_key = 'NAME:' || s.kind || ':' || g.name;

CREATE INDEX record_candidate_0010_record ON record_candidate_0010 (record_id);

UPDATE records
SET record_key = record_key || '|' || COALESCE(
    (SELECT c.identity_key FROM record_candidate_0010 c
      WHERE c.record_id = records.id
      ORDER BY c.weight, c.foreign_subject, c.subject_id
      LIMIT 1),
    (SELECT s.identity_key FROM subjects s WHERE s.id = records.subject_id));

DROP TABLE record_candidate_0010;
DROP TABLE record_given_0010;
DROP TABLE subject_family_0010;
