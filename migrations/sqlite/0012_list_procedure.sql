-- Lists on every path (issue 13). Keep in step with ../postgres/0012_list_procedure.sql.

-- A red list's condition: an entry needs no published penalty decided in the
-- 3 years before its start (safety-production red list, 绵阳 plan). On by
-- default for red lists named after safety production (安全生产, 应急), as
-- app::domain::list_lifecycle::default_requires_no_recent_penalty decides.
ALTER TABLE lists ADD COLUMN requires_no_recent_penalty INTEGER NOT NULL DEFAULT 0;
UPDATE lists SET requires_no_recent_penalty = 1
 WHERE kind = 'redlist' AND (name LIKE '%安全生产%' OR name LIKE '%应急%');

-- A black-list entry published directly because a higher authority decided
-- it (告知 and 申辩 done there); its page says 由上级机关认定. Entries stored
-- before are not marked.
ALTER TABLE records ADD COLUMN decided_elsewhere INTEGER NOT NULL DEFAULT 0;

-- A list entry's end_date is the last day it is listed: an entry whose 名单状态
-- is 移出名单 leaves the list on its 移出日期, so its last day is the day before
-- (app::domain::list_terms::last_listed_day). Entries imported before stored
-- the 移出日期 itself.
UPDATE records SET end_date = date(end_date, '-1 day')
 WHERE kind IN ('redlist', 'blacklist') AND end_date IS NOT NULL
   AND public_columns LIKE '%["名单状态","移出名单"]%';
