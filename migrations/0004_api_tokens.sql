-- API tokens for the partner's automation (REST API, bearer auth). Only a SHA-256 hash of
-- each token is stored; the token itself is shown once, when created.
CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
