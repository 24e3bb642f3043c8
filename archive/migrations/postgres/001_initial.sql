-- The archive on PostgreSQL, as the SQLite archive keeps it (archive/migrations/sqlite), with
-- search in the documents rows: the folded title, fields and text in a tsvector (GIN), the
-- folded type, issuer and symbol for filters (trigram indexes), cited symbols by key.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE documents (
    id TEXT PRIMARY KEY, filename TEXT NOT NULL, media_type TEXT NOT NULL,
    bytes BIGINT NOT NULL, created DOUBLE PRECISION NOT NULL, record TEXT,
    doc_type TEXT, issuer TEXT, year INTEGER, symbol TEXT, title TEXT,
    type_code TEXT, text TEXT, issuer_normalized TEXT,
    indexed BOOLEAN NOT NULL DEFAULT FALSE,  -- processed: in search, facets and filters
    type_folded TEXT, issuer_folded TEXT, symbol_folded TEXT,
    tsv TSVECTOR
);
CREATE INDEX documents_tsv ON documents USING GIN (tsv);
CREATE INDEX documents_created ON documents (created) WHERE indexed;
CREATE INDEX documents_year ON documents (year) WHERE indexed;
CREATE INDEX documents_type ON documents USING GIN (type_folded gin_trgm_ops);
CREATE INDEX documents_issuer ON documents USING GIN (issuer_folded gin_trgm_ops);
CREATE INDEX documents_symbol ON documents USING GIN (symbol_folded gin_trgm_ops);
CREATE TABLE jobs (
    id TEXT PRIMARY KEY, document_id TEXT NOT NULL REFERENCES documents(id),
    state TEXT NOT NULL, pages_done INTEGER NOT NULL DEFAULT 0,
    pages_total INTEGER NOT NULL DEFAULT 0, error_code TEXT, error_message TEXT,
    created DOUBLE PRECISION NOT NULL, updated DOUBLE PRECISION NOT NULL
);
CREATE INDEX jobs_state ON jobs (state, created);
CREATE INDEX jobs_document ON jobs (document_id, created);
CREATE TABLE deadlines (
    document_id TEXT NOT NULL, idx INTEGER NOT NULL, task TEXT, raw TEXT,
    start TEXT, end_date TEXT, kind TEXT, lead TEXT, support TEXT, lead_folded TEXT,
    PRIMARY KEY (document_id, idx)
);
CREATE INDEX deadlines_end ON deadlines (end_date);
CREATE TABLE citations (
    document_id TEXT NOT NULL, symbol_folded TEXT NOT NULL,
    PRIMARY KEY (document_id, symbol_folded)
);
CREATE TABLE history (
    document_id TEXT NOT NULL, at DOUBLE PRECISION NOT NULL, who TEXT NOT NULL,
    field TEXT NOT NULL, before TEXT, after TEXT
);
CREATE INDEX history_document ON history (document_id, at);
CREATE TABLE events (
    id BIGSERIAL PRIMARY KEY, document_id TEXT NOT NULL, payload TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0,
    next_at DOUBLE PRECISION NOT NULL, created DOUBLE PRECISION NOT NULL
);
CREATE INDEX events_due ON events (state, next_at);
