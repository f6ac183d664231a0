-- Export leases: the server process that owns a queued or running request, and until when it
-- holds it (renewed while the process lives); a request whose lease ran out is failed.
ALTER TABLE export_requests ADD COLUMN owner TEXT;
ALTER TABLE export_requests ADD COLUMN lease_ms BIGINT;
CREATE INDEX export_requests_unfinished ON export_requests (state, lease_ms)
    WHERE state IN ('queued', 'running');
CREATE INDEX export_requests_finished ON export_requests (finished_ms)
    WHERE state IN ('done', 'failed');
