-- Pledge fulfilment (践诺): a pledge's due date and the day it was kept, as
-- columns so the profile counts and the overdue list read no JSON (postgres).
-- Keep in step with ../sqlite/0017_pledge_fulfilment.sql.
-- The rule that reads them is app::domain::pledge_fulfilment::fulfilment.

-- 承诺履行期限: the day by which the pledge is to be kept (NULL: no due date,
-- never overdue). 践诺日期: the day it was kept (履约状态 已履约).
ALTER TABLE records ADD COLUMN pledge_due_date DATE;
ALTER TABLE records ADD COLUMN pledge_fulfilled_on DATE;

-- The back-office list of a department's overdue pledges (running, past due).
CREATE INDEX records_pledge_due ON records(source_id, pledge_due_date)
    WHERE kind = 'pledge' AND pledge_due_date IS NOT NULL;

-- A pledge made on the public form carries its due date until it is confirmed.
ALTER TABLE submissions ADD COLUMN pledge_due_date DATE;
