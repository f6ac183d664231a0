-- Accounts: the provider's user id and the permission names, separated by spaces.
CREATE TABLE accounts (
    id          INTEGER PRIMARY KEY,
    user_id     TEXT    NOT NULL UNIQUE,
    permissions TEXT    NOT NULL DEFAULT '',
    created_ms  INTEGER NOT NULL
);

-- Sessions, API tokens and recording tokens, as SHA-256 digests; NULL expiry never expires.
CREATE TABLE credentials (
    id         INTEGER PRIMARY KEY,
    account    INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL CHECK (kind IN ('session', 'token', 'recording')),
    digest     BLOB    NOT NULL,
    expires_ms INTEGER,
    created_ms INTEGER NOT NULL
);
CREATE UNIQUE INDEX credentials_by_digest ON credentials (kind, digest);
CREATE INDEX credentials_by_account ON credentials (account, kind);

-- Agent names, for the standard view.
CREATE TABLE agents (
    account INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    agent   INTEGER NOT NULL,
    name    TEXT    NOT NULL,
    PRIMARY KEY (account, agent)
) WITHOUT ROWID;

-- Calls: the columns the report filter needs, and the document exactly as imported.
CREATE TABLE calls (
    id          INTEGER PRIMARY KEY,
    account     INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    call_id     TEXT    NOT NULL,
    started_ms  INTEGER NOT NULL, -- tm: milliseconds since the Unix epoch
    call_type   TEXT    NOT NULL, -- clTy
    status      INTEGER NOT NULL, -- st
    talk_s      INTEGER NOT NULL, -- dur.c, seconds
    queue_s     INTEGER NOT NULL, -- dur.q, seconds
    agent_s     INTEGER NOT NULL, -- dur.agtOnCl, seconds
    amount      REAL    NOT NULL, -- amt
    number_rev  TEXT    NOT NULL, -- cNum reversed: "ends with" becomes a prefix range
    first_agent INTEGER,          -- mAgt
    document    TEXT    NOT NULL
);
CREATE UNIQUE INDEX calls_by_id ON calls (account, call_id);
CREATE INDEX calls_by_time ON calls (account, started_ms, call_id, call_type, status, talk_s);
CREATE INDEX calls_by_type ON calls (account, call_type, started_ms, status, talk_s, call_id);
CREATE INDEX calls_by_number ON calls (account, number_rev);

-- Every agent a call reached (ctcc[].agt and mAgt), for the agent filter. The store keeps these
-- rows in step with calls itself: the primary key is the filter's order, so each row is one
-- b-tree insert.
CREATE TABLE call_agents (
    account    INTEGER NOT NULL,
    agent      INTEGER NOT NULL,
    started_ms INTEGER NOT NULL,
    call       INTEGER NOT NULL,
    PRIMARY KEY (account, agent, started_ms, call)
) WITHOUT ROWID;

-- The custom call-analysis fields of a call (cstm), as text, for the cstm filter; kept in step
-- with calls by the store, like call_agents.
CREATE TABLE call_fields (
    account INTEGER NOT NULL,
    name    TEXT    NOT NULL,
    value   TEXT    NOT NULL,
    call    INTEGER NOT NULL,
    PRIMARY KEY (account, name, value, call)
) WITHOUT ROWID;

-- Recording files, found by the locator's account, date folder and file name.
CREATE TABLE recordings (
    id           INTEGER PRIMARY KEY,
    account      INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    day          TEXT    NOT NULL, -- YYYY-MM-DD, the locator's date folder
    file_name    TEXT    NOT NULL,
    path         TEXT    NOT NULL, -- relative to the database's folder, or absolute
    size         INTEGER NOT NULL,
    content_type TEXT    NOT NULL
);
CREATE UNIQUE INDEX recordings_by_file ON recordings (account, day, file_name);

-- Export requests (exportCsv, changeTitle, downloadPdf), worked on in the background.
CREATE TABLE export_requests (
    id         INTEGER PRIMARY KEY,
    export_id  TEXT    NOT NULL UNIQUE,
    account    INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    format     TEXT    NOT NULL,
    title      TEXT,
    filter     TEXT    NOT NULL, -- the request's filter keys, as JSON
    columns    TEXT,             -- JSON array of column names; NULL for the defaults
    state      TEXT    NOT NULL DEFAULT 'queued'
               CHECK (state IN ('queued', 'running', 'done', 'failed')),
    file_path  TEXT,
    error      TEXT,
    created_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL
);
CREATE INDEX export_requests_by_account ON export_requests (account, created_ms);

-- Facts about the database itself, such as which demo data it holds.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
