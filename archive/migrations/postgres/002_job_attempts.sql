-- How many times a job was taken (a worker killed mid-job gives it back: taken again), and
-- where the citations of a symbol are looked up from.
ALTER TABLE jobs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
CREATE INDEX citations_symbol ON citations (symbol_folded);
