-- The search table again with prefix indexes of two and three letters, so the last word of a
-- query (taken as a prefix) is read as one list rather than merged from every word it starts;
-- its rows copied as they are, then merged into one segment.
CREATE VIRTUAL TABLE search_new USING fts5(
    document_id UNINDEXED, title, body, fields, tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
INSERT INTO search_new (rowid, document_id, title, body, fields)
    SELECT rowid, document_id, title, body, fields FROM search;
DROP TABLE search;
ALTER TABLE search_new RENAME TO search;
INSERT INTO search (search) VALUES ('optimize');
-- A filter by year alone or with others reads its year's facets rows, newest first.
CREATE INDEX IF NOT EXISTS facets_year ON facets (year, created);
