-- Each deadline's uid as its record gives it (core.record.with_uids), so feeds, webhooks and
-- corrections name a deadline alike; rows indexed before have none until saved again.
ALTER TABLE deadlines ADD COLUMN uid TEXT;
