-- Push keys: the secret in the URL the provider POSTs push reports to, one kind of credential
-- more.
ALTER TABLE credentials DROP CONSTRAINT credentials_kind;
ALTER TABLE credentials ADD CONSTRAINT credentials_kind
    CHECK (kind IN ('session', 'token', 'recording', 'push'));
