-- The PostgreSQL schema, numbered as SQLite's (src/sqlite/schema): migration n of each backend
-- brings the same facts. Times are milliseconds since the Unix epoch, as in SQLite; text that
-- is compared or sorted byte-wise (ids, numbers) uses the "C" collation, so pages come in the
-- order SQLite gives them.

-- Accounts: the provider's user id and the permission names, separated by spaces.
CREATE TABLE accounts (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     TEXT   NOT NULL UNIQUE,
    permissions TEXT   NOT NULL DEFAULT '',
    created_ms  BIGINT NOT NULL
);

-- Sessions, API tokens and recording tokens, as SHA-256 digests; NULL expiry never expires.
CREATE TABLE credentials (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account    BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind       TEXT   NOT NULL CONSTRAINT credentials_kind
               CHECK (kind IN ('session', 'token', 'recording')),
    digest     BYTEA  NOT NULL,
    expires_ms BIGINT,
    created_ms BIGINT NOT NULL
);
CREATE UNIQUE INDEX credentials_by_digest ON credentials (kind, digest);
CREATE INDEX credentials_by_account ON credentials (account, kind);

-- Agent names, for the standard view.
CREATE TABLE agents (
    account BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    agent   BIGINT NOT NULL,
    name    TEXT   NOT NULL,
    PRIMARY KEY (account, agent)
);

-- Calls, partitioned by month of their start (partitions are created as calls arrive: see
-- src/postgres/partitions.rs). A row is found by (account, started_ms, id); a unique index of
-- a partitioned table must hold the partition key, so the call id's uniqueness per account
-- lives in call_ids.
CREATE SEQUENCE calls_id_seq AS BIGINT;
CREATE TABLE calls (
    account     BIGINT           NOT NULL,
    id          BIGINT           NOT NULL,
    call_id     TEXT COLLATE "C" NOT NULL,
    started_ms  BIGINT           NOT NULL, -- tm
    call_type   TEXT COLLATE "C" NOT NULL, -- clTy
    status      BIGINT           NOT NULL, -- st
    talk_s      BIGINT           NOT NULL, -- dur.c, seconds
    queue_s     BIGINT           NOT NULL, -- dur.q, seconds
    agent_s     BIGINT           NOT NULL, -- dur.agtOnCl, seconds
    amount      DOUBLE PRECISION NOT NULL, -- amt
    number_rev  TEXT COLLATE "C" NOT NULL, -- cNum reversed: "ends with" becomes a prefix range
    first_agent BIGINT,                    -- mAgt
    document    TEXT             NOT NULL,
    PRIMARY KEY (account, started_ms, id)
) PARTITION BY RANGE (started_ms);
-- The list's and count's orders, covering what their filters read most, for index-only scans.
CREATE INDEX calls_by_time ON calls (account, started_ms, call_id)
    INCLUDE (id, call_type, status, talk_s);
CREATE INDEX calls_by_type ON calls (account, call_type, started_ms, call_id)
    INCLUDE (id, status, talk_s);
CREATE INDEX calls_by_number ON calls (account, number_rev);

-- Each call id once per account, and where its row is.
CREATE TABLE call_ids (
    account    BIGINT           NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    call_id    TEXT COLLATE "C" NOT NULL,
    started_ms BIGINT           NOT NULL,
    id         BIGINT           NOT NULL,
    PRIMARY KEY (account, call_id)
);

-- How many calls each account holds, kept in the transactions that add or remove them, so
-- that a count without a filter reads one row instead of every index entry.
CREATE TABLE call_totals (
    account BIGINT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    calls   BIGINT NOT NULL
);

-- Every agent a call reached (ctcc[].agt and mAgt), for the agent filter; `call` is the
-- call's row id, and with `started_ms` a match finds its call by the primary key of `calls`.
-- Kept in step with calls by the store.
CREATE TABLE call_agents (
    account    BIGINT NOT NULL,
    agent      BIGINT NOT NULL,
    started_ms BIGINT NOT NULL,
    call       BIGINT NOT NULL,
    PRIMARY KEY (account, agent, started_ms, call)
);

-- The custom call-analysis fields of a call (cstm), as text, for the cstm filter; with the
-- call's start, so that a match finds its call by the primary key of `calls`.
CREATE TABLE call_fields (
    account    BIGINT           NOT NULL,
    name       TEXT COLLATE "C" NOT NULL,
    value      TEXT COLLATE "C" NOT NULL,
    started_ms BIGINT           NOT NULL,
    call       BIGINT           NOT NULL,
    PRIMARY KEY (account, name, value, started_ms, call)
);

-- Recording files, found by the locator's account, date folder and file name.
CREATE TABLE recordings (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account      BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    day          TEXT   NOT NULL, -- YYYY-MM-DD, the locator's date folder
    file_name    TEXT   NOT NULL,
    path         TEXT   NOT NULL, -- relative to the store's file folder, or absolute
    size         BIGINT NOT NULL,
    content_type TEXT   NOT NULL
);
CREATE UNIQUE INDEX recordings_by_file ON recordings (account, day, file_name);

-- Export requests (exportCsv, changeTitle, downloadPdf), worked on in the background.
CREATE TABLE export_requests (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    export_id  TEXT   NOT NULL UNIQUE,
    account    BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    format     TEXT   NOT NULL,
    title      TEXT,
    filter     TEXT   NOT NULL, -- the request's filter keys, as JSON
    columns    TEXT,            -- JSON array of column names; NULL for the defaults
    state      TEXT   NOT NULL DEFAULT 'queued'
               CHECK (state IN ('queued', 'running', 'done', 'failed')),
    file_path  TEXT,
    error      TEXT,
    created_ms BIGINT NOT NULL,
    updated_ms BIGINT NOT NULL
);
CREATE INDEX export_requests_by_account ON export_requests (account, created_ms);

-- Facts about the database itself, such as which demo data it holds.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
