-- Embed sessions: the host SaaS backend vouches for one of its users of one customer and gets
-- a short-lived token for the page. Only the token's SHA-256 is stored. Every Qlik JWT minted
-- for a session is recorded (append-only).
CREATE TABLE embed_sessions (
    token_hash    TEXT PRIMARY KEY,
    customer_slug TEXT NOT NULL REFERENCES customers (slug),
    user_json     TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL
);

CREATE TABLE embed_issuances (
    id            TEXT PRIMARY KEY,
    at            BIGINT NOT NULL,
    customer_slug TEXT NOT NULL,
    user_id       TEXT NOT NULL,
    tenant_host   TEXT NOT NULL
);
