-- Host users removed from a customer (by the host, a bulk sync or the inactivity policy): no
-- embed session opens and no Qlik token is minted for them while a row is here.
CREATE TABLE embed_user_removals (
    customer_slug TEXT NOT NULL REFERENCES customers (slug),
    user_id TEXT NOT NULL,
    removed_at BIGINT NOT NULL,
    PRIMARY KEY (customer_slug, user_id)
);

-- Every removal and restore, append-only: who decided, why, and what the tenant did.
CREATE TABLE embed_user_events (
    id TEXT PRIMARY KEY,
    at BIGINT NOT NULL,
    customer_slug TEXT NOT NULL,
    user_id TEXT NOT NULL,
    event TEXT NOT NULL,
    cause TEXT NOT NULL,
    actor TEXT NOT NULL,
    tenant_user TEXT NOT NULL
);
CREATE INDEX embed_user_events_customer ON embed_user_events (customer_slug, at);
CREATE INDEX embed_issuances_user ON embed_issuances (customer_slug, user_id, at);

-- Whose word a sign-in was on: only the host's users have a lifecycle (admin previews do not).
ALTER TABLE embed_issuances ADD COLUMN principal TEXT NOT NULL DEFAULT 'host';
