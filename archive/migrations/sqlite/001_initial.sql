-- The archive as the first versioned release keeps it. Every statement is IF NOT EXISTS: an
-- archive made before versioning gains what it lacks, then its index is rebuilt (migrate.py).
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY, filename TEXT NOT NULL, media_type TEXT NOT NULL,
    bytes INTEGER NOT NULL, created REAL NOT NULL, record TEXT,
    doc_type TEXT, issuer TEXT, year INTEGER, symbol TEXT, title TEXT,
    type_code TEXT, text TEXT, issuer_normalized TEXT
);
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY, document_id TEXT NOT NULL REFERENCES documents(id),
    state TEXT NOT NULL, pages_done INTEGER NOT NULL DEFAULT 0,
    pages_total INTEGER NOT NULL DEFAULT 0, error_code TEXT, error_message TEXT,
    created REAL NOT NULL, updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS jobs_state ON jobs(state, created);
CREATE TABLE IF NOT EXISTS deadlines (
    document_id TEXT NOT NULL, idx INTEGER NOT NULL, task TEXT, raw TEXT,
    start TEXT, end_date TEXT, kind TEXT, lead TEXT, support TEXT, lead_folded TEXT,
    PRIMARY KEY (document_id, idx)
);
CREATE INDEX IF NOT EXISTS deadlines_end ON deadlines(end_date);
CREATE TABLE IF NOT EXISTS citations (
    document_id TEXT NOT NULL, symbol_folded TEXT NOT NULL, PRIMARY KEY (document_id, symbol_folded)
);
CREATE TABLE IF NOT EXISTS history (
    document_id TEXT NOT NULL, at REAL NOT NULL, who TEXT NOT NULL, field TEXT NOT NULL,
    before TEXT, after TEXT
);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY, document_id TEXT NOT NULL, payload TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0,
    next_at REAL NOT NULL, created REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS events_due ON events(state, next_at);
CREATE VIRTUAL TABLE IF NOT EXISTS search USING fts5(
    document_id UNINDEXED, title, body, fields, tokenize = 'unicode61 remove_diacritics 2'
);
-- One slim row per processed document, keyed by the documents rowid (also the rowid of its
-- row in the search table): filters and ordering never touch the wide documents rows.
CREATE TABLE IF NOT EXISTS facets (
    doc INTEGER PRIMARY KEY, created REAL NOT NULL, year INTEGER,
    type_folded TEXT NOT NULL, issuer_folded TEXT NOT NULL, issuer TEXT
);
CREATE INDEX IF NOT EXISTS facets_created ON facets(created);
