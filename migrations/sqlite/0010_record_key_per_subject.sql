-- A record's key names its subject (SQLite). Keep in step with
-- ../postgres/0010_record_key_per_subject.sql.
--
-- Until now records.record_key was `kind|authority USCC|document number`
-- (whitespace removed from the number), so co-defendants under one 案号 /
-- 认定文书号 collided: the second was refused as a duplicate, or taken as a
-- correction that replaced the first subject. The key is now
-- `kind|authority USCC|document number|subject identity key`
-- (app::domain::record::record_key). The first three parts are unchanged, so
-- each stored key becomes `old key || '|' || identity key`, which also keeps
-- the keys unique.
--
-- Which identity key: the subject AS THE FILE GAVE IT, because that is what a
-- re-import of the same file computes. For almost every record that is the
-- identity key of records.subject_id (ingest finds the subject by that key).
-- `portal subject merge` is the exception: it repoints the merged subject's
-- records to the survivor (and a later import of the merged identity lands on
-- the survivor too), so subject_id no longer says which identity the file
-- gave. The merged subject's row keeps its identity_key, though, and the
-- record keeps the file's cells: among the subjects merged (transitively)
-- into the record's subject, and that subject itself, the one whose
-- identity key the record's own cells give is taken, in the order
-- identity_key() weighs them (USCC for organisations, ID number for persons,
-- kind and name otherwise). When the cells match none (a value the importer
-- normalised in a way SQL does not repeat, such as full-width characters in a
-- code), the record's current subject is taken: the record then answers to
-- the survivor's identity, which is the same subject by the merge's own word.
--
-- From now on merges leave record_key alone: it is computed from the file's
-- row, never from subject_id, so re-importing a file after a merge still
-- finds its records.

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
       (SELECT upper(trim(json_extract(e.value, '$[1]'))) FROM json_each(r.public_columns) e
         WHERE json_extract(e.value, '$[0]') = '行政相对人代码_1(统一社会信用代码)') AS uscc,
       (SELECT upper(trim(json_extract(e.value, '$[1]'))) FROM json_each(r.private_columns) e
         WHERE json_extract(e.value, '$[0]') = '证件号码') AS id_number,
       (SELECT trim(json_extract(e.value, '$[1]')) FROM json_each(r.public_columns) e
         WHERE json_extract(e.value, '$[0]') = '行政相对人名称') AS name
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
