-- The search table again with prefix indexes of one to six letters (most Vietnamese syllables
-- whole), so the last word of a query, taken as a prefix, is read as one list rather than
-- merged in memory from every word it starts; its rows copied as they are, then merged into
-- one segment.
CREATE VIRTUAL TABLE search_new USING fts5(
    document_id UNINDEXED, title, body, fields, tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3 4 5 6'
);
INSERT INTO search_new (rowid, document_id, title, body, fields)
    SELECT rowid, document_id, title, body, fields FROM search;
DROP TABLE search;
ALTER TABLE search_new RENAME TO search;
INSERT INTO search (search) VALUES ('optimize');
-- A filter by year alone or with others reads its year's facets rows, newest first.
CREATE INDEX IF NOT EXISTS facets_year ON facets (year, created);
