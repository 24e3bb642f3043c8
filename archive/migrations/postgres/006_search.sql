-- Each document's tsvector kept in its row (compressed) rather than beside it: a search reads
-- the tsvectors of the newest matches in order, and each one fetched from the TOAST table cost
-- three more page reads. The rows stored before are written again to move theirs.
ALTER TABLE documents ALTER COLUMN tsv SET STORAGE MAIN;
UPDATE documents SET tsv = tsv || ''::tsvector WHERE tsv IS NOT NULL;
