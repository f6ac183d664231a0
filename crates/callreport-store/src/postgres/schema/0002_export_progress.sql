-- Export progress and results: rows written so far, the file's size, when it finished.
ALTER TABLE export_requests ADD COLUMN rows BIGINT NOT NULL DEFAULT 0;
ALTER TABLE export_requests ADD COLUMN bytes BIGINT;
ALTER TABLE export_requests ADD COLUMN finished_ms BIGINT;
