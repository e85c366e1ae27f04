-- Back-office records (信息报送). A record saved as a draft has state 'draft'
-- (no schema change: state is free text); it is stored, never public and not
-- indexed until a department publishes it. The back-office lists a
-- department's records newest first, so records are indexed by source too.
CREATE INDEX records_source ON records(source_id, id DESC);
