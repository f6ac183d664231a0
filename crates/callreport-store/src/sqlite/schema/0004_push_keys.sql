-- Push keys: the secret in the URL the provider POSTs push reports to, one kind of credential
-- more. SQLite cannot change a CHECK constraint in place, so the table is rebuilt.
CREATE TABLE credentials_new (
    id         INTEGER PRIMARY KEY,
    account    INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL CHECK (kind IN ('session', 'token', 'recording', 'push')),
    digest     BLOB    NOT NULL,
    expires_ms INTEGER,
    created_ms INTEGER NOT NULL
);
INSERT INTO credentials_new (id, account, kind, digest, expires_ms, created_ms)
    SELECT id, account, kind, digest, expires_ms, created_ms FROM credentials;
DROP TABLE credentials;
ALTER TABLE credentials_new RENAME TO credentials;
CREATE UNIQUE INDEX credentials_by_digest ON credentials (kind, digest);
CREATE INDEX credentials_by_account ON credentials (account, kind);
