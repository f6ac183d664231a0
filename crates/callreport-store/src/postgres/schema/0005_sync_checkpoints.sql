-- How far each account is mirrored from its provider (`callreport sync`): every call that
-- started before through_ms was read in a window that completed. Written in the same
-- transaction as the calls it covers.
CREATE TABLE sync_checkpoints (
    account    BIGINT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    through_ms BIGINT NOT NULL, -- milliseconds since the Unix epoch, exclusive
    source     TEXT   NOT NULL, -- the provider's base URL
    updated_ms BIGINT NOT NULL
);
