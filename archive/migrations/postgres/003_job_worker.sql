-- Which worker took a job last ('name@host'): a job running on another machine is found.
ALTER TABLE jobs ADD COLUMN worker TEXT;
