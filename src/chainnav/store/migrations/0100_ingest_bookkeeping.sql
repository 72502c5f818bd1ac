-- Ingest bookkeeping: the load that first created each patent (``load_id`` stays the load that last
-- wrote it), and the severity of reject rows: 'error' rows are rejected records (counted in
-- load.rows_rejected); 'warning' rows note a cell that was skipped while the record was kept
-- (for example one unparseable CPC code among valid ones).
ALTER TABLE patent ADD COLUMN IF NOT EXISTS first_load_id BIGINT;
UPDATE patent SET first_load_id = load_id WHERE first_load_id IS NULL;
ALTER TABLE reject ADD COLUMN IF NOT EXISTS severity VARCHAR DEFAULT 'error';
