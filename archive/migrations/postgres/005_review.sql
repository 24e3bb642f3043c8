-- Each processed record's place in the review queue, worked out when it is saved
-- (archive.review): its doubt, whether it was marked reviewed, and what the queue shows.
-- Rows saved before get theirs when the migration indexes the stored records again.
ALTER TABLE documents ADD COLUMN doubt DOUBLE PRECISION;
ALTER TABLE documents ADD COLUMN reviewed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE documents ADD COLUMN review TEXT;
CREATE INDEX documents_review ON documents (reviewed, doubt);
